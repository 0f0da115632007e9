package snowlocal_test

import (
	"database/sql"
	"errors"
	"reflect"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

func queryOne(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	var v sql.NullString
	if err := db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if !v.Valid {
		return "<null>"
	}
	return v.String
}

// snowflakeError asserts err is a Snowflake error with the given number.
func snowflakeError(t *testing.T, err error, number int, contains string) {
	t.Helper()
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != number || !strings.Contains(se.Message, contains) {
		t.Fatalf("want Snowflake error %06d containing %q, got %v", number, contains, err)
	}
}

func TestStreamTracksInsertsUntilConsumed(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database streams",
		"create table t (a int, b string)",
		"create stream s on table t",
		"create stream s_append on table t append_only = true",
		"create table sink (a int, b string)",
		"insert into t values (1, 'x'), (2, 'y')",
	)
	q := "select a, b, metadata$action, metadata$isupdate from s order by a"
	cols, types, rows := queryAll(t, db, q)
	if !reflect.DeepEqual(cols, []string{"A", "B", "METADATA$ACTION", "METADATA$ISUPDATE"}) || types[3] != "BOOLEAN" {
		t.Fatalf("cols %v types %v", cols, types)
	}
	wantRows(t, q, rows, [][]string{{"1", "x", "INSERT", "0"}, {"2", "y", "INSERT", "0"}})
	// METADATA$ROW_ID is unique and stable across reads.
	_, _, ids := queryAll(t, db, "select metadata$row_id from s order by a")
	_, _, again := queryAll(t, db, "select metadata$row_id from s order by a")
	if len(ids) != 2 || ids[0][0] == ids[1][0] || len(ids[0][0]) < 16 || !reflect.DeepEqual(ids, again) {
		t.Fatalf("row ids %q then %q", ids, again)
	}
	// Reading does not consume.
	_, _, rows = queryAll(t, db, q)
	if len(rows) != 2 || queryOne(t, db, "select system$stream_has_data('s')") != "1" {
		t.Fatalf("after a second read: %q", rows)
	}

	// A DML statement reading the stream consumes it, and only that stream.
	mustExec(t, db, "insert into sink select a, b from s where metadata$action = 'INSERT'")
	if n := queryOne(t, db, "select count(*) from s"); n != "0" {
		t.Fatalf("stream s after consuming: %s rows", n)
	}
	if v := queryOne(t, db, "select system$stream_has_data('streams.public.s')"); v != "0" {
		t.Fatalf("has data after consuming = %s", v)
	}
	if n := queryOne(t, db, "select count(*) from s_append"); n != "2" {
		t.Fatalf("stream s_append: %s rows, want 2 (not consumed)", n)
	}
	mustExec(t, db, "insert into t values (3, 'z')")
	_, _, rows = queryAll(t, db, "select a, metadata$action from s")
	wantRows(t, "s after a new insert", rows, [][]string{{"3", "INSERT"}})

	// A failing DML leaves the offset where it was.
	_, err := db.Exec("insert into sink select a, cast(b as int) from s_append")
	if err == nil {
		t.Fatal("want a conversion error")
	}
	if n := queryOne(t, db, "select count(*) from s_append"); n != "3" {
		t.Fatalf("s_append after a failed DML: %s rows, want 3", n)
	}
	if n := queryOne(t, db, "select count(*) from sink"); n != "2" {
		t.Fatalf("sink: %s rows", n)
	}
}

func TestStreamDeletesAndUpdates(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database streams",
		"create table t (a int, b string)",
		"insert into t values (1, 'x'), (2, 'y'), (2, 'y')",
		"create stream s on table t",
		"create stream s_append on table t append_only = true",
		"create stream s_initial on table t show_initial_rows = true",
		"delete from t where a = 1",
		"update t set b = 'z' where a = 2",
		"insert into t values (4, 'w')",
	)
	q := "select a, b, metadata$action from s order by metadata$action, a, b"
	_, _, rows := queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"1", "x", "DELETE"}, {"2", "y", "DELETE"}, {"2", "y", "DELETE"}, {"2", "z", "INSERT"}, {"2", "z", "INSERT"}, {"4", "w", "INSERT"}})
	// The update's DELETE and INSERT rows are pairs (METADATA$ISUPDATE).
	q = "select a, b, metadata$action, metadata$isupdate from s order by metadata$action, a, b"
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"1", "x", "DELETE", "0"}, {"2", "y", "DELETE", "1"}, {"2", "y", "DELETE", "1"},
		{"2", "z", "INSERT", "1"}, {"2", "z", "INSERT", "1"}, {"4", "w", "INSERT", "0"}})
	// An append-only stream shows inserts only; updates are not inserts.
	q = "select a, b, metadata$action, metadata$isupdate from s_append order by a, b"
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"4", "w", "INSERT", "0"}})
	q = "select a, b from s_initial order by a, b"
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"2", "z"}, {"2", "z"}, {"4", "w"}})
	// A deleted row keeps the ROW_ID it had as an insert.
	mustExec(t, db, "create database streams2", "create table t (a int)", "create stream s on table t", "insert into t values (7)")
	id := queryOne(t, db, "select metadata$row_id from s")
	mustExec(t, db, "create table sink as select * from s", "delete from t")
	if got := queryOne(t, db, "select metadata$row_id from s where metadata$action = 'DELETE'"); got != id {
		t.Fatalf("delete row id %s, insert row id %s", got, id)
	}
	// Deleting every row and inserting again is seen (rowids restart in DuckDB).
	mustExec(t, db, "create table sink2 as select * from s", "insert into t values (8)")
	if got := queryOne(t, db, "select a from s"); got != "8" {
		t.Fatalf("after delete all + insert: %s", got)
	}
}

