package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// pivotValues reads the values of a dynamic PIVOT (rewrite/pivot_dynamic.go)
// in the session: one text column, in the query's order. A NULL value or
// another column type is an error, which refuses the pivot.
func (s *Session) pivotValues(query string) ([]string, error) {
	rows, err := s.conn.QueryContext(context.Background(), query)
	if err != nil {
		return nil, errors.New("over values the engine cannot read ahead")
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil || len(cts) != 1 || cts[0].DatabaseTypeName() != "VARCHAR" {
		return nil, errors.New("over values that are not text")
	}
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("over unreadable values: %w", err)
		}
		if !v.Valid {
			return nil, errors.New("over a NULL value")
		}
		out = append(out, v.String)
	}
	if err := rows.Err(); err != nil {
		return nil, errors.New("over values the engine cannot read ahead")
	}
	return out, nil
}

// matchRecognizeRows reads ahead the rows a MATCH_RECOGNIZE matches
// (rewrite/match_recognize.go) in the session: integer columns, none NULL.
func (s *Session) matchRecognizeRows(query string) ([][]int64, error) {
	rows, err := s.conn.QueryContext(context.Background(), query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]int64
	vals := make([]sql.NullInt64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]int64, len(cols))
		for i, v := range vals {
			if !v.Valid {
				return nil, errors.New("a NULL where a number was expected")
			}
			row[i] = v.Int64
		}
		out = append(out, row)
	}
	return out, rows.Err()
}
