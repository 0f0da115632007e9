package snowlocal

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/duckdb/duckdb-go/v2"
)

// queryPrepared runs a query without binds whose result has no JSON
// columns on the statement it prepared to learn that, instead of preparing
// it a second time as planJSONResult and then running it would: DuckDB's
// prepare (binding, expanding the engine's macros, planning) costs as much
// as running a small query, so preparing twice nearly doubled the time of
// every such SELECT. ran is false when the query does not qualify; plan is
// then how to run it (JSON columns read as text), or nil when it cannot be
// prepared alone (the general path reports the error).
func (s *Session) queryPrepared(ctx context.Context, duck string) (res *Result, ran bool, plan *jsonResultPlan, err error) {
	_ = s.conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return nil
		}
		st, perr := pc.PrepareContext(ctx, duck)
		if perr != nil {
			return nil
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok || ds.NumInput() != 0 {
			return nil
		}
		n, perr := ds.ColumnCount()
		if perr != nil {
			return nil
		}
		names, isJSON, sawJSON := make([]string, n), make([]bool, n), false
		for i := 0; i < n; i++ {
			info, perr := ds.ColumnTypeInfo(i)
			if perr != nil {
				return nil
			}
			if names[i], perr = ds.ColumnName(i); perr != nil {
				return nil
			}
			isJSON[i] = info.Alias() == "JSON"
			sawJSON = sawJSON || isJSON[i]
		}
		if sawJSON {
			p := jsonTextPlan(duck, names, isJSON)
			plan = &p
			return nil
		}
		ran = true
		rows, qerr := ds.QueryContext(ctx, nil)
		if qerr != nil {
			err = duckError(qerr)
			return nil
		}
		defer rows.Close()
		if res, err = resultFromDriverRows(rows); err != nil {
			err = duckError(err)
		}
		return nil
	})
	return res, ran, plan, err
}

// resultFromDriverRows is resultFromRows for rows read from the driver
// directly (no JSON columns).
func resultFromDriverRows(rows driver.Rows) (*Result, error) {
	names := rows.Columns()
	typed, _ := rows.(driver.RowsColumnTypeDatabaseTypeName)
	res := &Result{}
	for i, name := range names {
		dt := ""
		if typed != nil {
			dt = typed.ColumnTypeDatabaseTypeName(i)
		}
		if err := checkResultType(name, dt); err != nil {
			return nil, err
		}
		res.Columns = append(res.Columns, columnFromDuck(name, dt))
	}
	vals := make([]driver.Value, len(names))
	for {
		if err := rows.Next(vals); err != nil {
			if errors.Is(err, io.EOF) {
				return res, nil
			}
			return nil, err
		}
		row := make([]*string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = append([]byte(nil), b...) // as database/sql's Scan into *any copies
			}
			var err error
			if row[i], err = encodeValue(res.Columns[i], v); err != nil {
				return nil, fmt.Errorf("column %s: %w", res.Columns[i].Name, err)
			}
		}
		res.Rows = append(res.Rows, row)
	}
}
