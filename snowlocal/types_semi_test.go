package snowlocal_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestIntegerLiteralArithmetic: integer literals are NUMBER(38,0) in
// Snowflake, so products and sums of literals past 32 (and 64) bits are
// exact. Expected values come from math/big, not from the engine.
func TestIntegerLiteralArithmetic(t *testing.T) {
	db := open(t)
	mul := func(a, b int64) string { return new(big.Int).Mul(big.NewInt(a), big.NewInt(b)).String() }
	cases := []struct{ q, want string }{
		{"select 271200 * 7919", mul(271200, 7919)},
		{"select -271200 * 7919", mul(-271200, 7919)},
		{"select 2147483647 + 1", "2147483648"},
		{"select 3037000500 * 3037000500", mul(3037000500, 3037000500)},
		{"select 100000 * 100000 * 100000 * 100000", "100000000000000000000"},
		{"select 7 * 6", "42"},
	}
	for _, c := range cases {
		_, types, rows := queryAll(t, db, c.q)
		if rows[0][0] != c.want || types[0] != "FIXED" {
			t.Errorf("%s = %s (%s), want %s (FIXED)", c.q, rows[0][0], types[0], c.want)
		}
	}
	// Literals next to other operands keep their typing: DATE + n still works.
	if _, _, rows := queryAll(t, db, "select '2024-01-30'::date + 2"); rows[0][0] != "2024-02-01T00:00:00Z" && rows[0][0] != "2024-02-01" {
		t.Errorf("date + 2 = %q", rows[0][0])
	}
}

// TestJSONNullThroughDriver: a JSON null at the top of a VARIANT result is
// the text null; SQL NULL is NULL; OBJECT and ARRAY columns are described as
// declared and keep their values.
func TestJSONNullThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database semi", "create table t (n int, v variant, o object, a array)",
		`insert into t select 1, parse_json('null'), object_construct('k', 1), array_construct(1, 2)`,
		`insert into t select 2, null, null, null`)
	_, _, rows := queryAll(t, db, "select n, v, o, a from t order by n")
	want := [][]string{{"1", "null", "{\n  \"k\": 1\n}", "[\n  1,\n  2\n]"}, {"2", "<null>", "<null>", "<null>"}}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d col %d = %q, want %q", i, j, rows[i][j], want[i][j])
			}
		}
	}
	_, _, rows = queryAll(t, db, "select column_name, data_type from information_schema.columns where table_name = 'T' order by ordinal_position")
	got := ""
	for _, r := range rows {
		got += r[0] + ":" + r[1] + " "
	}
	if got != "N:NUMBER V:VARIANT O:OBJECT A:ARRAY " {
		t.Errorf("information_schema.columns: %s", got)
	}
	// Result-set types: the static type of each item (more in
	// TestSemiResultTypesThroughDriver).
	for q, want := range map[string]string{
		"select n, v, o, a from t":             "FIXED VARIANT OBJECT ARRAY",
		"select * from t where n = 1":          "FIXED VARIANT OBJECT ARRAY",
		"select t.o as x, a from t order by n": "OBJECT ARRAY",
		"select o:k, to_variant(o) from t":     "VARIANT VARIANT",
		"select object_construct('a', 1) obj, array_construct(1, n) as arr, [1], {'k': 2}, parse_json('[]') from t": "OBJECT ARRAY ARRAY OBJECT VARIANT",
		"select array_agg(t.n) from t, t t2":        "ARRAY",
		"select o from t union all select o from t": "OBJECT",
	} {
		_, types, _ := queryAll(t, db, q)
		if got := strings.Join(types, " "); got != want {
			t.Errorf("%s: types %s, want %s", q, got, want)
		}
	}
	mustExec(t, db, "alter table t add column o2 object", "alter table t rename column o to o3")
	_, _, rows = queryAll(t, db, "desc table t")
	got = ""
	for _, r := range rows {
		got += r[0] + ":" + r[1] + " "
	}
	if got != "N:NUMBER(38,0) V:VARIANT O3:OBJECT A:ARRAY O2:OBJECT " {
		t.Errorf("desc table: %s", got)
	}
}

// TestQuotedColumnCase: a quoted column name must match the column's case
// exactly (000904 otherwise); aliases the statement defines still resolve.
func TestQuotedColumnCase(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database q", `create table t (x int, "MixedCase" int, ts int, v variant)`,
		`insert into t select 1, 2, 3, parse_json('{"ts": 4, "a": {"ts": 5}}')`)
	for _, q := range []string{`select "mixedcase" from t`, `select t."MIXEDCASE" from t`, `select x from t where "x" = 1`} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 904 {
			t.Errorf("%s: want 000904, got %v", q, err)
		}
	}
	for _, q := range []string{`select "MixedCase", "X" from t`, `select x as "x" from t order by "x"`,
		`select "x" from (select x "x" from t)`, `select * from "T"`, `select v:"ts", v:a."ts" from t`} {
		if _, err := db.Exec(q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
}
