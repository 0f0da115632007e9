package sqllex

import "testing"

func TestScanBack(t *testing.T) {
	toks, err := TokenizeSignificant("select a from t where x between (select 1 from u where y and z) and 5")
	if err != nil {
		t.Fatal(err)
	}
	lastAnd := -1
	for i, tk := range toks {
		if tk.IsWord("AND") {
			lastAnd = i
		}
	}
	// The AND before 5 is BETWEEN's: the bracketed subquery, with its own
	// AND and WHERE, is stepped over.
	between := func(from int) bool {
		return ScanBack(toks, from, 0, func(k int) (bool, bool) {
			switch {
			case toks[k].IsWord("BETWEEN"):
				return true, true
			case toks[k].IsWord("AND"), toks[k].IsWord("WHERE"):
				return false, true
			}
			return false, false
		})
	}
	if !between(lastAnd - 1) {
		t.Error("the AND before 5 does not follow BETWEEN")
	}
	// Inside the brackets the walk stops at the opening "(": the inner AND
	// (y and z) reaches WHERE first, and a walk from "1" reaches the "(".
	inner := -1
	for i, tk := range toks {
		if tk.IsWord("AND") {
			inner = i
			break
		}
	}
	if between(inner - 1) {
		t.Error("the inner AND follows BETWEEN")
	}
	one := -1
	for i, tk := range toks {
		if tk.Text == "1" {
			one = i
		}
	}
	if ScanBack(toks, one-1, 0, func(k int) (bool, bool) { return false, false }) {
		t.Error("a walk that reaches its opening bracket answers true")
	}
}
