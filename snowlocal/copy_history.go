package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Load metadata lives in each database's _FLURRY schema, next to the tables
// it describes, so that loading a file's rows and recording that the file
// was loaded commit in one DuckDB transaction: a crash never loads a file
// twice or forgets one. Dropping the database drops its history, as dropping
// a table drops its load metadata in Snowflake.
//
// A table replaced by CREATE OR REPLACE must not inherit the load metadata
// of its predecessor. DuckDB gives a replaced table a new table_oid, but oids
// are reassigned when the engine restarts; so each row carries the oid and
// the engine's boot id: rows of this boot with another oid belong to a
// replaced table (they are marked SUPERSEDED), rows of earlier boots are
// adopted by the table as it is now.

const loadHistoryDDL = `CREATE TABLE IF NOT EXISTS %[1]s._FLURRY.LOAD_HISTORY (
	JOB_ID VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, TABLE_OID BIGINT, BOOT_ID VARCHAR,
	FILE_KEY VARCHAR, FILE_NAME VARCHAR, STAGE_LOCATION VARCHAR, MD5 VARCHAR, FILE_SIZE BIGINT,
	FILE_LAST_MODIFIED TIMESTAMPTZ, STATUS VARCHAR, ROW_COUNT BIGINT, ROW_PARSED BIGINT,
	ERROR_COUNT BIGINT, ERROR_LIMIT BIGINT, FIRST_ERROR_MESSAGE VARCHAR, FIRST_ERROR_LINE_NUMBER BIGINT,
	FIRST_ERROR_CHARACTER_POS BIGINT, FIRST_ERROR_COLUMN_NAME VARCHAR, LAST_LOAD_TIME TIMESTAMPTZ,
	PIPE_CATALOG_NAME VARCHAR, PIPE_SCHEMA_NAME VARCHAR, PIPE_NAME VARCHAR, PIPE_RECEIVED_TIME TIMESTAMPTZ,
	SUPERSEDED BOOLEAN DEFAULT false)`

// LOAD_ERRORS keeps every rejected record (ON_ERROR = CONTINUE / SKIP_FILE),
// so nothing is dropped silently; VALIDATE() reads it.
const loadErrorsDDL = `CREATE TABLE IF NOT EXISTS %[1]s._FLURRY.LOAD_ERRORS (
	JOB_ID VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, FILE_NAME VARCHAR, STAGE_LOCATION VARCHAR,
	LINE BIGINT, "CHARACTER" BIGINT, COLUMN_NAME VARCHAR, ERROR VARCHAR, CODE VARCHAR,
	REJECTED_RECORD VARCHAR, LOAD_TIME TIMESTAMPTZ)`

func historyTable(db string) string { return quoteIdent(db) + "._FLURRY.LOAD_HISTORY" }
func errorsTable(db string) string  { return quoteIdent(db) + "._FLURRY.LOAD_ERRORS" }

// millisHistory is a database's load history as COPY_HISTORY, LOAD_HISTORY
// and PIPE_USAGE_HISTORY read it: its times in whole milliseconds, as the
// TIMESTAMP_LTZ(3) Snowflake reports them (info_schema_scale.go).
func millisHistory(db string) string {
	return "(SELECT * EXCLUDE (LAST_LOAD_TIME, PIPE_RECEIVED_TIME), CAST(DATE_TRUNC('millisecond', LAST_LOAD_TIME) AS TIMESTAMP_LTZ) AS LAST_LOAD_TIME, " +
		"CAST(DATE_TRUNC('millisecond', PIPE_RECEIVED_TIME) AS TIMESTAMP_LTZ) AS PIPE_RECEIVED_TIME FROM " + historyTable(db) + ")"
}

// ensureHistory creates the load metadata tables of a database.
func ensureHistory(ctx context.Context, conn *sql.Conn, db string) error {
	for _, stmt := range []string{
		"CREATE SCHEMA IF NOT EXISTS " + quoteIdent(db) + "._FLURRY",
		fmt.Sprintf(loadHistoryDDL, quoteIdent(db)),
		fmt.Sprintf(loadErrorsDDL, quoteIdent(db)),
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("load metadata of database %s: %w", db, err)
		}
	}
	return nil
}

// tableOID is DuckDB's oid of a table (it changes when the table is replaced).
func tableOID(ctx context.Context, conn *sql.Conn, db, schema, table string) (int64, error) {
	var oid int64
	err := conn.QueryRowContext(ctx, `SELECT table_oid FROM duckdb_tables() WHERE database_name=? AND schema_name=? AND table_name=?`,
		db, schema, table).Scan(&oid)
	if err != nil {
		return 0, fmt.Errorf("table %s.%s.%s: %w", db, schema, table, err)
	}
	return oid, nil
}

