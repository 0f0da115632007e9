package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// showColumns returns SHOW COLUMNS IN TABLE table's column_name →
// {data_type, default, autoincrement}.
func showColumns(t *testing.T, db *sql.DB, table string) map[string][3]string {
	t.Helper()
	cols, rows := queryRows(t, db, "show columns in table "+table) // access_test.go
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	if _, ok := idx["schema_evolution_record"]; !ok {
		t.Errorf("SHOW COLUMNS has no schema_evolution_record column: %v", cols)
	}
	out := map[string][3]string{}
	for _, r := range rows {
		out[r[idx["column_name"]]] = [3]string{r[idx["data_type"]], r[idx["default"]], r[idx["autoincrement"]]}
	}
	return out
}

// TestAutoincrementColumns: AUTOINCREMENT and IDENTITY columns (START/
// INCREMENT, the (start, step) form, ORDER/NOORDER) number inserted rows
// from their own sequence, and SHOW COLUMNS reports them as the docs'
// example does (https://docs.snowflake.com/en/sql-reference/sql/show-columns:
// default empty, autoincrement "IDENTITY START 1 INCREMENT 10 NOORDER" for
// `DECIMAL IDENTITY (1,10)`, NOORDER being NOORDER_SEQUENCE_AS_DEFAULT's
// default), as do INFORMATION_SCHEMA.COLUMNS' IDENTITY_* columns.
func TestAutoincrementColumns(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database ai",
		`create or replace table test_show_columns (n1 number default 5, n3_bigint bigint autoincrement,
			n4_dec decimal identity (1,10), n5 int identity start 100 increment -2 order, f1 float)`,
		"insert into test_show_columns (n1) values (1), (2), (3)",
		"insert into test_show_columns (n1) select n1 + 10 from test_show_columns order by n1",
		"insert into test_show_columns (n1, n3_bigint) values (0, 5)", // a value given is kept
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var got []string
	rows, err := db.Query("select n1, n3_bigint, n4_dec, n5 from test_show_columns order by n1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b, c, d sql.NullString
		if err := rows.Scan(&a, &b, &c, &d); err != nil {
			t.Fatal(err)
		}
		got = append(got, a.String+" "+b.String+" "+c.String+" "+d.String)
	}
	rows.Close()
	// The row given n3_bigint 5 draws no value of its sequence, but does of
	// n4's and n5's.
	want := []string{"0 5 61 88", "1 1 1 100", "2 2 11 98", "3 3 21 96", "11 4 31 94", "12 5 41 92", "13 6 51 90"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows = %v, want %v", got, want)
	}
	cols := showColumns(t, db, "test_show_columns")
	for c, w := range map[string][3]string{
		"N1":        {`{"type":"FIXED","precision":38,"scale":0,"nullable":true}`, "5", ""},
		"N3_BIGINT": {`{"type":"FIXED","precision":38,"scale":0,"nullable":true}`, "", "IDENTITY START 1 INCREMENT 1 NOORDER"},
		"N4_DEC":    {`{"type":"FIXED","precision":38,"scale":0,"nullable":true}`, "", "IDENTITY START 1 INCREMENT 10 NOORDER"},
		"N5":        {`{"type":"FIXED","precision":38,"scale":0,"nullable":true}`, "", "IDENTITY START 100 INCREMENT -2 ORDER"},
		"F1":        {`{"type":"REAL","nullable":true}`, "", ""},
	} {
		if cols[c] != w {
			t.Errorf("SHOW COLUMNS %s = %q, want %q", c, cols[c], w)
		}
	}
	var isID, start, step, ordered sql.NullString
	err = db.QueryRow(`select is_identity, identity_start, identity_increment, identity_ordered from information_schema.columns
		where table_name = 'TEST_SHOW_COLUMNS' and column_name = 'N5'`).Scan(&isID, &start, &step, &ordered)
	if err != nil || isID.String != "YES" || start.String != "100" || step.String != "-2" || ordered.String != "YES" {
		t.Errorf("COLUMNS N5 identity = %v %v %v %v (%v), want YES 100 -2 YES", isID, start, step, ordered, err)
	}
	// CREATE OR REPLACE starts a new sequence.
	if _, err := db.Exec("create or replace table test_show_columns (id int autoincrement, x int)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("insert into test_show_columns (x) values (7)"); err != nil {
		t.Fatal(err)
	}
	var id int
	if err := db.QueryRow("select id from test_show_columns").Scan(&id); err != nil || id != 1 {
		t.Errorf("id after CREATE OR REPLACE = %d (%v), want 1", id, err)
	}
	for _, q := range []string{
		"alter table test_show_columns add column y int autoincrement",
		"create table if not exists t2 (id int autoincrement)",
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
	if _, err := db.Exec("create table t3 (id int default 1 autoincrement)"); err == nil {
		t.Errorf("DEFAULT with AUTOINCREMENT was accepted; the docs: they are mutually exclusive")
	}
}

// TestShowColumnsDataTypes: SHOW COLUMNS' data_type JSON for each type as
// the docs' example shows it (https://docs.snowflake.com/en/sql-reference/sql/show-columns),
// but for the default VARCHAR's byteLength, which the example prints as
// 16777216, the cap behavior change 2286 removed: "the byteLength is
// correctly calculated as 4 x character_length"
// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_03/bcr-2286;
// mlorek/frostlake ColumnTypeJson, live-verified, reads 67108864).
func TestShowColumnsDataTypes(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database sc",
		`create table test_show_columns (n1 number default 5, f2_double double, s1 string, s3_char char, bool1 boolean,
			d1 date, t1 time, ts1 timestamp, ts2_ltz timestamp_ltz, ts3_ntz timestamp_ntz, ts4_tz timestamp_tz)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cols := showColumns(t, db, "test_show_columns")
	for c, w := range map[string]string{
		"N1":        `{"type":"FIXED","precision":38,"scale":0,"nullable":true}`,
		"F2_DOUBLE": `{"type":"REAL","nullable":true}`,
		"S1":        `{"type":"TEXT","length":16777216,"byteLength":67108864,"nullable":true,"fixed":false}`,
		"S3_CHAR":   `{"type":"TEXT","length":1,"byteLength":4,"nullable":true,"fixed":false}`,
		"BOOL1":     `{"type":"BOOLEAN","nullable":true}`,
		"D1":        `{"type":"DATE","nullable":true}`,
		"T1":        `{"type":"TIME","precision":0,"scale":9,"nullable":true}`,
		"TS1":       `{"type":"TIMESTAMP_NTZ","precision":0,"scale":9,"nullable":true}`,
		"TS2_LTZ":   `{"type":"TIMESTAMP_LTZ","precision":0,"scale":9,"nullable":true}`,
		"TS3_NTZ":   `{"type":"TIMESTAMP_NTZ","precision":0,"scale":9,"nullable":true}`,
		"TS4_TZ":    `{"type":"TIMESTAMP_TZ","precision":0,"scale":9,"nullable":true}`,
	} {
		if cols[c][0] != w {
			t.Errorf("SHOW COLUMNS %s data_type = %s, want %s", c, cols[c][0], w)
		}
	}
}

// TestPrimaryKeyNotNull: a PRIMARY KEY column (inline or in a table
// constraint) is NOT NULL, as the docs' DESCRIBE TABLE example shows (`null?`
// N for `c1 INT PRIMARY KEY`, https://docs.snowflake.com/en/sql-reference/sql/desc-table),
// and a NULL into it fails with Snowflake's 100072 text.
func TestPrimaryKeyNotNull(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database pk",
		"create table desc_example (c1 int primary key, c2 int, c3 int unique)",
		"create table pk2 (a int, b varchar, c int, constraint pk primary key (a, b) rely)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for table, want := range map[string]string{"DESC_EXAMPLE": "C1:N C2:Y C3:Y", "PK2": "A:N B:N C:Y"} {
		_, rows := queryRows(t, db, "describe table "+table)
		var got []string
		for _, r := range rows {
			got = append(got, r[0]+":"+r[3])
		}
		if strings.Join(got, " ") != want {
			t.Errorf("DESCRIBE %s null? = %v, want %s", table, got, want)
		}
	}
	_, err := db.Exec("insert into pk2 values (1, null, 1)")
	if err == nil || !strings.Contains(err.Error(), "100072") || !strings.HasSuffix(err.Error(), "NULL result in a non-nullable column") {
		t.Errorf("NULL into a key column: err = %v, want 100072 NULL result in a non-nullable column", err)
	}
}

// TestLikeAndCloneCopyDefaults: CREATE TABLE … LIKE and CLONE copy the
// columns' DEFAULTs and NOT NULLs ("Column names, types, defaults, and
// constraints are copied to the new table",
// https://docs.snowflake.com/en/sql-reference/sql/create-table); a table
// with an AUTOINCREMENT column is refused (how the copy's sequence behaves is
// not documented).
func TestLikeAndCloneCopyDefaults(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database lc",
		"create table src (a int not null default 3, b varchar default 'x', c int)",
		"insert into src (c) values (1)",
		"create table lk like src",
		"create table cl clone src",
		"insert into lk (c) values (2)",
		"insert into cl (c) values (2)",
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for _, table := range []string{"lk", "cl"} {
		var a, b string
		if err := db.QueryRow("select a, b from "+table+" where c = 2").Scan(&a, &b); err != nil || a != "3" || b != "x" {
			t.Errorf("%s defaults = %q, %q (%v), want 3, x", table, a, b, err)
		}
		_, err := db.Exec("insert into " + table + " (a) values (null)")
		if err == nil || !strings.Contains(err.Error(), "100072") {
			t.Errorf("NULL into %s.a: err = %v, want 100072", table, err)
		}
	}
	if _, err := db.Exec("create table ai (id int autoincrement)"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"create table ai2 like ai", "create table ai3 clone ai"} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
}
