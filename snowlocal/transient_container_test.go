package snowlocal_test

import (
	"reflect"
	"testing"
)

// TestTransientContainer: "All tables created in a transient schema, as well
// as all schemas created in a transient database, are transient by
// definition" (docs: https://docs.snowflake.com/en/user-guide/tables-temp-transient).
// A table made in a transient schema showed kind TABLE and IS_TRANSIENT NO,
// and a schema made in a transient database no TRANSIENT option.
func TestTransientContainer(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create transient database td", "create schema s2", "create table t2 (a int)",
		"create database pd", "create transient schema ts", "create table t3 (a int)",
		"use schema pd.public", "create table t5 (a int)")
	for q, want := range map[string][][]string{
		`show schemas like 'PUBLIC' in database td ->> select "name", "options" from $1`:                                      {{"PUBLIC", "TRANSIENT"}},
		`show schemas like 'S2' in database td ->> select "name", "options" from $1`:                                          {{"S2", "TRANSIENT"}},
		`show tables in schema td.s2 ->> select "name", "kind" from $1`:                                                       {{"T2", "TRANSIENT"}},
		`show tables in schema pd.ts ->> select "name", "kind" from $1`:                                                       {{"T3", "TRANSIENT"}},
		`show tables in schema pd.public ->> select "name", "kind" from $1`:                                                   {{"T5", "TABLE"}},
		`select table_name, is_transient from pd.information_schema.tables where table_schema in ('TS', 'PUBLIC') order by 1`: {{"T3", "YES"}, {"T5", "NO"}},
	} {
		if _, rows := queryRows(t, db, q); !reflect.DeepEqual(rows, want) {
			t.Errorf("%s:\n got %v\nwant %v", q, rows, want)
		}
	}
}
