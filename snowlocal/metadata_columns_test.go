package snowlocal_test

import (
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The columns Snowflake's metadata results have today (2026-12-06), with the
// behavior-change bundles through 2026_05 in effect (2026_05 became enabled by
// default in July 2026,
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_05_bundle;
// 2026_02's bcr-2168 and 2026_03's bcr-2185 are older). Column lists and
// values come from the reference mlorek/frostlake (live-verified):
// engine/src/main/java/dev/frostlake/system/SystemViews.java for
// INFORMATION_SCHEMA and engine/src/main/java/dev/frostlake/executor/
// ShowRelationalExecutor.java for SHOW, and from the bundle pages cited at
// each case.

// metaRow reads the one row of q as a map of column to value ("<null>").
func metaRow(t *testing.T, db *sql.DB, q string) map[string]string {
	t.Helper()
	cols, _, rows := queryAll(t, db, q)
	if len(rows) != 1 {
		t.Fatalf("%s: %d rows, want 1", q, len(rows))
	}
	m := map[string]string{}
	for i, c := range cols {
		m[c] = rows[0][i]
	}
	return m
}

// wantValues compares the named values of row with want.
func wantValues(t *testing.T, what string, row, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for k := range want {
		got[k] = row[k]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

// TestInformationSchemaTablesRowsToday: a table's new flags read NO
// (bcr-2168: "NO otherwise"; frostlake SystemViews.queryTables for
// ERROR_LOGGING and IS_INTERACTIVE), AUTO_CLUSTERING_ON is the text NO, a
// transient table retains a day (bcr-928,
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_04/bcr-928:
// "the default retention time for the object is 1 day ... The maximum
// retention time for a transient object is 1 day"); a view's row has NULL
// IS_TRANSIENT, ROW_COUNT, BYTES and RETENTION_TIME and YES
// IS_INSERTABLE_INTO and IS_TYPED (frostlake SystemViews.viewRow). SCHEMATA
// and DATABASES read UNSET and ROLE (bcr-1869/1880; frostlake
// querySchemata/queryDatabases).
func TestInformationSchemaTablesRowsToday(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database mtr", "create table t (a int)", "create transient table tt (a int)",
		"create view v as select a from t")
	flags := map[string]string{"ROW_TIMESTAMP_ON": "NO", "ERROR_LOGGING": "NO", "IS_INTERACTIVE": "NO", "AUTO_CLUSTERING_ON": "NO"}
	tbl := map[string]string{"IS_TRANSIENT": "NO", "RETENTION_TIME": "1", "IS_INSERTABLE_INTO": "YES", "IS_TYPED": "YES"}
	for k, v := range flags {
		tbl[k] = v
	}
	// Every column but BYTES, a base table's refused (info_schema_rows_test.go).
	tableCols := "table_type, is_transient, retention_time, is_insertable_into, is_typed, row_timestamp_on, error_logging, " +
		"is_interactive, auto_clustering_on from information_schema.tables where table_schema = 'PUBLIC' and table_name = "
	wantValues(t, "TABLES row of a table", metaRow(t, db, "select "+tableCols+"'T'"), tbl)
	wantValues(t, "TABLES row of a transient table", metaRow(t, db, "select "+tableCols+"'TT'"),
		map[string]string{"IS_TRANSIENT": "YES", "RETENTION_TIME": "1"})
	view := map[string]string{"TABLE_TYPE": "VIEW", "IS_TRANSIENT": "<null>", "ROW_COUNT": "<null>", "BYTES": "<null>",
		"RETENTION_TIME": "<null>", "IS_INSERTABLE_INTO": "YES", "IS_TYPED": "YES"}
	for k, v := range flags {
		view[k] = v
	}
	wantValues(t, "TABLES row of a view", metaRow(t, db, "select * from information_schema.tables where table_schema = 'PUBLIC' and table_name = 'V'"), view)
	wantValues(t, "SCHEMATA row", metaRow(t, db, "select * from information_schema.schemata where schema_name = 'PUBLIC'"),
		map[string]string{"REPLICABLE_WITH_FAILOVER_GROUPS": "UNSET", "OWNER_ROLE_TYPE": "ROLE"})
	wantValues(t, "DATABASES row", metaRow(t, db, "select * from information_schema.databases where database_name = 'MTR'"),
		map[string]string{"REPLICABLE_WITH_FAILOVER_GROUPS": "UNSET", "OWNER_ROLE_TYPE": "ROLE"})
}

// TestInformationSchemaColumnsValuesToday: IS_SELF_REFERENCING is NO and
// KIND NULL for every column, a timestamp's DATETIME_PRECISION its fraction
// digits, an identity column's IDENTITY_GENERATION BY DEFAULT and
// IDENTITY_CYCLE NO (frostlake SystemViews.columnRow, live-verified); a view
// column keeps the NOT NULL of the column it reads (IS_NULLABLE NO there),
// which the engine does not follow: reading it is refused, while a view over
// a table without NOT NULL columns reads YES.
func TestInformationSchemaColumnsValuesToday(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database mcv", "create table t (a INT, z TIMESTAMP_NTZ, n NUMBER AUTOINCREMENT)",
		"create table nn (k INT NOT NULL)", "create view v as select a from t", "create view w as select k from nn")
	row := func(table, col string) map[string]string {
		return metaRow(t, db, "select is_self_referencing, kind, expression, datetime_precision, is_identity, identity_generation, "+
			"identity_cycle, is_nullable from information_schema.columns where table_name = '"+table+"' and column_name = '"+col+"'")
	}
	wantValues(t, "COLUMNS row of T.A", row("T", "A"), map[string]string{"IS_SELF_REFERENCING": "NO", "KIND": "<null>",
		"EXPRESSION": "<null>", "DATETIME_PRECISION": "<null>", "IS_IDENTITY": "NO", "IDENTITY_GENERATION": "<null>",
		"IDENTITY_CYCLE": "<null>", "IS_NULLABLE": "YES"})
	wantValues(t, "COLUMNS row of T.Z", row("T", "Z"), map[string]string{"DATETIME_PRECISION": "9", "KIND": "<null>"})
	wantValues(t, "COLUMNS row of T.N", row("T", "N"), map[string]string{"IS_IDENTITY": "YES",
		"IDENTITY_GENERATION": "BY DEFAULT", "IDENTITY_CYCLE": "NO"})
	wantValues(t, "COLUMNS row of V.A", row("V", "A"), map[string]string{"IS_NULLABLE": "YES", "IS_SELF_REFERENCING": "NO"})
	wantRefused(t, db, "select is_nullable from information_schema.columns where table_name = 'W'", "IS_NULLABLE")
	wantRefused(t, db, "describe view w", "null?")
	wantRefused(t, db, "show columns in view w", "null?")
	wantValues(t, "COLUMNS row of W.K, not reading IS_NULLABLE",
		metaRow(t, db, "select column_name, data_type from information_schema.columns where table_name = 'W'"),
		map[string]string{"COLUMN_NAME": "K", "DATA_TYPE": "NUMBER"})
}

// TestShowColumnListsToday: the columns of SHOW TABLES, VIEWS, OBJECTS,
// SCHEMAS, DATABASES and COLUMNS in the order frostlake measured live
// (ShowRelationalExecutor: "live's full SHOW TABLES layout, measured column
// for column"), with row_timestamp (bcr-2168) and error_logging (bcr-2185)
// last in SHOW TABLES, and their values for a plain table: OFF and N flags,
// owner_role_type ROLE (bcr-747,
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_04/bcr-747),
// object_visibility an OBJECT (bcr-1759,
// https://docs.snowflake.com/en/release-notes/bcr-bundles/2024_08/bcr-1759),
// SHOW COLUMNS' null? NOT_NULL for a NOT NULL column.
func TestShowColumnListsToday(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database msc", "create table t (a INT NOT NULL)", "create view v as select 1 x")
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"show tables like 'T'", []string{"created_on", "name", "database_name", "schema_name", "kind", "comment", "cluster_by",
			"rows", "bytes", "owner", "retention_time", "automatic_clustering", "change_tracking", "search_optimization",
			"search_optimization_progress", "search_optimization_bytes", "is_external", "enable_schema_evolution",
			"owner_role_type", "is_event", "is_hybrid", "is_iceberg", "is_dynamic", "is_immutable", "is_interactive",
			"row_timestamp", "error_logging"}},
		{"show terse tables like 'T'", []string{"created_on", "name", "kind", "database_name", "schema_name"}},
		{"show views like 'V'", []string{"created_on", "name", "reserved", "database_name", "schema_name", "owner", "comment",
			"text", "is_secure", "is_materialized", "owner_role_type", "change_tracking"}},
		{"show objects like 'T'", []string{"created_on", "name", "database_name", "schema_name", "kind", "comment", "cluster_by",
			"rows", "bytes", "owner", "retention_time", "owner_role_type", "is_hybrid", "is_dynamic", "is_iceberg", "is_interactive"}},
		{"show schemas like 'PUBLIC'", []string{"created_on", "name", "is_default", "is_current", "database_name", "owner",
			"comment", "options", "retention_time", "owner_role_type", "classification_profile_database",
			"classification_profile_schema", "classification_profile", "object_visibility", "is_nested"}},
		{"show databases like 'MSC'", []string{"created_on", "name", "is_default", "is_current", "origin", "owner", "comment",
			"options", "retention_time", "kind", "owner_role_type", "object_visibility", "data_quality_monitoring_settings",
			"resharing_settings"}},
		{"show columns in table t", []string{"table_name", "schema_name", "column_name", "data_type", "null?", "default", "kind",
			"expression", "comment", "database_name", "autoincrement", "schema_evolution_record", "write_default"}},
	} {
		cols, _, rows := queryAll(t, db, tc.q)
		if diff := cmp.Diff(tc.want, cols); diff != "" {
			t.Errorf("%s columns (-want +got):\n%s", tc.q, diff)
		}
		if len(rows) != 1 {
			t.Errorf("%s: %d rows, want 1", tc.q, len(rows))
		}
	}
	wantValues(t, "SHOW TABLES row", metaRow(t, db, "show tables like 'T'"), map[string]string{"automatic_clustering": "OFF",
		"change_tracking": "OFF", "search_optimization": "OFF", "search_optimization_progress": "<null>",
		"search_optimization_bytes": "<null>", "is_external": "N", "enable_schema_evolution": "N", "owner_role_type": "ROLE",
		"is_event": "N", "is_hybrid": "N", "is_iceberg": "N", "is_dynamic": "N", "is_immutable": "N", "is_interactive": "N",
		"row_timestamp": "OFF", "error_logging": "OFF"})
	wantValues(t, "SHOW TERSE TABLES row", metaRow(t, db, "show terse tables like 'T'"), map[string]string{"name": "T",
		"kind": "TABLE", "database_name": "MSC", "schema_name": "PUBLIC"})
	wantValues(t, "SHOW VIEWS row", metaRow(t, db, "show views like 'V'"), map[string]string{"owner_role_type": "ROLE",
		"change_tracking": "OFF"})
	// SHOW OBJECTS' rows: a table's number of rows (docs: SHOW OBJECTS), as
	// SHOW TABLES counts them; it was NULL.
	mustExec(t, db, "insert into t values (1), (2)")
	wantValues(t, "SHOW OBJECTS row", metaRow(t, db, "show objects like 'T'"), map[string]string{"rows": "2", "owner_role_type": "ROLE",
		"is_hybrid": "N", "is_dynamic": "N", "is_iceberg": "N", "is_interactive": "N"})
	wantValues(t, "SHOW SCHEMAS row", metaRow(t, db, "show schemas like 'PUBLIC'"), map[string]string{"owner_role_type": "ROLE",
		"object_visibility": "<null>", "is_nested": "false"})
	wantValues(t, "SHOW DATABASES row", metaRow(t, db, "show databases like 'MSC'"), map[string]string{"owner_role_type": "ROLE",
		"object_visibility": "<null>"})
	wantValues(t, "SHOW COLUMNS row", metaRow(t, db, "show columns in table t"), map[string]string{"null?": "NOT_NULL",
		"write_default": "<null>"})
	cols, types, _ := queryAll(t, db, "show databases like 'MSC'")
	for i, c := range cols {
		if c == "object_visibility" && types[i] != "OBJECT" {
			t.Errorf("SHOW DATABASES object_visibility type = %s, want OBJECT", types[i])
		}
	}
}

