package snowlocal_test

import (
	"strings"
	"testing"
)

// TestQuotedNameOfAnAliasIsCaseSensitive: a double-quoted name is
// case-sensitive and an unquoted one is its upper-case form
// (https://docs.snowflake.com/en/sql-reference/identifiers-syntax), for the
// names a statement defines as for a table's columns: "mixedcase" does not
// name a subquery's or CTE's column "MixedCase", and "a" does not name one
// defined unquoted as a (A). The names in their own case resolve.
func TestQuotedNameOfAnAliasIsCaseSensitive(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		`select "mixedcase" from (select 1 as "MixedCase")`,
		`select "a" from (select 1 as a)`,
		`with c as (select 1 as "Q") select "q" from c`,
		`select 1 as "X" order by "x"`,
		`select "c" from (select 1) as t("C")`,
		`with q("Z") as (select 1) select "z" from q`,
		`select 1, coalesce("mixedcase", 0) from (select 1 as "MixedCase")`,
	} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "000904") || !strings.Contains(err.Error(), "invalid identifier") {
			t.Errorf("%s: err = %v, want 000904 invalid identifier", q, err)
		}
	}
	for _, q := range []string{
		`select "MixedCase" from (select 1 as "MixedCase")`,
		`select "A" from (select 1 as a)`,
		`with c as (select 1 as "Q") select "Q" from c`,
		`select x."Ab" from (select 1 as "Ab") x order by "Ab"`,
		`select "C" from (select 1) as t("C")`,
		`with q("Z") as (select 1) select "Z" from q`,
	} {
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s = %d (%v), want 1", q, n, err)
		}
	}
}
