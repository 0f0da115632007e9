package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// CHECK constraints (docs: sql-reference/constraints-overview, "CHECK
// constraints"; sql/create-table-constraint, inlineCH and outoflineCH).
// Snowflake enforces them on standard tables during INSERT, UPDATE, MERGE
// and CTAS: a row whose condition is TRUE or NULL passes, FALSE fails the
// statement. DuckDB enforces a CHECK the same way (a NULL condition
// passes), so a CREATE TABLE's CHECK is rendered into DuckDB's CREATE
// TABLE; a CTAS with one (whose DuckDB CTAS carries no constraint) becomes
// CREATE TABLE then INSERT, which the session runs in one transaction
// (CheckedCTASMarker), so that a failing row leaves no table behind, as
// Snowflake's CTAS creates nothing then. What the engine cannot make exact
// is refused: a CHECK outside CREATE TABLE, ENABLE NOVALIDATE and DISABLE,
// a CHECK in CREATE OR REPLACE or IF NOT EXISTS ... AS SELECT (the table
// replaced or kept before the query reads it), or in a CTAS column list
// with an untyped column, and an
// expression with anything but columns, constants, operators and a few
// deterministic scalar functions (the docs forbid UDFs, aggregate, window
// and table functions, subqueries, RANDOM and context functions such as
// CURRENT_DATE; which error Snowflake gives for them is not documented).

// checkFunctions are the scalar functions a CHECK expression may call
// here: deterministic, independent of the session, and rendered by the
// rewriter. Any other call is refused.
// The operator words that may precede a bracket are let through too.
var checkFunctions = toSet(`CAST TRY_CAST COALESCE NVL ABS LENGTH LEN UPPER LOWER TRIM LTRIM RTRIM
IN NOT AND OR WHEN THEN ELSE BETWEEN LIKE ILIKE RLIKE IS`)

// checkContextWords are names that read the environment without brackets.
var checkContextWords = toSet(`CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURRENT_ROLE
LOCALTIME LOCALTIMESTAMP SYSDATE SYSTIMESTAMP SELECT`)

// checkClause parses [CONSTRAINT name] CHECK ( expr ) [ENABLE [VALIDATE]]
// from the current token and records where expr starts (p.checks): it is
// rendered once the table's columns are known (renderChecks).
func (p *parser) checkClause() error {
	at := p.peek()
	if p.accept("CONSTRAINT") {
		p.next() // the name: DuckDB keeps none, its error prints the expression
	}
	if err := p.expectWord("CHECK"); err != nil {
		return err
	}
	if err := p.expectOp("("); err != nil {
		return err
	}
	start := p.i
	for depth := 0; ; p.i++ {
		if p.eof() {
			return p.unexpected(p.peek())
		}
		t := p.peek()
		if t.IsOp("(") {
			depth++
		}
		if t.IsOp(")") {
			if depth == 0 {
				break
			}
			depth--
		}
		if t.IsOp("/") {
			// The engine renders a quotient through its own functions,
			// which DuckDB does not bind in a CHECK.
			return p.unsupported(t, "CHECK constraint with a division")
		}
		if t.Kind != sqllex.Word {
			continue
		}
		u := strings.ToUpper(t.Text)
		if checkContextWords[u] || strings.HasPrefix(u, "CURRENT_") {
			return p.unsupported(t, "CHECK constraint with "+u)
		}
		if p.peekN(1).IsOp("(") && !checkFunctions[u] {
			return p.unsupported(t, "CHECK constraint calling "+u)
		}
	}
	if p.i == start {
		return p.unexpected(p.peek())
	}
	p.next() // )
	switch t := p.peek(); {
	case t.IsWord("ENABLE"):
		p.next()
		if p.isWord("NOVALIDATE") {
			// Enforced only on rows written later: not exact for a new table's CTAS.
			return p.unsupported(p.peek(), "CHECK constraint ENABLE NOVALIDATE")
		}
		p.accept("VALIDATE")
	case t.IsWord("DISABLE"), t.IsWord("NOVALIDATE"), t.IsWord("VALIDATE"), t.IsWord("NOT"),
		t.IsWord("ENFORCED"), t.IsWord("RELY"), t.IsWord("NORELY"), t.IsWord("DEFERRABLE"), t.IsWord("INITIALLY"):
		// DISABLE does not create the constraint; the others are not in
		// the CHECK syntax.
		return p.unsupported(at, "CHECK constraint with "+strings.ToUpper(t.Text))
	}
	p.checks = append(p.checks, start)
	return nil
}

