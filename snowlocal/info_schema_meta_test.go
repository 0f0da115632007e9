package snowlocal_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/warehouse"
)

// TestCreatedTimesOfOlderObjects: Snowflake never answers NULL for a
// table's or view's CREATED ("Creation time of the table",
// https://docs.snowflake.com/en/sql-reference/info-schema/tables), nor shows
// SHOW DATABASES / SCHEMAS / TABLES without a created_on. An object made by
// a flurry older than the engine's bookkeeping of creation times (no row), or
// whose row an older flurry made up when it opened (CREATED and LAST_ALTERED
// the opening time, no LAST_DDL), has times the engine does not know:
// reading them is refused (002040) naming the object, row by row in
// INFORMATION_SCHEMA (a filter ruling the row out answers), and every SHOW
// listing holding it, TERSE included. A statement that changes the object
// records LAST_ALTERED (and LAST_DDL) again; recreating it records them all.
// Objects whose creation was recorded are unaffected.
func TestCreatedTimesOfOlderObjects(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "create database metaold", "create schema s", "create table s.t (x int)",
		"create view s.v as select x from s.t", "create table s.k (x int)", "create schema madeup", "create table madeup.o (x int)",
		"create table madeup.p (x int)")
	db.Close()

	// The state older flurries left: no bookkeeping rows for METAOLD.S and
	// its database (before the bookkeeping), and rows made up at opening
	// time for MADEUP.O and MADEUP.P, P changed by DML since (before
	// CREATED_UNKNOWN); K's row was recorded by its CREATE.
	raw, err := sql.Open("duckdb", filepath.Join(dir, "__flurry_engine.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM _FLURRY.TABLE_TIMES WHERE DATABASE_NAME = 'METAOLD' AND SCHEMA_NAME IN ('S', '', 'PUBLIC') AND NAME <> 'K'`,
		`ALTER TABLE _FLURRY.TABLE_TIMES DROP COLUMN IF EXISTS CREATED_UNKNOWN`,
		`UPDATE _FLURRY.TABLE_TIMES SET CREATED = TIMESTAMPTZ '2026-01-02 03:04:05+00', LAST_ALTERED = TIMESTAMPTZ '2026-01-02 03:04:05+00',
			LAST_DDL = NULL, LAST_DDL_BY = NULL WHERE SCHEMA_NAME = 'MADEUP' AND NAME = 'O'`,
		`UPDATE _FLURRY.TABLE_TIMES SET CREATED = TIMESTAMPTZ '2026-01-02 03:04:05+00', LAST_ALTERED = TIMESTAMPTZ '2026-01-03 03:04:05+00',
			LAST_DDL = NULL, LAST_DDL_BY = NULL WHERE SCHEMA_NAME = 'MADEUP' AND NAME = 'P'`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()

	db, err = warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "use database metaold", "create table s.n (x int)")
	unknown := func(q, object string) {
		t.Helper()
		rows, err := db.Query(q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		snowflakeError(t, err, 2040, object+", whose time the local engine does not know: it was created before this flurry version recorded creation times")
		if err != nil && !strings.Contains(err.Error(), "recreating it records its times") {
			t.Errorf("%s: %v; want it to suggest recreating the object", q, err)
		}
	}
	for _, col := range []string{"created", "last_altered", "last_ddl", "last_ddl_by"} {
		unknown("select "+col+" from information_schema.tables where table_schema = 'S' and table_name = 'T'", "table METAOLD.S.T")
		unknown("select "+col+" from information_schema.views where table_name = 'V'", "view METAOLD.S.V")
		unknown("select "+col+" from information_schema.tables where table_schema = 'MADEUP' and table_name = 'O'", "table METAOLD.MADEUP.O")
	}
	unknown("select created from information_schema.tables where table_schema = 'MADEUP' and table_name = 'P'", "table METAOLD.MADEUP.P")
	unknown("select created, last_altered from information_schema.schemata where schema_name = 'S'", "schema METAOLD.S")
	unknown("select created from information_schema.databases where database_name = 'METAOLD'", "database METAOLD")
	for q, object := range map[string]string{
		"show tables in schema metaold.s":               "table METAOLD.S.T",
		"show terse tables in schema metaold.s":         "table METAOLD.S.T",
		"show views in schema metaold.s":                "view METAOLD.S.V",
		"show terse views in schema metaold.s":          "view METAOLD.S.V",
		"show objects in schema metaold.s":              "table METAOLD.S.T",
		"show terse objects in schema metaold.s":        "table METAOLD.S.T",
		"show tables like 'O' in schema metaold.madeup": "table METAOLD.MADEUP.O",
		"show databases like 'METAOLD'":                 "database METAOLD",
		"show schemas like 'S' in database metaold":     "schema METAOLD.S",
	} {
		unknown(q, object)
	}

	// What holds no unknown time answers: other columns, a filter ruling
	// the object out, a recorded object, a time recorded since.
	_, _, rows := queryAll(t, db.DB, "select table_name, row_count from information_schema.tables where table_schema = 'S' order by 1")
	wantRows(t, "tables without times", rows, [][]string{{"K", "0"}, {"N", "0"}, {"T", "0"}, {"V", "<null>"}})
	for _, q := range []string{"select created from information_schema.tables where table_schema = 'S' and table_name in ('K', 'N')",
		"select last_altered from information_schema.tables where table_schema = 'MADEUP' and table_name = 'P'"} {
		_, _, rows := queryAll(t, db.DB, q)
		if len(rows) == 0 {
			t.Errorf("%s: no rows", q)
		}
		for _, r := range rows {
			if r[0] == "<null>" {
				t.Errorf("%s: %v", q, rows)
			}
		}
	}
	for _, q := range []string{"show tables like 'K' in schema metaold.s", "show terse objects like 'N' in schema metaold.s"} {
		if on := createdOn(t, db.DB, q); on.Year() < 2000 {
			t.Errorf("%s: created_on %v", q, on)
		}
	}
	// Change tracking still tells the table apart (changes.go).
	mustExec(t, db.DB, "create stream st on table s.t", "insert into s.t values (1)")
	if _, _, rows := queryAll(t, db.DB, "select x from st"); len(rows) != 1 {
		t.Errorf("stream on an older table: %v, want one row", rows)
	}
	// DML records LAST_ALTERED, DDL LAST_DDL and LAST_DDL_BY; CREATED stays
	// unknown until the object is recreated.
	mustExec(t, db.DB, "alter table s.t add column y int")
	for _, col := range []string{"last_altered", "last_ddl", "last_ddl_by"} {
		var v sql.NullString
		if err := db.QueryRow("select " + col + "::varchar from information_schema.tables where table_schema = 'S' and table_name = 'T'").Scan(&v); err != nil || !v.Valid {
			t.Errorf("%s after ALTER: %v, %v", col, v, err)
		}
	}
	unknown("select created from information_schema.tables where table_schema = 'S' and table_name = 'T'", "table METAOLD.S.T")
	mustExec(t, db.DB, "create or replace view s.v as select x from s.t")
	if on := createdOn(t, db.DB, "show views like 'V' in schema metaold.s"); on.Year() < 2000 {
		t.Errorf("recreated view: created_on %v", on)
	}
}

// createdOn is the created_on of the first row of a SHOW command.
func createdOn(t *testing.T, db *sql.DB, q string) time.Time {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s: no rows", q)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, c := range cols {
		if c == "created_on" {
			if on, ok := vals[i].(time.Time); ok {
				return on
			}
			t.Fatalf("%s: created_on %#v", q, vals[i])
		}
	}
	t.Fatalf("%s: no created_on in %v", q, cols)
	return time.Time{}
}

