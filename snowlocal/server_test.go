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
