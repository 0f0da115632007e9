package snowlocal_test

import (
	"strings"
	"testing"
)

// TestDataTypeAlias: INFORMATION_SCHEMA.COLUMNS' DATA_TYPE_ALIAS is the
// type name a column was declared with, and DATA_TYPE the standard type, as
// the docs' examples show (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2061:
// BIGINT is NUMBER | BIGINT, NUMBER is NUMBER | NUMBER), also after ALTER
// TABLE … ALTER COLUMN … SET DATA TYPE ("or when the column was altered").
// A name declared otherwise (lower case, with arguments, of several
// words), a view's and a CTAS table's column have no alias the docs give a
// spelling for: reading it is refused (002040), reading the row's other
// columns answers.
func TestDataTypeAlias(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database dta",
		"CREATE TABLE test_data_type_alias (b BIGINT)",
		"CREATE TABLE test_data_type_alias_2 (n NUMBER)",
		"CREATE TABLE t3 (s VARCHAR(10) COMMENT 'kept', k INT PRIMARY KEY, l bigint, m NUMBER(38,0), d DOUBLE PRECISION)",
		"ALTER TABLE t3 ADD COLUMN a DATETIME",
		"ALTER TABLE t3 ADD COLUMN z INT NOT NULL DEFAULT 0",
		"CREATE VIEW v AS SELECT b FROM test_data_type_alias",
		"CREATE TABLE c AS SELECT b FROM test_data_type_alias")
	alias := func(table, col string) (string, error) {
		t.Helper()
		var dt, a string
		err := db.QueryRow("select data_type, coalesce(data_type_alias, 'NULL') from information_schema.columns where table_name = ? and column_name = ?", table, col).Scan(&dt, &a)
		return dt + "|" + a, err
	}
	for _, c := range [][3]string{
		{"TEST_DATA_TYPE_ALIAS", "B", "NUMBER|BIGINT"},
		{"TEST_DATA_TYPE_ALIAS_2", "N", "NUMBER|NUMBER"},
		{"T3", "K", "NUMBER|INT"},
		{"T3", "A", "TIMESTAMP_NTZ|DATETIME"},
		{"T3", "Z", "NUMBER|INT"},
	} {
		if got, err := alias(c[0], c[1]); err != nil || got != c[2] {
			t.Errorf("%s.%s: %q, %v; want %q", c[0], c[1], got, err, c[2])
		}
	}
	refused := func(table, col string) {
		t.Helper()
		var dt string
		if err := db.QueryRow("select data_type from information_schema.columns where table_name = ? and column_name = ?", table, col).Scan(&dt); err != nil || dt == "" {
			t.Errorf("%s.%s DATA_TYPE: %q, %v", table, col, dt, err)
		}
		if got, err := alias(table, col); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s.%s: %q, %v; want 002040", table, col, got, err)
		}
	}
	for _, c := range [][2]string{{"T3", "S"}, {"T3", "L"}, {"T3", "M"}, {"T3", "D"}, {"V", "B"}, {"C", "B"}} {
		refused(c[0], c[1])
	}
	// The alias is the type now declared; the comment and key stay.
	execAll(t, db, "ALTER TABLE t3 ALTER COLUMN s SET DATA TYPE STRING", "ALTER TABLE t3 ALTER COLUMN k SET DATA TYPE NUMBER")
	for _, c := range [][3]string{{"T3", "S", "TEXT|STRING"}, {"T3", "K", "NUMBER|NUMBER"}} {
		if got, err := alias(c[0], c[1]); err != nil || got != c[2] {
			t.Errorf("%s.%s after SET DATA TYPE: %q, %v; want %q", c[0], c[1], got, err, c[2])
		}
	}
	sameRows(t, "DESC TABLE t3", describeCols(t, db, "t3", "name", "type", "primary key", "comment")[:2],
		[]string{"S|VARCHAR(16777216)|N|kept", "K|NUMBER(38,0)|Y|NULL"})
	// CREATE TABLE IF NOT EXISTS of the table changes none of it.
	execAll(t, db, "COMMENT ON COLUMN t3.s IS 'changed'", "CREATE TABLE IF NOT EXISTS t3 (s VARCHAR(10) COMMENT 'kept', k BIGINT)")
	sameRows(t, "DESC TABLE t3 after CREATE TABLE IF NOT EXISTS", describeCols(t, db, "t3", "name", "type", "primary key", "comment")[:2],
		[]string{"S|VARCHAR(16777216)|N|changed", "K|NUMBER(38,0)|Y|NULL"})
	if got, err := alias("T3", "K"); err != nil || got != "NUMBER|NUMBER" {
		t.Errorf("T3.K after CREATE TABLE IF NOT EXISTS: %q, %v; want NUMBER|NUMBER", got, err)
	}
	execAll(t, db, "ALTER TABLE t3 ALTER COLUMN k SET DATA TYPE number(38,0)")
	refused("T3", "K")
}
