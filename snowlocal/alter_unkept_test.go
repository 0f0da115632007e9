package snowlocal_test

import "testing"

// TestAlterUnkeptRefused: ALTER DATABASE, ALTER SCHEMA and ALTER WAREHOUSE
// change what Snowflake then shows (ALTER SCHEMA ... RENAME TO moves the
// schema, SET COMMENT fills INFORMATION_SCHEMA's COMMENT, SET
// DATA_RETENTION_TIME_IN_DAYS its RETENTION_TIME, SET WAREHOUSE_SIZE
// SHOW WAREHOUSES' size: docs alter-database, alter-schema,
// alter-warehouse). The engine keeps none of it, and reported them done;
// now they are refused, but for DEFAULT_DDL_COLLATION = ” (no
// collation), which changes nothing.
func TestAlterUnkeptRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database alt_db", "create schema s1", "create warehouse alt_wh")
	for q, part := range map[string]string{
		"alter schema s1 rename to s2":                              "ALTER SCHEMA",
		"alter schema if exists s1 set comment = 'c'":               "ALTER SCHEMA",
		"alter database alt_db set data_retention_time_in_days = 3": "ALTER DATABASE",
		"alter database alt_db rename to alt_db2":                   "ALTER DATABASE",
		"alter warehouse alt_wh set warehouse_size = 'LARGE'":       "ALTER WAREHOUSE",
		"alter warehouse alt_wh suspend":                            "ALTER WAREHOUSE",
	} {
		wantRefused(t, db, q, part)
	}
	// The schema is still there under its name.
	if got := queryValue(t, db, "select count(*) from information_schema.schemata where schema_name = 'S1'"); got != "1" {
		t.Errorf("schema S1 count = %s, want 1", got)
	}
	mustExec(t, db, "alter schema s1 set default_ddl_collation = ''", "alter database alt_db set default_ddl_collation = ''")
}

// TestUnkeptTablePropertiesRefused: a retention shows in SHOW TABLES'
// retention_time and INFORMATION_SCHEMA.TABLES' RETENTION_TIME, schema
// evolution in SHOW TABLES' enable_schema_evolution (docs: show-tables,
// info-schema/tables). The engine keeps neither and showed none, default
// values aside; now they are refused, while the defaults (a day's
// retention, no schema evolution) are accepted. (A clustering key is kept:
// clustering_test.go; a retention of 0 too: retention_test.go.)
func TestUnkeptTablePropertiesRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tp_db", "create table t (a int)")
	for q, part := range map[string]string{
		"create table r (a int) data_retention_time_in_days = 2": "DATA_RETENTION_TIME_IN_DAYS = 2",
		"create table e (a int) enable_schema_evolution = true":  "ENABLE_SCHEMA_EVOLUTION = TRUE",
		"alter table t set data_retention_time_in_days = 7":      "DATA_RETENTION_TIME_IN_DAYS = 7",
		"alter table t set enable_schema_evolution = true":       "ENABLE_SCHEMA_EVOLUTION = TRUE",
	} {
		wantRefused(t, db, q, part)
	}
	mustExec(t, db, "create table d (a int) data_retention_time_in_days = 1 enable_schema_evolution = false",
		"alter table t set data_retention_time_in_days = 1")
}
