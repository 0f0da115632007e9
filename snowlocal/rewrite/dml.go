package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// mergeClauses rewrites MERGE's "<join condition> WHEN ... THEN ..." part.
// Snowflake lets an UPDATE SET target be qualified with the target table or
// its alias (SET t.col = ...); DuckDB wants the bare column. UPDATE/INSERT
// ALL BY NAME become DuckDB's UPDATE/INSERT BY NAME. A value stored into a
// column declared VARCHAR(n) or BINARY(n) of table target is checked
// against n (assign.go).
func (p *parser) mergeClauses(target string) (string, error) {
	if p.opts.ColumnTypes != nil {
		if _, types, err := p.opts.ColumnTypes(target, nil); err == nil {
			for _, ty := range types {
				if isIntervalColumnType(ty) {
					// MERGE stores its values without the assignment
					// conversions an interval column needs (interval_columns.go).
					return "", p.unsupported(p.peek(), "MERGE into a table with a column of an interval data type")
				}
			}
		}
	}
	lengths := p.lengthTypes(target)
	atWhen := func(t tok, _ bool) bool { return t.IsWord("WHEN") }
	cond, err := p.seq(atWhen)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(cond)
	for p.accept("WHEN") {
		b.WriteString(" WHEN")
		if p.accept("NOT") {
			b.WriteString(" NOT")
		}
		if err := p.expectWord("MATCHED"); err != nil {
			return "", err
		}
		b.WriteString(" MATCHED")
		if p.accept("AND") {
			c, err := p.seq(func(t tok, _ bool) bool { return t.IsWord("THEN") })
			if err != nil {
				return "", err
			}
			b.WriteString(" AND " + c)
		}
		if err := p.expectWord("THEN"); err != nil {
			return "", err
		}
		b.WriteString(" THEN")
		switch t := p.peek(); {
		case p.accept("DELETE"):
			b.WriteString(" DELETE")
		case p.accept("UPDATE"):
			if p.isWord("ALL") && len(lengths) > 0 {
				return "", p.unsupported(p.peek(), "MERGE ... UPDATE ALL BY NAME into a table with a VARCHAR(n) or BINARY(n) column")
			}
			if p.accept("ALL") {
				if err := p.byName(); err != nil {
					return "", err
				}
				b.WriteString(" UPDATE BY NAME")
				continue
			}
			if err := p.expectWord("SET"); err != nil {
				return "", err
			}
			b.WriteString(" UPDATE SET ")
			for n := 0; ; n++ {
				col, err := p.setTarget()
				if err != nil {
					return "", err
				}
				if err := p.expectOp("="); err != nil {
					return "", err
				}
				v, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") || t.IsWord("WHEN") })
				if err != nil {
					return "", err
				}
				if n > 0 {
					b.WriteString(", ")
				}
				if ty, ok := lengths[columnKey(col)]; ok && !strings.EqualFold(strings.TrimSpace(v), "DEFAULT") {
					v = assignExpr(v, ty)
				}
				b.WriteString(col + " = " + v)
				if !p.acceptOp(",") {
					break
				}
			}
		case p.accept("INSERT"):
			if p.isWord("ALL") && len(lengths) > 0 {
				return "", p.unsupported(p.peek(), "MERGE ... INSERT ALL BY NAME into a table with a VARCHAR(n) or BINARY(n) column")
			}
			if p.accept("ALL") {
				if err := p.byName(); err != nil {
					return "", err
				}
				b.WriteString(" INSERT BY NAME")
				continue
			}
			b.WriteString(" INSERT")
			var cols []string
			if p.isOp("(") {
				var err error
				if cols, err = p.identList(); err != nil {
					return "", err
				}
				b.WriteString(" (" + strings.Join(cols, ", ") + ")")
			}
			if err := p.expectWord("VALUES"); err != nil {
				return "", err
			}
			if err := p.expectOp("("); err != nil {
				return "", err
			}
			vals, err := p.listUntil(")")
			if err != nil {
				return "", err
			}
			if len(lengths) > 0 {
				if vals, err = p.checkMergeValues(target, cols, vals, lengths); err != nil {
					return "", err
				}
			}
			b.WriteString(" VALUES (" + strings.Join(vals, ", ") + ")")
		default:
			return "", p.unexpected(t)
		}
	}
	if !p.eof() {
		return "", p.unexpected(p.peek())
	}
	return b.String(), nil
}

