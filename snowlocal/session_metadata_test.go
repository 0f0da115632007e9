package snowlocal_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	sf "github.com/snowflakedb/gosnowflake"
)

// Session parameters as the ALTER SESSION and SHOW PARAMETERS references
// and the parameter reference (https://docs.snowflake.com/en/sql-reference/parameters)
// describe them, through gosnowflake.
func TestSessionParametersAreSnowflakes(t *testing.T) {
	t.Parallel()
	db := open(t)
	param := func(name string) (value, level string) {
		t.Helper()
		_, _, rows := queryAll(t, db, "show parameters like '"+name+"' in session")
		if len(rows) != 1 {
			t.Fatalf("SHOW PARAMETERS LIKE '%s': %d rows, want 1", name, len(rows))
		}
		return rows[0][1], rows[0][3]
	}

	// A name Snowflake does not know is an invalid parameter, for SET and UNSET.
	_, err := db.Exec("alter session set no_such_param = 1")
	snowflakeError(t, err, 1006, "invalid parameter 'no_such_param'")
	_, err = db.Exec("alter session unset no_such_param")
	snowflakeError(t, err, 1006, "invalid parameter 'no_such_param'")
	// DuckDB's settings are not Snowflake parameters.
	_, err = db.Exec("alter session set threads = 7")
	snowflakeError(t, err, 1006, "invalid parameter 'threads'")

	// Values outside a parameter's documented domain: BOOLEAN, a NUMBER range
	// (WEEK_START 0-7, TWO_DIGIT_CENTURY_START 1900-2100), a constant list.
	for _, stmt := range []string{
		"alter session set autocommit = 'maybe'",
		"alter session set week_start = 8",
		"alter session set two_digit_century_start = 1899",
		"alter session set binary_output_format = 'OCTAL'",
		"alter session set timezone = 'Not/AZone'",
	} {
		_, err := db.Exec(stmt)
		snowflakeError(t, err, 2036, "invalid value")
	}
	// Valid values the engine would not compute with are refused, not ignored.
	for stmt, name := range map[string]string{
		"alter session set date_input_format = 'DD/MM/YYYY'": "DATE_INPUT_FORMAT",
		"alter session set two_digit_century_start = 1980":   "TWO_DIGIT_CENTURY_START",
		"alter session set json_indent = 4":                  "JSON_INDENT",
		"alter session set autocommit = false":               "AUTOCOMMIT",
	} {
		_, err := db.Exec(stmt)
		snowflakeError(t, err, 2040, name)
	}

	// The ALTER SESSION reference's example, and SHOW PARAMETERS' level.
	if v, level := param("LOCK_TIMEOUT"); v != "43200" || level != "" {
		t.Errorf("LOCK_TIMEOUT by default = %q level %q, want the documented 43200 and no level", v, level)
	}
	mustExec(t, db, "ALTER SESSION SET LOCK_TIMEOUT = 3600")
	if v, level := param("LOCK_TIMEOUT"); v != "3600" || level != "SESSION" {
		t.Errorf("LOCK_TIMEOUT after SET = %q level %q, want 3600 SESSION", v, level)
	}
	mustExec(t, db, "ALTER SESSION UNSET LOCK_TIMEOUT")
	if v, level := param("LOCK_TIMEOUT"); v != "43200" || level != "" {
		t.Errorf("LOCK_TIMEOUT after UNSET = %q level %q, want 43200 and no level", v, level)
	}
	// "specifying a value for the property will return an error".
	_, err = db.Exec("alter session unset lock_timeout = 3600")
	snowflakeError(t, err, 1003, "syntax error")

	// One statement sets several parameters (blank, comma or newline
	// separated), all or none.
	mustExec(t, db, "alter session set query_tag = 'etl' statement_timeout_in_seconds = 60,\nuse_cached_result = false")
	if v, _ := param("QUERY_TAG"); v != "etl" {
		t.Errorf("QUERY_TAG = %q, want etl", v)
	}
	if v, _ := param("USE_CACHED_RESULT"); v != "false" {
		t.Errorf("USE_CACHED_RESULT = %q, want false", v)
	}
	_, err = db.Exec("alter session set query_tag = 'other', week_start = 99")
	snowflakeError(t, err, 2036, "WEEK_START")
	if v, _ := param("QUERY_TAG"); v != "etl" {
		t.Errorf("QUERY_TAG after a refused statement = %q, want etl unchanged", v)
	}
	mustExec(t, db, "alter session unset query_tag, statement_timeout_in_seconds, use_cached_result")

	// SHOW PARAMETERS: key, value, default, level, description, type; LIKE
	// is case-insensitive; IN SESSION is the default scope.
	cols, _, rows := queryAll(t, db, "show parameters like '%time_output%'")
	if diff := cmp.Diff([]string{"key", "value", "default", "level", "description", "type"}, cols); diff != "" {
		t.Errorf("SHOW PARAMETERS columns (-want +got):\n%s", diff)
	}
	var keys []string
	for _, r := range rows {
		keys = append(keys, r[0])
	}
	if diff := cmp.Diff([]string{"TIME_OUTPUT_FORMAT"}, keys); diff != "" {
		t.Errorf("SHOW PARAMETERS LIKE '%%time_output%%' (-want +got):\n%s", diff)
	}
	if len(rows) == 1 && (rows[0][1] != "HH24:MI:SS" || rows[0][5] != "STRING") {
		t.Errorf("TIME_OUTPUT_FORMAT row = %v, want value HH24:MI:SS of type STRING", rows[0])
	}
	_, _, rows = queryAll(t, db, "show parameters like 'WEEK_START' in session")
	if len(rows) != 1 || rows[0][1] != "0" || rows[0][5] != "NUMBER" {
		t.Errorf("WEEK_START row = %v, want value 0 of type NUMBER", rows)
	}
	// Account, user and object parameters are not kept: refused, not answered
	// with the session's.
	err = queryErr(db, "show parameters in account")
	snowflakeError(t, err, 2040, "SHOW PARAMETERS IN ACCOUNT")
	err = queryErr(db, "show parameters in database")
	snowflakeError(t, err, 2040, "SHOW PARAMETERS IN DATABASE")
}

