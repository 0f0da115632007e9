package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// DML result shapes as Snowflake returns them: MERGE answers with one column
// per kind of action its clauses can take ("number of rows inserted",
// "number of rows updated", "number of rows deleted"), UPDATE with
// "number of rows updated" and "number of multi-joined rows updated", and
// multi-table INSERT with "number of rows inserted into <table>" per target.

// dmlCounts is a statement's outcome by kind of action.
type dmlCounts struct {
	inserted, updated, deleted, multiJoined int64
	kinds                                   []string // MERGE: the actions its clauses name, in Snowflake's column order
}

func (d dmlCounts) LastInsertId() (int64, error) { return 0, nil }
func (d dmlCounts) RowsAffected() (int64, error) {
	return d.inserted + d.updated + d.deleted, nil
}

// execDML runs one DuckDB DML statement and counts what it did.
func (s *Session) execDML(ctx context.Context, duck string, words []string, binds []any) (sql.Result, error) {
	if len(words) > 0 && words[0] == "MERGE" {
		if q := s.ext.mergeConflicts; q != "" {
			s.ext.mergeConflicts = ""
			qbinds := binds
			if used := s.ext.mergeConflictBinds; used != nil {
				qbinds = nil
				for _, i := range used {
					if i < len(binds) {
						qbinds = append(qbinds, binds[i])
					}
				}
			}
			var n int64
			if err := s.conn.QueryRowContext(ctx, q, qbinds...).Scan(&n); err != nil {
				return nil, err
			}
			if n > 0 {
				// Snowflake's docs (MERGE, "Nondeterministic results for
				// UPDATE and DELETE"): with ERROR_ON_NONDETERMINISTIC_MERGE
				// TRUE (the default, the only value kept) such a merge
				// returns an error. The docs do not print it; accounts
				// answer "100090 (42P18): Duplicate row detected during DML
				// action" followed by "Row Values: […]" (users' reports of
				// it, e.g. dbt's and Snowflake quickstarts'), whose values
				// the engine leaves out: which row they list is not said.
				return nil, Errorf("100090", "42P18", "Duplicate row detected during DML action")
			}
		}
		rows, err := s.conn.QueryContext(ctx, duck+" RETURNING merge_action", binds...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		d := dmlCounts{kinds: mergeKinds(duck)}
		for rows.Next() {
			var action string
			if err := rows.Scan(&action); err != nil {
				return nil, err
			}
			switch action {
			case "INSERT":
				d.inserted++
			case "UPDATE":
				d.updated++
			case "DELETE":
				d.deleted++
			}
		}
		return d, rows.Err()
	}
	if len(words) > 0 && words[0] == "UPDATE" && s.ext.updateCounts != "" {
		q := s.ext.updateCounts
		s.ext.updateCounts = ""
		var d dmlCounts
		if err := s.conn.QueryRowContext(ctx, q, binds...).Scan(&d.updated, &d.multiJoined); err != nil {
			return nil, err
		}
		if _, err := s.conn.ExecContext(ctx, duck, binds...); err != nil {
			return nil, err
		}
		return d, nil
	}
	return s.conn.ExecContext(ctx, duck, binds...)
}

// mergeKinds lists the actions a MERGE's clauses can take, in the order of
// Snowflake's result columns (inserted, updated, deleted).
func mergeKinds(duck string) []string {
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return []string{"INSERT", "UPDATE", "DELETE"}
	}
	seen := map[string]bool{}
	prevThen := false
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		if prevThen && t.Kind == sqllex.Word {
			seen[strings.ToUpper(t.Text)] = true
		}
		prevThen = t.IsWord("THEN")
	}
	var kinds []string
	for _, k := range []string{"INSERT", "UPDATE", "DELETE"} {
		if seen[k] {
			kinds = append(kinds, k)
		}
	}
	return kinds
}

