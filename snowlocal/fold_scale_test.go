package snowlocal_test

import (
	"database/sql"
	"fmt"
	"testing"
)

// TestConditionalFoldKeepsScale: a conditional's results are presented
// "converted to the fold", an exact NUMBER beside a wider one "at the
// folded scale" (COALESCE(i, n) over an INT and a NUMBER(10,2) is 1.00:
// mlorek/frostlake docs/functions.md, "What a conditional's fold presents",
// live-verified), so the fold keeps the widest scale even where the widest
// integer digits plus that scale pass 38 (a NUMBER is a NUMBER(38,0)).
// DuckDB's fold cut the scale there: 1.5 beside a NUMBER(38,0) answered 2.
// Where a result's type shows only as DuckDB binds the statement (a SUM,
// a product), such a fold is refused (002040).
func TestConditionalFoldKeepsScale(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database fold",
		"create table u (a number, b number(10,2), i int, e number(38,2), f number(20,0))",
		"insert into u values (3, 1.5, 4, 1.25, 7)")
	wantFirstCells(t, db, []queryCell{
		{"select coalesce(i, b) from u", "4.00"}, // the reference's example
		{"select coalesce(a, b) from u", "3.00"},
		{"select coalesce(null, b, a) from u", "1.50"},
		{"select nvl(a, b) from u", "3.00"},
		{"select ifnull(b, a) from u", "1.50"},
		{"select coalesce(a, 1.5) from u", "3.0"},
		{"select case when a > 5 then a else b end from u", "1.50"},
		{"select case a when 3 then b else a end from u", "1.50"},
		{"select case when a > 5 then a else 0.25 end from u", "0.25"},
		{"select iff(a > 5, a, b) from u", "1.50"},
		{"select iff(a > 5, e, a) from u", "3.00"},
		{"select nvl2(b, b, a) from u", "1.50"},
		{"select decode(a, 4, a, b) from u", "1.50"},
		{"select decode(a, 3, b, a) from u", "1.50"},
		{"select least(a, b) from u", "1.50"},
		{"select greatest(a, b) from u", "3.00"},
		{"select iff(a > 5, f, 0.125) from u", "0.125"},
		{"select lag(a, 1, 1.5) over (order by a) from u", "1.5"}, // the default is a branch
		{"select lead(b, 1, a) over (order by a) from u", "3.00"},
		// Folds within 38 digits keep their values, as before.
		{"select coalesce(b, 0) from u", "1.50"},
		{"select iff(a > 5, i, 1.25) from u", "1.25"},
	})
	wantAllRefused(t, db, "more than 38",
		"select iff(max(a) > 5, sum(a), 1.25) from u",
		"select coalesce(a * 10, b) from u",
		"select case when max(a) > 5 then sum(a) else min(b) end from u",
	)
}

// TestSetOperationFoldKeepsScale: a set operation's column of exact NUMBERs
// folds as a conditional's (TestConditionalFoldKeepsScale): the widest
// scale is kept, where DuckDB cut it (1.50 beside a NUMBER(38,0) answered
// 2). Items whose types show only as DuckDB binds the statement are
// refused (002040) where the fold would cut their scale, or where they
// carry a scale beside another such item (no branch sees another's type).
func TestSetOperationFoldKeepsScale(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database setfold",
		"create table u (a number, b number(10,2), i int)",
		"insert into u values (3, 1.5, 4)")
	for _, tc := range []struct {
		q    string
		want [][]string
	}{
		{"select a from u union all select b from u", [][]string{{"3.00"}, {"1.50"}}},
		{"select b from u union all select a from u", [][]string{{"1.50"}, {"3.00"}}},
		{"select a from u union all select 1.5", [][]string{{"3.0"}, {"1.5"}}},
		{"select a, b from u union all select b, a from u", [][]string{{"3.00", "1.50"}, {"1.50", "3.00"}}},
		{"select a from u intersect select 3.00", [][]string{{"3.00"}}},
		{"select i from u union all select b from u", [][]string{{"4.00"}, {"1.50"}}}, // an INT is a NUMBER(38,0): NUMBER(38,2)
		{"select a from u union all select 1", [][]string{{"3"}, {"1"}}},
	} {
		_, rows := queryRows(t, db, tc.q)
		if fmt.Sprint(rows) != fmt.Sprint(tc.want) {
			t.Errorf("%s = %v, want %v", tc.q, rows, tc.want)
		}
	}
	wantAllRefused(t, db, "more than 38",
		"select sum(a) from u union all select b from u",
		"select sum(i) from u union all select sum(b) from u",
		"select a * 2 from u union all select 0.5",
	)
}