// TestTaskHistoryHashesAndGraphRunGroup: TASK_HISTORY's QUERY_HASH,
// QUERY_HASH_VERSION, QUERY_PARAMETERIZED_HASH and
// QUERY_PARAMETERIZED_HASH_VERSION are "computed based on the canonicalized
// SQL text" by Snowflake's own logic
// (https://docs.snowflake.com/en/sql-reference/functions/task_history,
// https://docs.snowflake.com/en/user-guide/query-hash): reading them is
// refused (002040), and queries not reading them answer. GRAPH_RUN_GROUP_ID
// is the "Identifier for the graph run. When a graph run has multiple task
// runs, each task run will show the same GRAPH_RUN_GROUP_ID" (same page):
// the root's and its child's runs share one, another graph run has another;
// a run not yet started (SCHEDULED), for which the docs do not say, is
// refused.
func TestTaskHistoryHashesAndGraphRunGroup(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database taskmeta", "create table log (step string)",
		"create task root schedule = '60 minute' as insert into log values ('root')",
		"create task child after root as insert into log values ('child')",
		"select system$task_dependents_enable('root')",
		"execute task root")
	for _, c := range []string{"query_hash", "query_hash_version", "query_parameterized_hash", "query_parameterized_hash_version"} {
		err := queryErr(db, "select "+c+" from table(information_schema.task_history()) where state = 'SUCCEEDED'")
		if err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", c, err)
		}
	}
	wantRefused(t, db, "select * from table(information_schema.task_history())", "")
	ids := func() []string {
		t.Helper()
		_, _, rows := queryAll(t, db, `select name, graph_run_group_id from table(information_schema.task_history())
			where state <> 'SCHEDULED' order by query_start_time, name`)
		var out []string
		for _, r := range rows {
			out = append(out, r[1])
		}
		return out
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	first := ids()
	if len(first) != 2 || first[0] != first[1] || !uuid.MatchString(first[0]) {
		t.Fatalf("graph run of root and child: %q, want one identifier twice", first)
	}
	mustExec(t, db, "execute task root")
	second := ids()
	if len(second) != 4 || second[2] != second[3] || second[2] == first[0] {
		t.Errorf("two graph runs: %q, want two pairs of different identifiers", second)
	}
	wantRefused(t, db, "select graph_run_group_id from table(information_schema.task_history()) where state = 'SCHEDULED'", "")
	if got := queryOne(t, db, "select count(*) from table(information_schema.task_history()) where state = 'SCHEDULED'"); got != "1" {
		t.Errorf("scheduled runs: %s, want 1", got)
	}
}