// dmlShape is the result Snowflake returns for a DML statement.
func dmlShape(first string, r sql.Result) (*Result, bool) {
	d, ok := r.(dmlCounts)
	switch {
	case first == "MERGE" && ok:
		res := &Result{StatementTypeID: 0x3400}
		var row []*string
		for _, k := range d.kinds {
			n := map[string]int64{"INSERT": d.inserted, "UPDATE": d.updated, "DELETE": d.deleted}[k]
			name := map[string]string{"INSERT": "inserted", "UPDATE": "updated", "DELETE": "deleted"}[k]
			res.Columns = append(res.Columns, Column{Name: "number of rows " + name, Type: "fixed", Precision: 19})
			v := itoa(int(n))
			row = append(row, &v)
		}
		res.Rows = [][]*string{row}
		res.RowsAffected, _ = d.RowsAffected()
		return res, true
	case first == "UPDATE":
		n, _ := r.RowsAffected()
		if ok {
			n = d.updated
		}
		a, b := itoa(int(n)), itoa(int(d.multiJoined))
		return &Result{
			Columns: []Column{{Name: "number of rows updated", Type: "fixed", Precision: 19},
				{Name: "number of multi-joined rows updated", Type: "fixed", Precision: 19}},
			Rows:            [][]*string{{&a, &b}},
			RowsAffected:    n,
			StatementTypeID: 0x3200,
		}, true
	}
	return nil, false
}

// prepareUpdateCounts computes, for UPDATE ... FROM, the DuckDB query that
// counts updated and multi-joined target rows, and for MERGE the one that
// counts the target rows it would change nondeterministically (both run
// by execDML).
func (s *Session) prepareUpdateCounts(words []string, text string) error {
	s.ext.updateCounts = ""
	s.ext.mergeConflicts = ""
	if len(words) == 0 || words[0] != "UPDATE" && words[0] != "MERGE" {
		return nil
	}
	sub, err := s.substitute(text)
	if err != nil {
		return err
	}
	if words[0] == "MERGE" {
		q, used, ok, err := rewrite.MergeConflicts(sub, s.rewriteOptions())
		if err != nil || !ok {
			return nil // the statement's own rewrite reports errors
		}
		if q, err = s.substituteAfterRewrite(q); err != nil {
			return nil // the statement's own rewrite reports it
		}
		s.ext.mergeConflicts = q
		s.ext.mergeConflictBinds = used
		return nil
	}
	q, ok, err := rewrite.UpdateJoinCounts(sub, s.rewriteOptions())
	if err != nil || !ok {
		return nil // the statement's own rewrite reports errors
	}
	if q, err = s.substituteAfterRewrite(q); err != nil {
		return nil // the statement's own rewrite reports it
	}
	s.ext.updateCounts = q
	return nil
}

// isMultiInsert reports INSERT OVERWRITE / INSERT ALL / INSERT FIRST.
func isMultiInsert(words []string) bool {
	return len(words) >= 2 && words[0] == "INSERT" && (words[1] == "OVERWRITE" || words[1] == "ALL" || words[1] == "FIRST")
}

// intoClause is one INTO of a multi-table INSERT.
type intoClause struct {
	when   int    // index of its WHEN condition, -1 unconditional, -2 ELSE
	target string // as written
	cols   string // "(a, b)" or ""
	values string // "v1, v2" or "" (all source columns)
}

