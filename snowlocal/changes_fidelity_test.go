package snowlocal_test

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// The CHANGES clause (docs: CHANGES,
// https://docs.snowflake.com/en/sql-reference/constructs/changes) was
// refused whole (002040 CHANGES). The engine now records a table's changes
// once change tracking is enabled on it (ALTER TABLE ... SET
// CHANGE_TRACKING = TRUE, or a stream on it) and answers CHANGES from that
// history as a standard or append-only stream shows changes; what it did not
// record, or cannot tell exactly, stays refused.

// changesRows runs q and returns its rows, each cell as text, columns joined
// by "|".
func changesRows(t *testing.T, db *sql.DB, q string) (cols []string, rows []string) {
	t.Helper()
	cols, rs := queryRows(t, db, q)
	for _, r := range rs {
		rows = append(rows, strings.Join(r, "|"))
	}
	return cols, rows
}

// TestChangesDocsExample: the page's first example: after INSERT of red,
// blue, green, DELETE of id 1 and UPDATE of id 2 to purple, the DEFAULT
// changes since $ts1 are (2, purple) and (3, green), both INSERT with
// METADATA$ISUPDATE False; the APPEND_ONLY changes are red, blue and green.
// The docs show the same METADATA$ROW_ID for blue and purple (the row kept
// its identity through the update) and for green in both results.
func TestChangesDocsExample(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chg", `CREATE OR REPLACE TABLE t1 (
  id number(8) NOT NULL,
  c1 varchar(255) default NULL
)`, "ALTER TABLE t1 SET CHANGE_TRACKING = TRUE",
		"SET ts1 = (SELECT CURRENT_TIMESTAMP())",
		"INSERT INTO t1 (id,c1) VALUES (1,'red'), (2,'blue'), (3,'green')",
		"DELETE FROM t1 WHERE id = 1",
		"UPDATE t1 SET c1 = 'purple' WHERE id = 2")
	cols, delta := changesRows(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => $ts1)")
	if want := []string{"ID", "C1", "METADATA$ACTION", "METADATA$ISUPDATE", "METADATA$ROW_ID"}; !slices.Equal(cols, want) {
		t.Fatalf("columns = %v, want %v", cols, want)
	}
	if _, types, _ := queryAll(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => $ts1)"); !slices.Equal(types[2:4], []string{"TEXT", "BOOLEAN"}) {
		t.Errorf("types = %v", types)
	}
	_, appended := changesRows(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(TIMESTAMP => $ts1)")
	strip := func(rows []string) (out []string, ids []string) {
		for _, r := range rows {
			i := strings.LastIndex(r, "|")
			out, ids = append(out, r[:i]), append(ids, r[i+1:])
		}
		return out, ids
	}
	d, dIDs := strip(delta)
	a, aIDs := strip(appended)
	if want := []string{"2|purple|INSERT|0", "3|green|INSERT|0"}; !slices.Equal(d, want) {
		t.Errorf("DEFAULT changes = %v, want %v", d, want)
	}
	if want := []string{"1|red|INSERT|0", "2|blue|INSERT|0", "3|green|INSERT|0"}; !slices.Equal(a, want) {
		t.Errorf("APPEND_ONLY changes = %v, want %v", a, want)
	}
	if len(dIDs) == 2 && len(aIDs) == 3 && (dIDs[0] != aIDs[1] || dIDs[1] != aIDs[2] || aIDs[0] == aIDs[1] || dIDs[0] == "") {
		t.Errorf("ROW_IDs: DEFAULT %v, APPEND_ONLY %v: want purple's = blue's, green's alike, distinct rows distinct", dIDs, aIDs)
	}
	// The clause names the relation like the table, or takes an alias.
	if got := queryValue(t, db, "SELECT count(*) FROM t1 CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => $ts1) WHERE t1.c1 = 'green'"); got != "1" {
		t.Errorf("t1.c1 of the changes: %s", got)
	}
	if got := queryValue(t, db, "SELECT max(c.id) FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(TIMESTAMP => $ts1) AS c"); got != "3" {
		t.Errorf("aliased changes: %s", got)
	}
}

// TestChangesDocsEndAndStream: the page's other examples: the append-only
// changes from $ts1 to $ts2, taken before DELETE of green, are red, blue
// and green (END is inclusive, the later delete not in it); AT(STREAM =>
// 's1') starts at the stream's offset, and "because a stream is created on
// the source object, you do not need to explicitly enable change tracking":
// T2 holds red, blue, green although every row was deleted after $ts2.
func TestChangesDocsEndAndStream(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chg2",
		"CREATE OR REPLACE TABLE t1 (id number(8) NOT NULL, c1 varchar(255) default NULL)",
		"ALTER TABLE t1 SET CHANGE_TRACKING = TRUE",
		"SET ts1 = (SELECT CURRENT_TIMESTAMP())",
		"INSERT INTO t1 (id,c1) VALUES (1,'red'), (2,'blue'), (3,'green')",
		"SET ts2 = (SELECT CURRENT_TIMESTAMP())",
		"DELETE FROM t1 WHERE id = 3",
		`CREATE OR REPLACE TABLE t2 (c1 varchar(255) default NULL)