// renderChecks renders the CHECK expressions recorded by checkClause as
// DuckDB table constraints, with the columns of cols (the table being
// created, named table) typed as declared. An expression whose rendering
// needs the engine's own functions (a rendering that dispatches on types or
// calls a _SF_ macro) is refused: DuckDB keeps a CHECK's text in its
// catalog, where those are not known to be exact.
func (p *parser) renderChecks(table string, cols []column) ([]string, error) {
	if len(p.checks) == 0 {
		return nil, nil
	}
	rel := &scopeRel{name: strings.ToUpper(strings.Trim(table[strings.LastIndex(table, ".")+1:], `"`)),
		cols: map[string]string{}, raw: map[string]string{}, dup: map[string]bool{}}
	zoned := map[string]bool{}
	for _, c := range cols {
		k := strings.ToUpper(strings.Trim(c.name, `"`))
		rel.cols[k], rel.raw[k] = timeType(c.typ), c.typ
		zoned[k] = c.typ == "TIMESTAMPTZ" || c.typ == tzDuck
	}
	saved, savedAt := p.scope, p.i
	defer func() { p.scope, p.i = saved, savedAt }()
	p.scope = &scope{rels: []*scopeRel{rel}}
	var out []string
	for _, start := range p.checks {
		for j, depth := start, 0; j < len(p.toks) && (depth > 0 || !p.toks[j].IsOp(")")); j++ {
			if p.toks[j].IsOp("(") {
				depth++
			} else if p.toks[j].IsOp(")") {
				depth--
			}
			if t := p.toks[j]; (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && zoned[strings.ToUpper(strings.Trim(identSQL(t), `"`))] {
				// DuckDB would read a time against its own time zone, not
				// the session's TIMEZONE of the statement that writes.
				return nil, p.unsupported(t, "CHECK constraint on a TIMESTAMP_LTZ or TIMESTAMP_TZ column")
			}
		}
		p.i = start
		e, err := p.seq(nil)
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		if strings.Contains(e, "_SF_") || strings.Contains(e, "typeof(") || strings.Contains(e, "struct_extract(") {
			return nil, p.unsupported(p.toks[start], "CHECK constraint whose expression the local engine rewrites with its own functions")
		}
		out = append(out, "CHECK ("+e+")")
	}
	return out, nil
}

// CheckedCTASMarker names the query of a CTAS with a CHECK constraint in
// the rendered INSERT: the session runs a statement holding it in one
// transaction (the CREATE TABLE and the INSERT).
const CheckedCTASMarker = " AS _sf_ctas_check("

// checkedCTAS renders CREATE TABLE ... (columns, CHECK) AS SELECT as the
// CREATE TABLE with the constraints, then an INSERT of the query's rows
// converted to the declared types (sel, as a CTAS converts them).
func (p *parser) checkedCTAS(head string, cols []column, q string, sel, names []string) (string, error) {
	switch {
	case strings.Contains(head, " OR REPLACE "):
		return "", p.unsupported(p.toks[0], "CHECK constraint in CREATE OR REPLACE TABLE ... AS SELECT")
	case strings.Contains(head, " IF NOT EXISTS "):
		return "", p.unsupported(p.toks[0], "CHECK constraint in CREATE TABLE IF NOT EXISTS ... AS SELECT")
	}
	var defs []string
	for _, c := range cols {
		if c.typ == "" {
			return "", p.unsupported(p.toks[0], "CHECK constraint in CREATE TABLE ... AS SELECT with a column without a type")
		}
		defs = append(defs, c.def)
	}
	table := createdTableName(head)
	checks, err := p.renderChecks(table, cols)
	if err != nil {
		return "", err
	}
	defs = append(defs, checks...)
	return head + " (" + strings.Join(defs, ", ") + ")" + semiTypeComments(table, cols) +
		"; INSERT INTO " + table + " SELECT " + strings.Join(sel, ", ") + " FROM (" + q + ")" + CheckedCTASMarker + strings.Join(names, ", ") + ")", nil
}
