package snowlocal_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// open starts an in-memory engine and connects through gosnowflake.
func open(t *testing.T) *sql.DB {
	t.Helper()
	db, err := warehouse.OpenLocal(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1) // one session, so USE carries over between statements
	return db.DB
}

func mustExec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestSelectOneThroughGosnowflake(t *testing.T) {
	db := open(t)
	var n int
	if err := db.QueryRow("select 1").Scan(&n); err != nil || n != 1 {
		t.Fatalf("select 1 = %d, %v", n, err)
	}
}

func TestWrongPasswordIsRefused(t *testing.T) {
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "u", Password: "right"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cfg, err := warehouse.LocalConfig(srv.Addr(), "u", "wrong")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	defer db.Close()
	err = db.Ping()
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 390100 {
		t.Fatalf("want Snowflake error 390100, got %#v", err)
	}
}

func TestDatabasesSchemasAndTables(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database fluentd",
		"create table public.logs(time DATETIME, tag STRING, record VARIANT)",
		"insert into logs select '2024-01-02 03:04:05', 's3.apache.access', parse_json('{\"host\":\"1.2.3.4\",\"code\":200}')",
	)
	var db1, schema string
	if err := db.QueryRow("select current_database(), current_schema()").Scan(&db1, &schema); err != nil {
		t.Fatal(err)
	}
	if db1 != "FLUENTD" || schema != "PUBLIC" {
		t.Fatalf("current = %s.%s", db1, schema)
	}
	rows, err := db.Query("show tables")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
	}
	if n != 1 || cols[1] != "name" {
		t.Fatalf("show tables: %d rows, cols %v", n, cols)
	}
	_, err = db.Exec("select * from nosuch")
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2003 {
		t.Fatalf("want 002003, got %#v", err)
	}
}

// Streams are views and keep state in a hidden _FLURRY schema: neither may
// leak into SHOW output, and dropping a schema drops its engine objects.
func TestShowHidesEngineInternalsAndDropSchemaDropsObjects(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database d",
		"create schema s",
		"create table t(x int)",
		"create stream t_stream on table t",
		"create stage st",
	)
	_, _, rows := queryAll(t, db, "show views in schema d.s")
	if len(rows) != 0 {
		t.Fatalf("show views lists the stream's view: %q", rows)
	}
	_, _, rows = queryAll(t, db, "show schemas like '_FLURRY' in database d")
	for _, r := range rows {
		if r[1] == "_FLURRY" {
			t.Fatalf("show schemas lists the engine's _FLURRY schema: %q", rows)
		}
	}
	if _, _, rows = queryAll(t, db, "show streams in schema d.s"); len(rows) != 1 {
		t.Fatalf("show streams: %q", rows)
	}
	mustExec(t, db, "drop schema d.s")
	if _, _, rows = queryAll(t, db, "show stages in database d"); len(rows) != 0 {
		t.Fatalf("stages of a dropped schema are still listed: %q", rows)
	}
	if _, _, rows = queryAll(t, db, "show streams in database d"); len(rows) != 0 {
		t.Fatalf("streams of a dropped schema are still listed: %q", rows)
	}
}

// Bad SQL, unknown objects and unsupported constructs come back through the
// driver as Snowflake errors with code, SQLSTATE and a query id.
func TestSnowflakeStyleErrorsThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database errs", "create table t(x int)")
	cases := []struct {
		sql      string
		number   int
		sqlState string
	}{
		{"selec 1", 1003, "42000"},                                      // syntax error
		{"select * from no_such_table", 2003, "42S02"},                  // object does not exist
		{"select no_such_column from t", 904, "42000"},                  // invalid identifier
		{"select no_such_function(1)", 2140, "42601"},                   // unknown function
		{"select * from t match_recognize (order by x)", 2040, "42000"}, // unsupported, never passed through
		{"create database errs", 2002, "42710"},                         // already exists
	}
	for _, tc := range cases {
		_, err := db.Exec(tc.sql)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) {
			t.Fatalf("%s: want a SnowflakeError, got %#v", tc.sql, err)
		}
		if se.Number != tc.number || se.SQLState != tc.sqlState || se.QueryID == "" || se.Message == "" {
			t.Errorf("%s: got %d/%s qid=%q %q, want %d/%s with a query id", tc.sql, se.Number, se.SQLState, se.QueryID, se.Message, tc.number, tc.sqlState)
		}
	}
}

// INFORMATION_SCHEMA views answer for the database named or current, with or
// without a user alias.
func TestInformationSchemaViews(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database info_a", "create table ta(x int, s string)", "create database info_b", "create table tb(y variant)")
	_, _, rows := queryAll(t, db, "select table_name from information_schema.tables where table_schema = 'PUBLIC'")
	wantRows(t, "current db", rows, [][]string{{"TB"}})
	// Not the INFORMATION_SCHEMA's own views, which the engine does not
	// list (info_schema_rows_test.go).
	_, _, rows = queryAll(t, db, "select t.table_name, t.table_type from info_a.information_schema.tables t where t.table_schema <> 'INFORMATION_SCHEMA'")
	wantRows(t, "aliased, other db", rows, [][]string{{"TA", "BASE TABLE"}})
	_, _, rows = queryAll(t, db, "select column_name, data_type from info_a.information_schema.columns as c order by ordinal_position")
	wantRows(t, "columns", rows, [][]string{{"X", "NUMBER"}, {"S", "TEXT"}})
	_, _, rows = queryAll(t, db, "select data_type from information_schema.columns where table_name = 'TB'")
	wantRows(t, "variant", rows, [][]string{{"VARIANT"}})
}
