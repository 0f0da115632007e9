package rewrite

// A remainder's type. The docs say only that MOD (and `%`, "Equivalent to
// the modulo arithmetic operator") "Returns either an integer or a
// fixed-point decimal number" and print MOD(4.5, 1.2) as 0.9
// (https://docs.snowflake.com/en/sql-reference/functions/mod); Arithmetic
// operators give no rule for it. The independent reference measured a few
// (mlorek/frostlake engine/src/test/java/dev/frostlake/functions/
// TextArithmeticTypingTest.java, live-verified: MOD(2.5, 2) is a
// NUMBER(3,1), MOD(n, 7) of a NUMBER(10,2) a NUMBER(10,2), MOD('5', 2) a
// NUMBER(2,0)) but states no rule either, and DuckDB's type is the
// operands' fold (MOD(4.5, 1.2) a NUMBER(2,1)). So a remainder of NUMBERs
// with a scale is refused as a result column (002040, a cast suggested),
// where the rewriter sees the scale while the statement compiles
// (remainderKind: intUnknown, as an integer-valued function of unknown
// precision is), and as DuckDB binds it where an operand's type shows only
// there (_SF_REM_TYPED). Inside an expression (a comparison, a cast) it
// answers. (A remainder of integers keeps DuckDB's type: left as it was.)

import "strings"

// remainderRefusal is the intUnknown of a remainder of NUMBERs with a
// scale (unknownPrecisionRefusal words it).
const remainderRefusal = "a remainder (MOD, %) of NUMBERs with a scale"

// remainderStarRefusal is the intUnknown of a derived table's or CTE's
// remainder whose operands' types show only as DuckDB binds it, read
// through a star (which does not check it as a name does: remBind).
const remainderStarRefusal = "a remainder (MOD, %) read through a star, of operands whose types the local engine sees only as it runs the statement (with a scale,"

// remainderKind classifies a remainder's operands rs: scaled where one is
// a NUMBER of a scale the rewriter sees (and none a FLOAT, which makes the
// remainder a FLOAT); unknown where none is but one's type shows only as
// DuckDB binds the statement.
func (p *parser) remainderKind(rs ...foldResult) (scaled, unknown bool) {
	for _, r := range rs {
		t := ""
		if r.toks != nil {
			t = p.foldType(r) // types_fold.go
		}
		switch l, s, fixed := duckFixed(t); {
		case t == "DOUBLE" || t == "FLOAT":
			return false, false
		case t == `"NULL"`:
		case fixed && s > 0:
			scaled = true
		case fixed && l > 0:
		default:
			unknown = true // a text, a product, a call: DuckDB's type
		}
	}
	return scaled, unknown && !scaled
}

// remainderCheck follows the top-level remainders `x % y` of a sequence
// (seq): whether one has a scale, whether one's operands' types show only
// as DuckDB binds them, and whether the sequence is more than arithmetic
// (a comparison, a concatenation), whose type is not the remainder's.
type remainderCheck struct {
	pending       bool
	left          foldResult
	scaled, bind  bool
	notArithmetic bool
}

// open records the left operand of a `%` just read (left.toks nil where it
// is a product or quotient, whose type only DuckDB sees).
func (rc *remainderCheck) open(left foldResult) { rc.pending, rc.left = true, left }

// close records the right operand of the pending remainder.
func (rc *remainderCheck) close(p *parser, right foldResult) {
	if !rc.pending {
		return
	}
	rc.pending = false
	scaled, unknown := p.remainderKind(rc.left, right)
	rc.scaled = rc.scaled || scaled
	rc.bind = rc.bind || unknown
}

// other records a token between operands.
func (rc *remainderCheck) other(t tok) {
	if !t.IsOp("+") && !t.IsOp("-") && !t.IsOp("*") && !t.IsOp("/") && !t.IsOp("%") {
		rc.notArithmetic = true
	}
}

// unknown is the sequence's intUnknown when it is arithmetic holding a
// remainder with a scale, or "".
func (rc *remainderCheck) unknown() string {
	if rc.scaled && !rc.notArithmetic {
		return remainderRefusal
	}
	return ""
}

// bindCheck reports whether the sequence is arithmetic holding a remainder
// whose operands' types show only as DuckDB binds them.
func (rc *remainderCheck) bindCheck() bool { return rc.bind && !rc.scaled && !rc.notArithmetic }

// remainderTyped renders s, the statement's own select item, with the
// bind-time check of a remainder whose operands' types the rewriter does
// not see (expr.remBind, parser.seqRemBind): DuckDB's type of a DECIMAL
// with a scale fails as DuckDB binds the statement, with the key the
// struct lacks (result.go reports it as 002040); an integer or a FLOAT
// answers.
func (p *parser) remainderTyped(s string) (string, bool) {
	if !p.outerItems || p.stmtInserts() {
		return "", false
	}
	if p.single != nil && !p.single.remBind || p.single == nil && !p.seqRemBind {
		return "", false
	}
	return "_SF_REM_TYPED(" + s + ", typeof(" + s + "))", true
}

// remainderRefusalText is unknownPrecisionRefusal's text for a remainder.
func remainderRefusalText(what string) string {
	if what == remainderStarRefusal {
		return what + " Snowflake's precision and scale of its NUMBER are not documented; select it by name or cast it)"
	}
	return what + " as a result column (Snowflake's precision and scale of its NUMBER are not documented; cast it, for example ::NUMBER(38, 2) or ::FLOAT)"
}

func init() {
	prelude = append(prelude,
		// _SF_REM_TYPED(x, t): x, whose DuckDB type is t (typeof() folds to a
		// constant, so the struct field is chosen per call site; a key that
		// does not name t fails as DuckDB creates the macro).
		`CREATE OR REPLACE TEMP MACRO _SF_REM_TYPED(x, t) AS struct_extract({'ok': x},
		CASE WHEN t NOT LIKE 'DECIMAL(%' OR t LIKE 'DECIMAL(%,0)' THEN 'ok'
		ELSE 'unsupported: `+strings.ReplaceAll(remainderRefusalText(remainderRefusal), "'", "''")+` (DuckDB''s ' || t || ')' END)`,
	)
}