func (p *parser) byName() error {
	if err := p.expectWord("BY"); err != nil {
		return err
	}
	return p.expectWord("NAME")
}

// setTarget reads an UPDATE SET column, dropping a table or alias qualifier.
func (p *parser) setTarget() (string, error) {
	var parts []tok
	for {
		n := p.next()
		if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(n)
		}
		parts = append(parts, n)
		if !p.acceptOp(".") {
			break
		}
	}
	return renderName(parts[len(parts)-1:]), nil
}

// UpdateJoinCounts returns, for an UPDATE ... FROM statement, a DuckDB query
// counting the target rows the statement updates and those among them that
// join more than one source row ("number of multi-joined rows updated"):
// DuckDB's own count is of joined rows. ok is false for an UPDATE without
// FROM, whose count DuckDB reports as Snowflake does.
func UpdateJoinCounts(stmt string, opts Options) (query string, ok bool, err error) {
	p, err := newParser(stmt, opts)
	if err != nil {
		return "", false, err
	}
	if !p.accept("UPDATE") {
		return "", false, nil
	}
	defer p.pushDMLScope("FROM")() // coltypes_time.go
	target, err := p.relation()
	if err != nil {
		return "", false, err
	}
	ref := p.toks[p.i-1]
	if err := p.expectWord("SET"); err != nil {
		return "", false, err
	}
	if _, err := p.seq(func(t tok, _ bool) bool { return t.IsWord("FROM") || t.IsWord("WHERE") }); err != nil {
		return "", false, err
	}
	if !p.accept("FROM") {
		return "", false, nil
	}
	list, err := p.fromList()
	if err != nil {
		return "", false, err
	}
	rest, err := p.seq(nil)
	if err != nil {
		return "", false, err
	}
	return "SELECT COUNT(*), COUNT(*) FILTER (WHERE _sf_n > 1) FROM (SELECT COUNT(*) AS _sf_n FROM " + target + ", " + list + " " + rest +
		" GROUP BY " + renderName([]tok{ref}) + ".rowid)", true, nil
}

// lengthTypes maps the columns of table target declared VARCHAR(n) or
// BINARY(n) (by name as the catalog holds it) to the type
// Options.ColumnTypes reports for them.
func (p *parser) lengthTypes(target string) map[string]string {
	if p.opts.ColumnTypes == nil {
		return nil
	}
	names, types, err := p.opts.ColumnTypes(target, nil)
	if err != nil || len(names) != len(types) {
		return nil
	}
	out := map[string]string{}
	for i, n := range names {
		if declaredLengthType(types[i]) != "" {
			out[n] = types[i]
		}
	}
	return out
}

// columnKey is the catalog name of a rendered column name.
func columnKey(col string) string {
	if strings.HasPrefix(col, `"`) {
		return unquoteIdentText(col)
	}
	return strings.ToUpper(col)
}

// checkMergeValues wraps MERGE's INSERT values bound for a column with a
// declared length (lengths) in its check; cols is the insert's column list,
// empty for all of target's columns in order.
func (p *parser) checkMergeValues(target string, cols, vals []string, lengths map[string]string) ([]string, error) {
	if len(cols) == 0 {
		names, _, err := p.opts.ColumnTypes(target, nil)
		if err != nil {
			return vals, nil
		}
		for _, n := range names {
			cols = append(cols, quoteIdent(n))
		}
	}
	if len(cols) != len(vals) {
		return vals, nil // DuckDB reports the mismatch
	}
	out := append([]string(nil), vals...)
	for i, c := range cols {
		if ty, ok := lengths[columnKey(c)]; ok && !strings.EqualFold(strings.TrimSpace(out[i]), "DEFAULT") {
			out[i] = assignExpr(out[i], ty)
		}
	}
	return out, nil
}

