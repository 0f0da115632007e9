package snowlocal_test

import (
	"strings"
	"testing"
)

// TestCloneAndLikeKeepColumnMetadata: CREATE TABLE ... CLONE and LIKE copy
// the source's constraints (docs: constraints-overview, "When you copy a
// table by using CREATE TABLE … LIKE or CREATE TABLE … CLONE, all existing
// constraints on the table, including foreign keys, are copied to the new
// table"), its columns' types with their collation, and the table's and
// columns' comments (an independent account of the live behaviour:
// https://qiita.com/oka_data/items/aa45eb998927ae1951f6, "comments,
// defaults, NOT NULL and primary key constraints are copied" for CLONE and
// LIKE). The engine dropped the PRIMARY KEY and UNIQUE flags, the
// collation and every comment.
func TestCloneAndLikeKeepColumnMetadata(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database clm", "use database clm",
		"create table src (a int primary key comment 'ac', b varchar(10) collate 'en-ci' unique, c varchar(5)) comment = 'tc'",
		"insert into src values (1, 'Abc', 'x')",
		"create table cl clone src",
		"create table lk like src")
	want := []string{
		"A|NUMBER(38,0)|N|Y|N|ac",
		"B|VARCHAR(10) COLLATE 'en-ci'|Y|N|Y|NULL",
		"C|VARCHAR(5)|Y|N|N|NULL",
	}
	for _, tbl := range []string{"cl", "lk"} {
		sameRows(t, "DESCRIBE "+tbl, describeCols(t, db, tbl, "name", "type", "null?", "primary key", "unique key", "comment"), want)
		if got := queryValue(t, db, "select comment from information_schema.tables where table_name = '"+strings.ToUpper(tbl)+"'"); got != "tc" {
			t.Errorf("%s table comment = %q, want tc", tbl, got)
		}
	}
	// The clone's column keeps comparing under its collation.
	if got := queryValue(t, db, "select count(*) from cl where b = 'ABC'"); got != "1" {
		t.Errorf("clone's en-ci column: count of b = 'ABC' is %s, want 1", got)
	}
}