AS SELECT C1 FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(TIMESTAMP => $ts1) END(TIMESTAMP => $ts2)`)
	if _, got := changesRows(t, db, "SELECT * FROM t2"); !slices.Equal(got, []string{"red", "blue", "green"}) {
		t.Errorf("T2 (END => $ts2) = %v", got)
	}
	// The delete after $ts2 is outside that interval, inside the open one.
	if _, got := changesRows(t, db, "SELECT c1, metadata$action FROM t1 CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => $ts2)"); !slices.Equal(got, []string{"green|DELETE"}) {
		t.Errorf("DEFAULT changes since $ts2 = %v", got)
	}
	wantRefused(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => DEFAULT) AT(TIMESTAMP => $ts1) END(STATEMENT => '01b2')", "CHANGES END(STATEMENT")

	mustExec(t, db,
		"CREATE OR REPLACE TABLE t1 (id number(8) NOT NULL, c1 varchar(255) default NULL)",
		"CREATE OR REPLACE STREAM s1 ON TABLE t1",
		"INSERT INTO t1 (id,c1) VALUES (1,'red'), (2,'blue'), (3,'green')",
		"SET ts2 = (SELECT CURRENT_TIMESTAMP())",
		"DELETE FROM t1",
		`CREATE OR REPLACE TABLE t2 (c1 varchar(255) default NULL)
