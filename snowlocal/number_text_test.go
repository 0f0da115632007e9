package snowlocal_test

import "testing"

// TestNumberToVarcharKeepsScale: a NUMBER(p,s) cast to VARCHAR keeps its s
// fraction digits, as its concatenation does: the docs say only that a
// FLOAT cast to VARCHAR omits trailing zeros (5.000 gives '5'), and that a
// cast and a coercion both call TO_VARCHAR
// (https://docs.snowflake.com/en/sql-reference/data-type-conversion), so
// `1.50::VARCHAR` and `1.50 || ”` must agree.
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

// TestStringComparedWithNumber: a string compared with a fixed-point number
// is converted to a number (docs: Data type conversion, usage notes; a
// literal keeps its own scale, by the independent, live-verified reference
// mlorek/frostlake docs/operators.md), so 18 = '17.5' is FALSE where DuckDB,
// casting the string to the INTEGER, would round it to 18; a string compared
// with a string stays a string comparison ('1.5' = '1.50' is FALSE). The
// same literal beside a number among a COALESCE's, IFF's, GREATEST's or
// CASE's results is that number (docs: COALESCE('17', 1) converts '17'),
// where DuckDB would cast it to the INTEGER of 1 and answer 3.
// (A BOOLEAN scans as 1 or 0.)
func TestStringComparedWithNumber(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sn", "create table t (i int, n number(10,2), v varchar)",
		"insert into t values (18, 17.50, '17.5')")
	for q, want := range map[string]string{
		"select 18 = '17.5'":                                   "0",
		"select '17.5' = 18":                                   "0",
		"select 17 < '17.5'":                                   "1",
		"select 19 between '17.5' and '18.5'":                  "0",
		"select 19 not between '17.5' and '18.5'":              "1",
		"select i = '17.5' from t":                             "0",
		"select i > '17.5' from t":                             "1",
		"select n = '17.5' from t":                             "1",
		"select v = '17.5' from t":                             "1",
		"select v = '17.50' from t":                            "0",
		"select 18 in ('17.5', 3)":                             "0",
		"select 18 not in ('17.5')":                            "1",
		"select i in ('17.5') from t":                          "0",
		"select v in ('17.5', '2') from t":                     "1",
		"select coalesce('2.5', 1)":                            "2.5",
		"select greatest(1, '2.5')":                            "2.5",
		"select iff(true, '2.5', 1)":                           "2.5",
		"select case when true then '2.5' else 1 end":          "2.5",
		"select case when true then '2.5' else 'x' end":        "2.5",
		"select '1.5' = '1.50'":                                "0",
		"select 2 = '2'":                                       "1",
		"select (select count(*) from t where i <> '17.5')":    "1",
		"select count(*) from t where i between '17.5' and 18": "1",
	} {
		if got := queryOne(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}
