package snowlocal_test

import (
	"reflect"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestResultTypesThroughDriver checks the Snowflake wire types the engine
// reports and the Go values gosnowflake builds from them.
func TestResultTypesThroughDriver(t *testing.T) {
	db := open(t)
	q := `select 12.50::number(10,2) as n, 7::int as i, 1.5::float as f, 'x'::string as s, true as b,
	  '2024-01-02'::date as d, '2024-01-02 03:04:05.123'::timestamp_ntz as ts,
	  parse_json('{"b":[1,2],"a":"x"}') as v, null::string as nul`
	_, types, rows := queryAll(t, db, q)
	wantTypes := []string{"FIXED", "FIXED", "REAL", "TEXT", "BOOLEAN", "DATE", "TIMESTAMP_NTZ", "VARIANT", "TEXT"}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Fatalf("types %v, want %v", types, wantTypes)
	}
	if rows[0][0] != "12.50" || rows[0][1] != "7" || rows[0][2] != "1.5" || rows[0][3] != "x" || rows[0][8] != "<null>" {
		t.Fatalf("values %q", rows[0])
	}
	var (
		b  bool
		d  time.Time
		ts time.Time
		v  string
	)
	if err := db.QueryRow(q).Scan(new(string), new(int), new(float64), new(string), &b, &d, &ts, &v, new(*string)); err != nil {
		t.Fatal(err)
	}
	if !b || !d.Equal(time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)) || !ts.Equal(time.Date(2024, 1, 2, 3, 4, 5, 123e6, time.UTC)) {
		t.Fatalf("scanned b=%v d=%v ts=%v", b, d, ts)
	}
	// VARIANT is JSON text with sorted keys, pretty-printed like Snowflake's.
	if v != "{\n  \"a\": \"x\",\n  \"b\": [\n    1,\n    2\n  ]\n}" {
		t.Fatalf("variant %q", v)
	}
}

// TestBindingsThroughDriver sends positional and array bindings of each type.
func TestBindingsThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database binds", "create table t(i int, s string, f float, b boolean, ts timestamp_ntz, d date)")
	when := time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
	r, err := db.Exec("insert into t values (?, ?, ?, ?, ?, ?)", 42, "it's", 2.25, true, when, when)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RowsAffected(); n != 1 {
		t.Fatalf("rows affected %d", n)
	}
	ints := []int{1, 2, 3}
	strs := []string{"a", "b", "c"}
	r, err = db.Exec("insert into t(i, s) values (?, ?)", sf.Array(&ints), sf.Array(&strs))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := r.RowsAffected(); n != 3 {
		t.Fatalf("array binding inserted %d rows, want 3", n)
	}
	var s string
	var f float64
	var b bool
	var ts, d time.Time
	if err := db.QueryRow("select s, f, b, ts, d from t where i = ?", 42).Scan(&s, &f, &b, &ts, &d); err != nil {
		t.Fatal(err)
	}
	if s != "it's" || f != 2.25 || !b || !ts.Equal(when) || d.Format("2006-01-02") != "2025-06-07" {
		t.Fatalf("got %q %v %v %v %v", s, f, b, ts, d)
	}
	_, _, rows := queryAll(t, db, "select listagg(s, ',') within group (order by i) from t where i < 10")
	if rows[0][0] != "a,b,c" {
		t.Fatalf("array-bound rows: %q", rows)
	}
}
