package snowlocal

import (
	"context"
	"strconv"
)

// paramTable is every parameter a session can set, from Snowflake's
// parameter reference (https://docs.snowflake.com/en/sql-reference/parameters,
// the entries of type "Session"): data type, default, documented values.
// Descriptions are the ones SHOW PARAMETERS prints in the SHOW PARAMETERS
// reference's example where it has them, else the reference's first sentence.
// Snowflake's own descriptions are several lines long, the line breaks (and
// the blanks some lines end with) part of the value. They are kept where a
// source pins every character: AUTOCOMMIT (mlorek/frostlake's live
// transcription, ShowParametersCatalogTest.java), LOCK_TIMEOUT and
// HYBRID_TABLE_LOCK_TIMEOUT (the Transactions page's SHOW PARAMETERS boxes,
// whose column widths show which lines end with a blank), WEEK_START and
// WEEK_OF_YEAR_POLICY (SQL API responses of SHOW PARAMETERS). The other
// multi-line ones (TIMESTAMP_TYPE_MAPPING, TWO_DIGIT_CENTURY_START, …) print
// their lines in the reference's box, but not whether a line ends with a
// blank: they stay one line.
//
// honoured says which values the engine computes with as Snowflake does;
// a parameter without it either changes nothing the engine answers (QUERY_TAG,
// LOCK_TIMEOUT, CLIENT_* settings the drivers read back) or is modelled
// (TIMEZONE, MULTI_STATEMENT_COUNT; the *_OUTPUT_FORMAT ones the drivers
// render with).
// describedAsSnowflake are the parameters whose description SHOW
// PARAMETERS prints as Snowflake does, every character pinned by a source:
// the one-line descriptions of the show-parameters page's session example,
// and the five multi-line ones named above. SHOW PARAMETERS refuses a
// listing with any other (their text is the reference's first sentence, or
// lacks the line-ending blanks): STATEMENT_TIMEOUT_IN_SECONDS is left out
// too, as the page's session and warehouse examples word it differently.
var describedAsSnowflake = map[string]bool{
	"ABORT_DETACHED_QUERY": true, "BINARY_INPUT_FORMAT": true, "BINARY_OUTPUT_FORMAT": true,
	"CLIENT_SESSION_KEEP_ALIVE": true, "DATE_INPUT_FORMAT": true, "DATE_OUTPUT_FORMAT": true,
	"ERROR_ON_NONDETERMINISTIC_MERGE": true, "ERROR_ON_NONDETERMINISTIC_UPDATE": true, "QUERY_TAG": true,
	"QUOTED_IDENTIFIERS_IGNORE_CASE": true, "ROWS_PER_RESULTSET": true, "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS": true,
	"TIMESTAMP_INPUT_FORMAT": true, "TIMESTAMP_LTZ_OUTPUT_FORMAT": true, "TIMESTAMP_NTZ_OUTPUT_FORMAT": true,
	"TIMESTAMP_OUTPUT_FORMAT": true, "TIMESTAMP_TZ_OUTPUT_FORMAT": true, "TIMEZONE": true,
	"TIME_INPUT_FORMAT": true, "TIME_OUTPUT_FORMAT": true, "UNSUPPORTED_DDL_ACTION": true, "USE_CACHED_RESULT": true,
	"AUTOCOMMIT": true, "LOCK_TIMEOUT": true, "HYBRID_TABLE_LOCK_TIMEOUT": true, "WEEK_START": true,
	"WEEK_OF_YEAR_POLICY": true,
}