// execMultiInsert runs INSERT [OVERWRITE] ALL|FIRST ... <subquery> and
// INSERT OVERWRITE INTO ...: the subquery's rows go to a temporary table,
// then each INTO clause is an INSERT ... SELECT from it, all in one
// transaction.
func (s *Session) execMultiInsert(ctx context.Context, text string) (*Result, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, err
	}
	c.accept("INSERT")
	overwrite := c.accept("OVERWRITE")
	if c.accept("INTO") {
		// INSERT OVERWRITE INTO t ...: empty t, then insert.
		name, err := c.objectName()
		if err != nil {
			return nil, err
		}
		nameText := c.text[nameStart(c, len(name.parts)) : c.toks[c.pos-1].Pos+len(c.toks[c.pos-1].Text)]
		del, err := s.toDuckDB("DELETE FROM " + nameText)
		if err != nil {
			return nil, err
		}
		ins, err := s.toDuckDB("INSERT INTO " + nameText + " " + c.rest())
		if err != nil {
			return nil, err
		}
		var n int64
		err = s.inWriteTx(ctx, func() error {
			if _, err := s.execDuck(ctx, del, nil); err != nil {
				return err
			}
			r, err := s.execDuck(ctx, ins, nil)
			if err != nil {
				return err
			}
			n, _ = r.RowsAffected()
			return nil
		})
		if err != nil {
			return nil, err
		}
		return dmlResult(0x3100, "number of rows inserted", n), nil
	}
	first := c.accept("FIRST")
	if !first && !c.accept("ALL") {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s; expected ALL, FIRST or INTO", c.where())
	}
	var (
		conds   []string
		clauses []intoClause
		when    = -1
	)
	span := func(stop func(t sqllex.Token) bool) string {
		start, depth := c.pos, 0
		for !c.done() {
			t := c.toks[c.pos]
			if depth == 0 && stop(t) {
				break
			}
			if t.IsOp("(") {
				depth++
			} else if t.IsOp(")") {
				depth--
			}
			c.pos++
		}
		if c.pos == start {
			return ""
		}
		return c.text[c.toks[start].Pos : c.toks[c.pos-1].Pos+len(c.toks[c.pos-1].Text)]
	}
	isQueryStart := func(t sqllex.Token) bool { return t.IsWord("SELECT") || t.IsWord("WITH") || t.IsOp("(") }
	for !c.done() {
		switch {
		case c.accept("WHEN"):
			conds = append(conds, span(func(t sqllex.Token) bool { return t.IsWord("THEN") }))
			if !c.accept("THEN") {
				return nil, syntaxError(c, "THEN")
			}
			when = len(conds) - 1
			continue
		case c.accept("ELSE"):
			when = -2
			continue
		case c.accept("INTO"):
			cl := intoClause{when: when}
			start := c.pos
			if _, err := c.objectName(); err != nil {
				return nil, err
			}
			cl.target = c.text[c.toks[start].Pos : c.toks[c.pos-1].Pos+len(c.toks[c.pos-1].Text)]
			if t, ok := c.peek(0); ok && t.IsOp("(") {
				if n, ok := c.peek(1); ok && !isQueryStart(n) {
					c.pos++
					cl.cols = "(" + span(func(t sqllex.Token) bool { return t.IsOp(")") }) + ")"
					c.pos++
				}
			}
			if c.accept("VALUES") {
				c.acceptOp("(")
				cl.values = span(func(t sqllex.Token) bool { return t.IsOp(")") })
				c.pos++
			}
			clauses = append(clauses, cl)
			continue
		}
		break
	}
	query := c.rest()
	if query == "" || len(clauses) == 0 {
		return nil, syntaxError(c, "INTO clauses and a subquery")
	}
	if len(conds) == 0 && first {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: an unconditional multi-table insert takes ALL, not FIRST")
	}
	tmp := "_SF_MULTI_INSERT"
	srcDuck, err := s.toDuckDB(query)
	if err != nil {
		return nil, err
	}
	counts := map[string]int64{}
	var order []string
	err = s.inWriteTx(ctx, func() error {
		if _, err := s.execDuck(ctx, "CREATE OR REPLACE TEMP TABLE "+tmp+" AS "+srcDuck, nil); err != nil {
			return err
		}
		defer s.conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp."+tmp)
		srcCols, err := s.columnsOf(ctx, "temp."+tmp)
		if err != nil {
			return err
		}
		if overwrite {
			done := map[string]bool{}
			for _, cl := range clauses {
				key := strings.ToUpper(cl.target)
				if !done[key] {
					done[key] = true
					d, err := s.toDuckDB("DELETE FROM " + cl.target)
					if err != nil {
						return err
					}
					if _, err := s.execDuck(ctx, d, nil); err != nil {
						return err
					}
				}
			}
		}
		for _, cl := range clauses {
			where := ""
			guard := func(i int) string { return "COALESCE((" + conds[i] + "), FALSE)" }
			switch {
			case cl.when >= 0:
				where = guard(cl.when)
				if first {
					for i := 0; i < cl.when; i++ {
						where += " AND NOT " + guard(i)
					}
				}
			case cl.when == -2:
				var any []string
				for i := range conds {
					any = append(any, guard(i))
				}
				where = "NOT (" + strings.Join(any, " OR ") + ")"
			}
			cols, values := cl.cols, "*"
			if cl.values != "" {
				cols, values, err = s.dropDefaults(ctx, cl.target, cl.cols, cl.values)
				if err != nil {
					return err
				}
			}
			stmt := "INSERT INTO " + cl.target + " " + cols + " SELECT " + positional(values, srcCols) + " FROM " + tmp
			if where != "" {
				stmt += " WHERE " + positional(where, srcCols)
			}
			d, err := s.toDuckDB(stmt)
			if err != nil {
				return err
			}
			r, err := s.execDuck(ctx, d, nil)
			if err != nil {
				return err
			}
			n, _ := r.RowsAffected()
			key := strings.ToUpper(strings.Trim(cl.target, `"`))
			if _, ok := counts[key]; !ok {
				order = append(order, key)
			}
			counts[key] += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	res := &Result{StatementTypeID: 0x3100}
	var row []*string
	for _, k := range order {
		res.Columns = append(res.Columns, Column{Name: "number of rows inserted into " + k, Type: "fixed", Precision: 19})
		v := itoa(int(counts[k]))
		row = append(row, &v)
		res.RowsAffected += counts[k]
	}
	res.Rows = [][]*string{row}
	return res, nil
}

func nameStart(c *cursor, parts int) int {
	i := c.pos - 1
	for n := 1; n < parts; n++ {
		i -= 2
	}
	return c.toks[i].Pos
}

// positional replaces $n with the n-th source column.
func positional(text string, cols []string) string {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text
	}
	var b strings.Builder
	for _, t := range toks {
		if t.Kind == sqllex.Variable {
			var n int
			if _, err := fmt.Sscanf(t.Text, "$%d", &n); err == nil && n >= 1 && n <= len(cols) {
				b.WriteString(`"` + strings.ReplaceAll(cols[n-1], `"`, `""`) + `"`)
				continue
			}
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// dropDefaults removes DEFAULT values (and their columns) from an INTO
// clause: the column then takes its default.
func (s *Session) dropDefaults(ctx context.Context, target, cols, values string) (string, string, error) {
	vals := splitTop(values)
	hasDefault := false
	for _, v := range vals {
		if strings.EqualFold(strings.TrimSpace(v), "DEFAULT") {
			hasDefault = true
		}
	}
	if !hasDefault {
		return cols, values, nil
	}
	var names []string
	if cols != "" {
		names = splitTop(strings.TrimSuffix(strings.TrimPrefix(cols, "("), ")"))
	} else {
		d, err := s.toDuckDB("SELECT * FROM " + target)
		if err != nil {
			return "", "", err
		}
		if names, err = s.columnsOf(ctx, "("+d+")"); err != nil {
			return "", "", err
		}
		for i := range names {
			names[i] = `"` + names[i] + `"`
		}
	}
	if len(names) != len(vals) {
		return "", "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nInsert value list does not match column list expecting %d but got %d", len(names), len(vals))
	}
	var keepC, keepV []string
	for i, v := range vals {
		if !strings.EqualFold(strings.TrimSpace(v), "DEFAULT") {
			keepC, keepV = append(keepC, names[i]), append(keepV, v)
		}
	}
	return "(" + strings.Join(keepC, ", ") + ")", strings.Join(keepV, ", "), nil
}

// splitTop splits a comma list at parenthesis depth 0.
func splitTop(s string) []string {
	toks, err := sqllex.Tokenize(s)
	if err != nil {
		return strings.Split(s, ",")
	}
	var out []string
	var b strings.Builder
	depth := 0
	for _, t := range toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case t.IsOp(",") && depth == 0:
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
			continue
		}
		b.WriteString(t.Text)
	}
	return append(out, strings.TrimSpace(b.String()))
}

// columnsOf lists a DuckDB relation's column names.
func (s *Session) columnsOf(ctx context.Context, rel string) ([]string, error) {
	rows, err := s.conn.QueryContext(ctx, "SELECT * FROM "+rel+" LIMIT 0")
	if err != nil {
		return nil, duckError(err)
	}
	defer rows.Close()
	return rows.Columns()
}

func (s *Session) execDuck(ctx context.Context, duck string, binds []any) (sql.Result, error) {
	r, err := s.conn.ExecContext(ctx, duck, binds...)
	if err != nil {
		return nil, duckError(err)
	}
	return r, nil
}

// inWriteTx runs fn under the engine's write lock, in a transaction unless
// the session already has one open.
func (s *Session) inWriteTx(ctx context.Context, fn func() error) error {
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if s.ext.inTx {
		return fn()
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return duckError(err)
	}
	if err := fn(); err != nil {
		s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		var se *Error
		if errors.As(err, &se) {
			return se
		}
		return duckError(err)
	}
	if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return duckError(err)
	}
	return nil
}