// INFORMATION_SCHEMA views with the columns of Snowflake's views
// (https://docs.snowflake.com/en/sql-reference/info-schema/<view>), in order,
// with today's bundles' columns in the reference mlorek/frostlake's order
// (engine/src/main/java/dev/frostlake/system/SystemViews.java): TABLES ends
// with ROW_TIMESTAMP_ON (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_02/bcr-2168),
// ERROR_LOGGING (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_03/bcr-2185)
// and IS_INTERACTIVE; DATABASES and SCHEMATA end with
// REPLICABLE_WITH_FAILOVER_GROUPS and OWNER_ROLE_TYPE; COLUMNS has
// DATA_TYPE_ALIAS before COMMENT.
func TestInformationSchemaColumnsAreDocumented(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database meta", "create table t (a INT)", "create view v as select a from t")
	for view, want := range map[string][]string{
		"TABLES": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_OWNER", "TABLE_TYPE", "IS_TRANSIENT",
			"CLUSTERING_KEY", "ROW_COUNT", "BYTES", "RETENTION_TIME", "SELF_REFERENCING_COLUMN_NAME", "REFERENCE_GENERATION",
			"USER_DEFINED_TYPE_CATALOG", "USER_DEFINED_TYPE_SCHEMA", "USER_DEFINED_TYPE_NAME", "IS_INSERTABLE_INTO",
			"IS_TYPED", "COMMIT_ACTION", "CREATED", "LAST_ALTERED", "LAST_DDL", "LAST_DDL_BY", "AUTO_CLUSTERING_ON",
			"COMMENT", "IS_TEMPORARY", "IS_ICEBERG", "IS_DYNAMIC", "IS_IMMUTABLE", "IS_HYBRID", "ROW_TIMESTAMP_ON",
			"ERROR_LOGGING", "IS_INTERACTIVE"},
		"COLUMNS": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION", "COLUMN_DEFAULT",
			"IS_NULLABLE", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH", "NUMERIC_PRECISION",
			"NUMERIC_PRECISION_RADIX", "NUMERIC_SCALE", "DATETIME_PRECISION", "INTERVAL_TYPE", "INTERVAL_PRECISION",
			"CHARACTER_SET_CATALOG", "CHARACTER_SET_SCHEMA", "CHARACTER_SET_NAME", "COLLATION_CATALOG", "COLLATION_SCHEMA",
			"COLLATION_NAME", "DOMAIN_CATALOG", "DOMAIN_SCHEMA", "DOMAIN_NAME", "UDT_CATALOG", "UDT_SCHEMA", "UDT_NAME",
			"SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_NAME", "MAXIMUM_CARDINALITY", "DTD_IDENTIFIER", "IS_SELF_REFERENCING",
			"IS_IDENTITY", "IDENTITY_GENERATION", "IDENTITY_START", "IDENTITY_INCREMENT", "IDENTITY_MAXIMUM",
			"IDENTITY_MINIMUM", "IDENTITY_CYCLE", "IDENTITY_ORDERED", "SCHEMA_EVOLUTION_RECORD", "DATA_TYPE_ALIAS",
			"COMMENT", "EXPRESSION", "KIND"},
		"VIEWS": {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_OWNER", "VIEW_DEFINITION", "CHECK_OPTION",
			"IS_UPDATABLE", "INSERTABLE_INTO", "IS_SECURE", "CREATED", "LAST_ALTERED", "LAST_DDL", "LAST_DDL_BY", "COMMENT"},
		"SCHEMATA": {"CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER", "IS_TRANSIENT", "IS_MANAGED_ACCESS", "RETENTION_TIME",
			"DEFAULT_CHARACTER_SET_CATALOG", "DEFAULT_CHARACTER_SET_SCHEMA", "DEFAULT_CHARACTER_SET_NAME", "SQL_PATH",
			"CREATED", "LAST_ALTERED", "COMMENT", "REPLICABLE_WITH_FAILOVER_GROUPS", "OWNER_ROLE_TYPE"},
		"DATABASES": {"DATABASE_NAME", "DATABASE_OWNER", "IS_TRANSIENT", "COMMENT", "CREATED", "LAST_ALTERED",
			"RETENTION_TIME", "TYPE", "REPLICABLE_WITH_FAILOVER_GROUPS", "OWNER_ROLE_TYPE"},
	} {
		q := "select * from information_schema." + view
		switch view {
		case "COLUMNS":
			// The view's column has no DATA_TYPE_ALIAS the docs give: a
			// query reading it is refused (info_schema_meta_test.go).
			q += " where table_name = 'T'"
		case "TABLES", "VIEWS":
			// Not the INFORMATION_SCHEMA's own views, nor a base table's
			// BYTES: both refused (info_schema_rows_test.go).
			q += " where table_schema = 'PUBLIC' and table_name = 'V'"
		}
		cols, _, rows := queryAll(t, db, q)
		if diff := cmp.Diff(want, cols); diff != "" {
			t.Errorf("INFORMATION_SCHEMA.%s columns (-documented +got):\n%s", view, diff)
		}
		if len(rows) == 0 {
			t.Errorf("INFORMATION_SCHEMA.%s is empty", view)
		}
	}
}