var paramTable = map[string]paramSpec{
	"ABORT_DETACHED_QUERY": {kind: paramBool, def: "false",
		desc: "If true, Snowflake will automatically abort queries when it detects that the client has disappeared."},
	"ACTIVE_PYTHON_PROFILER": {kind: paramString, values: []string{"LINE", "MEMORY"},
		desc: "Sets the profiler to use for the session when profiling Python handler code."},
	"AUTOCOMMIT": {kind: paramBool, def: "true", wire: true, honoured: onlyDefault("true"),
		desc: "The autocommit property determines whether is statement should to be implicitly\n" +
			"wrapped within a transaction or not. If autocommit is set to true, then a \n" +
			"statement that requires a transaction is executed within a transaction \n" +
			"implicitly. If autocommit is off then an explicit commit or rollback is required\n" +
			"to close a transaction. The default autocommit value is true."},
	"BINARY_INPUT_FORMAT": {kind: paramString, def: "HEX", values: []string{"HEX", "BASE64", "UTF8", "UTF-8"}, honoured: onlyDefault("HEX"),
		desc: "input format for binary"},
	// The wire sends BINARY as hex whatever the format; TO_VARCHAR of a
	// BINARY would have to follow it.
	"BINARY_OUTPUT_FORMAT": {kind: paramString, def: "HEX", wire: true, values: []string{"HEX", "BASE64"}, honoured: onlyDefault("HEX"),
		desc: "display format for binary"},
	"CLIENT_ENABLE_LOG_INFO_STATEMENT_PARAMETERS": {kind: paramBool, def: "false",
		desc: "Enables users to log the data values bound to PreparedStatements."},
	"CLIENT_MEMORY_LIMIT": {kind: paramNumber, def: "1536", wire: true, min: 1, max: -1,
		desc: "Parameter that specifies the maximum amount of memory the JDBC driver or ODBC driver should use for the result set from queries (in MB)."},
	"CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX": {kind: paramBool, def: "false", wire: true,
		desc: "For specific ODBC functions and JDBC methods, this parameter can change the default search scope from all databases/schemas to the current database/schema."},
	"CLIENT_METADATA_USE_SESSION_DATABASE": {kind: paramBool, def: "false", wire: true,
		desc: "For specific ODBC functions and JDBC methods, this parameter can change the default search scope from all databases to the current database."},
	"CLIENT_PREFETCH_THREADS": {kind: paramNumber, def: "4", wire: true, min: 1, max: 10,
		desc: "Parameter that specifies the number of threads used by the client to pre-fetch large result sets."},
	"CLIENT_RESULT_CHUNK_SIZE": {kind: paramNumber, def: "160", wire: true, min: 16, max: 160,
		desc: "Parameter that specifies the maximum size of each set (or chunk) of query results to download (in MB)."},
	"CLIENT_RESULT_COLUMN_CASE_INSENSITIVE": {kind: paramBool, def: "false", wire: true,
		desc: "Parameter that indicates whether to match column name case-insensitively in ResultSet.get* methods in JDBC."},
	"CLIENT_SESSION_KEEP_ALIVE": {kind: paramBool, def: "false", wire: true,
		desc: "If true, client session will not expire automatically"},
	"CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY": {kind: paramNumber, def: "3600", wire: true, min: 900, max: 3600,
		desc: "Number of seconds in-between client attempts to update the token for the session."},
	"CLIENT_TIMESTAMP_TYPE_MAPPING": {kind: paramString, def: "TIMESTAMP_LTZ", wire: true, values: []string{"TIMESTAMP_LTZ", "TIMESTAMP_NTZ"},
		desc: "Specifies the TIMESTAMP_* variation to use when binding timestamp variables for JDBC or ODBC applications that use the bind API to load data."},
	"CSV_TIMESTAMP_FORMAT": {kind: paramString,
		desc: "Specifies the format for TIMESTAMP values in CSV files downloaded from Snowsight."},
	"DATE_INPUT_FORMAT": {kind: paramString, def: "AUTO", honoured: onlyDefault("AUTO"),
		desc: "input format for date"},
	"DATE_OUTPUT_FORMAT": {kind: paramString, def: "YYYY-MM-DD", wire: true,
		desc: "display format for date"},
	"DEFAULT_NULL_ORDERING": {kind: paramString, def: "LAST", values: []string{"FIRST", "LAST"}, apply: applyNullOrdering, // params_nullorder.go
		desc: "Specifies the default ordering of NULL values in a result set."},
	"ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS": {kind: paramBool, def: "false", // get_ddl.go
		desc: "Specifies whether the output returned by the GET_DDL function contains data type synonyms specified in the original DDL statement."},
	"ENABLE_UNHANDLED_EXCEPTIONS_REPORTING": {kind: paramBool, def: "true",
		desc: "Specifies whether Snowflake may capture – in an event table – log messages or trace event data for unhandled exceptions in procedure or UDF handler code."},
	"ENABLE_UNLOAD_PHYSICAL_TYPE_OPTIMIZATION": {kind: paramBool, def: "true", honoured: onlyDefault("true"),
		desc: "Specifies whether to set the schema for unloaded Parquet files based on the logical column data types or on the unloaded column values."},
	"ERROR_ON_NONDETERMINISTIC_MERGE": {kind: paramBool, def: "true", honoured: onlyDefault("true"),
		desc: "raise an error when attempting to merge-update a row that joins many rows"},
	"ERROR_ON_NONDETERMINISTIC_UPDATE": {kind: paramBool, def: "false", honoured: onlyDefault("false"),
		desc: "raise an error when attempting to update a row that joins many rows"},
	"GEOGRAPHY_OUTPUT_FORMAT": {kind: paramString, def: "GeoJSON", values: []string{"GeoJSON", "WKT", "WKB", "EWKT", "EWKB"},
		desc: "Display format for GEOGRAPHY values."},
	"GEOMETRY_OUTPUT_FORMAT": {kind: paramString, def: "GeoJSON", values: []string{"GeoJSON", "WKT", "WKB", "EWKT", "EWKB"},
		desc: "Display format for GEOMETRY values."},
	"HYBRID_TABLE_LOCK_TIMEOUT": {kind: paramNumber, def: "3600", min: 0, max: -1,
		desc: "Number of seconds to wait while trying to acquire locks, before timing out and\n" +
			"aborting the statement. A value of 0 turns off lock waiting i.e. the statement\n" +
			"must acquire the lock immediately or abort."},
	"ICEBERG_TIMESTAMP_DEFAULT_PRECISION": {kind: paramNumber, def: "6", min: 6, max: 9,
		check: func(v string) error {
			if v != "6" && v != "9" {
				return strconv.ErrRange
			}
			return nil
		},
		desc: "Specifies the default precision for an Apache Iceberg timestamp column when no precision is specified in a DDL statement."},
	"JDBC_ENABLE_PUT_GET": {kind: paramBool, def: "true",
		desc: "Specifies whether to allow PUT and GET commands access to local file systems."},
	"JDBC_TREAT_DECIMAL_AS_INT": {kind: paramBool, def: "true",
		desc: "Specifies how JDBC processes columns that have a scale of zero (0)."},
	"JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC": {kind: paramBool, def: "false",
		desc: "Specifies how JDBC processes TIMESTAMP_NTZ values."},
	"JDBC_USE_SESSION_TIMEZONE": {kind: paramBool, def: "true",
		desc: "Specifies whether the JDBC Driver uses the time zone of the JVM or the time zone of the session for the getDate(), getTime(), and getTimestamp() methods of the ResultSet class."},
	"JSON_INDENT": {kind: paramNumber, def: "2", min: 0, max: 16, honoured: onlyDefault("2"),
		desc: "Specifies the number of blank spaces to indent each new element in JSON output in the session."},
	"JS_TREAT_INTEGER_AS_BIGINT": {kind: paramBool, def: "false", wire: true,
		desc: "Specifies how the Snowflake Node.js Driver processes numeric columns that have a scale of zero (0), for example INTEGER or NUMBER(p, 0)."},
	"LOCK_TIMEOUT": {kind: paramNumber, def: "43200", min: 0, max: -1,
		desc: "Number of seconds to wait while trying to lock a resource, before timing out \n" +
			"and aborting the statement. A value of 0 turns off lock waiting i.e. the \n" +
			"statement must acquire the lock immediately or abort. If multiple resources \n" +
			"need to be locked by the statement, the timeout applies separately to each \n" +
			"lock attempt."},
	"LOG_EVENT_LEVEL": {kind: paramString, def: "OFF", values: []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"},
		desc: "Specifies the severity level of log events (rows with record type EVENT) that should be ingested and made available in the active event table."},
	"LOG_LEVEL": {kind: paramString, def: "OFF", values: []string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "OFF"},
		desc: "Specifies the severity level of log messages produced through logging APIs that should be ingested and made available in the active event table."},
	"METRIC_LEVEL": {kind: paramString, def: "NONE", values: []string{"ALL", "NONE"},
		desc: "Controls how metrics data is ingested into the event table."},
	multiStatementCountParam: {kind: paramNumber, def: "1", min: 0, max: -1,
		desc: "Number of statements to execute when using the multi-statement capability."},
	"NOORDER_SEQUENCE_AS_DEFAULT": {kind: paramBool, def: "true",
		desc: "Specifies whether the ORDER or NOORDER property is set by default when you create a new sequence or add a new table column."},
	"ODBC_TREAT_DECIMAL_AS_INT": {kind: paramBool, def: "false",
		desc: "Specifies how ODBC processes columns that have a scale of zero (0)."},
	"OPT_OUT_ERROR_LOGGING": {kind: paramBool, def: "false",
		desc: "Specifies whether DML error logging is allowed."},
	"PYTHON_PROFILER_MODULES": {kind: paramString,
		desc: "Specifies the list of Python modules to include in a report when profiling Python handler code."},
	"PYTHON_PROFILER_TARGET_STAGE": {kind: paramString,
		desc: "Specifies the fully-qualified name of the stage in which to save a report when profiling Python handler code."},
	"QUERY_TAG": {kind: paramString,
		desc: "String (up to 2000 characters) used to tag statements executed by the session"},
	"QUOTED_IDENTIFIERS_IGNORE_CASE": {kind: paramBool, def: "false",
		desc: "If true, the case of quoted identifiers is ignored"},
	// The SQL API's limit; the drivers' REST protocol does not apply it.
	"ROWS_PER_RESULTSET": {kind: paramNumber, def: "0", min: 0, max: -1,
		desc: "maxium number of rows in a result set"},
	"S3_STAGE_VPCE_DNS_NAME": {kind: paramString,
		desc: "Specifies the DNS name of an Amazon S3 interface endpoint."},
	"SEARCH_PATH": {kind: paramString, def: "$current, $public", honoured: onlyDefault("$current, $public"),
		desc: "Specifies the path to search to resolve unqualified object names in queries."},
	"SIMULATED_DATA_SHARING_CONSUMER": {kind: paramString,
		desc: "Specifies the name of a consumer account to simulate for testing/validating shared data, particularly shared secure views."},
	"STATEMENT_QUEUED_TIMEOUT_IN_SECONDS": {kind: paramNumber, def: "0", min: 0, max: -1,
		desc: "Timeout in seconds for queued statements: statements will automatically be canceled if they are queued on a warehouse for longer than this amount of time; disabled if set to zero."},
	"STATEMENT_TIMEOUT_IN_SECONDS": {kind: paramNumber, def: "172800", min: 0, max: 604800,
		desc: "Timeout in seconds for statements: statements will automatically be canceled if they run for longer than this amount of time; disabled if set to zero."},
	"STRICT_JSON_OUTPUT": {kind: paramBool, def: "false", honoured: onlyDefault("false"),
		desc: "This parameter specifies whether JSON output in a session is compatible with the general standard (as described by http://json.org)."},
	// DATEADD of days to a TIMESTAMP_LTZ follows it (params_day24.go).
	"TIMESTAMP_DAY_IS_ALWAYS_24H": {kind: paramBool, def: "false", apply: applyDay24,
		desc: "If set, arithmetic on days always uses 24 hours per day, possibly not preserving the time (due to DST changes)"},
	"TIMESTAMP_INPUT_FORMAT": {kind: paramString, def: "AUTO", honoured: onlyDefault("AUTO"),
		desc: "input format for timestamp"},
	"TIMESTAMP_LTZ_OUTPUT_FORMAT": {kind: paramString, wire: true,
		desc: "Display format for TIMESTAMP_LTZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used."},
	"TIMESTAMP_NTZ_OUTPUT_FORMAT": {kind: paramString, def: "YYYY-MM-DD HH24:MI:SS.FF3", wire: true,
		desc: "Display format for TIMESTAMP_NTZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used."},
	"TIMESTAMP_OUTPUT_FORMAT": {kind: paramString, def: "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM", wire: true,
		desc: "Default display format for all timestamp types."},
	// TIMESTAMP and DATETIME then name another type, and TO_TIMESTAMP
	// converts to it (rewrite/timestamp_mapping.go).
	"TIMESTAMP_TYPE_MAPPING": {kind: paramString, def: "TIMESTAMP_NTZ", values: []string{"TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_TZ"},
		desc: "If TIMESTAMP type is used, what specific TIMESTAMP* type it should map to: TIMESTAMP_LTZ (default), TIMESTAMP_NTZ or TIMESTAMP_TZ"},
	"TIMESTAMP_TZ_OUTPUT_FORMAT": {kind: paramString, wire: true,
		desc: "Display format for TIMESTAMP_TZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used."},
	// TIMEZONE also drives the session's DuckDB connection (SET TimeZone).
	"TIMEZONE": {kind: paramString, wire: true, check: checkTimeZone,
		apply: func(ctx context.Context, s *Session, v string) error { return s.applyTimeZone(ctx, v) },
		desc:  "time zone"},
	"TIME_INPUT_FORMAT": {kind: paramString, def: "AUTO", honoured: onlyDefault("AUTO"),
		desc: "input format for time"},
	"TIME_OUTPUT_FORMAT": {kind: paramString, def: "HH24:MI:SS", wire: true,
		desc: "display format for time"},
	"TRACE_LEVEL": {kind: paramString, def: "OFF", values: []string{"ALWAYS", "ON_EVENT", "OFF"},
		desc: "Controls how trace events are ingested into the event table."},
	"TRANSACTION_ABORT_ON_ERROR": {kind: paramBool, def: "false", honoured: onlyDefault("false"),
		desc: "If this parameter is true, and a statement issued within a non-autocommit transaction returns with an error, then the non-autocommit transaction is aborted. All statements issued inside that transaction will fail until an commit or rollback statement is executed to close that transaction."},
	"TRANSACTION_DEFAULT_ISOLATION_LEVEL": {kind: paramString, def: "READ COMMITTED", values: []string{"READ COMMITTED"},
		desc: "The default isolation level when starting a starting a transaction, when no isolation level was specified"},
	"TWO_DIGIT_CENTURY_START": {kind: paramNumber, def: "1970", min: 1900, max: 2100, honoured: onlyDefault("1970"),
		desc: "For 2-digit dates, defines a century-start year."},
	"UNSUPPORTED_DDL_ACTION": {kind: paramString, def: "ignore", values: []string{"ignore", "fail"}, honoured: onlyDefault("ignore"),
		desc: "The action to take upon encountering an unsupported ddl statement"},
	"USE_CACHED_RESULT": {kind: paramBool, def: "true",
		desc: "If enabled, query results can be reused between successive invocations of the same query as long as the original result has not expired"},
	"WEEK_OF_YEAR_POLICY": {kind: paramNumber, def: "0", min: 0, max: 1, apply: applyWeekParam("WEEK_OF_YEAR_POLICY"),
		desc: "Defines the policy of assigning weeks to years:\n0: the week needs to have 4 days in a given year;\n1: a week with January 1st always belongs to a given year."},
	"WEEK_START": {kind: paramNumber, def: "0", min: 0, max: 7, apply: applyWeekParam("WEEK_START"),
		desc: "Defines the first day of the week:\n0: legacy Snowflake behavior; 1: Monday .. 7: Sunday."},

	// Parameters Snowflake's query responses carry to the drivers that the
	// parameter reference does not document: echoed, settable, not listed.
	"QUERY_CONTEXT_CACHE_SIZE":                 {kind: paramNumber, def: "5", wire: true, hidden: true, min: 0, max: -1},
	"CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ": {kind: paramBool, def: "true", wire: true, hidden: true},
	"CLIENT_USE_V1_QUERY_CONTEXT_CACHE":        {kind: paramBool, def: "false", wire: true, hidden: true},
	"CLIENT_TELEMETRY_ENABLED":                 {kind: paramBool, def: "false", wire: true, hidden: true},
	// CLIENT_STAGE_ARRAY_BINDING_THRESHOLD is left out on purpose: drivers
	// that see it upload large array binds to a temporary stage, which the
	// engine does not offer; without it they send the binds inline.
}
