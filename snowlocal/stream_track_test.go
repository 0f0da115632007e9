package snowlocal_test

import (
	"database/sql"
	"testing"
)

// streamRows reads a stream's rows with their action and ISUPDATE flag, in
// a fixed order.
func streamRows(t *testing.T, db *sql.DB, stream string) [][]string {
	t.Helper()
	_, _, rows := queryAll(t, db, "select a, b, metadata$action, metadata$isupdate from "+stream+
		" order by metadata$action desc, a, b")
	return rows
}

// Streams after UPDATE, MERGE, DELETE and TRUNCATE give the net changes
// since the offset by row, as the stream docs describe them
// (https://docs.snowflake.com/en/user-guide/streams-intro,
// .../streams-examples): an update of a row of the offset is a DELETE and an
// INSERT with METADATA$ISUPDATE = TRUE; a row inserted since the offset and
// then updated is one INSERT with its new values; inserted and then deleted,
// nothing in a standard stream; an append-only stream shows the rows
// inserted since the offset as they were inserted, whatever happened to them
// after.
func TestStreamNetChangesByRow(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database nets",
		"create table t (a int, b string)",
		"insert into t values (1, 'one'), (2, 'two'), (3, 'three')",
		"create stream s on table t",
		"create stream s_app on table t append_only = true",
		"create table sink (a int)",
		// Since the offset: inserted rows, one then updated, one deleted.
		"insert into t values (4, 'four'), (5, 'five')",
		"update t set b = 'FOUR' where a = 4",
		"delete from t where a = 5",
		// Rows of the offset: updated twice, updated then deleted, deleted.
		"update t set b = 'uno' where a = 1",
		"update t set b = 'UNO' where a = 1",
		"update t set b = 'dos' where a = 2",
		"delete from t where a in (2, 3)",
	)
	wantRows(t, "s", streamRows(t, db, "s"), [][]string{
		{"1", "UNO", "INSERT", "1"}, {"4", "FOUR", "INSERT", "0"},
		{"1", "one", "DELETE", "1"}, {"2", "two", "DELETE", "0"}, {"3", "three", "DELETE", "0"},
	})
	wantRows(t, "s_app", streamRows(t, db, "s_app"), [][]string{{"4", "four", "INSERT", "0"}, {"5", "five", "INSERT", "0"}})
	// An update pair shares its ROW_ID.
	if n := queryOne(t, db, "select count(distinct metadata$row_id) from s where a = 1"); n != "1" {
		t.Errorf("row ids of the update pair: %s distinct", n)
	}

	// Consuming empties the stream; changes after it pair again.
	mustExec(t, db, "insert into sink select a from s", "update t set b = 'one' where a = 1")
	wantRows(t, "s after consuming", streamRows(t, db, "s"), [][]string{{"1", "one", "INSERT", "1"}, {"1", "UNO", "DELETE", "1"}})

	// A row updated into the values of a row inserted after it keeps its
	// own lineage: the multiset difference alone would cancel them.
	mustExec(t, db, "insert into sink select a from s",
		"update t set a = 10, b = 'ten' where a = 4", "insert into t values (4, 'FOUR')")
	wantRows(t, "s after update and insert alike", streamRows(t, db, "s"), [][]string{
		{"4", "FOUR", "INSERT", "0"}, {"10", "ten", "INSERT", "1"}, {"4", "FOUR", "DELETE", "1"},
	})

	// MERGE: updates, deletes and inserts in one statement.
	mustExec(t, db, "insert into sink select a from s",
		"create table src (a int, b string)", "insert into src values (1, 'ONE'), (10, NULL), (7, 'seven')",
		`merge into t using src on t.a = src.a
		 when matched and src.b is null then delete
		 when matched then update set b = src.b
		 when not matched then insert (a, b) values (src.a, src.b)`)
	wantRows(t, "s after merge", streamRows(t, db, "s"), [][]string{
		{"1", "ONE", "INSERT", "1"}, {"7", "seven", "INSERT", "0"},
		{"1", "one", "DELETE", "1"}, {"10", "ten", "DELETE", "0"},
	})

	// TRUNCATE deletes every row of the offset; rows inserted since vanish.
	mustExec(t, db, "insert into sink select a from s", "insert into t values (8, 'eight')", "truncate table t")
	wantRows(t, "s after truncate", streamRows(t, db, "s"), [][]string{
		{"1", "ONE", "DELETE", "0"}, {"4", "FOUR", "DELETE", "0"}, {"7", "seven", "DELETE", "0"},
	})
	// The append-only stream was never consumed: every insert since its creation.
	wantRows(t, "s_app at the end", streamRows(t, db, "s_app"), [][]string{
		{"4", "FOUR", "INSERT", "0"}, {"4", "four", "INSERT", "0"}, {"5", "five", "INSERT", "0"},
		{"7", "seven", "INSERT", "0"}, {"8", "eight", "INSERT", "0"},
	})

	// A column added to the table is a column of the lineages too.
	mustExec(t, db, "insert into sink select a from s", "insert into t values (9, 'nine')",
		"insert into sink select a from s", "alter table t add column c int",
		"update t set c = 1 where a = 9")
	_, _, rows := queryAll(t, db, "select a, c, metadata$action, metadata$isupdate from s order by metadata$action desc")
	wantRows(t, "s after add column", rows, [][]string{{"9", "1", "INSERT", "1"}, {"9", "<null>", "DELETE", "1"}})
}

// What the docs do not pin is refused when the stream is read, until its
// offset advances: an update leaving a row as it was, a row updated back to
// its values at the offset, a change to the table in a transaction after a
// statement of the transaction consumed the stream.
func TestStreamChangesNotPinnedAreRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database unpinned",
		"create table t (a int, b string)",
		"insert into t values (1, 'one')",
		"create stream s on table t",
		"create table sink (a int)",
		"update t set b = b",
	)
	wantRefused(t, db, "select a from s", "left rows as they were")
	mustExec(t, db, "insert into t values (2, 'two')")
	wantRefused(t, db, "select a from s", "left rows as they were")
	// Consuming reads the stream and is refused too; recreating starts over.
	mustExec(t, db, "create or replace stream s on table t",
		"update t set b = 'uno' where a = 1", "update t set b = 'one' where a = 1")
	wantRefused(t, db, "select * from s", "updated back")
	mustExec(t, db, "create or replace stream s on table t",
		"insert into t values (3, 'three')",
		"begin", "insert into sink select a from s", "update t set b = 'dos' where a = 2", "commit")
	wantRefused(t, db, "select a from s", "same transaction consumed it")
	// A rolled-back change leaves the stream as it was.
	mustExec(t, db, "create or replace stream s on table t", "begin", "delete from t", "rollback")
	if n := queryOne(t, db, "select count(*) from s"); n != "0" {
		t.Fatalf("stream after a rolled-back delete: %s rows", n)
	}
	mustExec(t, db, "delete from t where a = 3")
	wantRows(t, "s after delete", streamRows(t, db, "s"), [][]string{{"3", "three", "DELETE", "0"}})
}