// TestDataTypeAliasRefusedWhereUnsettled: DATA_TYPE_ALIAS is "the exact
// name specified for the data type" (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2061),
// shown by the docs only for one upper-case name (BIGINT, NUMBER). Where the
// shown spelling is not documented — a lower-case name, one of several words
// or with arguments, a column of a LIKE or CLONE table or a view — a query
// reading that row's DATA_TYPE_ALIAS (SELECT * reads it) is refused
// (002040), while queries reading the row's other columns, or only rows
// with an alias, answer.
func TestDataTypeAliasRefusedWhereUnsettled(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database aliasmeta", "create table t (a BIGINT, b string, c DOUBLE PRECISION, d NUMBER(10,2))",
		"create table l like t", "create table k clone t", "create view v as select a from t")
	for _, c := range [][2]string{{"T", "B"}, {"T", "C"}, {"T", "D"}, {"L", "A"}, {"K", "A"}, {"V", "A"}} {
		q := "select data_type_alias from information_schema.columns where table_name = '" + c[0] + "' and column_name = '" + c[1] + "'"
		rows, err := db.Query(q)
		if err == nil {
			rows.Close() // else the connection stays taken and the next query waits for ever
		}
		if err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s.%s: err = %v, want 002040", c[0], c[1], err)
		}
	}
	rows, err := db.Query("select * from information_schema.columns where table_name = 'T'")
	if err == nil {
		rows.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("select *: err = %v, want 002040", err)
	}
	if got := queryOne(t, db, "select data_type_alias from information_schema.columns where table_name = 'T' and column_name = 'A'"); got != "BIGINT" {
		t.Errorf("T.A: %s, want BIGINT", got)
	}
	if got := queryOne(t, db, "select count(*) || ' ' || min(data_type) from information_schema.columns where table_name = 'T'"); got != "4 FLOAT" {
		t.Errorf("T's columns: %s, want 4 FLOAT", got)
	}
}