// MergeConflicts returns, for a MERGE with a WHEN MATCHED ... THEN UPDATE
// clause, a DuckDB query counting the target rows the merge would change
// nondeterministically. Snowflake's docs (MERGE, "Duplicate join
// behavior"): a target row joined to several source rows is deterministic
// only when the source rows that satisfy a WHEN MATCHED clause all satisfy
// DELETE clauses, or exactly one of them satisfies one and it is an UPDATE
// clause; otherwise (two updates, or an update and a delete) the merge
// fails while ERROR_ON_NONDETERMINISTIC_MERGE is TRUE, its default. Each
// joined source row takes the first WHEN MATCHED clause whose condition it
// satisfies, as DuckDB's MERGE does. ok is false when no clause updates.
// binds lists, by their order in stmt (from 0), the ? bind variables the
// query keeps (those of the clauses' actions are left out); nil when stmt
// numbers its binds (:1), which the query takes as they are.
func MergeConflicts(stmt string, opts Options) (query string, binds []int, ok bool, err error) {
	query, skipped, ok, err := mergeConflicts(stmt, opts)
	if err != nil || !ok {
		return "", nil, false, err
	}
	toks, err := sqllex.TokenizeSignificant(stmt)
	if err != nil {
		return "", nil, false, err
	}
	binds = []int{}
	n := 0
	for i, t := range toks {
		if t.Kind != sqllex.Bind {
			continue
		}
		if t.Text != "?" {
			return query, nil, true, nil
		}
		if !skipped[i] {
			binds = append(binds, n)
		}
		n++
	}
	return query, binds, true, nil
}

// mergeConflicts builds MergeConflicts' query; skipped marks the indexes
// of stmt's significant tokens the query leaves out.
func mergeConflicts(stmt string, opts Options) (query string, skipped map[int]bool, ok bool, err error) {
	p, err := newParser(stmt, opts)
	if err != nil {
		return "", nil, false, err
	}
	if !p.accept("MERGE") || !p.accept("INTO") {
		return "", nil, false, nil
	}
	skipped = map[int]bool{}
	defer p.pushDMLScope("USING")() // coltypes_time.go
	target, err := p.relation()
	if err != nil {
		return "", nil, false, err
	}
	ref := p.toks[p.i-1]
	if err := p.expectWord("USING"); err != nil {
		return "", nil, false, err
	}
	source, err := p.relation()
	if err != nil {
		return "", nil, false, err
	}
	if err := p.expectWord("ON"); err != nil {
		return "", nil, false, err
	}
	cond, err := p.seq(func(t tok, _ bool) bool { return t.IsWord("WHEN") })
	if err != nil {
		return "", nil, false, err
	}
	var cases strings.Builder
	updates := false
	for p.accept("WHEN") {
		matched := !p.accept("NOT")
		if err := p.expectWord("MATCHED"); err != nil {
			return "", nil, false, err
		}
		pred := "TRUE"
		if p.accept("AND") {
			if pred, err = p.seq(func(t tok, _ bool) bool { return t.IsWord("THEN") }); err != nil {
				return "", nil, false, err
			}
		}
		if err := p.expectWord("THEN"); err != nil {
			return "", nil, false, err
		}
		action := p.next()
		from := p.i
		p.skipMergeAction()
		for i := from; i < p.i; i++ {
			skipped[i] = true
		}
		if !matched {
			continue
		}
		kind := "D"
		if action.IsWord("UPDATE") {
			kind, updates = "U", true
		}
		cases.WriteString(" WHEN (" + pred + ") THEN '" + kind + "'")
	}
	if !updates || !p.eof() {
		return "", nil, false, nil
	}
	return "SELECT COUNT(*) FROM (SELECT _sf_row FROM (SELECT " + renderName([]tok{ref}) + ".rowid AS _sf_row, CASE" + cases.String() +
		" END AS _sf_act FROM " + target + " JOIN " + source + " ON " + cond + ") WHERE _sf_act IS NOT NULL" +
		" GROUP BY _sf_row HAVING COUNT(*) FILTER (WHERE _sf_act = 'U') > 0 AND COUNT(*) > 1)", skipped, true, nil
}

// skipMergeAction moves past the rest of a MERGE clause's action: to the
// next WHEN outside brackets and CASE expressions, or the end.
func (p *parser) skipMergeAction() {
	depth, cases := 0, 0
	for !p.eof() {
		t := p.peek()
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case t.IsWord("CASE"):
			cases++
		case t.IsWord("END"):
			cases--
		case t.IsWord("WHEN") && depth == 0 && cases == 0:
			return
		}
		p.next()
	}
}
