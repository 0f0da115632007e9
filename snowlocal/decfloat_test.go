package snowlocal_test

import (
	"database/sql"
	"testing"
)

// TestDecfloatConversionThroughDriver checks TO_DECFLOAT and
// TRY_TO_DECFLOAT as whole select items: gosnowflake sees a DECFLOAT
// column whose values are the text of Snowflake's JSON result set (docs:
// to_decfloat, 1.1 and 2.2 from a DECIMAL(7,2) and a VARCHAR column;
// try_to_decfloat, 3.1415926 and NULL for 'Invalid'; gosnowflake v1.19.1
// driver_test.go TestDecfloat, JSON: 1e1 is 10, -2e3 is -2000, 1e100 is
// 1e100, -9.87654321E-250 is -9.87654321e-250, 38 digits print plainly;
// docs data-types-numeric: more than 38 digits are rounded half up).
func TestDecfloatConversionThroughDriver(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database decfloats",
		"CREATE OR REPLACE TABLE to_decfloat_demo (d DECIMAL(7, 2), v VARCHAR)",
		"INSERT INTO to_decfloat_demo (d, v) SELECT 1.1, '2.2'",
	)
	for q, want := range map[string][]string{
		"SELECT TO_DECFLOAT(d), TO_DECFLOAT(v) FROM to_decfloat_demo":                                                        {"1.1", "2.2"},
		"SELECT TRY_TO_DECFLOAT('3.1415926'), TRY_TO_DECFLOAT('Invalid')":                                                    {"3.1415926", "NULL"},
		"SELECT TO_DECFLOAT('0') a, TO_DECFLOAT('-1') b, TO_DECFLOAT('-1.5') c, TO_DECFLOAT('1e1') d, TO_DECFLOAT('-2e3') e": {"0", "-1", "-1.5", "10", "-2000"},
		"SELECT TO_DECFLOAT('1e100'), TO_DECFLOAT('-9.87654321E-250'), TO_DECFLOAT('-1.2345e2')":                             {"1e100", "-9.87654321e-250", "-123.45"},
		"SELECT TO_DECFLOAT('1.2345678901234567890123456789012345678e37')":                                                   {"12345678901234567890123456789012345678"},
		"SELECT TO_DECFLOAT('12345678901234567890123456789012345678.5'), TO_DECFLOAT('1.23e7002')":                           {"12345678901234567890123456789012345679", "1.23e7002"},
		"SELECT TO_DECFLOAT(NULL)": {"NULL"},
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		for _, ct := range cts {
			if got := ct.DatabaseTypeName(); got != "DECFLOAT" {
				t.Errorf("%s: column %s of type %s, want DECFLOAT", q, ct.Name(), got)
			}
		}
		if !rows.Next() {
			t.Fatalf("%s: no row", q)
		}
		vals := make([]sql.NullString, len(cts))
		ptrs := make([]any, len(cts))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rows.Close() // the session's one connection
		for i, v := range vals {
			got := v.String
			if !v.Valid {
				got = "NULL"
			}
			if got != want[i] {
				t.Errorf("%s: column %d is %s, want %s", q, i+1, got, want[i])
			}
		}
	}
}

// TestDecfloatRefusals checks that a DECFLOAT the engine would have to
// hold, compare or compute with, and what the sources leave open, is
// refused (002040).
func TestDecfloatRefusals(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database decfloat_refusals", "create table t (a varchar)")
	for _, tc := range []struct{ q, what string }{
		{"create table d (x DECFLOAT)", "data type DECFLOAT"},
		{"select '1.5'::DECFLOAT", "data type DECFLOAT"},
		{"select to_decfloat(1) + 1", "function TO_DECFLOAT"},
		{"select to_decfloat(1)::varchar", "function TO_DECFLOAT"},
		{"select to_decfloat(1) x order by x", "function TO_DECFLOAT"},
		{"select distinct to_decfloat(1)", "function TO_DECFLOAT"},
		{"select to_decfloat(1) union all select to_decfloat(2)", "function TO_DECFLOAT"},
		{"select * from (select to_decfloat(1) x)", "function TO_DECFLOAT"},
		{"create table c as select to_decfloat(1) x", "function TO_DECFLOAT"},
		{"insert into t select to_decfloat(1)", "function TO_DECFLOAT"},
		{"select to_decfloat('1', '9')", "with a format"},
		{"select to_decfloat(1.5::float)", "type DOUBLE"},
		{"select to_decfloat(true)", "type BOOLEAN"},
		{"select to_decfloat('abc')", "TO_DECFLOAT of the text 'abc'"},
		{"select try_to_decfloat(' 1')", "TRY_TO_DECFLOAT of the text ' 1'"},
		{"select try_to_decfloat('NaN')", "TRY_TO_DECFLOAT of the text 'NaN'"},
		{"select to_decfloat('-1.00000000000000000000000000000000000005')", "rounding a negative DECFLOAT value exactly halfway"},
		{"select to_decfloat('1.00000000000000000000000000000000000015')", "at most 38 digits but more than 38 characters"},
		{"select to_decfloat('1e-37')", "at most 38 digits but more than 38 characters"},
		{"select to_decfloat('1e16380')", "exponent limits"},
	} {
		_, err := queryRowsErrVector(db, tc.q)
		snowflakeError(t, err, 2040, tc.what)
	}
	// A DECFLOAT result the engine would hold to read again.
	mustExec(t, db, "select to_decfloat(1)")
	_, err := queryRowsErrVector(db, "select * from table(result_scan(last_query_id()))")
	snowflakeError(t, err, 2040, "a DECFLOAT value held by the local engine")
	_, err = queryRowsErrVector(db, "set v = to_decfloat(1)")
	snowflakeError(t, err, 2040, "DECFLOAT")
}
