package console

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/detections"
)

// Every query of the console is Snowflake SQL a user can paste into a
// Snowsight worksheet: fully qualified names, documented functions and
// views only (INFORMATION_SCHEMA.TABLES, COPY_HISTORY, PIPE_USAGE_HISTORY,
// TASK_HISTORY, SYSTEM$PIPE_STATUS, SHOW), and the flurry state tables.
// The page shows each one next to what it answered.

// Source is one log source of the lake: the table detections read, its
// event-time expression (what "an hour of this source" means), and where
// its rows are loaded (the table COPY_HISTORY is asked about, its pipe).
type Source struct {
	Name string
	// Table is the table or view detections read.
	Table string
	// EventTime is a TIMESTAMP_NTZ (UTC) expression over Table's columns.
	EventTime string
	// LoadTable receives the staged files (COPY_HISTORY's TABLE_NAME).
	LoadTable string
}

// LakeSources are the security lake migrations' sources (migrations/lake).
// The event times are those the built-in detections use.
var LakeSources = []Source{
	{Name: "apache", Table: "LOGS", EventTime: "time", LoadTable: "LOGS"},
	{Name: "go-audit", Table: "GO_AUDIT", EventTime: "to_timestamp_ntz(record:timestamp::number(20, 3))", LoadTable: "GO_AUDIT"},
	{Name: "teleport", Table: "PARSEJSON_RAW", EventTime: "raw_data:time::timestamp_ntz", LoadTable: "PARSEJSON_RAW"},
	// S3 server access logs write times as [06/Feb/2019:00:00:38 +0000],
	// always in UTC: the offset is dropped rather than parsed.
	{Name: "s3-access-logs", Table: "S3_ACCESS_LOGS", EventTime: "try_to_timestamp_ntz(split_part(requestdatetime, ' ', 1), 'DD/MON/YYYY:HH24:MI:SS')", LoadTable: "S3_ACCESS_LOGS_STAGING"},
	{Name: "vpc-flow-logs", Table: "VPC_FLOW_VIEW", EventTime: `"START"`, LoadTable: "VPC_FLOW"},
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// checkIdent accepts only unquoted identifiers: the names are pasted into
// SQL a person reads, so they are never quoted or escaped.
func checkIdent(what, s string) error {
	if !identRE.MatchString(s) {
		return fmt.Errorf("%s %q: want a plain identifier (letters, digits, _ and $)", what, s)
	}
	return nil
}

// lit is a Snowflake string literal.
func lit(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// queries builds the console's SQL for one lake and one state schema.
type queries struct {
	db, schema string // the lake: SECURITY_LAKE.PUBLIC
	state      string // flurry's state: FLURRY.PUBLIC
	history    string // the migration history table
	sources    []Source
	pipes      []string // pipe names in the lake schema (from SHOW PIPES)
	detections []*detections.Detection
	windowDays int
}

func (q *queries) lake(name string) string { return q.db + "." + q.schema + "." + name }

// since is the start of the window, at most limit days back: COPY_HISTORY
// and PIPE_USAGE_HISTORY keep 14 days and refuse older ranges.
func (q *queries) since(limit int) string {
	return fmt.Sprintf("dateadd('day', -%d, current_timestamp())", min(q.windowDays, limit))
}

// tables: rows and bytes per table, as Snowflake keeps them in
// INFORMATION_SCHEMA (the local engine's bytes are its own measure of the
// table's data, as Snowflake's are of its storage).
func (q *queries) tables() string {
	return `select table_name, table_type, row_count, bytes
from ` + q.db + `.INFORMATION_SCHEMA.TABLES
where table_schema = ` + lit(q.schema) + `
order by table_name`
}

// volume: rows per source per event hour over the window. An hour without
// rows does not appear: the page draws it as a gap.
func (q *queries) volume() string {
	var parts []string
	for _, s := range q.sources {
		parts = append(parts, fmt.Sprintf(`select %s as source, date_trunc('hour', %s) as hour, count(*) as row_count
from %s
where %s >= dateadd('day', -%d, date_trunc('hour', sysdate()))
group by 1, 2`, lit(s.Name), s.EventTime, q.lake(s.Table), s.EventTime, q.windowDays))
	}
	return "-- rows per source per hour of event time (UTC), last " + fmt.Sprint(q.windowDays) + " days\n" +
		strings.Join(parts, "\nunion all\n") + "\norder by source, hour"
}

// loads is a CTE of COPY_HISTORY over every source's load table.
func (q *queries) loads() string {
	var parts []string
	seen := map[string]bool{}
	for _, s := range q.sources {
		if seen[s.LoadTable] {
			continue
		}
		seen[s.LoadTable] = true
		parts = append(parts, fmt.Sprintf(`    select * from table(%s.INFORMATION_SCHEMA.COPY_HISTORY(
        TABLE_NAME => %s, START_TIME => %s))`, q.db, lit(q.lake(s.LoadTable)), q.since(14)))
	}
	return "with loads as (\n" + strings.Join(parts, "\n    union all\n") + "\n)\n"
}

// copySummary: files loaded and failed per table and pipe.
func (q *queries) copySummary() string {
	return q.loads() + `select table_name, pipe_name,
    count_if(status = 'Loaded') as files_loaded,
    count_if(status = 'Partially loaded') as files_partially_loaded,
    count_if(status = 'Load failed') as files_failed,
    sum(row_count) as rows_loaded,
    sum(file_size) as bytes_loaded,
    sum(error_count) as rejected_records,
    max(last_load_time) as last_load_time
from loads
group by table_name, pipe_name
order by table_name`
}

// rejected: files with rejected records, and the first error of each.
func (q *queries) rejected() string {
	return q.loads() + `select table_name, file_name, status, error_count, first_error_message,
    first_error_line_number, first_error_column_name, last_load_time
from loads
where error_count > 0 or status in ('Load failed', 'Partially loaded')
order by last_load_time desc
limit 100`
}

// pipeUsage: files and bytes each pipe loaded over time. Without
// PIPE_NAME the function sums all pipes into rows whose PIPE_NAME is NULL,
// so each pipe is asked for by name. It keeps 14 days of history.
func (q *queries) pipeUsage() string {
	var parts []string
	for _, p := range q.pipes {
		// The columns are cast to the documented types: a UNION ALL of
		// table-function columns is typed by them on every engine.
		parts = append(parts, fmt.Sprintf(`select %s as pipe, start_time::timestamp_ltz as start_time, end_time::timestamp_ltz as end_time,
    files_inserted::number as files_inserted, bytes_inserted::number as bytes_inserted
from table(%s.INFORMATION_SCHEMA.PIPE_USAGE_HISTORY(
    DATE_RANGE_START => %s, PIPE_NAME => %s))`, lit(p), q.db, q.since(14), lit(q.lake(p))))
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\nunion all\n") + "\norder by pipe, start_time"
}

// showPipes lists the pipes (the pipe status query needs their names).
func (q *queries) showPipes() string { return "show pipes in schema " + q.db + "." + q.schema }

// pipeStatus: state, backlog, last file and lag of every pipe.
func (q *queries) pipeStatus() string {
	var parts []string
	for _, p := range q.pipes {
		name := q.lake(p)
		parts = append(parts, fmt.Sprintf("    select %s as pipe_name, parse_json(system$pipe_status(%s)) as s", lit(p), lit(name)))
	}
	if len(parts) == 0 {
		return ""
	}
	return `select pipe_name,
    s:executionState::string as execution_state,
    s:pendingFileCount::number as pending_files,
    s:lastIngestedFilePath::string as last_file,
    s:lastIngestedTimestamp::timestamp_ltz as last_ingested,
    datediff('minute', s:lastIngestedTimestamp::timestamp_ltz, current_timestamp()) as lag_minutes,
    s:error::string as error
from (
` + strings.Join(parts, "\n    union all\n") + `
)
order by pipe_name`
}

func (q *queries) showTasks() string { return "show tasks in schema " + q.db + "." + q.schema }

// taskHistory: the lake's task runs. TASK_HISTORY refuses a range reaching
// past 7 days, so the window stops an hour short of that. It answers for
// the whole account: the lake's schema is kept by a WHERE clause (the
// DATABASE_NAME and SCHEMA_NAME arguments would filter before RESULT_LIMIT,
// but the local engine does not take them yet), after a generous limit.
func (q *queries) taskHistory() string {
	return `select name, state, scheduled_time, completed_time, error_code, error_message
from table(` + q.db + `.INFORMATION_SCHEMA.TASK_HISTORY(
    SCHEDULED_TIME_RANGE_START => ` + fmt.Sprintf("dateadd('hour', -%d, current_timestamp())", min(q.windowDays*24, 7*24-1)) + `,
    RESULT_LIMIT => 10000))
where database_name = ` + lit(q.db) + ` and schema_name = ` + lit(q.schema) + `
order by scheduled_time desc
limit 100`
}

// severities is a VALUES list of every known detection's severity: it lives
// in the detection files, not in the warehouse, so the SQL carries it.
func (q *queries) severities() string {
	dets := append([]*detections.Detection(nil), q.detections...)
	sort.Slice(dets, func(i, j int) bool { return dets[i].ID < dets[j].ID })
	var rows []string
	for _, d := range dets {
		rows = append(rows, fmt.Sprintf("(%s, %s, %s)", lit(d.ID), lit(d.Severity.String()), lit(d.Title)))
	}
	if len(rows) == 0 {
		rows = append(rows, "('', 'info', '')")
	}
	return "severity as (\n    select * from (values\n        " + strings.Join(rows, ",\n        ") +
		"\n    ) as v(detection_id, severity, title)\n)"
}

// findings: the open findings, the keys of each detection's latest
// successful run (detections/state.go: readers take the rows of that run).
func (q *queries) findings() string {
	return `with ` + q.severities() + `,
last_ok as (
    select detection_id, run_id
    from ` + q.state + `.DETECTION_RUNS
    where status = 'ok'
    qualify row_number() over (partition by detection_id order by finished_at desc, run_id desc) = 1
)
select s.detection_id, coalesce(v.severity, 'info') as severity, s.key_json, s.first_seen, s.last_seen,
    s.last_alerted, s.key_hash, s.row_json
from ` + q.state + `.DETECTION_STATE s
join last_ok r on r.detection_id = s.detection_id and r.run_id = s.run_id
left join severity v on v.detection_id = s.detection_id
where s.present
order by s.first_seen desc, s.detection_id, s.key_json`
}

// findingsOverTime: new findings (alerted) per day and severity.
func (q *queries) findingsOverTime() string {
	return `with ` + q.severities() + `
select date_trunc('day', r.started_at) as day, coalesce(v.severity, 'info') as severity,
    sum(r.alerted) as new_findings
from ` + q.state + `.DETECTION_RUNS r
left join severity v on v.detection_id = r.detection_id
where r.status = 'ok' and r.started_at >= dateadd('day', -` + fmt.Sprint(q.windowDays) + `, sysdate())
group by 1, 2
order by 1, 2`
}

// lastRuns: each detection's latest run.
func (q *queries) lastRuns() string {
	return `select detection_id, status, started_at, finished_at,
    datediff('millisecond', started_at, finished_at) as duration_ms,
    rows_returned, added, removed, alerted, suppressed, error
from ` + q.state + `.DETECTION_RUNS
qualify row_number() over (partition by detection_id order by started_at desc, run_id desc) = 1
order by detection_id`
}

// runHistory: one line per `detect run`.
func (q *queries) runHistory() string {
	return `select run_id, min(started_at) as started_at, max(finished_at) as finished_at,
    count(*) as detections, count_if(status <> 'ok') as failed,
    sum(rows_returned) as rows_returned, sum(added) as added, sum(alerted) as alerted
from ` + q.state + `.DETECTION_RUNS
group by run_id
order by started_at desc
limit 50`
}

// migrationHistory: the history table migrate up writes.
func (q *queries) migrationHistory(table string) string {
	return `select installed_rank, type, version, script, status, installed_on, execution_ms, installed_by, error
from ` + table + `
order by installed_rank`
}

// reproduce is the flurry sql command showing one finding's state row.
func reproduce(targetFlags, state, detectionID, keyHash string) string {
	q := "select key_json, row_json, first_seen, last_seen, last_alerted from " + state +
		".DETECTION_STATE where detection_id = " + lit(detectionID) + " and key_hash = " + lit(keyHash) +
		" and present order by last_seen desc limit 1"
	cmd := "flurry sql"
	if targetFlags != "" {
		cmd += " " + targetFlags
	}
	return cmd + ` --format json -q "` + q + `"`
}