// loadState is what the load metadata says about one table's files.
type loadState struct {
	loaded    map[string]bool // key+"\x00"+md5 of files loaded (fully or partly)
	attempted map[string]bool // ... of files a load was attempted for, by pipe
}

// readLoadState reconciles the table identity (see above) and reads which
// files were loaded. Callers hold writeMu.
func (l *loading) readLoadState(ctx context.Context, conn *sql.Conn, db, schema, table string, oid int64) (*loadState, error) {
	h := historyTable(db)
	if _, err := conn.ExecContext(ctx, `UPDATE `+h+` SET SUPERSEDED = true
		WHERE TABLE_SCHEMA=? AND TABLE_NAME=? AND BOOT_ID=? AND TABLE_OID<>? AND NOT SUPERSEDED`, schema, table, l.bootID, oid); err != nil {
		return nil, fmt.Errorf("load metadata: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `UPDATE `+h+` SET BOOT_ID=?, TABLE_OID=?
		WHERE TABLE_SCHEMA=? AND TABLE_NAME=? AND BOOT_ID<>? AND NOT SUPERSEDED`, l.bootID, oid, schema, table, l.bootID); err != nil {
		return nil, fmt.Errorf("load metadata: %w", err)
	}
	rows, err := conn.QueryContext(ctx, `SELECT FILE_KEY, MD5, STATUS, coalesce(PIPE_NAME, '') FROM `+h+`
		WHERE TABLE_SCHEMA=? AND TABLE_NAME=? AND NOT SUPERSEDED`, schema, table)
	if err != nil {
		return nil, fmt.Errorf("load metadata: %w", err)
	}
	defer rows.Close()
	st := &loadState{loaded: map[string]bool{}, attempted: map[string]bool{}}
	for rows.Next() {
		var key, sum, status, pipe string
		if err := rows.Scan(&key, &sum, &status, &pipe); err != nil {
			return nil, err
		}
		k := key + "\x00" + sum
		if status == "LOADED" || status == "PARTIALLY_LOADED" {
			st.loaded[k] = true
		}
		st.attempted[k] = true
	}
	return st, rows.Err()
}

// fileLoad is the outcome of loading one file: a COPY result row and a load
// history row.
type fileLoad struct {
	file         stagedFile
	status       string // LOADED, LOAD_FAILED, PARTIALLY_LOADED
	rowsParsed   int64
	rowsLoaded   int64
	errorLimit   int64
	errorsSeen   int64
	firstError   string
	firstLine    int64
	firstChar    int64
	firstColumn  string
	firstErrCode string
	txBroken     bool // a failed statement aborted the load's transaction
}

// historyRow records a file load; it runs in the load's transaction.
func (l *loading) recordLoad(ctx context.Context, conn *sql.Conn, job *copyJob, fl *fileLoad) error {
	var pipeDB, pipeSchema, pipeName, received any
	if job.pipe != nil {
		pipeDB, pipeSchema, pipeName, received = job.pipe.Database, job.pipe.Schema, job.pipe.Name, job.started
	}
	nz := func(n int64) any {
		if n == 0 && fl.firstError == "" {
			return nil
		}
		return n
	}
	_, err := conn.ExecContext(ctx, `INSERT INTO `+historyTable(job.db)+` (JOB_ID, TABLE_SCHEMA, TABLE_NAME, TABLE_OID, BOOT_ID,
		FILE_KEY, FILE_NAME, STAGE_LOCATION, MD5, FILE_SIZE, FILE_LAST_MODIFIED, STATUS, ROW_COUNT, ROW_PARSED, ERROR_COUNT,
		ERROR_LIMIT, FIRST_ERROR_MESSAGE, FIRST_ERROR_LINE_NUMBER, FIRST_ERROR_CHARACTER_POS, FIRST_ERROR_COLUMN_NAME,
		LAST_LOAD_TIME, PIPE_CATALOG_NAME, PIPE_SCHEMA_NAME, PIPE_NAME, PIPE_RECEIVED_TIME)
		VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		job.id, job.schema, job.table, job.oid, l.bootID,
		fl.file.key, strings.TrimPrefix(fl.file.rel, "/"), job.loc.url, fl.file.MD5, fl.file.Size, fl.file.LastModified, fl.status, fl.rowsLoaded, fl.rowsParsed, fl.errorsSeen,
		fl.errorLimit, optText(fl.firstError), nz(fl.firstLine), nz(fl.firstChar), optText(fl.firstColumn),
		time.Now(), pipeDB, pipeSchema, pipeName, received)
	if err != nil {
		return fmt.Errorf("record load of %s: %w", fl.file.display, err)
	}
	return nil
}
