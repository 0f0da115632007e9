// Package detections holds flurry's saved detection queries and the machinery
// that runs them: parsing the .sql files and their YAML headers, running them
// against a warehouse on a schedule, diffing results against the previous run
// (state kept in the warehouse itself), alerting, linting and fixture tests.
//
// A detection is one .sql file: a leading block of "--" comment lines holding
// a YAML header, followed by exactly one Snowflake query a user could paste
// into a worksheet:
//
//	-- id: s3_anonymous_requests
//	-- title: Anonymous requests to an S3 bucket
//	-- severity: medium
//	-- schedule: 1h
//	-- lookback: 1d
//	-- key: [requestid]
//	select requestid, bucket_name, remoteip, operation, key
//	from s3_access_logs
//	where requester is null;
package detections

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/flurry-dev/flurry/internal/cron"
	"github.com/flurry-dev/flurry/internal/textexec"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

//go:embed rules/*.sql
var builtin embed.FS

// Builtin returns the detections that ship with flurry (detections/rules/*.sql).
func Builtin() fs.FS {
	sub, err := fs.Sub(builtin, "rules")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory exists
	}
	return sub
}

// Severity ranks how urgent a finding is.
type Severity int

// Severities, lowest first.
const (
	Info Severity = iota
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"info", "low", "medium", "high", "critical"}

func (s Severity) String() string {
	if s < 0 || int(s) >= len(severityNames) {
		return "Severity(" + strconv.Itoa(int(s)) + ")"
	}
	return severityNames[s]
}

// ParseSeverity parses one of info, low, medium, high, critical (any case).
func ParseSeverity(text string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(text, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("unknown severity %q (want one of %s)", text, strings.Join(severityNames, ", "))
}

// MarshalText makes severities print as their names in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText parses a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	*s = v
	return err
}

// Detection is one parsed detection file.
type Detection struct {
	ID          string
	Title       string
	Description string
	Severity    Severity
	// Schedule is how often the detection should run; a run skips it when its
	// previous run is more recent (see Runner.IgnoreSchedule). It is zero
	// when the schedule is a cron expression (Cron).
	Schedule time.Duration
	// Cron is set when the schedule is a cron expression in the syntax of
	// Snowflake tasks' USING CRON ("0 9 * * MON-FRI America/New_York"): the
	// detection is due when a firing time passed since its last run.
	Cron *cron.Spec
	// ScheduleText is the schedule as written in the header.
	ScheduleText string
	// Lookback is the window the query itself looks back over (documentation
	// and lint: a lookback shorter than the schedule leaves gaps).
	Lookback time.Duration
	Mitre    []string
	Tags     []string
	// Key lists the result columns that identify one finding, upper-cased as
	// Snowflake names unquoted identifiers.
	Key []string
	// Dedup suppresses a finding whose key alerted less than Dedup ago.
	Dedup   time.Duration
	Enabled bool
	Runbook string
	// Timeout overrides the runner's per-query timeout when non-zero.
	Timeout time.Duration

	// AlertTitle and AlertDescription are Go text/template texts rendered per
	// alerting row with the row's columns ({{.HOST}}); empty means Title and
	// Description.
	AlertTitle, AlertDescription string
	alertTitle, alertDescription *textexec.Template
	// SeverityColumn names a result column whose value (info ... critical)
	// overrides Severity for that row.
	SeverityColumn string
	// Group sends all new rows of one run as one alert with a count.
	Group bool

	// SQL is the query text, without the header, comments around it or the
	// terminating semicolon.
	SQL string
	// Path is the file the detection came from; Line is the line its SQL starts on.
	Path string
	Line int

	keyLine int // header line of the key field, for lint messages
}

// DefaultDedup applies when a header has no dedup field.
const DefaultDedup = 24 * time.Hour

// Problem is one defect found in a detection file or its test, positioned
// for a human: "path:line: message".
type Problem struct {
	Path string
	Line int // 0 when the problem concerns the whole file
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return p.Path + ": " + p.Msg
}

// Problems is an error listing every problem found.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