// TABLES fills ROW_COUNT, CREATED, LAST_ALTERED and LAST_DDL as the TABLES
// view reference describes them; COLUMNS types columns as DESCRIBE does.
func TestInformationSchemaTablesTimesAndCounts(t *testing.T) {
	t.Parallel()
	db := open(t)
	before := time.Now().Add(-time.Second)
	mustExec(t, db, "create database meta", "create table t (a int, s varchar, n number(10,2), z timestamp_tz)",
		"create transient table empty (a int)", "create view v as select a from t")
	row := func(name string) map[string]string {
		t.Helper()
		// Every column but BYTES, which is refused for a base table
		// (info_schema_rows_test.go).
		cols, _, rows := queryAll(t, db, `select * exclude (bytes) from information_schema.tables where table_schema = 'PUBLIC' and table_name = '`+name+"'")
		if len(rows) != 1 {
			t.Fatalf("TABLES row of %s: %d rows", name, len(rows))
		}
		m := map[string]string{}
		for i, c := range cols {
			m[c] = rows[0][i]
		}
		return m
	}
	stamp := func(s string) time.Time {
		t.Helper()
		ts, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatalf("timestamp %q: %v", s, err)
		}
		return ts
	}
	created := row("T")
	if c := stamp(created["CREATED"]); c.Before(before) || c.After(time.Now()) {
		t.Errorf("CREATED = %v, want the time of CREATE TABLE (after %v)", c, before)
	}
	// "When a table or view is created, the LAST_DDL timestamp is the same as the CREATED timestamp."
	if created["LAST_DDL"] != created["CREATED"] || created["LAST_ALTERED"] != created["CREATED"] {
		t.Errorf("a new table: CREATED %s, LAST_DDL %s, LAST_ALTERED %s; want all the same", created["CREATED"], created["LAST_DDL"], created["LAST_ALTERED"])
	}
	if created["TABLE_TYPE"] != "BASE TABLE" || created["ROW_COUNT"] != "0" || created["IS_TRANSIENT"] != "NO" {
		t.Errorf("a new table: %v", created)
	}
	if e := row("EMPTY"); e["IS_TRANSIENT"] != "YES" {
		t.Errorf("an empty transient table: IS_TRANSIENT %s; want YES", e["IS_TRANSIENT"])
	}
	if v := row("V"); v["TABLE_TYPE"] != "VIEW" || v["ROW_COUNT"] != "<null>" || v["CREATED"] == "<null>" {
		t.Errorf("a view: TABLE_TYPE %s, ROW_COUNT %s, CREATED %s", v["TABLE_TYPE"], v["ROW_COUNT"], v["CREATED"])
	}

	// DML updates LAST_ALTERED, not LAST_DDL; ROW_COUNT counts what is left.
	time.Sleep(10 * time.Millisecond)
	mustExec(t, db, "insert into t (a) values (1), (2), (3)", "delete from t where a = 2")
	altered := row("T")
	if altered["ROW_COUNT"] != "2" {
		t.Errorf("ROW_COUNT after inserting 3 rows and deleting 1 = %s, want 2", altered["ROW_COUNT"])
	}
	if !stamp(altered["LAST_ALTERED"]).After(stamp(created["LAST_ALTERED"])) || altered["LAST_DDL"] != created["LAST_DDL"] {
		t.Errorf("after DML: LAST_ALTERED %s (was %s), LAST_DDL %s (was %s)", altered["LAST_ALTERED"], created["LAST_ALTERED"], altered["LAST_DDL"], created["LAST_DDL"])
	}
	_, _, shown := queryAll(t, db, "show tables like 'T'")
	if len(shown) != 1 || shown[0][7] != "2" || stamp(shown[0][0]).IsZero() {
		t.Errorf("SHOW TABLES row of T = %v, want rows 2 and its creation time", shown)
	}
	// DDL moves LAST_DDL; a rename keeps the creation time.
	time.Sleep(10 * time.Millisecond)
	mustExec(t, db, "alter table t rename to t2")
	renamed := row("T2")
	if renamed["CREATED"] != created["CREATED"] || !stamp(renamed["LAST_DDL"]).After(stamp(created["LAST_DDL"])) {
		t.Errorf("after RENAME: CREATED %s (was %s), LAST_DDL %s", renamed["CREATED"], created["CREATED"], renamed["LAST_DDL"])
	}
	// An array bind is one statement too.
	time.Sleep(10 * time.Millisecond)
	ints := []int{7, 8}
	if _, err := db.Exec("insert into t2 (a) values (?)", sf.Array(&ints)); err != nil {
		t.Fatal(err)
	}
	if bound := row("T2"); bound["ROW_COUNT"] != "4" || !stamp(bound["LAST_ALTERED"]).After(stamp(renamed["LAST_ALTERED"])) {
		t.Errorf("after an array-bound INSERT of 2 rows: ROW_COUNT %s, LAST_ALTERED %s (was %s)", bound["ROW_COUNT"], bound["LAST_ALTERED"], renamed["LAST_ALTERED"])
	}
	if got := queryOne(t, db, "select view_definition from information_schema.views where table_name = 'V'"); got != "create view v as select a from t" {
		t.Errorf("VIEW_DEFINITION = %q, want the CREATE VIEW statement", got)
	}

	_, _, cols := queryAll(t, db, `select column_name, data_type, character_maximum_length, numeric_precision, numeric_precision_radix, numeric_scale
		from information_schema.columns where table_name = 'T2' order by ordinal_position`)
	want := [][]string{
		{"A", "NUMBER", "<null>", "38", "10", "0"},
		{"S", "TEXT", "16777216", "<null>", "<null>", "<null>"},
		{"N", "NUMBER", "<null>", "10", "10", "2"},
		{"Z", "TIMESTAMP_TZ", "<null>", "<null>", "<null>", "<null>"},
	}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("COLUMNS of T2 (-want +got):\n%s", diff)
	}
}

