package snowlocal_test

import "testing"

// Numeric literals are exact NUMBERs of their own precision and scale.
// Expected values: the docs (functions/system_typeof: SYSTEM$TYPEOF(1) is
// NUMBER(1,0), (10000) NUMBER(5,0), (1e10) NUMBER(11,0); constructs/values:
// VALUES (3.469446951953614e-18), (115898.73) fails with 100039;
// functions/first_value: a VALUES column of 1.50, 3.00... prints 1.50,
// 3.00) and the independent, live-verified reference mlorek/frostlake
// (engine/src/main/java/dev/frostlake/types/NumericLiteralTypes.java: "live
// prints 1e20 back as 100000000000000000000 and 1e-3 as 0.001";
// .../types/NumericLiteralTypeTest.java: 100 NUMBER(3,0),
// 12345678901234567890 NUMBER(20,0), 0.05 NUMBER(3,2), .5 NUMBER(2,1),
// 1.5e2 NUMBER(3,0) holding 150, -1.5 NUMBER(2,1);
// .../functions/ValuesAndFlattenTypingTest.java: VALUES (1), (100000)
// NUMBER(6,0), (1.5), (2) NUMBER(2,1), (1.5), (200.25) NUMBER(5,2), (1,
// 'x'), (22, 'yyy') NUMBER(2,0), (-1), (99) NUMBER(2,0), (NULL), (1)
// NUMBER(1,0), "declared like a set operation's — the fold of its rows'
// expression types"; .../types/NumericLiteralTypeTest.java: a literal
// through a derived table into a created table keeps its type).