// TestTransientAndTrackingInShow: SHOW spells a transient database or
// schema TRANSIENT in options (frostlake ShowRelationalExecutor.databaseRow,
// schemaOptions), and a table a stream reads, or declared CHANGE_TRACKING =
// TRUE, has change tracking on (frostlake showTablesScoped: "Change tracking
// is the table's own flag — the option, ALTER … SET, or a stream's creation
// flips it on").
func TestTransientAndTrackingInShow(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create transient database mtt", "create transient schema ts", "use schema public",
		"create table t (a int)", "create stream s on table t")
	wantValues(t, "SHOW DATABASES row", metaRow(t, db, "show databases like 'MTT'"), map[string]string{"options": "TRANSIENT"})
	wantValues(t, "SHOW SCHEMAS row", metaRow(t, db, "show schemas like 'TS'"), map[string]string{"options": "TRANSIENT"})
	wantValues(t, "SHOW TABLES row", metaRow(t, db, "show tables like 'T'"), map[string]string{"change_tracking": "ON"})
	mustExec(t, db, "create table c (a int) change_tracking = true", "create table o (a int)")
	wantValues(t, "SHOW TABLES row of C", metaRow(t, db, "show tables like 'C'"), map[string]string{"change_tracking": "ON"})
	wantValues(t, "SHOW TABLES row of O", metaRow(t, db, "show tables like 'O'"), map[string]string{"change_tracking": "OFF"})
	mustExec(t, db, "alter table c set change_tracking = false")
	wantValues(t, "SHOW TABLES row of C after SET CHANGE_TRACKING = FALSE", metaRow(t, db, "show tables like 'C'"),
		map[string]string{"change_tracking": "OFF"})
}

// TestRowTimestampAndErrorLoggingRefused: the engine keeps neither row
// timestamps (bcr-2168) nor DML error logging (bcr-2185, "ERROR_LOGGING =
// TRUE"), whose TABLES and SHOW TABLES columns read NO / OFF: a table
// declaring them is refused; = FALSE is what the columns say.
func TestRowTimestampAndErrorLoggingRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database mrt", "create table f (a int) row_timestamp = false error_logging = false")
	for _, tc := range []struct{ q, part string }{
		{"create table r (a int) row_timestamp = true", "ROW_TIMESTAMP = TRUE"},
		{"create table e (a int) error_logging = true", "ERROR_LOGGING = TRUE"},
		{"alter table f set row_timestamp = true", "SET ROW_TIMESTAMP = TRUE"},
		{"alter table f set error_logging = true", "SET ERROR_LOGGING = TRUE"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}