AS SELECT C1 FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(STREAM => 's1') END(TIMESTAMP => $ts2)`)
	if _, got := changesRows(t, db, "SELECT * FROM t2"); !slices.Equal(got, []string{"red", "blue", "green"}) {
		t.Errorf("T2 (AT(STREAM => 's1')) = %v", got)
	}
	// CHANGES keeps no offset: the stream still holds nothing net (rows
	// inserted then deleted), and its offset did not move.
	if got := queryValue(t, db, "SELECT count(*) FROM s1"); got != "0" {
		t.Errorf("stream after CHANGES: %s rows", got)
	}
	if got := queryValue(t, db, "SELECT count(*) FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(STREAM => 's1')"); got != "3" {
		t.Errorf("APPEND_ONLY changes from the stream's offset to now: %s rows", got)
	}
	// Once a DML statement consumed the stream, its offset is a point the
	// engine does not keep the time of: refused.
	mustExec(t, db, "INSERT INTO t1 VALUES (4, 'cyan')", "CREATE TABLE sink AS SELECT id FROM s1")
	wantRefused(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(STREAM => 's1')", "CHANGES AT(STREAM => ...) of a stream whose offset is not its creation")
	wantRefused(t, db, "SELECT * FROM t1 CHANGES(INFORMATION => APPEND_ONLY) AT(STREAM => 'nope')", "CHANGES AT(STREAM => ...) of a stream that does not exist")
}

// TestChangesUpdatesOfExistingRows: rows that existed at the AT point are
// shown as a standard stream shows them (streams-intro: "Updates to rows in
// the source object are represented as a pair of DELETE and INSERT records
// ... with a metadata column METADATA$ISUPDATE values set to TRUE"; a
// delete is a DELETE; CHANGES' DEFAULT "returns all DML changes ...
// including inserts, updates, and deletes"), and not at all in the
// append-only changes ("Returns appended rows only"). The pair shares the
// row's METADATA$ROW_ID. Changes inside an explicit transaction take its
// commit time.
func TestChangesUpdatesOfExistingRows(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chg3", "create table t (id int, v varchar)",
		"insert into t values (1, 'a'), (2, 'b'), (3, 'c')",
		"alter table t set change_tracking = true",
		"set p1 = (select current_timestamp())",
		"update t set v = 'bb' where id = 2",
		"delete from t where id = 1",
		"insert into t values (4, 'd')",
		"truncate table t",
		"insert into t values (3, 'c')")
	q := "select id, v, metadata$action, metadata$isupdate from t changes(information => default) at(timestamp => $p1) order by metadata$action, id"
	// After TRUNCATE and the new (3, 'c') the delta is net: 1, 2 and the
	// old 3 deleted (2 with its old value), the new 3 inserted.
	if _, got := changesRows(t, db, q); !slices.Equal(got, []string{"1|a|DELETE|0", "2|b|DELETE|0", "3|c|DELETE|0", "3|c|INSERT|0"}) {
		t.Errorf("after TRUNCATE: %v", got)
	}
	mustExec(t, db, "set p2 = (select current_timestamp())",
		"update t set v = 'cc' where id = 3",
		"begin",
		"insert into t values (5, 'e')")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p2)", "CHANGES of a table changed in the open transaction")
	mustExec(t, db, "commit", "set p3 = (select current_timestamp())", "delete from t where id = 5")
	q = "select id, v, metadata$action, metadata$isupdate from t changes(information => default) at(timestamp => $p2) end(timestamp => $p3) order by id, metadata$action"
	if _, got := changesRows(t, db, q); !slices.Equal(got, []string{"3|c|DELETE|1", "3|cc|INSERT|1", "5|e|INSERT|0"}) {
		t.Errorf("update of an existing row: %v", got)
	}
	if got := queryValue(t, db, "select count(distinct metadata$row_id) from t changes(information => default) at(timestamp => $p2) end(timestamp => $p3) where id = 3"); got != "1" {
		t.Errorf("the update's pair has %s ROW_IDs", got)
	}
	if _, got := changesRows(t, db, "select id, v from t changes(information => append_only) at(timestamp => $p2)"); !slices.Equal(got, []string{"5|e"}) {
		t.Errorf("append-only changes: %v", got)
	}
	// MERGE updates and inserts as UPDATE and INSERT do.
	mustExec(t, db, "create table src (id int, v varchar)", "insert into src values (3, 'ccc'), (6, 'f')")
	before := time.Now()
	time.Sleep(300 * time.Millisecond) // the OFFSET point lands between the delete and the merge
	mustExec(t, db, "merge into t using src on t.id = src.id when matched then update set v = src.v when not matched then insert values (src.id, src.v)")
	q = fmt.Sprintf("select id, v, metadata$action, metadata$isupdate from t changes(information => default) at(offset => -%.6f) order by id, metadata$action", time.Since(before).Seconds())
	if _, got := changesRows(t, db, q); !slices.Equal(got, []string{"3|cc|DELETE|1", "3|ccc|INSERT|1", "6|f|INSERT|0"}) {
		t.Errorf("MERGE (AT OFFSET): %v", got)
	}
	mustExec(t, db, "set p5 = (select current_timestamp())", "insert overwrite into t values (3, 'ccc'), (7, 'g')")
	// INSERT OVERWRITE runs as a multi-table INSERT does, untracked.
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p5)", "CHANGES of a table changed by a statement the engine does not track")
}

// TestChangesRefusals: what the engine did not record or cannot tell stays
// refused (002040 naming CHANGES), never an empty or partial answer:
// change tracking is recorded only once enabled ("at least one of the
// following must be true before change tracking metadata is recorded",
// the page's usage notes; the error Snowflake then gives is documented for
// dynamic tables only, 091930 with a "representative" text); STATEMENT =>
// and BEFORE; a view; a table re-created or changed by a statement the
// engine does not track.
func TestChangesRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chg4", "create table t (id int)", "insert into t values (1)",
		"set p0 = (select current_timestamp())")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p0)", "CHANGES of a table whose changes the engine did not record")
	mustExec(t, db, "alter table t set change_tracking = true", "set p1 = (select current_timestamp())", "insert into t values (2)")
	// Answered once tracking records the interval, refused before it.
	if got := queryValue(t, db, "select count(*) from t changes(information => default) at(timestamp => $p1)"); got != "1" {
		t.Errorf("changes since enabling: %s rows", got)
	}
	for _, tc := range []struct{ q, part string }{
		{"select * from t changes(information => default) at(timestamp => $p0)", "CHANGES of a table whose changes the engine did not record"},
		{"select * from t changes(information => default) at(offset => -3600)", "CHANGES of a table whose changes the engine did not record"},
		{"select * from t changes(information => default) at(statement => '01b2')", "CHANGES AT(STATEMENT"},
		{"select * from t changes(information => default) before(statement => '01b2')", "CHANGES BEFORE"},
		{"select * from t changes(information => default) at(timestamp => $p1) end(timestamp => $p0)", "CHANGES with END before AT"},
		{"select * from t changes(information => default) at(timestamp => dateadd(hour, 1, current_timestamp()))", "CHANGES with a point in the future"},
		{"create view v as select * from t changes(information => default) at(offset => -1)", "CHANGES (change queries)"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
	mustExec(t, db, "create view w as select * from t")
	wantRefused(t, db, "select * from w changes(information => default) at(timestamp => $p1)", "CHANGES of a view")
	// A multi-table INSERT is not tracked: refused until a tracked
	// statement starts the history again, after which only later points
	// answer.
	mustExec(t, db, "insert all into t values (9) select 1")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p1)", "CHANGES of a table changed by a statement the engine does not track")
	mustExec(t, db, "delete from t where id = 9")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p1)", "CHANGES of a table whose changes the engine did not record")
	// Turning tracking off drops the history; a re-created table has none.
	mustExec(t, db, "set p2 = (select current_timestamp())", "alter table t set change_tracking = false")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p2)", "CHANGES of a table whose changes the engine did not record")
	mustExec(t, db, "alter table t set change_tracking = true", "set p3 = (select current_timestamp())",
		"create or replace table t (id int)")
	wantRefused(t, db, "select * from t changes(information => default) at(timestamp => $p3)", "CHANGES of a table whose changes the engine did not record")
	mustExec(t, db, "create or replace table t (id int) change_tracking = true", "set p4 = (select current_timestamp())", "insert into t values (7)")
	if got := queryValue(t, db, "select max(id) from t changes(information => append_only) at(timestamp => $p4)"); got != "7" {
		t.Errorf("CREATE TABLE ... CHANGE_TRACKING = TRUE: %s", got)
	}
}
