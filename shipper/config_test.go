package shipper

import (
	"strings"
	"testing"
	"time"
)

func TestExampleConfig(t *testing.T) {
	cfg, err := LoadConfig("../examples/ship/flurry-ship.toml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 3 || len(cfg.Outputs) != 3 {
		t.Fatalf("%d sources, %d outputs", len(cfg.Sources), len(cfg.Outputs))
	}
	goaudit := cfg.Sources[1]
	if goaudit.Parse.TimeKey != "timestamp" || goaudit.PosFile != "/var/lib/flurry/ship/pos/go-audit.pos" || goaudit.RotateWait.D() != 5*time.Second {
		t.Errorf("go-audit source %+v", goaudit)
	}
	tag := expandTag(goaudit.Tag, "/var/log/go-audit/go-audit.log")
	if tag != "s3.var.log.go-audit.go-audit.log" {
		t.Errorf("expanded tag %q", tag)
	}
	if got := cfg.routes(tag); len(got) != 1 || cfg.Outputs[got[0]].Name != "go-audit-s3" {
		t.Errorf("go-audit routes %v", got)
	}
	if got := cfg.routes("s3.apache.access"); len(got) != 1 || cfg.Outputs[got[0]].Name != "apache-s3" {
		t.Errorf("apache routes %v", got)
	}
	if o := cfg.Outputs[2]; o.scheme != "snowflake" || o.host != "@LOGS_DB.PUBLIC.TELEPORT_STAGE" || o.prefix != "events" {
		t.Errorf("snowflake output %+v", o)
	}
	if cfg.Outputs[0].ChunkLimitSize != 256<<20 || cfg.TotalLimitSize != 8<<30 {
		t.Errorf("sizes %d %d", cfg.Outputs[0].ChunkLimitSize, cfg.TotalLimitSize)
	}
}

func TestConfigErrors(t *testing.T) {
	base := `
[[source]]
paths = ["/var/log/a.log"]
tag = "a.b"
parser = "apache2"
[[output]]
url = "file:///tmp/stage"
`
	for _, c := range []struct{ text, want string }{
		{base + "bogus = 1\n", "unknown setting"},
		{strings.Replace(base, `parser = "apache2"`, `parser = "apache3"`, 1), `unknown parser "apache3"`},
		{strings.Replace(base, `tag = "a.b"`, `tag = "a b"`, 1), `tag "a b"`},
		{strings.Replace(base, `/var/log/a.log`, `relative.log`, 1), "must be absolute"},
		{strings.Replace(base, "file:///tmp/stage", "ftp://x", 1), "url must be"},
		{strings.Replace(base, "file:///tmp/stage", "s3:///nobucket", 1), "needs a bucket"},
		{"overflow_action = \"drop_oldest_chunk\"\n" + base, "never discards"},
		{"key_format = \"x.gz\"\n" + base, "unknown setting key_format"}, // it belongs to an output
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nkey_format = \"%Y/x.gz\"", 1), "%{chunk_id}"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nkey_format = \"%{chunk_id}.json\"", 1), "must end in .gz"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nkey_format = \"%{uuid}%{chunk_id}.gz\"", 1), "unknown placeholder"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nkey_format = \"%Q%{chunk_id}.gz\"", 1), "unsupported directive"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nmatch = \"x.**\"", 1), `no output matches tag "a.b"`},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nformat = \"csv\"", 1), "format"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\n[output.s3]\nregion = \"x\"", 1), "non-s3 output"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\ntimekey = \"soon\"", 1), "duration"},
		{base + base, "several file outputs"},
		{"[[source]]\npaths = [\"/x\"]\n[[output]]\nurl = \"file:///x\"\n", "no tag"},
		{"this is not toml", "test.toml:1"},
		// Values --check used to pass and ship then choked on.
		{"commit_interval = \"-1s\"\n" + base, "commit_interval -1s"},
		{"flush_timeout = -5\n" + base, "flush_timeout"},
		{"total_limit_size = -1\n" + base, "must not be negative"},
		{"total_limit_size = \"9999999999TiB\"\n" + base, "more than 1 PiB"},
		{"total_limit_size = 100\n" + base, "total_limit_size 100"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nretry_wait = \"-1s\"", 1), "retry_wait"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nchunk_limit_size = -10", 1), "must not be negative"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nchunk_limit_size = \"6GiB\"", 1), "chunk_limit_size"},
		{strings.Replace(base, `/var/log/a.log`, `/var/log/**/a.log`, 1), "** is not supported"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"s3://b/p\"\n[output.s3]\nchecksum = \"md5\"", 1), "checksum"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"s3://b/p\"\n[output.s3]\nsse = \"rot13\"", 1), "sse"},
		{strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"s3://b/p\"\n[output.s3]\nca_bundle = \"/nonexistent/ca.pem\"", 1), "ca_bundle"},
		{"compression = \"lz4\"\n" + base, "compression \"lz4\""},
		{"compression = \"zstd\"\n" + strings.Replace(base, `url = "file:///tmp/stage"`, "url = \"file:///tmp/stage\"\nkey_format = \"%{chunk_id}.gz\"", 1), "must end in .zst"},
	} {
		_, err := ParseConfig("test.toml", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("config:\n%s\nerror %v, want it to contain %q", c.text, err, c.want)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "test.toml") {
			t.Errorf("error %q does not name the file", err)
		}
	}
}

