package snowlocal_test

import (
	"fmt"
	"testing"
)

// roundedType is the rounding family's declared type for an argument of
// NUMBER(p, si) and a literal target scale s (mlorek/frostlake
// docs/functions.md and RoundingFamilyWidthTest, live-verified; the rule
// rewrite/types_round.go implements):
//
//	s >= si   the input type unchanged
//	otherwise NUMBER(min(38, p + 1 + max(0, -s - (p - si))), max(s, 0))
func roundedType(p, si, s int64) string {
	if s >= si {
		return fmt.Sprintf("NUMBER(%d,%d)", p, si)
	}
	np := p + 1 + max(0, -s-(p-si))
	return fmt.Sprintf("NUMBER(%d,%d)", min(38, np), max(s, 0))
}

// TestRoundingFamilyFollowsArgumentType: CEIL, FLOOR, ROUND and TRUNC
// declare the reference's type for whatever type their argument declares,
// in every form the argument takes (a column, an aggregate, arithmetic, a
// window, a conditional, a subquery, a set operation's column...), not
// only where the rewriter sees a column's declared type. The argument's
// own type is what the engine reports for it alone; each form's type is
// tested against its sources elsewhere.
func TestRoundingFamilyFollowsArgumentType(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d",
		"create table t(n102 number(10,2), n51 number(5,1), i int, f float, c boolean)",
		"insert into t values (12.34, 5.6, 7, 1.5, true), (99.99, 1.1, 3, 2.5, false)")
	args := []string{"n102", "sum(n102)", "avg(n102)", "n102 + n51", "n102 * n51", "n102 / n51", "n102 - i",
		"i * n51", "-n102", "abs(n102)", "max(n102)", "median(n102)", "iff(c, n102, n51)", "coalesce(n102, n51)",
		"nvl(n51, n102)", "sum(i)", "avg(i)", "i / 3", "n102 % n51", "greatest(n102, n51)",
		"case when c then n102 else i end", "sum(n102) over ()", "avg(n51) over (partition by c)",
		"(select max(n102) from t)", "n102::number(12,4)", "round(n102, 1)", "trunc(n51 * n102, 2)",
		"div0(n102, n51)", "div0null(n51, n102)", "zeroifnull(n51)"}
	calls := []struct {
		form  string
		scale int64
	}{{"round(%s)", 0}, {"round(%s, 1)", 1}, {"round(%s, -1)", -1}, {"trunc(%s, 3)", 3}, {"ceil(%s)", 0}, {"floor(%s)", 0}}
	for _, a := range args {
		p, s, ok, _ := decimalResult(t, db, "select "+a+" from t")
		if !ok {
			t.Errorf("%s: not a NUMBER", a)
			continue
		}
		for _, c := range calls {
			call := fmt.Sprintf(c.form, a)
			p2, s2, ok2, _ := decimalResult(t, db, "select "+call+" from t")
			got := fmt.Sprintf("NUMBER(%d,%d)", p2, s2)
			if !ok2 {
				got = "not a NUMBER"
			}
			if want := roundedType(p, s, c.scale); got != want {
				t.Errorf("%s declares %s; its argument declares NUMBER(%d,%d), so the reference gives %s", call, got, p, s, want)
			}
		}
	}
}

// TestDiv0DeclaresTheQuotientType: DIV0 and DIV0NULL perform division
// "like the division operator (/)" (docs: functions/div0, div0null, whose
// examples print DIV0NULL(1, 0) at the scale of 1/2), so they declare the
// quotient's type; the 0 they return for a zero divisor is not an INTEGER
// widening it (NUMBER(18,8) where n102 / n51 is a NUMBER(17,8)).
func TestDiv0DeclaresTheQuotientType(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table t(n102 number(10,2), n51 number(5,1), i int)",
		"insert into t values (12.34, 5.6, 7), (1, 0, 0)")
	for _, pair := range [][2]string{{"n102 / n51", "div0(n102, n51)"}, {"n102 / n51", "div0null(n102, n51)"},
		{"n51 / n102", "div0(n51, n102)"}, {"i / 3", "div0(i, 3)"}, {"n102 / i", "div0null(n102, i)"}} {
		p, s, _, _ := decimalResult(t, db, "select "+pair[0]+" from t where n51 <> 0")
		p2, s2, _, _ := decimalResult(t, db, "select "+pair[1]+" from t")
		if p != p2 || s != s2 {
			t.Errorf("%s declares NUMBER(%d,%d), %s NUMBER(%d,%d)", pair[1], p2, s2, pair[0], p, s)
		}
	}
}
