package snowlocal_test

import (
	"strings"
	"testing"
)

// TestColumnDefaultText: INFORMATION_SCHEMA.COLUMNS' COLUMN_DEFAULT is the
// text DESCRIBE TABLE's default shows, for the forms the docs show: the
// ALTER TABLE … ALTER COLUMN page's t1 (3 of a NUMBER, seq1.nextval as
// DB1.PUBLIC.SEQ1.NEXTVAL, 'abcde' of a VARCHAR(20), and seq5.nextval after
// SET DEFAULT: https://docs.snowflake.com/en/sql-reference/sql/alter-table-column),
// the DESCRIBE TABLE page's 'Not applicable'
// (https://docs.snowflake.com/en/sql-reference/sql/desc-table) and SHOW
// COLUMNS' 5 (https://docs.snowflake.com/en/sql-reference/sql/show-columns),
// which SHOW COLUMNS' default also shows.
func TestColumnDefaultText(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database db1", "use schema db1.public",
		"create sequence seq1", "create sequence seq5", `CREATE OR REPLACE TABLE t1 (
   c1 NUMBER NOT NULL,
   c2 NUMBER DEFAULT 3,
   c3 NUMBER DEFAULT seq1.nextval,
   c4 VARCHAR(20) DEFAULT 'abcde',
   c5 STRING)`,
		`CREATE OR REPLACE TABLE desc_example(
  c1 INT PRIMARY KEY,
  c4 VARCHAR(30) DEFAULT 'Not applicable' COMMENT 'This column is rarely populated')`,
		"create or replace table dt_test (n1 number default 5, s1 string)")
	infoDefaults := func(table string) []string {
		t.Helper()
		_, rows := queryRows(t, db, "select column_name, coalesce(column_default, 'NULL') from information_schema.columns where table_name = '"+table+"' order by ordinal_position")
		var out []string
		for _, r := range rows {
			out = append(out, strings.Join(r, "|"))
		}
		return out
	}
	sameRows(t, "COLUMN_DEFAULT of T1", infoDefaults("T1"),
		[]string{"C1|NULL", "C2|3", "C3|DB1.PUBLIC.SEQ1.NEXTVAL", "C4|'abcde'", "C5|NULL"})
	sameRows(t, "DESC TABLE t1", describeCols(t, db, "t1", "name", "default"),
		[]string{"C1|NULL", "C2|3", "C3|DB1.PUBLIC.SEQ1.NEXTVAL", "C4|'abcde'", "C5|NULL"})
	sameRows(t, "COLUMN_DEFAULT of DESC_EXAMPLE", infoDefaults("DESC_EXAMPLE"), []string{"C1|NULL", "C4|'Not applicable'"})
	sameRows(t, "COLUMN_DEFAULT of DT_TEST", infoDefaults("DT_TEST"), []string{"N1|5", "S1|NULL"})
	_, show := queryRows(t, db, "show columns in table dt_test")
	if len(show) != 2 || show[0][5] != "5" || show[1][5] != "" {
		t.Errorf("SHOW COLUMNS default of DT_TEST: %q, want 5 and none", show)
	}
	execAll(t, db, "ALTER TABLE t1 MODIFY c2 DROP DEFAULT", "ALTER TABLE t1 MODIFY c3 SET DEFAULT seq5.nextval",
		"ALTER TABLE t1 ALTER COLUMN c4 DROP DEFAULT")
	sameRows(t, "COLUMN_DEFAULT of T1 after ALTER", infoDefaults("T1"),
		[]string{"C1|NULL", "C2|NULL", "C3|DB1.PUBLIC.SEQ5.NEXTVAL", "C4|NULL", "C5|NULL"})
}

// TestColumnDefaultRefused: a DEFAULT whose text the docs do not show is
// refused (002040) by CREATE TABLE and ALTER TABLE … ADD COLUMN, rather
// than shown in a text the engine would guess; ALTER TABLE … ALTER COLUMN
// … SET DEFAULT is refused but for a sequence's NEXTVAL replacing a
// sequence (the ALTER TABLE … ALTER COLUMN page: changing another default
// and adding one are unsupported).
func TestColumnDefaultRefused(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database dr", "create sequence s1",
		"create table t (n number default 3, v varchar default 'x', q number default s1.nextval)")
	for _, q := range []string{
		"create table r1 (ts timestamp_ntz default current_timestamp())",
		"create table r2 (d date default current_date())",
		"create table r3 (n1 number default 5, n2_int integer default n1+5)", // the show-columns page's, shown DT_TEST.N1 + 5
		"create table r4 (n int default -3)",
		"create table r5 (f float default 1.5)",
		"create table r6 (n number(10,2) default 3)",
		"create table r7 (n int default '3')",
		"create table r8 (v varchar default 3)",
		"create table r9 (v varchar default 'it''s')",
		"create table r10 (b boolean default true)",
		"create table r11 (n int default 1 + 2)",
		"create table r12 (v varchar default upper('a'))",
		"alter table t add column a timestamp_ltz default current_timestamp()",
		"alter table t alter column n set default 4",
		"alter table t alter column n set default s1.nextval", // n's default is not a sequence
		"alter table t alter column v set default 'y'",
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
	// The documented forms stay accepted.
	execAll(t, db, "alter table t add column a int default 0", "alter table t alter column q set default s1.nextval",
		"create table ok (n number(10,0) default 7, c char(3) default 'abc', z int default null)")
	sameRows(t, "DESC TABLE ok", describeCols(t, db, "ok", "name", "default"), []string{"N|7", "C|'abc'", "Z|NULL"})
}
