package snowlocal_test

import "testing"

// A remainder's NUMBER type. The docs say only that MOD "Returns either an
// integer or a fixed-point decimal number" (https://docs.snowflake.com/en/
// sql-reference/functions/mod). The precisions and scales below are the
// independent reference's live-verified SYSTEM$TYPEOF measurements
// (mlorek/frostlake engine/src/test/java/dev/frostlake/functions/
// RemainderStorageTagTest.java and TextArithmeticTypingTest.java): over
// columns the remainder has the operands' widest integer digits and widest
// scale (MOD(n, b) of a NUMBER(10,2) and a NUMBER(18,0) is a NUMBER(20,2),
// MOD(n, 7) a NUMBER(10,2), an integer literal counting its own digits, a
// text column its NUMBER(18,5)); of two constants, at least two integer
// digits (MOD(5, 2) is a NUMBER(2,0), MOD(2.5, 2) a NUMBER(3,1), MOD(12345,
// 2) a NUMBER(5,0)). DuckDB typed an integer literal as a 10-digit INTEGER
// (MOD(s, 3) of a NUMBER(5,0) was a NUMBER(10,0)) and a remainder of two
// literals as NUMBER(38,0).
func TestRemainderTypes(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database rem",
		"create table tn (n number(10,2), b number(18,0), i integer)",
		"insert into tn values (1.50, 5, 3), (2.50, 6, 4)",
		"create table ta (t varchar(10), n number(10,2), i integer, s number(5,0))",
		"insert into ta select '5', 2.50, 3, 12345",
	)
	for _, c := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		// RemainderStorageTagTest (the declared type; the row 2.50, 6, 4).
		{"select n % 3 from tn where b = 6", 10, 2, "2.50"},
		{"select mod(n, 7) from tn where b = 6", 10, 2, "2.50"},
		{"select mod(7, n) from tn where b = 6", 10, 2, "2.00"},
		{"select mod(n, 1000) from tn where b = 6", 10, 2, "2.50"},
		{"select mod(1000, n) from tn where b = 6", 10, 2, "0.00"},
		{"select mod(n, 100000) from tn where b = 6", 10, 2, "2.50"},
		{"select mod(n, -7) from tn where b = 6", 10, 2, "2.50"},
		{"select mod(n, b) from tn where b = 6", 20, 2, "2.50"},
		{"select mod(b, n) from tn where b = 6", 20, 2, "1.00"},
		{"select mod(b, 7) from tn where b = 6", 18, 0, "6"},
		{"select mod(7, b) from tn where b = 6", 18, 0, "1"},
		{"select mod(n, n) from tn where b = 6", 10, 2, "0.00"},
		{"select mod(b, 1000) from tn where b = 6", 18, 0, "6"},
		{"select mod(i, 2) from tn where b = 6", 38, 0, "0"},
		{"select mod(i, 1000) from tn where b = 6", 38, 0, "4"},
		{"select mod(1000, i) from tn where b = 6", 38, 0, "0"},
		{"select mod(i, b) from tn where b = 6", 38, 0, "4"},
		{"select mod(b, i) from tn where b = 6", 38, 0, "2"},
		{"select i % 3 from tn where b = 6", 38, 0, "1"},
		{"select mod('5', n) from ta", 10, 2, "0.00"},
		// Two constants (RemainderStorageTagTest, TextArithmeticTypingTest).
		{"select mod(12345, 2)", 5, 0, "1"},
		{"select mod(5, 2)", 2, 0, "1"},
		{"select 5 % 2", 2, 0, "1"},
		{"select mod(2.5, 2)", 3, 1, "0.5"},
		{"select mod('5', 2)", 2, 0, "1"},
		{"select mod('2.5', 2)", 3, 1, "0.5"},
		{"select mod('12345', 2)", 5, 0, "1"},
		{"select mod(2, '5')", 2, 0, "2"},
		{"select mod('5', 12345)", 5, 0, "5"},
		{"select t::number(18,5) % 2 from ta", 18, 5, "1.00000"},
		{"select t::number(18,5) % n from ta", 18, 5, "0.00000"},
		// The rule over a narrower integer column (5 integer digits).
		{"select s % 3 from ta", 5, 0, "0"},
		{"select mod(s, 123456) from ta", 6, 0, "12345"},
	} {
		if _, err := db.Exec(c.q); err != nil { // (lastDecimalResult stops the test at the first error)
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != c.scale || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,%d)", c.q, got, prec, scale, ok, c.want, c.prec, c.scale)
		}
	}
	mustExec(t, db, "create table ct as select mod(s, 7) as k, mod(tn.n, b) as m from ta, tn where b = 5")
	for col, want := range map[string]string{"K": "NUMBER(5,0)", "M": "NUMBER(20,2)"} {
		if got := queryOne(t, db, "select data_type || '(' || numeric_precision || ',' || numeric_scale || ')' from information_schema.columns where table_name = 'CT' and column_name = '"+col+"'"); got != want {
			t.Errorf("CTAS column %s is %s, want %s", col, got, want)
		}
	}
	if got := queryOne(t, db, "select m from ct"); got != "1.50" {
		t.Errorf("CTAS MOD(n, b) holds %s, want 1.50", got)
	}
	// A text column in arithmetic reads as a NUMBER(18,5) rounded to five
	// decimals, refused where it does not read (TextArithmeticTypingTest):
	// the local engine refuses text columns in arithmetic, MOD and % too;
	// and an operator's text literal ('5' % 2), which MOD reads.
	for _, q := range []string{
		"select t % 2 from ta",
		"select mod(t, n) from ta",
		"select mod(n, t) from ta",
		"select t % n from ta",
		"select '5' % 2",
		"select mod('1e2', 7)",
		"select mod(' 5', 7)",
	} {
		wantRefused(t, db, q, "")
	}
}

// TestRemainderTypeUnmeasured: a remainder over columns whose widest
// integer digits are fewer than two has no measured type (of constants it
// has two; over columns the reference measured only wider ones), so it is
// refused as a result column and answers inside an expression.
func TestRemainderTypeUnmeasured(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database remu",
		"create table t (d number(1,0), f number(3,2))",
		"insert into t values (7, 1.25)",
	)
	for _, q := range []string{
		"select d % 3 from t",
		"select mod(f, 1) from t",
		"select mod(f, 0.5) from t",
	} {
		wantRefused(t, db, q, "remainder")
	}
	if got := queryOne(t, db, "select d % 3 = 1 from t"); got != "1" {
		t.Errorf("d %% 3 = 1 is %s, want TRUE", got)
	}
	if got := queryOne(t, db, "select (mod(f, 0.5))::varchar from t"); got != "0.25" {
		t.Errorf("MOD(f, 0.5)::VARCHAR is %s, want 0.25", got)
	}
}
