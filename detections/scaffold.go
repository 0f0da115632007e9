package detections

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const newDetection = `-- id: {{ID}}
-- title: Clients sending an unusual number of requests
-- description: |
--   Say what this finds, why it matters and what a responder should check
--   first. Replace the query below: it is real Snowflake SQL you can paste
--   into a worksheet.
-- severity: medium
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1595]
-- tags: [apache]
-- key: [host]
-- dedup: 1d
-- enabled: true
-- runbook: https://example.com/runbooks/{{ID}}
select
    record:host::string as host,
    count(*) as requests
from logs
-- Rows that arrived since the last run ($loaded_after/$loaded_until: see
-- "arrival-time windows" in the README), not lines the shipper could not
-- parse, and no NULL key (it could never alert).
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and record:parse_error is null
  and record:host is not null
group by host
having count(*) > 1000;
`

const newTest = `# Fixture tests for {{ID}}. This file is a Go template evaluated when the
# test runs: ago "10m" in double braces is ten minutes before that moment.
# Each case loads its fixtures (real log lines, keyed by lake table) into a
# fresh local engine, runs the detection and compares the rows it returns
# with expect (only the columns named there). expect: [] means no findings.
cases:
  - name: a client sending more than 1000 requests in an hour is found
    fixtures:
      logs: |
        {{- range seq 1001}}
        {{ago "10m"}}	s3.apache.access	{"host":"203.0.113.10","user":null,"method":"GET","path":"/","code":200,"size":512,"referer":null,"agent":"curl/8.5.0"}
        {{- end}}
    expect:
      - {host: 203.0.113.10, requests: 1001}
  - name: ordinary traffic is not
    fixtures:
      logs: |
        {{ago "10m"}}	s3.apache.access	{"host":"203.0.113.10","user":null,"method":"GET","path":"/","code":200,"size":512,"referer":null,"agent":"curl/8.5.0"}
    expect: []
`

// Scaffold writes a new detection <dir>/<id>.sql and its fixture test
// <testsDir>/<id>.yaml, refusing to overwrite existing files.
func Scaffold(dir, testsDir, id string) ([]string, error) {
	if !idPattern.MatchString(id) {
		return nil, fmt.Errorf("detection id %q must be lower-case letters, digits and underscores, starting with a letter", id)
	}
	files := []struct{ path, body string }{
		{filepath.Join(dir, id+".sql"), newDetection},
		{filepath.Join(testsDir, id+".yaml"), newTest},
	}
	for _, f := range files {
		if _, err := os.Stat(f.path); err == nil {
			return nil, fmt.Errorf("%s already exists", f.path)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	var written []string
	for _, f := range files {
		if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
			return written, err
		}
		body := strings.ReplaceAll(f.body, "{{ID}}", id)
		if err := os.WriteFile(f.path, []byte(body), 0o644); err != nil {
			return written, err
		}
		written = append(written, f.path)
	}
	return written, nil
}