// TestRemainderKeepsScale: MOD and % of NUMBERs are exact in Snowflake;
// DuckDB brought both operands to one type first and cut the divisor's
// scale where the dividend's integer digits and the divisor's scale pass
// 38 (12345678901234567890123 % 2.5 answered 0, where 2.5 *
// 4938271560493827156049 leaves 0.5). Where an operand's type shows only as
// DuckDB binds the statement, such a remainder is refused (002040). (As a
// result column, a remainder with a scale is refused: its type is not
// documented, intwidth_leftovers_test.go; cast, the values are checked.)
func TestRemainderKeepsScale(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database modfold",
		"create table u (a number, b number(10,2), i int)",
		"insert into u values (12345678901234567890123, 2.5, 4)")
	wantFirstCells(t, db, []queryCell{
		{"select (a % 2.5)::number(38, 1) from u", "0.5"},
		{"select mod(a, 2.5)::number(38, 1) from u", "0.5"},
		{"select mod(a, b)::number(38, 2) from u", "0.50"},
		{"select (-a % 2.5)::number(38, 1) from u", "-0.5"},
		{"select (a % -2.5)::number(38, 1) from u", "0.5"},
		{"select a % 7 from u", "3"}, // 12345678901234567890123 = 7 * 1763668414462081127160 + 3
		{"select (i % 1.5)::number(38, 1) from u", "1.0"},
	})
	wantAllRefused(t, db, "more than 38", "select (sum(a) % 2.5)::float from u", "select mod(a * 2, 0.5)::float from u",
		"select (a * 1 % 2.5)::float from u")
}

// TestConditionalFoldType: a conditional of exact NUMBERs with a scale is
// the fold of its results' Snowflake types, the most integer digits plus
// the largest scale, at most 38 (the reference's "What a conditional's fold
// presents": IFF(TRUE, 123.45, 1) is NUMBER(5,2)), an integer literal
// counting its own digits (docs: SYSTEM$TYPEOF(10000) is NUMBER(5,0)) and
// an INT column 38. DuckDB counted an integer literal's 10 digits:
// COALESCE(m, 0) of a NUMBER(10,2) reported NUMBER(12,2).
func TestConditionalFoldType(t *testing.T) {
	db := open(t)
	mustExec(t, db, intWidthSetup...)
	wantDecimals(t, db, []decimalCase{
		{"select iff(true, 123.45, 1)", 5, 2, "123.45"}, // the reference's example
		{"select least(123.45, 200)", 5, 2, "123.45"},   // the reference's example
		{"select coalesce(m, 0) from t", 10, 2, "1.50"},
		{"select zeroifnull(m) from t", 10, 2, "1.50"},
		{"select iff(i > 0, m, 100) from t", 10, 2, "1.50"},
		{"select case when i > 0 then m else 0 end from t", 10, 2, "1.50"},
		{"select nvl(m, i) from t", 38, 2, "1.50"}, // COALESCE(i, n) is 1.00: an INT beside a NUMBER(10,2)
		// Results that are all integer literals fold to the widest literal
		// (the fold above; SYSTEM$TYPEOF(1) is NUMBER(1,0), docs), and the
		// docs' arithmetic rules and the reference's SUM (p + 12) count
		// that precision: DuckDB's INTEGER was a NUMBER(38,0) throughout.
		{"select iff(i > 0, 1, 2) from t", 1, 0, "1"},
		{"select case when i > 0 then 10 else 200 end from t", 3, 0, "10"},
		{"select case i when 3 then 10 when 4 then 5 end from t", 2, 0, "10"},
		{"select decode(i, 3, 10, 20) from t", 2, 0, "10"},
		{"select greatest(1, 22, 333) from t", 3, 0, "333"},
		{"select iff(i > 0, 1, null) from t", 1, 0, "1"},
		{"select sum(iff(i > 0, 1, 0)) from t", 13, 0, "1"},
		{"select sum(case when i > 0 then 1 else 0 end) from t", 13, 0, "1"},
		{"select iff(i > 0, 1, 2) + 1 from t", 2, 0, "2"},               // max(L1, L2) + 1
		{"select iff(i > 0, 1, 2) / 3 from t", 7, 6, "0.333333"},        // L1 + S2 + S, S = 6
		{"select m * iff(i > 0, 1, 2) from t", 11, 2, "1.50"},           // L1 + L2 + S
		{"select (1 + 1) * 2", 3, 0, "4"},                               // (1 + 1) is NUMBER(2,0)
		{"select -(1 + 1)", 2, 0, "-2"},                                 // a negated NUMBER keeps its type
		{"select x from (select iff(i > 0, 1, 2) x from t)", 1, 0, "1"}, // a derived column keeps its type
	})
}

