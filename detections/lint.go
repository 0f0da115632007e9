package detections

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// Linter checks detection files: the header (schema, unknown fields, values),
// the SQL (one query the lexer can split), that every key column is
// returned by the query, and that no key column can be NULL unfiltered
// (lint_nullkeys.go).
type Linter struct {
	// Fresh, when set, starts an empty warehouse holding the lake schema; each
	// query is then compiled there with LIMIT 0 and its real result columns
	// are checked. Without it the columns are read lexically from the SELECT
	// list (skipped for SELECT *).
	Fresh func(ctx context.Context) (*sql.DB, func() error, error)
	// Schema is the lake's DATABASE.SCHEMA (default SECURITY_LAKE.PUBLIC).
	Schema string
}

// Lint returns every problem found in the detections under fsys.
func (l *Linter) Lint(ctx context.Context, fsys fs.FS) (Problems, error) {
	// Files with header problems are still checked, so one lint run
	// reports everything.
	dets, probs, _ := parseAll(fsys)
	for _, d := range dets {
		if d.Lookback > 0 && d.Schedule > 0 && d.Lookback < d.Schedule {
			probs = append(probs, Problem{Path: d.Path, Line: d.keyLineOr1(), Msg: fmt.Sprintf(
				"lookback %s is shorter than schedule %s: events between two runs would never be seen",
				FormatDuration(d.Lookback), FormatDuration(d.Schedule))})
		}
		probs = append(probs, checkNullableKeys(d)...)
	}
	if l.Fresh == nil {
		for _, d := range dets {
			cols, ok := LexicalColumns(d.SQL)
			if ok {
				probs = append(probs, checkKey(d, cols)...)
			}
		}
		return probs, nil
	}
	db, closeDB, err := l.Fresh(ctx)
	if err != nil {
		return probs, fmt.Errorf("start warehouse for lint: %w", err)
	}
	defer closeDB()
	conn, err := db.Conn(ctx)
	if err != nil {
		return probs, err
	}
	defer conn.Close()
	schema := l.Schema
	if schema == "" {
		schema = "SECURITY_LAKE.PUBLIC"
	}
	if _, err := conn.ExecContext(ctx, "use schema "+schema); err != nil {
		return probs, fmt.Errorf("use schema %s: %w", schema, err)
	}
	for _, d := range dets {
		// Compile with an empty window: only the columns matter.
		now := time.Now()
		sqlText, err := BindWindow(d.SQL, Window{After: now, Until: now})
		if err != nil {
			probs = append(probs, Problem{Path: d.Path, Line: d.Line, Msg: err.Error()})
			continue
		}
		cols, err := ResultColumns(ctx, conn, sqlText)
		if err != nil {
			probs = append(probs, Problem{Path: d.Path, Line: d.Line, Msg: "query does not compile: " + oneLine(err.Error())})
			continue
		}
		probs = append(probs, checkKey(d, cols)...)
	}
	return probs, nil
}

// ResultColumns compiles a query with LIMIT 0 and returns its column names.
func ResultColumns(ctx context.Context, q Queryer, query string) ([]string, error) {
	rs, err := Query(ctx, q, "select * from (\n"+query+"\n) limit 0")
	if err != nil {
		return nil, err
	}
	return rs.Columns, nil
}

func checkKey(d *Detection, cols []string) Problems {
	var probs Problems
	for _, k := range d.Key {
		if _, ok := lookupColumn(cols, k); !ok {
			probs = append(probs, Problem{Path: d.Path, Line: d.keyLineOr1(), Msg: fmt.Sprintf(
				"key column %s is not returned by the query (it returns %s)", k, strings.Join(cols, ", "))})
		}
	}
	return probs
}

func (d *Detection) keyLineOr1() int {
	if d.keyLine > 0 {
		return d.keyLine
	}
	return 1
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
