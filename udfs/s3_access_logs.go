package udfs

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
)

// parseS3AccessLogsReturns is the RETURNS TABLE clause of parse_s3_access_logs,
// verbatim from the S3 access logs guide. Snowflake casts the handler's
// strings to the declared types (bytessent, objectsize: BIGINT) on output.
const parseS3AccessLogsReturns = `returns table (
    bucketowner STRING,bucket_name STRING,requestdatetime STRING,remoteip STRING,requester STRING,
    requestid STRING,operation STRING,key STRING,request_uri STRING,httpstatus STRING,errorcode STRING,
    bytessent BIGINT,objectsize BIGINT,totaltime STRING,turnaroundtime STRING,referrer STRING, useragent STRING,
    versionid STRING,hostid STRING,sigv STRING,ciphersuite STRING,authtype STRING,endpoint STRING,tlsversion STRING)`

var parseS3AccessLogsColumns = mustParseReturns(parseS3AccessLogsReturns)

func mustParseReturns(decl string) []Column {
	cols, err := ParseReturnsTable(decl)
	if err != nil {
		panic(err)
	}
	return cols
}

// ParseS3AccessLogColumns returns the output columns of parse_s3_access_logs
// with their declared Snowflake types, in order.
func ParseS3AccessLogColumns() []Column {
	return append([]Column(nil), parseS3AccessLogsColumns...)
}

// ParseS3AccessLogsUDTF returns parse_s3_access_logs as pyudtf runs it: the
// body from parse_s3_access_logs.py, handler S3AccessLogParser, the declared columns.
func ParseS3AccessLogsUDTF() pyudtf.UDTF {
	body, err := Source("parse_s3_access_logs.py")
	if err != nil {
		panic(err) // embedded at build time
	}
	names := make([]string, len(parseS3AccessLogsColumns))
	for i, c := range parseS3AccessLogsColumns {
		names[i] = c.Name
	}
	return pyudtf.UDTF{Name: "parse_s3_access_logs", Handler: "S3AccessLogParser", Body: body, Columns: names}
}

// parseS3AccessLogs is the Go twin of S3AccessLogParser.process: for each input
// row (log STRING) it yields one row per re.findall match, each field cleaned.
// Fields stay strings, as Python returns them; the caller casts to the declared
// types. A non-string argument fails the batch as Python's re.findall would.
func parseS3AccessLogs(ctx context.Context, rows [][]any) ([]pyudtf.OutputRow, error) {
	var out []pyudtf.OutputRow
	for i, row := range rows {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("udfs: parse_s3_access_logs twin: %w", err)
			}
		}
		if len(row) != 1 {
			return nil, s3TwinError(i, "TypeError",
				fmt.Sprintf("S3AccessLogParser.process() takes 2 positional arguments but %d were given", len(row)+1))
		}
		log, ok := row[0].(string)
		if !ok {
			return nil, s3TwinError(i, "TypeError",
				fmt.Sprintf("expected string or bytes-like object, got '%s'", pythonTypeName(row[0])))
		}
		if !utf8.ValidString(log) {
			log = replaceInvalidUTF8(log)
		}
		findAllS3AccessLogs(log, func(m *[s3Fields]string) {
			vals := make([]any, s3Fields)
			for j, field := range m {
				vals[j] = cleanS3Field(field)
			}
			out = append(out, pyudtf.OutputRow{Input: i, Values: vals})
		})
	}
	return out, nil
}

// cleanS3Field is S3AccessLogParser.clean: field.strip(' " " ') strips any run
// of spaces and double quotes from both ends; a lone '-' means no value.
func cleanS3Field(field string) any {
	field = strings.Trim(field, ` "`)
	if field == "-" {
		return nil
	}
	return field
}

func s3TwinError(input int, typ, msg string) error {
	return &pyudtf.Error{
		Function: "parse_s3_access_logs",
		Handler:  "S3AccessLogParser",
		Method:   "process",
		Input:    input,
		Type:     typ,
		Message:  typ + ": " + msg,
	}
}

func pythonTypeName(v any) string {
	switch v.(type) {
	case nil:
		return "NoneType"
	case bool:
		return "bool"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return "int"
	case float32, float64:
		return "float"
	}
	return fmt.Sprintf("%T", v)
}

// replaceInvalidUTF8 turns each invalid byte into U+FFFD, which is what the
// Python handler receives for it (pyudtf's JSON encoding does the same).
func replaceInvalidUTF8(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