var (
	idPattern    = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	mitrePattern = regexp.MustCompile(`^(T[0-9]{4}(\.[0-9]{3})?|TA[0-9]{4})$`)
	tagPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9_.:-]*$`)
)

// headerFields are the header's known fields and whether each is required.
var headerFields = map[string]bool{
	"id": true, "title": true, "description": false, "severity": true, "schedule": true,
	"lookback": false, "mitre": false, "tags": false, "key": true, "dedup": false,
	"enabled": false, "runbook": false, "timeout": false,
	"alert_title": false, "alert_description": false, "severity_column": false, "group": false,
}

// Parse parses one detection file. It returns the detection and every
// problem found; the detection is nil when the file cannot be used at all.
func Parse(filePath, src string) (*Detection, Problems) {
	var probs Problems
	add := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Path: filePath, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	head, headLine, body, bodyLine := splitHeader(src)
	if strings.TrimSpace(head) == "" {
		add(1, "missing YAML header: a detection starts with a block of '--' comment lines such as '-- id: %s'", strings.TrimSuffix(path.Base(filePath), ".sql"))
		return nil, probs
	}
	d := &Detection{Path: filePath, Enabled: true, Dedup: DefaultDedup}
	probs = append(probs, parseHeader(d, filePath, head, headLine)...)
	if want := strings.TrimSuffix(path.Base(filePath), ".sql"); d.ID != "" && d.ID != want {
		add(headLine, "id %q does not match the file name %q (rename one of them)", d.ID, path.Base(filePath))
	}

	stmts, err := sqllex.Split(body)
	var lexErr *sqllex.Error
	switch {
	case errors.As(err, &lexErr):
		add(bodyLine+lexErr.Line-1, "SQL cannot be split into statements: %s", lexErr.Msg)
	case err != nil:
		add(bodyLine, "SQL cannot be split into statements: %v", err)
	case len(stmts) == 0:
		add(bodyLine, "no SQL query after the header")
	case len(stmts) > 1:
		add(bodyLine+stmts[1].Line-1, "a detection holds exactly one query, found %d statements (the second starts here)", len(stmts))
	default:
		d.SQL = stmts[0].Text
		d.Line = bodyLine + stmts[0].Line - 1
		if !isQuery(stmts[0].Text) {
			add(d.Line, "the SQL must be a query (SELECT, WITH or a parenthesised SELECT), not %q", firstWord(stmts[0].Text))
		}
	}
	if d.ID == "" || d.SQL == "" {
		return nil, probs
	}
	return d, probs
}

// splitHeader separates the leading "--" comment block from the SQL body.
// Lines are 1-based; bodyLine is the line the body starts on.
func splitHeader(src string) (head string, headLine int, body string, bodyLine int) {
	lines := strings.SplitAfter(src, "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	headLine = i + 1
	var b strings.Builder
	for ; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], "\r\n")
		if !strings.HasPrefix(l, "--") {
			break
		}
		l = strings.TrimPrefix(l, "--")
		l = strings.TrimPrefix(l, " ")
		b.WriteString(l)
		b.WriteByte('\n')
	}
	// The body keeps its leading newlines so that lexer positions map to file
	// lines by a constant offset.
	return b.String(), headLine, strings.Join(lines[i:], ""), i + 1
}

func parseHeader(d *Detection, filePath, head string, headLine int) Problems {
	var probs Problems
	add := func(n *yaml.Node, format string, args ...any) {
		line := headLine
		if n != nil {
			line = headLine + n.Line - 1
		}
		probs = append(probs, Problem{Path: filePath, Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(head), &doc); err != nil {
		add(nil, "header is not valid YAML: %s", yamlErrorWithFileLines(err, headLine))
		return probs
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		add(nil, "header must be a YAML mapping of fields (id, title, severity, ...)")
		return probs
	}
	m := doc.Content[0]
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := k.Value
		if _, ok := headerFields[name]; !ok {
			add(k, "unknown header field %q (known fields: %s)", name, strings.Join(knownFields(), ", "))
			continue
		}
		if seen[name] {
			add(k, "header field %q appears twice", name)
			continue
		}
		seen[name] = true
		if name == "key" {
			d.keyLine = headLine + k.Line - 1
		}
		if err := setField(d, name, v); err != nil {
			add(v, "header field %s: %v", name, err)
		}
	}
	for _, name := range knownFields() {
		if headerFields[name] && !seen[name] {
			add(nil, "header is missing required field %q", name)
		}
	}
	return probs
}

func knownFields() []string {
	names := make([]string, 0, len(headerFields))
	for n := range headerFields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// yamlErrorWithFileLines rewrites "line N" in a YAML error to file lines.
func yamlErrorWithFileLines(err error, headLine int) string {
	return yamlLineRE.ReplaceAllStringFunc(err.Error(), func(s string) string {
		n, _ := strconv.Atoi(strings.TrimPrefix(s, "line "))
		return "line " + strconv.Itoa(headLine+n-1)
	})
}

func setField(d *Detection, name string, v *yaml.Node) error {
	switch name {
	case "id":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		if !idPattern.MatchString(s) {
			return fmt.Errorf("%q must be lower-case letters, digits and underscores, starting with a letter", s)
		}
		d.ID = s
	case "title":
		s, err := scalar(v)
		if err == nil && strings.TrimSpace(s) == "" {
			err = errors.New("must not be empty")
		}
		d.Title = strings.TrimSpace(s)
		return err
	case "description":
		s, err := scalar(v)
		d.Description = strings.TrimSpace(s)
		return err
	case "severity":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		d.Severity, err = ParseSeverity(s)
		return err
	case "schedule", "lookback", "dedup", "timeout":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		if name == "schedule" {
			d.ScheduleText = strings.TrimSpace(s)
			if expr, ok := cronText(s); ok {
				spec, err := cron.ParseExpr(expr)
				if err != nil {
					return err
				}
				d.Cron = spec
				return nil
			}
		}
		dur, err := ParseDuration(s)
		if err != nil {
			return err
		}
		if dur <= 0 {
			return fmt.Errorf("%q must be positive", s)
		}
		switch name {
		case "schedule":
			d.Schedule = dur
		case "lookback":
			d.Lookback = dur
		case "dedup":
			d.Dedup = dur
		case "timeout":
			d.Timeout = dur
		}
	case "mitre":
		ids, err := list(v)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !mitrePattern.MatchString(id) {
				return fmt.Errorf("%q is not a MITRE ATT&CK technique or tactic id (T1110, T1110.001, TA0006)", id)
			}
		}
		d.Mitre = ids
	case "tags":
		tags, err := list(v)
		if err != nil {
			return err
		}
		for _, t := range tags {
			if !tagPattern.MatchString(t) {
				return fmt.Errorf("tag %q must be lower-case letters, digits and _ . : -", t)
			}
		}
		d.Tags = tags
	case "key":
		cols, err := list(v)
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			return errors.New("must name at least one result column")
		}
		for i, c := range cols {
			cols[i] = normalizeIdent(c)
		}
		d.Key = cols
	case "alert_title", "alert_description":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		tmpl, err := textexec.Parse(name, strings.TrimSpace(s), alertFuncs)
		if err != nil {
			return fmt.Errorf("not a Go text/template: %v", err)
		}
		if name == "alert_title" {
			d.AlertTitle, d.alertTitle = strings.TrimSpace(s), tmpl
		} else {
			d.AlertDescription, d.alertDescription = strings.TrimSpace(s), tmpl
		}
	case "severity_column":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		d.SeverityColumn = normalizeIdent(s)
	case "group":
		var b bool
		if err := v.Decode(&b); err != nil || v.Kind != yaml.ScalarNode {
			return fmt.Errorf("must be true or false")
		}
		d.Group = b
	case "enabled":
		var b bool
		if err := v.Decode(&b); err != nil || v.Kind != yaml.ScalarNode {
			return fmt.Errorf("must be true or false")
		}
		d.Enabled = b
	case "runbook":
		s, err := scalar(v)
		if err != nil {
			return err
		}
		if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q must be an http(s) URL", s)
		}
		d.Runbook = s
	}
	return nil
}

func scalar(v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", errors.New("must be a single value, not a list or mapping")
	}
	return v.Value, nil
}

// list accepts a YAML sequence of scalars or a single scalar.
func list(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Value == "" {
			return nil, nil
		}
		return []string{v.Value}, nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, errors.New("must be a list of values")
			}
			out = append(out, c.Value)
		}
		return out, nil
	}
	return nil, errors.New("must be a list of values")
}

// normalizeIdent returns the column name Snowflake reports for an identifier:
// unquoted identifiers are upper-cased, "quoted" ones keep their case.
func normalizeIdent(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
	}
	return strings.ToUpper(s)
}

// cronText recognises a cron schedule: "USING CRON <5 fields> <tz>" as in
// Snowflake tasks, or the same without the USING CRON prefix.
func cronText(s string) (string, bool) {
	f := strings.Fields(s)
	if len(f) >= 2 && strings.EqualFold(f[0], "USING") && strings.EqualFold(f[1], "CRON") {
		return strings.Join(f[2:], " "), true
	}
	return s, len(f) > 1
}

// Due reports whether a detection whose latest successful run started at
// prev should run at now: an interval schedule is due once 90% of the
// interval passed (a cron job firing a few seconds early still runs); a
// cron schedule is due when it fired after prev (within a minute of now,
// for the same reason). It returns when it is next due otherwise.
func (d *Detection) Due(prev, now time.Time) (bool, time.Time) {
	switch {
	case prev.IsZero():
		return true, time.Time{}
	case d.Cron != nil:
		next := d.Cron.Next(prev)
		if next.IsZero() {
			return false, next
		}
		return !next.After(now.Add(time.Minute)), next
	case d.Schedule > 0:
		due := prev.Add(d.Schedule - d.Schedule/10)
		return !now.Before(due), due
	}
	return true, time.Time{}
}

var dayPattern = regexp.MustCompile(`^([0-9]+)([dw])(.*)$`)

// ParseDuration parses Go durations ("90s", "15m", "1h30m") extended with
// days and weeks ("1d", "7d", "2w", "1d12h").
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var total time.Duration
	if m := dayPattern.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		unit := 24 * time.Hour
		if m[2] == "w" {
			unit *= 7
		}
		total = time.Duration(n) * unit
		s = m[3]
		if s == "" {
			return total, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (examples: 15m, 1h, 1d, 2w)", s)
	}
	return total + d, nil
}

// FormatDuration prints a duration the way headers write it (1d, 15m, 1h30m).
func FormatDuration(d time.Duration) string {
	if d == 0 {
		return "-"
	}
	var out string
	if days := d / (24 * time.Hour); days > 0 {
		out = strconv.Itoa(int(days)) + "d"
		d -= days * 24 * time.Hour
		if d == 0 {
			return out
		}
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return out + s
}

func isQuery(sqlText string) bool {
	toks, err := sqllex.Tokenize(sqlText)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		return t.IsWord("SELECT") || t.IsWord("WITH") || t.IsOp("(")
	}
	return false
}

func firstWord(sqlText string) string {
	f := strings.Fields(sqlText)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// Load parses every *.sql file under fsys (skipping directories named
// testdata). It fails with Problems listing every defect when any file is
// unusable or two files share an id.
func Load(fsys fs.FS) ([]*Detection, error) {
	dets, probs := LoadAll(fsys)
	if len(probs) > 0 {
		return dets, probs
	}
	return dets, nil
}

// LoadAll parses every detection under fsys and returns the usable ones,
// those without any problem, with all problems found.
func LoadAll(fsys fs.FS) ([]*Detection, Problems) {
	all, probs, bad := parseAll(fsys)
	var ok []*Detection
	for _, d := range all {
		if !bad[d] {
			ok = append(ok, d)
		}
	}
	return ok, probs
}

// parseAll parses every *.sql file: all detections that could be parsed
// (bad marks those with problems), and the problems.
func parseAll(fsys fs.FS) ([]*Detection, Problems, map[*Detection]bool) {
	var (
		dets  []*Detection
		probs Problems
		byID  = map[string]string{}
		bad   = map[*Detection]bool{}
	)
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != "." && (e.Name() == "testdata" || strings.HasPrefix(e.Name(), ".")) {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".sql") {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		d, ps := Parse(p, string(src))
		probs = append(probs, ps...)
		if d == nil {
			return nil
		}
		if other, dup := byID[d.ID]; dup {
			probs = append(probs, Problem{Path: p, Msg: fmt.Sprintf("id %q is already used by %s", d.ID, other)})
			return nil
		}
		byID[d.ID] = p
		bad[d] = len(ps) > 0
		dets = append(dets, d)
		return nil
	})
	if err != nil {
		probs = append(probs, Problem{Path: ".", Msg: err.Error()})
	}
	slices.SortFunc(dets, func(a, b *Detection) int { return strings.Compare(a.ID, b.ID) })
	return dets, probs, bad
}

// Select filters detections: by id (exact) and tag when given, and to the
// enabled ones unless includeDisabled. Unknown ids are an error.
func Select(dets []*Detection, ids, tags []string, includeDisabled bool) ([]*Detection, error) {
	known := map[string]*Detection{}
	for _, d := range dets {
		known[d.ID] = d
	}
	for _, id := range ids {
		if known[id] == nil {
			return nil, fmt.Errorf("no detection with id %q", id)
		}
	}
	var out []*Detection
	for _, d := range dets {
		if len(ids) > 0 && !slices.Contains(ids, d.ID) {
			continue
		}
		if len(tags) > 0 && !slices.ContainsFunc(tags, func(t string) bool { return slices.Contains(d.Tags, t) }) {
			continue
		}
		// Naming a detection by id runs it even when disabled.
		if !d.Enabled && !includeDisabled && len(ids) == 0 {
			continue
		}
		out = append(out, d)
	}
	return out, nil
}
