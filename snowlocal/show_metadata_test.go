package snowlocal_test

import (
	"testing"
)

// TestShowColumnMetadata: the rowtype of SHOW and DESCRIBE results, read
// through gosnowflake. Expected: a text column is a VARCHAR(16777216) (the
// independent, live-verified reference mlorek/frostlake declares every
// SHOW text column StringType.VARCHAR, VARCHAR(16777216):
// engine/src/main/java/dev/frostlake/executor/ShowRelationalExecutor.java,
// "live's full SHOW TABLES layout, measured column for column"; a SHOW
// OBJECTS cursor.description recorded from Snowflake by a dbt record/replay
// fixture, package balto.adapters.snowflake.record, reads internal_size
// 16777216 for its text columns); SHOW TABLES' and OBJECTS' rows and bytes
// are NUMBER(38,0) (the same recording: type_code 0, precision 38, scale
// 0; frostlake showTablesScoped: NumericType.BIGINT, as it declares
// search_optimization_bytes), and so are SHOW ROLES' counts and SHOW
// FUNCTIONS' argument counts (frostlake: NumericType.INTEGER); created_on
// is a TIMESTAMP_LTZ (its scale: TestMillisScale).
func TestShowColumnMetadata(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database shm", "create table t (a int)", "insert into t values (1)",
		"create function f(x int) returns int as 'x + 1'")
	numbers := map[string]bool{"rows": true, "bytes": true, "search_optimization_bytes": true, "assigned_to_users": true,
		"granted_to_roles": true, "granted_roles": true, "min_num_arguments": true, "max_num_arguments": true}
	for _, q := range []string{"show tables", "show objects", "show terse tables", "show views", "show schemas like 'PUBLIC'", "show databases",
		"show columns", "describe table t", "show roles", "show user functions", "show parameters like 'TIMEZONE' in session", "show grants"} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cts, err := rows.ColumnTypes()
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		for _, ct := range cts {
			name, typ := ct.Name(), ct.DatabaseTypeName()
			switch {
			case numbers[name]:
				if p, s, ok := ct.DecimalSize(); typ != "FIXED" || !ok || p != 38 || s != 0 {
					t.Errorf("%s: %s is %s(%d,%d), want FIXED(38,0)", q, name, typ, p, s)
				}
			case name == "created_on":
				if typ != "TIMESTAMP_LTZ" {
					t.Errorf("%s: %s is %s, want TIMESTAMP_LTZ", q, name, typ)
				}
			case typ == "TEXT":
				if n, ok := ct.Length(); !ok || n != 16777216 {
					t.Errorf("%s: %s length %d, want 16777216", q, name, n)
				}
			}
		}
	}
	// The values read as numbers.
	var rowCount int
	if err := db.QueryRow(`show tables ->> select "rows" from $1 where "name" = 'T'`).Scan(&rowCount); err != nil || rowCount != 1 {
		t.Errorf("SHOW TABLES rows: %d, %v", rowCount, err)
	}
	// A statement of a flow chain reading a SHOW listing's created_on, a
	// TIMESTAMP_LTZ(3) that the engine's relation of it declares
	// TIMESTAMP_LTZ(9), is refused; one not reading a timestamp answers.
	wantRefused(t, db, `show tables ->> select "created_on" from $1`, "TIMESTAMP_LTZ(3)")
	wantRefused(t, db, `show tables ->> select * from $1`, "TIMESTAMP_LTZ(3)")
}

// TestShowViewsText: SHOW VIEWS' text is "The text of the command that
// created the view (e.g. CREATE VIEW …)" (docs: SHOW VIEWS; its example
// prints the statement as written, lower case), as INFORMATION_SCHEMA.VIEWS'
// VIEW_DEFINITION, not the DuckDB SQL the engine made of it.
func TestShowViewsText(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database svt", "use database svt", "create table t (a int)",
		"create view liners1 as select * from t where a > 1")
	_, rows := queryRows(t, db, "show views like 'line%'")
	if len(rows) != 1 || rows[0][7] != "create view liners1 as select * from t where a > 1" {
		t.Fatalf("show views text: %q", rows)
	}
}

// TestDropStatus: DROP TABLE and DROP VIEW answer "T2 successfully
// dropped." (the object's name alone), and with IF EXISTS of a missing one
// "Drop statement executed successfully (T2 already dropped)." (docs: DROP
// TABLE; tekumara/fakesnow cursor.py SQL_DROPPED).
func TestDropStatus(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database dst", "use database dst", "create table t2 (a int)", "create view v as select 1 a")
	for _, c := range []struct{ q, want string }{
		{"drop table t2", "T2 successfully dropped."},
		{"drop table if exists t2", "Drop statement executed successfully (T2 already dropped)."},
		{"drop view if exists v", "V successfully dropped."},
		{"drop view if exists v", "Drop statement executed successfully (V already dropped)."},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s: %q, want %q", c.q, got, c.want)
		}
	}
}