func TestStreamOffsetInExplicitTransaction(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database streams",
		"create table t (a int)",
		"create stream s on table t",
		"create table sink1 (a int)",
		"create table sink2 (a int)",
		"insert into t values (1), (2)",
		// Every statement of a transaction sees the same changes.
		"begin",
		"insert into sink1 select a from s",
		"insert into sink2 select a from s",
		"commit",
	)
	if n := queryOne(t, db, "select (select count(*) from sink1) || '/' || (select count(*) from sink2) || '/' || (select count(*) from s)"); n != "2/2/0" {
		t.Fatalf("sink1/sink2/stream = %s, want 2/2/0", n)
	}
	mustExec(t, db,
		"insert into t values (3)",
		"begin",
		"insert into sink1 select a from s",
		"rollback",
	)
	if n := queryOne(t, db, "select count(*) from s"); n != "1" {
		t.Fatalf("stream after rollback: %s rows, want 1", n)
	}
	// Rows a consuming statement adds to the base table are changes after the offset.
	mustExec(t, db, "insert into t select a + 10 from s")
	_, _, rows := queryAll(t, db, "select a from s")
	wantRows(t, "self insert", rows, [][]string{{"13"}})
}

func TestStreamAcrossDatabases(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database src",
		"create table t (a int)",
		"create stream s on table t",
		"insert into t values (1), (2)",
		"create database dst",
		"create table sink (a int)",
		"insert into sink select a from src.public.s",
	)
	if n := queryOne(t, db, "select count(*) from sink"); n != "2" {
		t.Fatalf("sink %s", n)
	}
	if n := queryOne(t, db, "select count(*) from src.public.s"); n != "0" {
		t.Fatalf("stream %s", n)
	}
}

func TestStreamDDL(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database streams",
		"create table t (a int)",
		"create stream s on table t comment = 'changes of t'",
	)
	cols, _, rows := queryAll(t, db, "show streams")
	if len(rows) != 1 || cols[1] != "name" || rows[0][1] != "S" || rows[0][5] != "changes of t" || rows[0][6] != "STREAMS.PUBLIC.T" || rows[0][11] != "DEFAULT" || rows[0][10] != "false" {
		t.Fatalf("show streams: %v %q", cols, rows)
	}
	if _, _, rows = queryAll(t, db, "show streams like 'x%'"); len(rows) != 0 {
		t.Fatalf("show streams like: %q", rows)
	}
	_, _, rows = queryAll(t, db, "desc stream s")
	if len(rows) != 1 || rows[0][1] != "S" {
		t.Fatalf("desc stream: %q", rows)
	}
	_, err := db.Exec("create stream s on table t")
	snowflakeError(t, err, 2002, "already exists")
	mustExec(t, db, "create stream if not exists s on table t", "create or replace stream s on table t append_only = true")
	if _, _, rows = queryAll(t, db, "show streams"); rows[0][11] != "APPEND_ONLY" {
		t.Fatalf("after replace: %q", rows)
	}
	_, err = db.Exec("create stream s2 on table nosuch")
	snowflakeError(t, err, 2003, "NOSUCH")
	_, err = db.Exec("create view v as select * from t")
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("create stream s3 on view v")
	snowflakeError(t, err, 2040, "not supported")
	_, err = db.Exec("select system$stream_has_data('nosuch')")
	snowflakeError(t, err, 2003, "Stream 'nosuch' does not exist")
	mustExec(t, db, "drop table t")
	if _, _, rows = queryAll(t, db, "show streams"); rows[0][10] != "true" || !strings.Contains(rows[0][13], "dropped") {
		t.Fatalf("stale stream: %q", rows)
	}
	mustExec(t, db, "drop stream s", "drop stream if exists s")
	_, err = db.Exec("drop stream s")
	snowflakeError(t, err, 2003, "does not exist")
	if _, _, rows = queryAll(t, db, "show streams"); len(rows) != 0 {
		t.Fatalf("after drop: %q", rows)
	}
}