// TASK_HISTORY's DATABASE_NAME and SCHEMA_NAME arguments
// (https://docs.snowflake.com/en/sql-reference/functions/task_history).
func TestTaskHistoryDatabaseAndSchemaArguments(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database hist", "create schema other", "create task ok as select 1",
		"use schema public", "create task ok2 as select 1", "execute task other.ok", "execute task public.ok2")
	count := func(args string) string {
		return queryOne(t, db, "select count(*) from table(information_schema.task_history("+args+"))")
	}
	for args, want := range map[string]string{
		"database_name => 'hist'":                                  "2", // case-insensitive
		"database_name => 'HIST', schema_name => 'other'":          "1",
		"database_name => '\"hist\"'":                              "0", // double quotes: case-sensitive
		"database_name => '\"HIST\"', schema_name => '\"PUBLIC\"'": "1",
		"database_name => 'nosuch'":                                "0",
	} {
		if got := count(args); got != want {
			t.Errorf("task_history(%s): %s rows, want %s", args, got, want)
		}
	}
	err := queryErr(db, "select * from table(information_schema.task_history(schema_name => 'public'))")
	snowflakeError(t, err, 1044, "DATABASE_NAME")
	// limit 0: a row's QUERY_HASH is refused (info_schema_meta_test.go).
	cols, _, _ := queryAll(t, db, "select * from table(information_schema.task_history()) limit 0")
	want := []string{"QUERY_ID", "NAME", "DATABASE_NAME", "SCHEMA_NAME", "QUERY_TEXT", "CONDITION_TEXT", "STATE",
		"ERROR_CODE", "ERROR_MESSAGE", "SCHEDULED_TIME", "QUERY_START_TIME", "NEXT_SCHEDULED_TIME", "COMPLETED_TIME",
		"ROOT_TASK_ID", "GRAPH_VERSION", "RUN_ID", "RETURN_VALUE", "SCHEDULED_FROM", "ATTEMPT_NUMBER", "CONFIG",
		"QUERY_HASH", "QUERY_HASH_VERSION", "QUERY_PARAMETERIZED_HASH", "QUERY_PARAMETERIZED_HASH_VERSION",
		"GRAPH_RUN_GROUP_ID", "BACKFILL_INFO", "SPCS_JOB_ID"}
	if diff := cmp.Diff(want, cols); diff != "" {
		t.Errorf("TASK_HISTORY columns (-documented +got):\n%s", diff)
	}
}

