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
// TABLE. What the engine cannot make exact is refused: a CHECK outside
// CREATE TABLE, ENABLE NOVALIDATE and DISABLE, CHECK in CTAS, and an
// expression with anything but columns, constants, operators and a few
// deterministic scalar functions (the docs forbid UDFs, aggregate, window
// and table functions, subqueries, RANDOM and context functions such as
// CURRENT_DATE; which error Snowflake gives for them is not documented).

// checkFunctions are the scalar functions a CHECK expression may call
// here: deterministic, independent of the session, and rendered by the
// rewriter. Any other call is refused.
var checkFunctions = toSet(`CAST TRY_CAST COALESCE NVL ABS LENGTH LEN UPPER LOWER TRIM LTRIM RTRIM IN`)

// checkContextWords are names that read the environment without brackets.
var checkContextWords = toSet(`CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURRENT_ROLE
LOCALTIME LOCALTIMESTAMP SYSDATE SYSTIMESTAMP SELECT`)

// checkClause parses [CONSTRAINT name] CHECK ( expr ) [ENABLE [VALIDATE]]
// from the current token and returns DuckDB's CHECK (expr).
func (p *parser) checkClause() (string, error) {
	at := p.peek()
	if p.accept("CONSTRAINT") {
		p.next() // the name: DuckDB keeps none, its error prints the expression
	}
	if err := p.expectWord("CHECK"); err != nil {
		return "", err
	}
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	start := p.i
	depth := 0
	for j := start; j < len(p.toks); j++ {
		t := p.toks[j]
		if t.IsOp("(") {
			depth++
		}
		if t.IsOp(")") {
			if depth == 0 {
				break
			}
			depth--
		}
		if t.Kind != sqllex.Word {
			continue
		}
		u := strings.ToUpper(t.Text)
		if checkContextWords[u] || strings.HasPrefix(u, "CURRENT_") {
			return "", p.unsupported(t, "CHECK constraint with "+u)
		}
		if j+1 < len(p.toks) && p.toks[j+1].IsOp("(") && !checkFunctions[u] {
			return "", p.unsupported(t, "CHECK constraint calling "+u)
		}
	}
	e, err := p.seq(nil)
	if err != nil {
		return "", err
	}
	if e == "" {
		return "", p.unexpected(p.peek())
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	switch t := p.peek(); {
	case t.IsWord("ENABLE"):
		p.next()
		if p.isWord("NOVALIDATE") {
			// Enforced only on rows written later: not exact for a new table's CTAS.
			return "", p.unsupported(p.peek(), "CHECK constraint ENABLE NOVALIDATE")
		}
		p.accept("VALIDATE")
	case t.IsWord("DISABLE"), t.IsWord("NOVALIDATE"), t.IsWord("VALIDATE"), t.IsWord("NOT"),
		t.IsWord("ENFORCED"), t.IsWord("RELY"), t.IsWord("NORELY"), t.IsWord("DEFERRABLE"), t.IsWord("INITIALLY"):
		// DISABLE does not create the constraint; the others are not in
		// the CHECK syntax.
		return "", p.unsupported(at, "CHECK constraint with "+strings.ToUpper(t.Text))
	}
	return "CHECK (" + e + ")", nil
}
