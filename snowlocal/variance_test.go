package snowlocal_test

import (
	"math"
	"strconv"
	"testing"
)

// TestVarianceOfNumbers checks VAR_POP/VAR_SAMP and STDDEV_POP of fixed-point
// NUMBERs against the docs' examples: a NUMBER(38, min(12, 2s + 6)) variance
// (docs: var_pop, "The data type of the returned value is NUMBER"; its
// DECIMAL(10,2) example prints 54.6875000000 and 96.2222222222; var_samp
// 72.9166666667 and 144.3333333333; the scale rule is mlorek/frostlake's,
// live-verified), and a deviation that is the root of that rounded variance
// (docs: stddev_pop of the INTEGERs 6, 10, 14 is 3.265986375, the root of
// 10.666667; the exact root would be 3.2659863237).
func TestVarianceOfNumbers(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database var_db",
		"create table aggr (k int, v decimal(10,2), v2 decimal(10, 2))",
		"insert into aggr values (1, 10, null), (2, 10, 11), (2, 20, 22), (2, 25, null), (2, 30, 35)",
		"create table t1 (c1 integer)",
		"insert into t1 (c1) values (6), (10), (14)")
	rows, err := db.Query("select var_pop(v), var_pop(v2), var_samp(v), var_samp(v2) from aggr where k = 2")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	for _, c := range cts {
		if p, s, ok := c.DecimalSize(); !ok || p != 38 || s != 10 || c.DatabaseTypeName() != "FIXED" {
			t.Errorf("%s: %s(%d,%d), want NUMBER(38,10)", c.Name(), c.DatabaseTypeName(), p, s)
		}
	}
	var got [4]string
	if !rows.Next() {
		t.Fatal("no row")
	}
	if err := rows.Scan(&got[0], &got[1], &got[2], &got[3]); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if want := [4]string{"54.6875000000", "96.2222222222", "72.9166666667", "144.3333333333"}; got != want {
		t.Errorf("variances %q, docs %q", got, want)
	}
	var one, samp1 any
	if err := db.QueryRow("select var_pop(v), var_samp(v) from aggr where k = 1").Scan(&one, &samp1); err != nil {
		t.Fatal(err)
	}
	if one != "0.0000000000" || samp1 != nil {
		t.Errorf("one row: var_pop %v, var_samp %v; docs 0.0000000000 and NULL", one, samp1)
	}
	var v, sd string
	if err := db.QueryRow("select var_pop(c1), stddev_pop(c1) from t1").Scan(&v, &sd); err != nil {
		t.Fatal(err)
	}
	f, err := strconv.ParseFloat(sd, 64)
	if v != "10.666667" || err != nil || math.Abs(f-3.265986375) > 1e-9 {
		t.Errorf("var_pop %q, stddev_pop %q; want 10.666667 (scale 6) and 3.265986375 (docs)", v, sd)
	}
	// The aliases, of a NUMBER and of a FLOAT (DuckDB has neither name).
	var vp, vs string
	var fp float64
	if err := db.QueryRow("select variance_pop(c1), variance_samp(c1), variance_pop(c1::float) from t1").Scan(&vp, &vs, &fp); err != nil {
		t.Fatal(err)
	}
	if vp != "10.666667" || vs != "16.000000" || math.Abs(fp-32.0/3) > 1e-9 {
		t.Errorf("variance_pop %q, variance_samp %q, of a FLOAT %v", vp, vs, fp)
	}
	// A window: each row's frame is the partition.
	var w string
	if err := db.QueryRow("select var_samp(v) over (partition by k) from aggr where k = 2 limit 1").Scan(&w); err != nil {
		t.Fatal(err)
	}
	if w != "72.9166666667" {
		t.Errorf("var_samp over a window: %q, want 72.9166666667", w)
	}
}

// TestPercentileDiscOfText: Snowflake's PERCENTILE_DISC converts a text to
// numbers (mlorek/frostlake docs/functions.md, live-verified), where
// DuckDB's would order the texts ('10' before '9') and answer one of them:
// refused as a text is read; of numbers it answers as before.
func TestPercentileDiscOfText(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pct_db", "create table p (n int, s varchar)",
		"insert into p values (9, '9'), (10, '10'), (11, '11')")
	if got := queryValue(t, db, "select percentile_disc(0.5) within group (order by n) from p"); got != "10" {
		t.Errorf("percentile_disc of numbers: %s, want 10", got)
	}
	wantRefused(t, db, "select percentile_disc(0.5) within group (order by s) from p", "PERCENTILE_DISC of a text")
}
