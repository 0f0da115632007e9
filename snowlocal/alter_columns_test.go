package snowlocal_test

import (
	"reflect"
	"testing"
)

// ALTER TABLE ... ALTER | MODIFY with several column actions (docs:
// https://docs.snowflake.com/en/sql-reference/sql/alter-table-column, its
// examples "ALTER TABLE t1 MODIFY c2 DROP DEFAULT, c3 SET DEFAULT
// seq5.nextval" and "ALTER TABLE t1 ALTER ( c1 DROP NOT NULL, ... )", which
// "produces the same results") was refused, and the parenthesized form was
// a syntax error (001003) where Snowflake runs it.

// TestAlterSeveralColumns runs the page's two forms and compares DESC TABLE
// with the page's box after them.
func TestAlterSeveralColumns(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database altcols", "create sequence seq1", "create sequence seq5")
	create := `CREATE OR REPLACE TABLE t1 (c1 NUMBER NOT NULL, c2 NUMBER DEFAULT 3,
		c3 NUMBER DEFAULT seq1.nextval, c4 VARCHAR(20) DEFAULT 'abcde', c5 STRING)`
	want := [][]string{
		{"C1", "NUMBER(38,0)", "Y", "", ""},
		{"C2", "NUMBER(38,0)", "Y", "", ""},
		{"C3", "NUMBER(38,0)", "Y", "ALTCOLS.PUBLIC.SEQ5.NEXTVAL", ""},
		{"C4", "VARCHAR(50)", "Y", "", ""},
		{"C5", "VARCHAR(16777216)", "Y", "", "50 character column"},
	}
	desc := `DESC TABLE t1 ->> SELECT "name", "type", "null?", "default", "comment" FROM $1`
	mustExec(t, db, create,
		"ALTER TABLE t1 ALTER COLUMN c1 DROP NOT NULL",
		"ALTER TABLE t1 MODIFY c2 DROP DEFAULT, c3 SET DEFAULT seq5.nextval",
		"ALTER TABLE t1 ALTER c4 SET DATA TYPE VARCHAR(50), COLUMN c4 DROP DEFAULT",
		"ALTER TABLE t1 ALTER c5 COMMENT '50 character column'")
	if _, rows := queryRows(t, db, desc); !reflect.DeepEqual(rows, want) {
		t.Errorf("after the four statements:\n got %v\nwant %v", rows, want)
	}
	mustExec(t, db, create, `ALTER TABLE t1 ALTER (
		c1 DROP NOT NULL,
		c5 COMMENT '50 character column',
		c4 TYPE VARCHAR(50),
		c2 DROP DEFAULT,
		COLUMN c4 DROP DEFAULT,
		COLUMN c3 SET DEFAULT seq5.nextval
	)`)
	if _, rows := queryRows(t, db, desc); !reflect.DeepEqual(rows, want) {
		t.Errorf("after the one statement:\n got %v\nwant %v", rows, want)
	}
}

// TestAlterSeveralColumnsRefused: actions DuckDB may fail on the rows
// (which would leave the earlier ones done), a policy beside other actions,
// and one column's type or comment altered twice are refused before
// anything changes.
func TestAlterSeveralColumnsRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database altcolsr", "create table t (a number, b varchar(5), c number)",
		"insert into t values (1, 'x', null)")
	wantRefused(t, db, "alter table t alter a drop default, c set not null", "SET NOT NULL or a non-text type change")
	wantRefused(t, db, "alter table t alter (a set data type number(5,0), b drop default)", "SET NOT NULL or a non-text type change")
	wantRefused(t, db, "alter table t modify b drop default, a set masking policy p", "a policy or tag beside other column actions")
	wantRefused(t, db, "alter table t modify a set masking policy p, b drop default", "a policy or tag beside other column actions")
	wantRefused(t, db, "alter table t alter b type varchar(10), b comment 'x'", "type or comment twice")
	if _, rows := queryRows(t, db, `DESC TABLE t ->> SELECT "name", "type", "null?", "comment" FROM $1`); !reflect.DeepEqual(rows, [][]string{
		{"A", "NUMBER(38,0)", "Y", ""}, {"B", "VARCHAR(5)", "Y", ""}, {"C", "NUMBER(38,0)", "Y", ""},
	}) {
		t.Errorf("a refused statement changed the table: %v", rows)
	}
	// Policies and tags alone still do nothing (several columns, a tag list).
	mustExec(t, db, "alter table t modify column a set masking policy p, column b set masking policy q",
		"alter table t modify column a set tag t1 = 'x', t2 = 'y'")
}