// TestNumericLiteralPrecisionThroughDriver checks the NUMBER(p,s) the result
// metadata gives literals, VALUES columns and set operations of them, and
// their values. Each reported NUMBER(38,0) before, an exponent a FLOAT.
func TestNumericLiteralPrecisionThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, intWidthSetup...)
	mustExec(t, db, "create table big (n number, m number(10,2))", "insert into big values (4, 1.5)")
	for _, tc := range []struct {
		q     string
		prec  int64
		scale int64
		want  string
	}{
		{"select 1", 1, 0, "1"},
		{"select 10000", 5, 0, "10000"},
		{"select 100 from t", 3, 0, "100"},
		{"select 12345678901234567890", 20, 0, "12345678901234567890"},
		{"select -7", 1, 0, "-7"}, // the sign is not a digit
		{"select 0.05", 3, 2, "0.05"},
		{"select .5", 2, 1, "0.5"},
		{"select -1.5", 2, 1, "-1.5"},
		// An exponent is a way of writing the NUMBER.
		{"select 1e10", 11, 0, "10000000000"},
		{"select 1.5e2", 3, 0, "150"},
		{"select 1e-3", 4, 3, "0.001"},
		{"select 1e20", 21, 0, "100000000000000000000"},
		{"select 1.5e2 / 7", 9, 6, "21.428571"}, // L1 3 + S2 0 + 6 (docs: Arithmetic operators); a FLOAT gave 21.428571428571427
		// Integer literal arithmetic (docs: a sum max(L1, L2) + 1 digits, a
		// product L1 + L2; the reference's VALUES (1 + 1), (2 * 3) is a
		// NUMBER(2,0)).
		{"select 1 + 1", 2, 0, "2"},
		{"select 2 * 3", 2, 0, "6"},
		{"select 2 * 3 + 1000", 5, 0, "1006"},
		{"select 271200 * 7919", 10, 0, "2147632800"},
		// Derived tables and CTEs keep the literal's type.
		{"select x from (select 7 x)", 1, 0, "7"},
		{"with q as (select 100 x) select x from q", 3, 0, "100"},
		{"select * from (select 7 x)", 1, 0, "7"},
		{"select x from (select 1 + 1 x)", 2, 0, "2"},
		// VALUES columns fold their rows.
		{"select * from values (1), (100000)", 6, 0, "100000"},
		{"select column1 from values (1), (100000)", 6, 0, "100000"},
		{"select $1 from values (1.5), (2)", 2, 1, "2.0"},
		{"select * from values (1.5), (200.25)", 5, 2, "200.25"},
		{"select * from values (-1), (99)", 2, 0, "99"},
		{"select * from values (null), (1) where column1 is not null", 1, 0, "1"},
		{"select column1 from values (1, 'x'), (22, 'yyy')", 2, 0, "22"},
		{"select * from values (1.50), (3.00)", 3, 2, "3.00"}, // the written scale (docs: FIRST_VALUE's example)
		// Renamed columns, as the reference writes them.
		{"select n from (values (1), (100000)) as v(n)", 6, 0, "100000"},
		{"select * from (values (1), (100000)) as v(n)", 6, 0, "100000"},
		{"select v from (values (-1), (99)) as t(v)", 2, 0, "99"},
		{"select t.v from (values (12345678901234567890123)) as t(v)", 23, 0, "12345678901234567890123"},
		{"select v + 1 from (values (1), (100000)) as t(v)", 7, 0, "100001"},
		{"select v from (values (1.5), (200.25)) as t(v)", 5, 2, "200.25"},
		// Set operations fold their branches the same way.
		{"select 7 union all select 100", 3, 0, "100"},
		{"select 1.5 union all select 200.25", 5, 2, "200.25"},
		{"select 1 union all select 1.5", 2, 1, "1.5"},
		{"select i from t union all select m from t", 38, 2, "1.50"}, // an INT is a NUMBER(38,0): 38 digits at most
		// A NUMBER(38,0) beside a NUMBER(10,2) keeps the scale (DuckDB's
		// fold dropped it: 1.5 was 2).
		{"select n from big union all select m from big", 38, 2, "1.50"},
	} {
		prec, scale, ok, got := decimalResult(t, db, tc.q)
		if !ok || prec != tc.prec || scale != tc.scale || got != tc.want {
			t.Errorf("%s: precision %d scale %d (%v) value %q, want precision %d scale %d value %q",
				tc.q, prec, scale, ok, got, tc.prec, tc.scale, tc.want)
		}
	}
	// The exponent is folded into the value, not a FLOAT's text.
	for q, want := range map[string]string{
		"select 1e2 || ''":       "100",
		"select 1e5 * 1e5":       "10000000000",
		"select sign(-1.35e-10)": "-1", // docs: SIGN
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q, %v, want %q", q, got, err, want)
		}
	}
	// The docs' VALUES example: the fold NUMBER(38,33) has no room for
	// 115898.73.
	if _, err := db.Exec("select column1 from values (3.469446951953614e-18), (115898.73)"); err == nil ||
		err.Error() != "100039 (22003): Numeric value '115898.73' is out of range" {
		t.Errorf("VALUES of an exponent literal and 115898.73: %v, want 100039 Numeric value '115898.73' is out of range", err)
	}
	// Beyond NUMBER's 38 digits or scale 37, or an exponent literal whose
	// scale neither source gives (1.50e1: 15.0 or 15?), and more than one
	// VALUES literal outside the fold: refused.
	for _, q := range []string{"select 1e38", "select 1e-38", "select 123456789012345678901234567890123456789",
		"select 1.50e1", "select 10e-1", "select column1 from values (1e-30), (123456789.5), (-123456789.5)",
		// DuckDB's fold of a NUMBER(38,0) column and an expression of
		// scale 2 would drop the scale (1.5 answered 2).
		"select n from big union all select m * 1 from big"} {
		wantRefused(t, db, q, "") // 002040
	}
	// A literal column stays an integer where it is a length.
	for q, want := range map[string]string{
		"select left('hello', column1) from values (2), (3) order by 1": "hel",
		"select left('hello', v) from (values (2)) as t(v)":             "he",
		"select left(s, x) from t, (select 2 x)":                        "he",
		"select 2 n, left('hello', n)":                                  "he",
	} {
		_, rows := queryRows(t, db, q)
		if got := rows[len(rows)-1][len(rows[0])-1]; got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// A created table and a view declare the literals' types.
	mustExec(t, db, "create table c as select 7 a, 0.05 b, 1e2 c, x d from (select 0.05 as x)",
		"create view v as select 1 a union all select 100")
	for obj, want := range map[string]map[string]string{
		"table c": {"A": "NUMBER(1,0)", "B": "NUMBER(3,2)", "C": "NUMBER(3,0)", "D": "NUMBER(3,2)"},
		"view v":  {"A": "NUMBER(3,0)"},
	} {
		got := describeTypes(t, db, "describe "+obj)
		for c, w := range want {
			if got[c] != w {
				t.Errorf("DESCRIBE %s %s = %q, want %q", obj, c, got[c], w)
			}
		}
	}
}