// decimalCase is a query and the NUMBER(prec, scale) of its first column
// and its last row's value, as gosnowflake reports them.
type decimalCase struct {
	q           string
	prec, scale int64
	want        string
}

// wantDecimals runs each case (decimalResult) and compares.
func wantDecimals(t *testing.T, db *sql.DB, cases []decimalCase) {
	t.Helper()
	for _, tc := range cases {
		prec, scale, ok, got := decimalResult(t, db, tc.q)
		if !ok || prec != tc.prec || scale != tc.scale || got != tc.want {
			t.Errorf("%s: precision %d scale %d (%v) value %q, want precision %d scale %d value %q",
				tc.q, prec, scale, ok, got, tc.prec, tc.scale, tc.want)
		}
	}
}

// queryCell is a query and the text of its first row's first cell.
type queryCell struct{ q, want string }

// wantFirstCells runs each query and compares its first cell.
func wantFirstCells(t *testing.T, db *sql.DB, cases []queryCell) {
	t.Helper()
	for _, tc := range cases {
		_, rows := queryRows(t, db, tc.q)
		if got := rows[0][0]; got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// wantAllRefused asserts that each query is refused with 002040 naming part.
func wantAllRefused(t *testing.T, db *sql.DB, part string, qs ...string) {
	t.Helper()
	for _, q := range qs {
		wantRefused(t, db, q, part)
	}
}

// TestFullJoinUsingFold: a FULL or RIGHT join's USING column merges both
// tables' columns (the fold of their types in Snowflake); DuckDB's merged
// column of a NUMBER(38,0) key and a NUMBER(10,2) one showed 2.50 as 3. Such
// a join is refused (002040); keys whose fold fits 38 digits answer.
func TestFullJoinUsingFold(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database usingfold",
		"create table u (a number, k number(10,2))", "insert into u values (3, 3)",
		"create table w (a number(10,2), k number(12,2))", "insert into w values (2.5, 2.5)")
	wantAllRefused(t, db, "FULL or RIGHT join USING",
		"select a from u full outer join w using (a)",
		"select a from u right join w using (a)")
	_, rows := queryRows(t, db, "select k from u full outer join w using (k) order by k")
	if fmt.Sprint(rows) != "[[2.50] [3.00]]" {
		t.Errorf("FULL JOIN USING (k) = %v, want [[2.50] [3.00]]", rows)
	}
}

// TestFoldOfExpressionsType checks the NUMBER(p,s) of folds whose items are
// expressions rather than literals or columns: a set operation's column is
// "the fold of its branches' types" and a derived table's or scalar
// subquery's column keeps its item's type (mlorek/frostlake
// ValuesAndFlattenTypingTest and DerivedItemTypeTest, an independent
// reference compared with the account); a conditional folds to the widest
// integer digits and scale ("What a conditional's fold presents"), an
// integer literal counting its own digits (SYSTEM$TYPEOF(1) is NUMBER(1,0),
// docs), MAX has "the same data type as the input values" (docs) and a
// unary minus keeps its operand's type (the reference). DuckDB typed each
// of these as its own fold of INTEGERs and BIGINTs: 10, 19 or 38 digits.
func TestFoldOfExpressionsType(t *testing.T) {
	db := open(t)
	mustExec(t, db, intWidthSetup...)
	wantDecimals(t, db, []decimalCase{ // the last row's value
		{"select iff(i > 0, 1, 2) from t union all select 100", 3, 0, "100"},
		{"select 1 + 1 union all select 5", 2, 0, "5"},
		{"select -length(s) from t union all select 5", 18, 0, "5"},
		{"select x from (select length(s) x from t) union all select 1", 18, 0, "1"},
		{"select x from (select 1 x union all select 22)", 2, 0, "22"},
		{"select * from (select 1 x union all select 22)", 2, 0, "22"},
		{"select (select iff(i > 0, 1, 2) from t)", 1, 0, "1"},
		{"select (select max(length(s)) from t)", 18, 0, "5"},
		{"select $1 from (values (1), (22))", 2, 0, "22"},
		{"select column1 from (values (1), (length('abc')))", 18, 0, "3"}, // a VALUES column folds as a set operation's
		{"select coalesce(max(m), 0) from t", 10, 2, "1.50"},
		{"select coalesce(min(m), 100) from t", 10, 2, "1.50"},
		{"select iff(i > 0, max(m), 0) from t group by i", 10, 2, "1.50"},
		{"select nvl(max(i), 0) from t", 38, 0, "3"}, // MAX of an INT column is a NUMBER(38,0)
	})
}

// TestGuardedFoldOfSmallNumbers: where only DuckDB sees a result's type
// (MAX of a column, a derived table's column), an integer literal beside it
// still counts its own digits, as TestConditionalFoldType's fold does
// (mlorek/frostlake docs/functions.md, "What a conditional's fold
// presents", live-verified; docs: SYSTEM$TYPEOF(10000) is NUMBER(5,0); the
// sum's max(L1, L2) + 1 digits: docs, "Arithmetic operators"):
// COALESCE(MAX(n), 0) of a NUMBER(3,2) is a NUMBER(3,2). DuckDB's TINYINT
// counted 3 integer digits (a NUMBER(5,2)).
func TestGuardedFoldOfSmallNumbers(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database smallfold",
		"create table f (n number(3,2), k number(2,0), b int, w number(12,4))",
		"insert into f values (1.25, 12, 5, 3.5)")
	wantDecimals(t, db, []decimalCase{
		{"select coalesce(max(n), 0) from f", 3, 2, "1.25"},
		{"select zeroifnull(max(n)) from f", 3, 2, "1.25"},
		{"select coalesce(max(k), 0) from f", 2, 0, "12"},
		{"select iff(max(n) > 1, max(n), 10) from f", 4, 2, "1.25"},
		{"select case when max(n) > 1 then max(n) else -5 end from f", 3, 2, "1.25"},
		{"select nvl(max(n), 100) from f", 5, 2, "1.25"},
		{"select coalesce(x, 0) from (select max(n) x from f)", 3, 2, "1.25"},
		{"select coalesce(max(n), 0) + 0 from f", 4, 2, "1.25"}, // max(L1, L2) + 1
		{"select coalesce(max(w), 0) from f", 12, 4, "3.5000"},
		{"select coalesce(max(b), 0) from f", 38, 0, "5"}, // an INT is NUMBER(38,0)
	})
}
