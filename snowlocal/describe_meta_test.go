package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// describeCols runs DESCRIBE TABLE and returns, per row, the named output
// columns joined by "|" (NULL for SQL NULL).
func describeCols(t *testing.T, db *sql.DB, table string, names ...string) []string {
	t.Helper()
	r, err := db.Query("describe table " + table)
	if err != nil {
		t.Fatalf("describe table %s: %v", table, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	idx := map[string]int{}
	for i, c := range cols {
		idx[c] = i
	}
	var out []string
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var row []string
		for _, n := range names {
			i, ok := idx[n]
			if !ok {
				t.Fatalf("describe table %s: no column %q in %q", table, n, cols)
			}
			v := vals[i].String
			if !vals[i].Valid {
				v = "NULL"
			}
			row = append(row, v)
		}
		out = append(out, strings.Join(row, "|"))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func execAll(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func sameRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

// TestDescribeKeysCommentDefault: DESCRIBE TABLE shows a column's PRIMARY
// KEY and UNIQUE flags, its DEFAULT as written and its COMMENT, as the docs'
// example shows them (https://docs.snowflake.com/en/sql-reference/sql/desc-table;
// the page's output also has a schema evolution record column, not compared).
func TestDescribeKeysCommentDefault(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database dk", `CREATE OR REPLACE TABLE desc_example(
  c1 INT PRIMARY KEY,
  c2 INT,
  c3 INT UNIQUE,
  c4 VARCHAR(30) DEFAULT 'Not applicable' COMMENT 'This column is rarely populated',
  c5 VARCHAR(100))`)
	sameRows(t, "DESCRIBE desc_example", describeCols(t, db, "desc_example",
		"name", "type", "kind", "null?", "default", "primary key", "unique key", "check", "expression", "comment", "policy name", "privacy domain"),
		[]string{
			"C1|NUMBER(38,0)|COLUMN|N|NULL|Y|N|NULL|NULL|NULL|NULL|NULL",
			"C2|NUMBER(38,0)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL|NULL|NULL",
			"C3|NUMBER(38,0)|COLUMN|Y|NULL|N|Y|NULL|NULL|NULL|NULL|NULL",
			"C4|VARCHAR(30)|COLUMN|Y|'Not applicable'|N|N|NULL|NULL|This column is rarely populated|NULL|NULL",
			"C5|VARCHAR(100)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL|NULL|NULL",
		})
	// A table-level key names several columns: each is "part of a
	// multi-column primary key" (the page's `primary key` description).
	execAll(t, db, "create table pk2 (a int, b varchar, c int, constraint pk primary key (a, b) rely, unique (c))")
	sameRows(t, "DESCRIBE pk2", describeCols(t, db, "pk2", "name", "primary key", "unique key"),
		[]string{"A|Y|N", "B|Y|N", "C|N|Y"})
}

// alterColumnExampleTable is the ALTER TABLE … ALTER COLUMN page's table
// (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
const alterColumnExampleTable = `CREATE OR REPLACE TABLE t1 (
   c1 NUMBER NOT NULL,
   c2 NUMBER DEFAULT 3,
   c3 NUMBER DEFAULT seq1.nextval,
   c4 VARCHAR(20) DEFAULT 'abcde',
   c5 STRING)`

// TestAlterColumnDescribe follows the ALTER TABLE … ALTER COLUMN page's
// example (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column):
// a sequence DEFAULT shows as the sequence's qualified name and NEXTVAL,
// DROP DEFAULT, SET DEFAULT of another sequence, a longer VARCHAR and a
// column COMMENT show in DESC TABLE. (The page's output has the older ten
// columns; the values compared are those.)
func TestAlterColumnDescribe(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database db1", "use schema db1.public",
		"create sequence seq1", "create sequence seq5", alterColumnExampleTable)
	names := []string{"name", "type", "kind", "null?", "default", "primary key", "unique key", "check", "expression", "comment"}
	sameRows(t, "DESC TABLE t1", describeCols(t, db, "t1", names...), []string{
		"C1|NUMBER(38,0)|COLUMN|N|NULL|N|N|NULL|NULL|NULL",
		"C2|NUMBER(38,0)|COLUMN|Y|3|N|N|NULL|NULL|NULL",
		"C3|NUMBER(38,0)|COLUMN|Y|DB1.PUBLIC.SEQ1.NEXTVAL|N|N|NULL|NULL|NULL",
		"C4|VARCHAR(20)|COLUMN|Y|'abcde'|N|N|NULL|NULL|NULL",
		"C5|VARCHAR(16777216)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL",
	})
	execAll(t, db,
		"ALTER TABLE t1 ALTER COLUMN c1 DROP NOT NULL",
		"ALTER TABLE t1 MODIFY c2 DROP DEFAULT",
		"ALTER TABLE t1 MODIFY c3 SET DEFAULT seq5.nextval",
		"ALTER TABLE t1 ALTER c4 SET DATA TYPE VARCHAR(50)",
		"ALTER TABLE t1 ALTER COLUMN c4 DROP DEFAULT",
		"ALTER TABLE t1 ALTER c5 COMMENT '50 character column'")
	sameRows(t, "DESC TABLE t1 after ALTER", describeCols(t, db, "t1", names...), []string{
		"C1|NUMBER(38,0)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL",
		"C2|NUMBER(38,0)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL",
		"C3|NUMBER(38,0)|COLUMN|Y|DB1.PUBLIC.SEQ5.NEXTVAL|N|N|NULL|NULL|NULL",
		"C4|VARCHAR(50)|COLUMN|Y|NULL|N|N|NULL|NULL|NULL",
		"C5|VARCHAR(16777216)|COLUMN|Y|NULL|N|N|NULL|NULL|50 character column",
	})
	// UNSET COMMENT clears it; the declared length and keys survive a
	// comment, and a comment survives a longer VARCHAR.
	execAll(t, db, "create table k (a varchar(10) primary key comment 'key')",
		"alter table k alter a set data type varchar(20)")
	sameRows(t, "DESC TABLE k", describeCols(t, db, "k", "name", "type", "primary key", "comment"), []string{"A|VARCHAR(20)|Y|key"})
	execAll(t, db, "alter table k alter a unset comment", "alter table k add unique (a)")
	sameRows(t, "DESC TABLE k after UNSET COMMENT", describeCols(t, db, "k", "name", "type", "primary key", "unique key", "comment"),
		[]string{"A|VARCHAR(20)|Y|Y|NULL"})
	execAll(t, db, "alter table k drop primary key")
	sameRows(t, "DESC TABLE k after DROP PRIMARY KEY", describeCols(t, db, "k", "name", "primary key", "unique key"), []string{"A|N|Y"})
	// Which columns a named constraint covers is not kept: dropping one
	// from a table with keys is refused rather than guessed.
	if _, err := db.Exec("alter table k drop constraint some_name"); err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("DROP CONSTRAINT of a table with keys: err = %v, want 002040", err)
	}
	// DEFAULT NULL is no default (CREATE TABLE's parquet_col example,
	// https://docs.snowflake.com/en/sql-reference/sql/create-table).
	execAll(t, db, "create table dn (custKey NUMBER DEFAULT NULL, orderStatus VARCHAR(100) DEFAULT NULL)")
	sameRows(t, "DESC TABLE dn", describeCols(t, db, "dn", "name", "type", "default"),
		[]string{"CUSTKEY|NUMBER(38,0)|NULL", "ORDERSTATUS|VARCHAR(100)|NULL"})
	// A DEFAULT whose Snowflake text the docs do not show is refused.
	execAll(t, db, "create table d (ts timestamp_ntz default current_timestamp())")
	wantRefused(t, db, "describe table d", "")
}

// showComment returns the comment column of SHOW <kind> LIKE 'name'.
func showComment(t *testing.T, db *sql.DB, kind, name string) string {
	t.Helper()
	cols, rows := queryRows(t, db, "show "+kind+" like '"+name+"'")
	if len(rows) != 1 {
		t.Fatalf("show %s like '%s': %d rows", kind, name, len(rows))
	}
	for i, c := range cols {
		if c == "comment" {
			return rows[0][i]
		}
	}
	t.Fatalf("show %s: no comment column in %q", kind, cols)
	return ""
}

// TestTableAndViewComments: a table's and a view's COMMENT (at CREATE, or
// by COMMENT ON) is SHOW TABLES' and SHOW VIEWS' comment, as the docs'
// examples show (https://docs.snowflake.com/en/sql-reference/sql/create-table,
// https://docs.snowflake.com/en/sql-reference/sql/comment).
func TestTableAndViewComments(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database tc",
		"CREATE TABLE example (col1 NUMBER COMMENT 'a column comment') COMMENT='a table comment'")
	if got := showComment(t, db, "tables", "example"); got != "a table comment" {
		t.Errorf("SHOW TABLES comment = %q, want %q", got, "a table comment")
	}
	sameRows(t, "DESC TABLE example", describeCols(t, db, "example", "name", "comment"), []string{"COL1|a column comment"})
	execAll(t, db, "CREATE OR REPLACE TABLE test_comment_table_column(my_column STRING COMMENT 'this is comment3')",
		"CREATE OR REPLACE VIEW test_comment_view COMMENT='this is comment5' AS (SELECT * FROM test_comment_table_column)")
	if got := showComment(t, db, "views", "test_comment_view"); got != "this is comment5" {
		t.Errorf("SHOW VIEWS comment = %q, want %q", got, "this is comment5")
	}
	execAll(t, db, "COMMENT ON VIEW test_comment_view IS 'now comment6'")
	if got := showComment(t, db, "views", "test_comment_view"); got != "now comment6" {
		t.Errorf("SHOW VIEWS comment after COMMENT ON = %q, want %q", got, "now comment6")
	}
	// A view's column COMMENT is DESCRIBE VIEW's comment.
	execAll(t, db, "CREATE VIEW vc (x COMMENT 'the x', y) AS SELECT 1, 'a'")
	sameRows(t, "DESC VIEW vc", describeCols(t, db, "vc", "name", "comment"), []string{"X|the x", "Y|NULL"})
	// A table without a comment shows none; COMMENT ON TABLE sets one.
	if got := showComment(t, db, "tables", "test_comment_table_column"); got != "" {
		t.Errorf("SHOW TABLES comment of an uncommented table = %q", got)
	}
	execAll(t, db, "COMMENT ON TABLE test_comment_table_column IS 'tc'")
	if got := showComment(t, db, "tables", "test_comment_table_column"); got != "tc" {
		t.Errorf("SHOW TABLES comment after COMMENT ON TABLE = %q, want tc", got)
	}
	// CREATE … IF NOT EXISTS of an existing object changes nothing, its
	// comment included; of a new one it sets the comment.
	execAll(t, db, "CREATE TABLE IF NOT EXISTS test_comment_table_column (a int) COMMENT = 'other'",
		"CREATE VIEW IF NOT EXISTS test_comment_view COMMENT = 'other' AS SELECT 1 AS a",
		"CREATE TABLE IF NOT EXISTS fresh_table (a int) COMMENT = 'fresh'")
	for _, c := range [][3]string{{"tables", "test_comment_table_column", "tc"}, {"views", "test_comment_view", "now comment6"}, {"tables", "fresh_table", "fresh"}} {
		if got := showComment(t, db, c[0], c[1]); got != c[2] {
			t.Errorf("SHOW %s comment of %s after CREATE … IF NOT EXISTS … COMMENT = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

// TestShowTablesTransientKind: SHOW TABLES' kind is "TABLE (for permanent
// tables), TEMPORARY, or TRANSIENT" (https://docs.snowflake.com/en/sql-reference/sql/show-tables).
func TestShowTablesTransientKind(t *testing.T) {
	db := open(t)
	execAll(t, db, "create database tk", "create transient table tt (a int)", "create table pt (a int)")
	for name, want := range map[string]string{"tt": "TRANSIENT", "pt": "TABLE"} {
		cols, rows := queryRows(t, db, "show tables like '"+name+"'")
		if len(rows) != 1 {
			t.Fatalf("show tables like '%s': %d rows", name, len(rows))
		}
		for i, c := range cols {
			if c == "kind" && rows[0][i] != want {
				t.Errorf("SHOW TABLES kind of %s = %q, want %q", name, rows[0][i], want)
			}
		}
	}
}
