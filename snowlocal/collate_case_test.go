package snowlocal_test

import "testing"

// TestCollateSimpleCase: a simple CASE compares its operand with each WHEN
// value as = does, under the collation precedence picks for the two (docs:
// case, https://docs.snowflake.com/en/sql-reference/functions/case, whose
// examples CASE COLLATE('m', 'upper') WHEN 'M' and CASE 'm' WHEN
// COLLATE('M', 'lower') are both TRUE). An operand that calls a function
// (evaluated once by Snowflake, once per WHEN by the rewrite), a WHEN value
// that is not a comparison operand and two collations of one precedence
// (Snowflake's 002322) are refused.
func TestCollateSimpleCase(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database csc", "use database csc",
		"create table words (w varchar)",
		"insert into words values ('Tango'), ('tango'), ('tangos')")
	for _, tc := range []struct{ q, want string }{
		{"select (case collate('m', 'upper') when 'M' then true else false end)::varchar", "true"},
		{"select (case 'm' when collate('M', 'lower') then true else false end)::varchar", "true"},
		{"select (case 'm' when 'M' then true else false end)::varchar", "false"},
		{"select case 'm' when 'M' then 'one' when collate('M', 'lower') then 'two' end", "two"},
		{"select coalesce(case collate('a', 'upper') when 'b' then 'x' end, 'null')", "null"},
		{"select case 'a' collate 'upper' when 'A' then 'yes' end", "yes"},
		{"select count_if(case w collate 'lower' when 'tango' then true else false end) from words", "2"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	wantRefused(t, db, "select case collate(upper('m'), 'upper') when 'M' then 1 end", "operand calls a function")
	wantRefused(t, db, "select case collate('m', 'upper') when 'M' || 'x' then 1 end", "WHEN value is not a comparison operand")
	wantRefused(t, db, "select case collate('m', 'upper') when collate('M', 'lower') then 1 end", "incompatible collations")
}