func TestMatchPatterns(t *testing.T) {
	for _, c := range []struct {
		pattern string
		yes, no []string
	}{
		{"s3.*.*", []string{"s3.apache.access"}, []string{"s3.apache", "s3.a.b.c", "x.a.b"}},
		{"s3.**", []string{"s3", "s3.a", "s3.a.b.c"}, []string{"s3x", "x.s3"}},
		{"**", []string{"a", "a.b"}, nil},
		{"**.log", []string{"log", "a.log", "a.b.log"}, []string{"a.logs"}},
		{"a.{b,c}.d", []string{"a.b.d", "a.c.d"}, []string{"a.e.d"}},
		{"a.b c.*", []string{"a.b", "c.x"}, []string{"c", "a.b.c"}},
	} {
		m, err := compileMatch(c.pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, tag := range c.yes {
			if !m.match(tag) {
				t.Errorf("%q does not match %q", c.pattern, tag)
			}
		}
		for _, tag := range c.no {
			if m.match(tag) {
				t.Errorf("%q matches %q", c.pattern, tag)
			}
		}
	}
}

func TestFormatKeyAndSizes(t *testing.T) {
	ts := time.Date(2022, 1, 18, 10, 5, 9, 0, time.UTC)
	got := formatKey("%Y/%m/%d/%H/%M%S-%j-%y/%{tag}-%{hostname}-%{chunk_id}.%{file_extension}", "gzip", ts, "s3.apache.access", "web-1", "C1")
	if want := "2022/01/18/10/0509-018-22/s3.apache.access-web-1-C1.gz"; got != want {
		t.Errorf("key %q, want %q", got, want)
	}
	for in, want := range map[string]int64{"256m": 256 << 20, "256MiB": 256 << 20, "8GiB": 8 << 30, "64KiB": 64 << 10, "1.5k": 1536, "100": 100} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if tag := expandTag("s3.*", "/var/log/my app/x.log"); tag != "s3.var.log.my_app.x.log" {
		t.Errorf("expandTag: %q", tag)
	}
}

func TestFluentdLineFormat(t *testing.T) {
	r := &route{fluentd: true, timekey: 60}
	var tt timeText
	ts := time.Date(2022, 1, 18, 10, 0, 0, 0, time.FixedZone("JST", 9*3600))
	got := string(r.appendLine(nil, &tt, ts, "s3.apache.access", []byte(`{"host":"h"}`)))
	if want := "2022-01-18T01:00:00+00:00\ts3.apache.access\t{\"host\":\"h\"}\n"; got != want {
		t.Errorf("fluentd line %q, want %q", got, want)
	}
	// The record is written as td-agent writes it, backslashes and all (the
	// lake's format reads them as data: ESCAPE_UNENCLOSED_FIELD = NONE).
	got = string(r.appendLine(nil, &tt, ts, "t", []byte(`{"a":"q\"x\\y"}`)))
	if want := "2022-01-18T01:00:00+00:00\tt\t{\"a\":\"q\\\"x\\\\y\"}\n"; got != want {
		t.Errorf("escaped fluentd line %q, want %q", got, want)
	}
	j := &route{timeKey: "time", tagKey: "tag", timekey: 60}
	got = string(j.appendLine(nil, &tt, ts, "a", []byte(`{"x":1}`)))
	if want := `{"time":"2022-01-18T01:00:00Z","tag":"a","x":1}` + "\n"; got != want {
		t.Errorf("json line %q, want %q", got, want)
	}
	if got := string(j.appendLine(nil, &tt, ts, "a", []byte(`{}`))); got != `{"time":"2022-01-18T01:00:00Z","tag":"a"}`+"\n" {
		t.Errorf("empty record: %q", got)
	}
	if b := r.bucket(-61); b != -120 {
		t.Errorf("bucket(-61) = %d", b)
	}
}
