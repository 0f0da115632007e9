package snowlocal_test

import "testing"

// TestSetOperationFamilyMixRefused: a set operation's column that mixes no
// text but two of NUMBER, FLOAT, BOOLEAN, DATE, TIME and timestamp took
// DuckDB's common type (a DATE beside a TIMESTAMP came out a TIMESTAMP, a
// DATE beside a NUMBER failed with a DuckDB cast message). The docs give
// none of those columns' types (docs: Set operators, "Make sure that the
// data type of each column is consistent across the rows from different
// sources"), so each is refused (002040): while the statement is
// rewritten where the rewriter sees both families, as DuckDB binds it
// (rows or none) where it sees one only there.
func TestSetOperationFamilyMixRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sfm",
		"create table t (d date, ts timestamp_ntz, n number(10,2), i int, f float, tm time, b boolean)",
		"insert into t values ('2024-01-31', '2024-01-31 10:00:00', 1.5, 3, 2.5, '10:00:00', true)")
	for q, part := range map[string]string{
		"select d from t union all select ts from t":                                           "UNION of a DATE and a TIMESTAMP",
		"select d from t union select n from t":                                                "UNION of a DATE and a NUMBER",
		"select i from t except select d from t":                                               "EXCEPT of a NUMBER and a DATE",
		"select n from t union all select f from t":                                            "UNION of a NUMBER and a FLOAT",
		"select b from t intersect select i from t":                                            "INTERSECT of a BOOLEAN and a NUMBER",
		"select tm from t union all select ts from t":                                          "UNION of a TIME and a TIMESTAMP",
		"select dateadd(day, 1, d) from t union all select ts from t":                          "UNION of a DATE and a TIMESTAMP",
		"select x from (select d as x from t) union all select ts from t":                      "UNION of a DATE and a TIMESTAMP",
		"select date_trunc('month', x) from (select ts as x from t) union all select d from t": "UNION of a TIMESTAMP and a DATE",
		// An item whose type only DuckDB sees, beside a known family.
		"select d + 1 from t union all select ts from t":                 "of two of number, float, boolean, date, time and timestamp",
		"select d + 1 from t where false union all select ts from t":     "of two of number, float, boolean, date, time and timestamp",
		"select n from t union all select x from (select f as x from t)": "UNION of a NUMBER and a FLOAT",
		// A column none of whose items' types the rewriter sees: a DATE,
		// TIME, timestamp, BOOLEAN or FLOAT among them might be beside
		// another family (no branch sees another's type).
		"select d + 1 from t union all select d + 2 from t":             "of a text, float, boolean, date, time or timestamp beside columns",
		"select power(f, 2) from t union all select power(i, 2) from t": "of a text, float, boolean, date, time or timestamp beside columns",
	} {
		wantRefused(t, db, q, part)
	}
	// Such a column of fixed-point numbers answers.
	_, rows := queryRows(t, db, "select bitand(i, 3) from t union all select bitor(i, 1) from t")
	if got := fmtRows(rows); got != "3|3" {
		t.Errorf("a column of unknown integers: %s, want 3|3", got)
	}
}

// TestDateAddOfUntypedDateIsDate: DATEADD by a day or larger of a DATE
// "returns a DATE value" (docs: DATEADD, Returns). Of a DATE whose type the
// rewriter does not see (a derived table's column) DuckDB's date plus
// interval made a TIMESTAMP, also as a set operation's item beside a DATE
// (whose column came out a TIMESTAMP); by the hour it stays a TIMESTAMP.
func TestDateAddOfUntypedDateIsDate(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database dau",
		"create table t (d date, ts timestamp_ntz)",
		"insert into t values ('2024-01-31', '2024-01-31 10:00:00')")
	for q, want := range map[string]string{
		// Values as gosnowflake scans them into a string.
		"select dateadd(day, 1, x) from (select d as x from t)":                                      "DATE 2024-02-01T00:00:00Z",
		"select dateadd(month, 1, x) from (select d as x from t)":                                    "DATE 2024-02-29T00:00:00Z",
		"select dateadd(day, 1, dateadd(day, 1, x)) from (select d as x from t)":                     "DATE 2024-02-02T00:00:00Z",
		"select dateadd(hour, 1, x) from (select d as x from t)":                                     "TIMESTAMP_NTZ 2024-01-31T01:00:00Z",
		"select dateadd(day, 1, x) from (select ts as x from t)":                                     "TIMESTAMP_NTZ 2024-02-01T10:00:00Z",
		"select dateadd(day, 1, x) from (select d as x from t) union all select d from t order by 1": "DATE 2024-01-31T00:00:00Z|2024-02-01T00:00:00Z",
		"select dateadd(day, 1, d) from t union all select d + 1 from t":                             "DATE 2024-02-01T00:00:00Z|2024-02-01T00:00:00Z",
		"select dateadd(hour, 1, d) from t union all select ts from t order by 1":                    "TIMESTAMP_NTZ 2024-01-31T01:00:00Z|2024-01-31T10:00:00Z",
	} {
		r, err := db.Query(q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		cts, _ := r.ColumnTypes()
		got := cts[0].DatabaseTypeName() + " "
		for n := 0; r.Next(); n++ {
			var v string
			if err := r.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				got += "|"
			}
			got += v
		}
		r.Close()
		if got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}
