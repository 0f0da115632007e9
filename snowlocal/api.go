// Package snowlocal is flurry's local Snowflake-compatible engine: Snowflake SQL
// is lexed (package sqllex), rewritten to DuckDB SQL (package rewrite) and run on
// DuckDB, with Snowflake's objects (databases, stages, pipes, streams, tasks,
// functions) kept in the engine's catalog. Server exposes the engine over
// Snowflake's own REST wire protocol so that github.com/snowflakedb/gosnowflake
// is the one client path, for the local engine and real Snowflake alike.
package snowlocal

import "fmt"

// Column describes one result column in Snowflake's terms.
type Column struct {
	Name string
	// Type is Snowflake's wire type: fixed, real, text, boolean, date, time,
	// timestamp_ntz, timestamp_ltz, timestamp_tz, variant, object, array, binary.
	Type      string
	Precision int
	Scale     int
	Length    int
	// ByteLength is a text column's length in bytes; 0 when it is Length.
	ByteLength int
	Nullable   bool
	// VectorDimension and VectorElement (fixed or real) describe a
	// VECTOR column (type vector: vector.go).
	VectorDimension int
	VectorElement   string
}

// Result is what one statement returns. Values are encoded as Snowflake's JSON
// rowsets encode them (fixed/real as decimal text, date as days since epoch,
// timestamps as "seconds.nanoseconds", variant as JSON text); nil is SQL NULL.
type Result struct {
	Columns      []Column
	Rows         [][]*string
	RowsAffected int64
	// StatementTypeID is Snowflake's statement type id (0x1000 select, 0x3000 DML...).
	StatementTypeID int64
	// Extra fields are merged into the wire response's data object (file
	// transfer commands such as PUT answer with stage information here).
	Extra map[string]any
}

// Error is a Snowflake-style error: a numeric code, a SQLSTATE and a message.
// Codes follow Snowflake's where one exists (e.g. 001003 syntax error,
// 002003 object does not exist, 390100 incorrect username or password).
type Error struct {
	Code     string
	SQLState string
	Message  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (%s): %s", e.Code, e.SQLState, e.Message) }

// Errorf builds an Error.
func Errorf(code, sqlState, format string, args ...any) *Error {
	return &Error{Code: code, SQLState: sqlState, Message: fmt.Sprintf(format, args...)}
}

// Common Snowflake error codes used by the engine.
const (
	CodeSyntax        = "001003" // SQL compilation error: syntax error
	CodeNotExist      = "002003" // object does not exist or not authorized
	CodeAlreadyExists = "002002" // object already exists
	CodeInvalidIdent  = "000904" // invalid identifier
	CodeUnsupported   = "002040" // unsupported feature
	CodeRuntime       = "100038" // numeric value / conversion errors
	CodeBadLogin      = "390100" // incorrect username or password
	CodeSessionGone   = "390112" // session no longer exists
)
