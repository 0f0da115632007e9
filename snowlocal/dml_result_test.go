package snowlocal_test

import (
	"strings"
	"testing"
)

// ALTER TABLE ... ADD COLUMN ... NOT NULL DEFAULT v fills existing rows with
// v and keeps the constraint (DuckDB cannot add a constrained column in one
// step); without a DEFAULT, to a table with rows, it is refused rather than
// half applied.
func TestAddColumnNotNullDefault(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database addcol", "create table t (a int)", "insert into t values (1)",
		"alter table t add column b int not null default 5")
	if got := queryOne(t, db, "select b from t"); got != "5" {
		t.Fatalf("existing row's b = %s, want the default 5", got)
	}
	if _, err := db.Exec("insert into t (a, b) values (2, null)"); err == nil || !strings.Contains(err.Error(), "100072") ||
		!strings.Contains(err.Error(), "NULL result in a non-nullable column") { // Snowflake's text, not DuckDB's
		t.Fatalf("NULL into the NOT NULL column: %v", err)
	}
	se := execErr(t, db, "alter table t add column c int not null") // t has rows: add_not_null_column_test.go
	if se.Number != 2040 || !strings.Contains(se.Message, "NOT NULL without a DEFAULT") {
		t.Fatalf("ADD COLUMN NOT NULL without DEFAULT: %d %s", se.Number, se.Message)
	}
}
