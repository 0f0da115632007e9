package detections

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Execer runs a statement: *sql.DB, *sql.Conn and *sql.Tx all do.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// FixtureFormats documents the format of each lake table's fixture rows:
// what the pipeline lands in it, one record per line.
var FixtureFormats = map[string]string{
	"LOGS":           "Fluentd out_s3 lines: TIME<TAB>TAG<TAB>JSON record of the apache2 parser",
	"PARSEJSON_RAW":  "Teleport audit events, one JSON object per line",
	"GO_AUDIT":       "go-audit JSON lines",
	"VPC_FLOW":       "VPC flow log records (the Parquet columns) as one JSON object per line",
	"S3_ACCESS_LOGS": "raw S3 server access log lines, parsed by PARSE_S3_ACCESS_LOGS as the transformation task does",
}

// variantTables are the lake tables holding one VARIANT column per record.
var variantTables = map[string]string{
	"PARSEJSON_RAW": "raw_data",
	"GO_AUDIT":      "record",
	"VPC_FLOW":      "record",
}

// variantEventTime is each variant table's event time, as a format taking
// the record expression: the arrival time fixture rows get.
var variantEventTime = map[string]string{
	"PARSEJSON_RAW": "try_to_timestamp_ltz(%s:time::string)",
	"GO_AUDIT":      "to_timestamp_ltz(%s:timestamp::number(20, 3))",
	"VPC_FLOW":      "to_timestamp_ltz(%s:start::number)",
}

// fixtureBatch is how many fixture rows one INSERT … SELECT … UNION ALL
// statement carries. Small batches bound the local engine's planning time
// per statement, which grows with the branches and each branch's size (100
// rows of VPC flow records through TO_TIMESTAMP_LTZ once took 60 s to plan
// on a loaded 2-core machine, before the engine wrote a NUMBER's conversion
// without its text branches; now 3 s of CPU).
const fixtureBatch = 25

// s3AccessLogsColumns are PARSE_S3_ACCESS_LOGS's 24 columns (V4).
const s3AccessLogsColumns = `bucketowner, bucket_name, requestdatetime, remoteip, requester, requestid, operation, key,
    request_uri, httpstatus, errorcode, bytessent, objectsize, totaltime, turnaroundtime, referrer, useragent,
    versionid, hostid, sigv, ciphersuite, authtype, endpoint, tlsversion`

// LoadFixture inserts fixture text into a lake table the way the pipeline
// would have landed it. A fixture models a prompt pipeline: each row's
// _LOADED_AT is its event time (now when it has none), so events older than
// a detection's lookback arrived before its window. Late arrival is tested
// through the real load path (late_test.go). Known tables take their source's real log format
// (see FixtureFormats); any other table takes one JSON object per line
// mapping column names to values (objects and arrays become VARIANTs).
// Errors name the fixture line.
func LoadFixture(ctx context.Context, ex Execer, table, text string) error {
	stmts, err := fixtureInserts(table, text)
	if err != nil {
		return err
	}
	for _, q := range stmts {
		if _, err := ex.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", firstLine(q), err)
		}
	}
	return nil
}

type fixtureLine struct {
	n    int
	text string
}

func fixtureLines(text string) []fixtureLine {
	var out []fixtureLine
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, "\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		out = append(out, fixtureLine{n: i + 1, text: l})
	}
	return out
}

// fixtureInserts returns the statements that load the fixture.
func fixtureInserts(table, text string) ([]string, error) {
	name := strings.ToUpper(strings.TrimSpace(table))
	lines := fixtureLines(text)
	var selects []string
	var stmts []string
	flush := func(prefix string) {
		for start := 0; start < len(selects); start += fixtureBatch {
			stmts = append(stmts, prefix+"\n"+strings.Join(selects[start:min(start+fixtureBatch, len(selects))], "\nunion all\n"))
		}
		selects = nil
	}
	switch {
	case name == "LOGS":
		for _, l := range lines {
			parts := strings.SplitN(l.text, "\t", 3)
			if len(parts) != 3 {
				return nil, fmt.Errorf("line %d: want TIME<TAB>TAG<TAB>JSON (Fluentd's out_s3 format), got %d tab-separated fields", l.n, len(parts))
			}
			if err := checkJSONObject(parts[2]); err != nil {
				return nil, fmt.Errorf("line %d: record: %w", l.n, err)
			}
			selects = append(selects, fmt.Sprintf("select %s, %s, parse_json(%s), coalesce(try_to_timestamp_ltz(%s), current_timestamp())",
				quote(parts[0]), quote(parts[1]), quote(parts[2]), quote(parts[0])))
		}
		flush("insert into logs (time, tag, record, _loaded_at)")
	case variantTables[name] != "":
		for _, l := range lines {
			if err := checkJSONObject(l.text); err != nil {
				return nil, fmt.Errorf("line %d: %w", l.n, err)
			}
			rec := "parse_json(" + quote(l.text) + ")"
			selects = append(selects, fmt.Sprintf("select %s, coalesce(%s, current_timestamp())", rec, fmt.Sprintf(variantEventTime[name], rec)))
		}
		flush(fmt.Sprintf("insert into %s (%s, _loaded_at)", strings.ToLower(name), variantTables[name]))
	case name == "S3_ACCESS_LOGS":
		for _, l := range lines {
			selects = append(selects, fmt.Sprintf("select %s, current_timestamp(), 'fixture/s3_access_logs', %d, current_timestamp()", quote(l.text), l.n))
		}
		flush("insert into s3_access_logs_staging (raw, timestamp, _filename, _file_row_number, _loaded_at)")
		// The body of the S3_ACCESS_LOGS_TRANSFORMATION task, on the staging table.
		stmts = append(stmts, `insert into s3_access_logs (`+s3AccessLogsColumns+`, _loaded_at, _filename, _file_row_number)
    select parsed_logs.*,
        coalesce(try_to_timestamp_ltz(parsed_logs.requestdatetime, 'DD/MON/YYYY:HH24:MI:SS TZHTZM'), current_timestamp()),
        s3_access_logs_staging._filename, s3_access_logs_staging._file_row_number
    from s3_access_logs_staging
    join table(parse_s3_access_logs(s3_access_logs_staging.raw)) parsed_logs`)
	default:
		for _, l := range lines {
			var obj map[string]json.RawMessage
			if err := json.Unmarshal([]byte(l.text), &obj); err != nil {
				return nil, fmt.Errorf("line %d: want a JSON object of column values: %w", l.n, err)
			}
			cols := make([]string, 0, len(obj))
			for c := range obj {
				cols = append(cols, c)
			}
			sort.Strings(cols)
			vals := make([]string, len(cols))
			for i, c := range cols {
				v, err := sqlLiteral(obj[c])
				if err != nil {
					return nil, fmt.Errorf("line %d: column %s: %w", l.n, c, err)
				}
				vals[i] = v
			}
			stmts = append(stmts, fmt.Sprintf("insert into %s (%s) select %s", table, strings.Join(cols, ", "), strings.Join(vals, ", ")))
		}
	}
	return stmts, nil
}

func checkJSONObject(s string) error {
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	return nil
}

// sqlLiteral renders a JSON value as a Snowflake expression.
func sqlLiteral(raw json.RawMessage) (string, error) {
	var v any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case nil:
		return "null", nil
	case bool:
		if x {
			return "true", nil
		}
		return "false", nil
	case json.Number:
		return string(x), nil
	case string:
		return quote(x), nil
	default:
		return "parse_json(" + quote(string(raw)) + ")", nil
	}
}
