package snowlocal_test

import (
	"database/sql"
	"testing"
	"time"
)

// INFORMATION_SCHEMA's CREATED, LAST_ALTERED and LAST_DDL are
// TIMESTAMP_LTZ(3) on an account ("A creation or alteration instant --
// TIMESTAMP_LTZ(3) on the account": the independent, live-verified
// reference mlorek/frostlake,
// engine/src/main/java/dev/frostlake/system/SystemViews.java, colLtz),
// whose values are whole milliseconds. gosnowflake reports no scale of a
// TIMESTAMP_LTZ column (TestMillisScale, in the package, reads it); here
// the values it reads, and the refusals.

func TestInfoSchemaMillisValues(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ms", "create table t (a int)", "create view v as select a from t", "insert into t values (1)")
	for _, q := range []string{
		"select created, last_altered, last_ddl from information_schema.tables where table_schema = 'PUBLIC' and table_name = 'T'",
		"select created, last_altered, last_ddl from information_schema.views where table_schema = 'PUBLIC'",
		"select created, last_altered, created from information_schema.schemata where schema_name = 'PUBLIC'",
		"select created, last_altered, created from information_schema.databases where database_name = 'MS'",
	} {
		wantRecentMillis(t, db, q)
	}
	// A filter compares the milliseconds the account keeps.
	var n int
	if err := db.QueryRow(`select count(*) from information_schema.tables t join information_schema.tables u
		on t.created = u.created where t.table_schema = 'PUBLIC' and u.table_schema = 'PUBLIC' and t.table_name = 'T'`).Scan(&n); err != nil || n < 1 {
		t.Errorf("join on CREATED: %d, %v", n, err)
	}
}

// TestInfoSchemaMillisRefused: a timestamp computed from one of those
// columns, a set operation of one with another timestamp, and a table or
// view created over one have a fractional precision no source gives (or
// one the engine cannot declare): refused, where reading the text of one,
// or filtering on it, answers.
func TestInfoSchemaMillisRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database msr", "create table t (a int)")
	const tables = " from information_schema.tables where table_schema = 'PUBLIC'"
	for _, q := range []string{
		"select dateadd(day, 1, created)" + tables,
		"select date_trunc('day', last_altered)" + tables,
		"select created::timestamp_ntz" + tables,
		"select x from (select dateadd(day, 1, created) x" + tables + ")",
		"select created" + tables + " union all select current_timestamp()",
		"select greatest(created, current_timestamp())" + tables,
		"create table c1 as select created" + tables,
		"create view c2 as select last_ddl" + tables,
		"create table c3 as select dateadd(day, 1, created) d" + tables,
	} {
		wantRefused(t, db, q, "INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) times")
	}
	for _, q := range []string{
		"select to_varchar(created)" + tables,
		"select table_name" + tables + " and created <= current_timestamp()",
		"create table c4 as select table_name" + tables + " and created <= current_timestamp()",
		"select current_timestamp()" + tables,
	} {
		mustExec(t, db, q)
	}
}

// wantRecentMillis runs q, whose one row holds three times, and checks
// that each is a time of the last hour with whole milliseconds.
func wantRecentMillis(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	var a, b, c sql.NullTime
	if err := db.QueryRow(q).Scan(&a, &b, &c); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	for _, v := range []sql.NullTime{a, b, c} {
		if !v.Valid || v.Time.Nanosecond()%int(time.Millisecond) != 0 || time.Since(v.Time) > time.Hour {
			t.Errorf("%s: %v, want a recent time of whole milliseconds", q, v)
		}
	}
}
