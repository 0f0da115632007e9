// Package parse turns log lines into records: JSON objects plus an event time.
// The parsers mirror the ones the seed guides rely on — Fluentd's apache2,
// json and regexp parsers, the S3 server access log regex of the seed's
// parse_s3_access_logs UDTF, and AWS VPC flow logs in the default v2 text
// format — so records look the same as with td-agent.
package parse

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Parser turns one line (without its newline) into a record.
//
// Parse appends the record, a JSON object, to dst and returns the extended
// slice and the event time found in the line (zero when the line carries
// none; the caller then uses the time it read the line). On error dst is
// returned unchanged and the caller ships the line with Failed instead.
// A Parser may keep state across lines of one file (vpc_flow adopts a
// file's header line), so use one Parser per file.
type Parser interface {
	Parse(dst, line []byte) ([]byte, time.Time, error)
}

// ErrSkip is returned for a line that carries no record, only information for
// the parser (a VPC flow log header). It is not a parse error.
var ErrSkip = skipError{}

type skipError struct{}

func (skipError) Error() string { return "line skipped (header)" }

// Options are the parser settings of a source ([source.parse] in the config).
type Options struct {
	// Expression is the regexp parser's pattern (RE2 syntax, named groups
	// (?P<name>...) or (?<name>...); a surrounding /.../ is accepted).
	Expression string `toml:"expression"`
	// TimeKey names the field holding the event time (regexp, json).
	// Default "time".
	TimeKey string `toml:"time_key"`
	// TimeFormat is a strptime format (%d/%b/%Y:%H:%M:%S %z), or unix,
	// unix_ms, rfc3339. Empty: RFC 3339 text or epoch seconds, detected.
	TimeFormat string `toml:"time_format"`
	// KeepTimeKey keeps the time field in regexp records (Fluentd's
	// keep_time_key; json records are always shipped whole).
	KeepTimeKey bool `toml:"keep_time_key"`
	// Types converts regexp fields: integer, float, bool or string.
	Types map[string]string `toml:"types"`
	// Fields is the vpc_flow field list when the log does not use the
	// default v2 format (e.g. ["version", "vpc-id", "srcaddr", ...]).
	Fields []string `toml:"fields"`
}

// Names lists the parsers New knows.
var Names = []string{"apache2", "json", "none", "regexp", "s3_access", "vpc_flow"}

// New returns a parser by name. It validates opts, so calling it once at
// config load reports every mistake before any file is read.
func New(name string, opts Options) (Parser, error) {
	switch name {
	case "apache2":
		if err := noOptions(name, opts); err != nil {
			return nil, err
		}
		return newApache2(), nil
	case "json":
		return newJSON(opts)
	case "none":
		if err := noOptions(name, opts); err != nil {
			return nil, err
		}
		return noneParser{}, nil
	case "regexp":
		return newRegexp(opts)
	case "s3_access":
		if err := noOptions(name, opts); err != nil {
			return nil, err
		}
		return newS3Access(), nil
	case "vpc_flow":
		return newVPCFlow(opts)
	case "":
		return nil, fmt.Errorf("parser not set (one of %s)", strings.Join(Names, ", "))
	}
	return nil, fmt.Errorf("unknown parser %q (one of %s)", name, strings.Join(Names, ", "))
}

func noOptions(name string, opts Options) error {
	var set []string
	if opts.Expression != "" {
		set = append(set, "expression")
	}
	if opts.TimeKey != "" {
		set = append(set, "time_key")
	}
	if opts.TimeFormat != "" {
		set = append(set, "time_format")
	}
	if opts.KeepTimeKey {
		set = append(set, "keep_time_key")
	}
	if len(opts.Types) > 0 {
		set = append(set, "types")
	}
	if len(opts.Fields) > 0 {
		set = append(set, "fields")
	}
	if len(set) > 0 {
		sort.Strings(set)
		return fmt.Errorf("parser %s takes no options (got %s)", name, strings.Join(set, ", "))
	}
	return nil
}

// noneParser ships the line as is, like Fluentd's none parser.
type noneParser struct{}

func (noneParser) Parse(dst, line []byte) ([]byte, time.Time, error) {
	o := newObject(dst)
	o.str("message", bytesToString(line))
	return o.done(), time.Time{}, nil
}
