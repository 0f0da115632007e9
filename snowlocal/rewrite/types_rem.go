package rewrite

// A remainder's type. The docs say only that MOD (and `%`, "Equivalent to
// the modulo arithmetic operator") "Returns either an integer or a
// fixed-point decimal number" and print MOD(4.5, 1.2) as 0.9
// (https://docs.snowflake.com/en/sql-reference/functions/mod); Arithmetic
// operators give no rule for it. The independent reference measured many
// (mlorek/frostlake engine/src/test/java/dev/frostlake/functions/
// RemainderStorageTagTest.java, TextArithmeticTypingTest.java, every one
// live-verified), and they fit one rule: the operands' widest integer
// digits plus their widest scale, at that scale (MOD(n, b) of a
// NUMBER(10,2) and a NUMBER(18,0) a NUMBER(20,2), MOD(n, 7) a NUMBER(10,2),
// MOD(b, 7) a NUMBER(18,0), an INT a NUMBER(38,0), a text column beside
// a NUMBER(10,2) a NUMBER(18,5)), an integer literal counting its own
// digits, and of two constants at least two integer digits (MOD(5, 2) a
// NUMBER(2,0), MOD(2.5, 2) a NUMBER(3,1), MOD(12345, 2) a NUMBER(5,0);
// MOD('5', 2) too: a text literal of a number reads as that number). That
// is DuckDB's rule for two DECIMALs, so both operands are cast to the
// remainder's type (DuckDB's INTEGER literal counted 10 digits: MOD(s, 3)
// of a NUMBER(5,0) was a NUMBER(10,0)). Where no measurement gives the type
// (over columns of fewer than two integer digits, or past 38 digits) it is
// refused as a result column (002040, a cast suggested), where the
// rewriter sees it while the statement compiles (remainderKind:
// intUnknown, as an integer-valued function of unknown precision is), and
// as DuckDB binds it where an operand's type shows only there
// (_SF_REM_TYPED). Inside an expression (a comparison, a cast) it answers.

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// remainderRefusal is the intUnknown of a remainder whose type no
// measurement gives (unknownPrecisionRefusal words it).
const remainderRefusal = "a remainder (MOD, %) of NUMBERs of fewer than two integer digits or of more than 38 digits"

// remainderStarRefusal is the intUnknown of a derived table's or CTE's
// remainder whose operands' types show only as DuckDB binds it, read
// through a star (which does not check it as a name does: remBind).
const remainderStarRefusal = "a remainder (MOD, %) read through a star, of operands whose types the local engine sees only as it runs the statement (of fewer than two integer digits,"

// remainderPlan is how remainder rs[0] % rs[1] is typed. known: the
// rewriter knows both operands' types (else they show only as DuckDB binds
// the statement). typ: the DECIMAL both operands are cast to, Snowflake's
// type of the remainder (DuckDB's remainder of two DECIMAL(P, S) is one),
// or "" where DuckDB's type stays (an operand that is no fixed-point
// number: a FLOAT makes a FLOAT, a text column DuckDB refuses; or integers
// of DuckDB's integer types whose remainder is a NUMBER(38,0) anyway).
// unmeasured: no measurement gives Snowflake's type.
func (p *parser) remainderPlan(rs []foldResult) (typ string, unmeasured, known bool) {
	lead, scale := 0, 0
	literals, integers := 0, 0
	for _, r := range rs {
		t := ""
		if r.toks != nil {
			t = p.foldType(r) // types_fold.go
		}
		if t == "" {
			return "", false, false
		}
		_, s, fixed := duckFixed(t)
		if !fixed {
			return "", false, true
		}
		lead, scale = max(lead, snowflakeLead(r, t)), max(scale, s)
		if numberLiteralToks(r.toks) {
			literals++
		}
		if !strings.HasPrefix(t, "DECIMAL(") {
			integers++
		}
	}
	if literals == len(rs) {
		lead = max(lead, 2) // of two constants (MOD(5, 2) is a NUMBER(2,0))
	}
	unmeasured = lead < 2 || lead+scale > 38
	if integers == len(rs) && lead+scale == 38 {
		return "", false, true
	}
	return fmt.Sprintf("DECIMAL(%d,%d)", min(lead+scale, 38), scale), unmeasured, true
}

// remainderOperands renders the operands of remainder rs[0] % rs[1] as
// they are to be written, nil where they stay as they are: cast to the
// remainder's type where the rewriter knows it (remainderPlan), else,
// under guard (the fold's bind-time check, foldPlan; "" for none), integer
// literals as DECIMALs of their digits beside a DECIMAL (foldLiteralIn), so
// that DuckDB's type is the rule's. MOD and % share it.
func (p *parser) remainderOperands(rs []foldResult) (ops []string, guard string, unmeasured, known bool) {
	var typ string
	typ, unmeasured, known = p.remainderPlan(rs)
	switch {
	case typ != "":
		for _, r := range rs {
			ops = append(ops, p.foldCast(r, typ))
		}
	case !known:
		if _, _, guard = p.foldPlan(rs); guard != "" {
			for _, r := range rs {
				ops = append(ops, p.foldLiteralIn(r, rs))
			}
		}
	}
	return ops, guard, unmeasured, known
}