// TO_TIMESTAMP_TZ with a format ending in a time zone element: TZH:TZM is
// "+hh:mm", TZHTZM "+hhmm", TZH "+hh" ("Date and time formats in conversion
// functions"); the value keeps that offset.
func TestToTimestampTZWithOffsetFormat(t *testing.T) {
	t.Parallel()
	db := open(t)
	for q, want := range map[string]string{
		"select to_varchar(to_timestamp_tz('2024-01-02 03:04:05 +05:30', 'YYYY-MM-DD HH24:MI:SS TZH:TZM'))":                                  "2024-01-02 03:04:05.000 +0530",
		"select to_varchar(to_timestamp_tz('2024-01-02 03:04:05 -0130', 'YYYY-MM-DD HH24:MI:SS TZHTZM'))":                                    "2024-01-02 03:04:05.000 -0130",
		"select to_varchar(try_to_timestamp_tz('04/05/2013 01:02:03 +05', 'mm/dd/yyyy hh24:mi:ss TZH'))":                                     "2013-04-05 01:02:03.000 +0500",
		"select to_timestamp_tz('2024-01-02 03:04:05 +05:30', 'YYYY-MM-DD HH24:MI:SS TZH:TZM') = '2024-01-01 21:34:05 +00:00'::timestamp_tz": "true",
		"select try_to_timestamp_tz('2024-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS TZH:TZM') is null":                                         "true",
	} {
		if got := strings.ToLower(queryOne(t, db, q)); got != strings.ToLower(want) && !(want == "true" && got == "1") {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	err := queryErr(db, "select to_timestamp_tz('2024-01-02 03:04:05', 'YYYY-MM-DD HH24:MI:SS TZH:TZM')")
	if err == nil {
		t.Error("TO_TIMESTAMP_TZ of a text without the offset its format names answered")
	}
	err = queryErr(db, "select to_timestamp_tz('+01:00 2024-01-02', 'TZH:TZM YYYY-MM-DD')")
	snowflakeError(t, err, 2040, "time zone element")
}
