package snowlocal_test

import "testing"

// TestNumberToVarcharKeepsScale: a NUMBER(p,s) cast to VARCHAR keeps its s
// fraction digits, as its concatenation does: the docs say only that a
// FLOAT cast to VARCHAR omits trailing zeros (5.000 gives '5'), and that a
// cast and a coercion both call TO_VARCHAR
// (https://docs.snowflake.com/en/sql-reference/data-type-conversion), so
// `1.50::VARCHAR` and `1.50 || ''` must agree.
func TestNumberToVarcharKeepsScale(t *testing.T) {
	db := open(t)
	var cast, concat, fn, float, avg, variant string
	err := db.QueryRow(`select 1.50::varchar, 1.50 || '', to_varchar(100::number(10,2)), 5.000::float::varchar,
		avg(x)::varchar, parse_json('5.000')::varchar from (values (1), (2)) t(x)`).Scan(&cast, &concat, &fn, &float, &avg, &variant)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][3]string{{"1.50::varchar", cast, "1.50"}, {"1.50 || ''", concat, "1.50"},
		{"to_varchar(100::number(10,2))", fn, "100.00"}, {"5.000::float::varchar", float, "5"},
		{"avg(x)::varchar", avg, "1.500000"}, {"parse_json('5.000')::varchar", variant, "5"}} {
		if c[1] != c[2] {
			t.Errorf("%s = %q, want %q", c[0], c[1], c[2])
		}
	}
}