// numberLiteralToks reports whether toks are a numeric literal, with a
// sign or without.
func numberLiteralToks(toks []tok) bool {
	if len(toks) == 2 && (toks[0].IsOp("-") || toks[0].IsOp("+")) {
		toks = toks[1:]
	}
	return len(toks) == 1 && toks[0].Kind == sqllex.Number
}

// remainderKind classifies a remainder's operands rs: unmeasured where the
// rewriter sees a type no measurement gives (remainderPlan); unknown where
// an operand's type shows only as DuckDB binds the statement.
func (p *parser) remainderKind(rs ...foldResult) (unmeasured, unknown bool) {
	_, unmeasured, known := p.remainderPlan(rs)
	return unmeasured, !known
}

// plainNumberText matches a text literal MOD reads as a number literal:
// digits with an optional fraction and sign, nothing else.
var plainNumberText = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?$`)

// remainderTextArg rewrites MOD's argument a when it is a text literal:
// Snowflake reads one that holds a number as that number (MOD('2.5', 2)
// is 0.5, a NUMBER(3,1); MOD('5', n) of a NUMBER(10,2) a NUMBER(10,2):
// the reference's TextArithmeticTypingTest), where DuckDB cast '2.5' to
// the INTEGER of 2 and answered 1. Any other text (an exponent, spaces,
// hexadecimal) is refused (002040).
func (p *parser) remainderTextArg(a *arg) error {
	if len(a.toks) != 1 || !isStringLiteral(a.toks[0]) {
		return nil
	}
	m := plainNumberText.FindStringSubmatch(StringValue(a.toks[0].Text))
	if m == nil || m[2] == "" && m[3] == "" {
		return p.unsupported(a.toks[0], "MOD of a text literal that is not a plain number (digits, a sign, a decimal point)")
	}
	digits := strings.TrimLeft(m[2], "0")
	if digits == "" {
		digits = "0"
	}
	if m[3] != "" {
		digits += "." + m[3]
	}
	at := a.toks[0]
	num := tok{Token: sqllex.Token{Kind: sqllex.Number, Text: digits, Line: at.Line, Col: at.Col}}
	a.toks, a.sql, a.e = []tok{num}, digits, nil
	if m[1] == "-" {
		a.toks = []tok{{Token: sqllex.Token{Kind: sqllex.Op, Text: "-", Line: at.Line, Col: at.Col}}, num}
		a.sql = "-" + digits
	}
	return nil
}

// remainderCheck follows the top-level remainders `x % y` of a sequence
// (seq): whether one's type is unmeasured, whether one's operands' types
// show only as DuckDB binds them, and whether the sequence is more than arithmetic
// (a comparison, a concatenation), whose type is not the remainder's.
type remainderCheck struct {
	pending          bool
	left             foldResult
	unmeasured, bind bool
	notArithmetic    bool
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
	unmeasured, unknown := p.remainderKind(rc.left, right)
	rc.unmeasured = rc.unmeasured || unmeasured
	rc.bind = rc.bind || unknown
}

// other records a token between operands.
func (rc *remainderCheck) other(t tok) {
	if !t.IsOp("+") && !t.IsOp("-") && !t.IsOp("*") && !t.IsOp("/") && !t.IsOp("%") {
		rc.notArithmetic = true
	}
}

// unknown is the sequence's intUnknown when it is arithmetic holding a
// remainder of an unmeasured type, or "".
func (rc *remainderCheck) unknown() string {
	if rc.unmeasured && !rc.notArithmetic {
		return remainderRefusal
	}
	return ""
}

// bindCheck reports whether the sequence is arithmetic holding a remainder
// whose operands' types show only as DuckDB binds them.
func (rc *remainderCheck) bindCheck() bool { return rc.bind && !rc.unmeasured && !rc.notArithmetic }

// remainderTyped renders s, the statement's own select item, with the
// bind-time check of a remainder whose operands' types the rewriter does
// not see (expr.remBind, parser.seqRemBind): a DECIMAL of fewer than two
// integer digits fails as DuckDB binds the statement, with the key the
// struct lacks (result.go reports it as 002040); any other answers (its
// literal operands are DECIMALs of their digits beside a DECIMAL:
// foldLiteralIn, so DuckDB's type is the measured rule's).
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
		return what + " no measurement gives Snowflake's precision and scale of its NUMBER; select it by name or cast it)"
	}
	return what + " as a result column (no measurement gives Snowflake's precision and scale of its NUMBER; cast it, for example ::NUMBER(38, 2) or ::FLOAT)"
}

func init() {
	prelude = append(prelude,
		// _SF_REM_TYPED(x, t): x, whose DuckDB type is t (typeof() folds to a
		// constant, so the struct field is chosen per call site; a key that
		// does not name t fails as DuckDB creates the macro).
		`CREATE OR REPLACE TEMP MACRO _SF_REM_TYPED(x, t) AS struct_extract({'ok': x},
		CASE WHEN t NOT LIKE 'DECIMAL(%' OR _SF_DEC_LEAD_T(t) >= 2 THEN 'ok'
		ELSE 'unsupported: `+strings.ReplaceAll(remainderRefusalText(remainderRefusal), "'", "''")+` (DuckDB''s ' || t || ')' END)`,
	)
}
