package detections

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // writes the VPC flow log sample as AWS's Parquet

	"github.com/flurry-dev/flurry/shipper"
)

// realData is the shared directory of public log samples (PROVENANCE.md),
// relative to this package's directory.
const realData = "../../shared/realdata"

// TestBuiltinDetectionsOnRealData loads the public samples the way the demo
// does (Apache and go-audit through `flurry ship` into the buckets and the
// pipes; S3 server access logs and VPC flow logs as AWS delivers them, raw
// objects and Parquet, through their pipes; the S3 task run once), runs
// every built-in detection, and compares the findings with the ones written
// down and explained below. None may fail, none may have a NULL key, and no
// line the shipper could not parse may alert except in lake_parse_errors.
func TestBuiltinDetectionsOnRealData(t *testing.T) {
	realData, err := filepath.Abs(realData)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(realData); err != nil {
		t.Skipf("real data samples not found at %s: %v", realData, err)
	}
	lake := openPipedLake(t)
	ctx := context.Background()

	// Apache and go-audit: shipped by flurry ship, as on the demo's web-1.
	var apache []string
	for _, f := range globAll(t, filepath.Join(realData, "apache", "*.log")) {
		apache = append(apache, strconv.Quote(f))
	}
	spool := t.TempDir()
	cfg := fmt.Sprintf(`spool_dir = %q
hostname = "realdata"

[[source]]
name = "apache"
paths = [%s]
tag = "s3.apache.access"
parser = "apache2"
read_from_head = true

[[source]]
name = "go-audit"
paths = [%q]
tag = "s3.go-audit"
parser = "json"
read_from_head = true
[source.parse]
time_key = "timestamp"

[[output]]
name = "apache"
match = "s3.apache.**"
url = %q
format = "fluentd"
timekey = "24h"
timekey_wait = "0s"

[[output]]
name = "go-audit"
match = "s3.go-audit"
url = %q
format = "json"
timekey = "24h"
timekey_wait = "0s"
`, spool, strings.Join(apache, ", "), filepath.Join(realData, "go_audit", "streamstash_goAuditParser_test.jsonl"),
		"file://"+filepath.Join(lake.stages, "logs")+"/", "file://"+filepath.Join(lake.stages, "go-audit")+"/")
	cfgPath := filepath.Join(t.TempDir(), "ship.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	sc, err := shipper.LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := shipper.Run(ctx, sc, shipper.RunOptions{Once: true, Progress: io.Discard,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
		t.Fatalf("flurry ship: %v", err)
	}

	// S3 server access logs: AWS writes the objects into the target bucket.
	s3dir := filepath.Join(lake.stages, "s3-access-logs")
	os.MkdirAll(s3dir, 0o755)
	for _, f := range globAll(t, filepath.Join(realData, "s3_access", "*.log")) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(s3dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// VPC flow logs: AWS delivers Parquet with the default format's columns.
	// Only the default-v2 sample has that format; the others are custom.
	vpcDir := filepath.Join(lake.stages, "vpc-flow-logs")
	os.MkdirAll(vpcDir, 0o755)
	duck, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer duck.Close()
	if _, err := duck.Exec(fmt.Sprintf(`COPY (SELECT version::INTEGER AS version, account_id, interface_id, srcaddr, dstaddr,
		srcport::INTEGER AS srcport, dstport::INTEGER AS dstport, protocol::INTEGER AS protocol, packets::BIGINT AS packets,
		bytes::BIGINT AS bytes, "start"::BIGINT AS "start", "end"::BIGINT AS "end", action, log_status
		FROM read_csv('%s', delim=' ', header=false, nullstr='-', all_varchar=true,
		  names=['version','account_id','interface_id','srcaddr','dstaddr','srcport','dstport','protocol','packets','bytes','start','end','action','log_status']))
		TO '%s' (FORMAT parquet)`, filepath.Join(realData, "vpc_flow", "awsdocs_flow-log-examples_default-v2.log"),
		filepath.Join(vpcDir, "123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20141214T0400Z_awsdocs.log.parquet"))); err != nil {
		t.Fatalf("write VPC Parquet: %v", err)
	}

	waitRows(t, lake.db.DB, map[string]int{"LOGS": 10029, "GO_AUDIT": 12, "S3_ACCESS_LOGS_STAGING": 12, "VPC_FLOW": 7})
	if _, err := lake.db.ExecContext(ctx, "execute task s3_access_logs_transformation"); err != nil {
		t.Fatalf("EXECUTE TASK: %v", err)
	}
	waitRows(t, lake.db.DB, map[string]int{"S3_ACCESS_LOGS": 1})

	all, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	c := &Collector{}
	r := &Runner{DB: lake.db.DB, State: &Store{DB: lake.db.DB}, IgnoreSchedule: true, Settle: -1, Sinks: []Sink{c},
		Timeout: time.Minute}
	rep, err := r.Run(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, res := range rep.Results {
		if res.Failed() {
			t.Errorf("%s failed on real data: %v", res.Detection.ID, res.Err)
		}
		if res.NullKeys > 0 {
			t.Logf("%s: %d rows with a NULL key left out", res.Detection.ID, res.NullKeys)
		}
		for _, f := range res.Alerts {
			for k, v := range f.Key {
				if v == nil {
					t.Errorf("%s alerted with NULL key column %s", res.Detection.ID, k)
				}
			}
			got = append(got, res.Detection.ID+" "+formatRow(f.Key))
		}
	}
	slices.Sort(got)
	want := realDataFindings
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings on the real samples differ\n got:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// realDataFindings are the findings expected on /work/shared/realdata, one
// per line as "<detection> <key columns>", each explained.
//
// Every detection runs once on a lake that just received everything, so
// each arrival window holds all the samples (their event times, 2014-2019,
// do not matter: selection is by arrival).
var realDataFindings = []string{
	// The Elastic sample (10,000 lines of a real site, May 2015) has twelve
	// clients asking for /wp-login.php (the site is not WordPress): a
	// password-guessing or scanner signature, which is what this detects.
	"apache_scanner_paths HOST=144.76.194.187",
	"apache_scanner_paths HOST=173.236.32.219",
	"apache_scanner_paths HOST=184.154.137.213",
	"apache_scanner_paths HOST=188.165.243.45",
	"apache_scanner_paths HOST=195.250.34.144",
	"apache_scanner_paths HOST=198.143.145.210",
	"apache_scanner_paths HOST=198.245.61.43",
	"apache_scanner_paths HOST=199.168.96.66",
	"apache_scanner_paths HOST=69.175.14.230",
	"apache_scanner_paths HOST=69.175.87.242",
	"apache_scanner_paths HOST=95.78.54.93",
	"apache_scanner_paths HOST=96.127.149.186",
	// No ranking (apache_top_source_ips, s3_requests_by_ip, s3_traffic_by_ip,
	// vpc_top_talkers_*): rankings are snapshots over event time (the last
	// day, the last 30 days), and the samples are from 2014-2019. The
	// rankings' NULL-key filters are exercised by TestNullKeysNeverAlert and
	// their fixtures.
	// The parser fixtures include lines that are not combined log format on
	// purpose (ssl-request.log, the vrl negative cases): the shipper ships
	// them as parse errors, counted here and nowhere else.
	"lake_parse_errors SOURCE_TABLE=LOGS TAG=s3.apache.access",
	// The logstash fixture's request without a requester ("-"): anonymous.
	"s3_anonymous_requests REQUESTID=7ACC4BE89EXAMPLE",
	// vpc_admin_ports_from_internet and vpc_port_scan stay quiet on AWS's
	// default-format examples: the IPv4 SSH flow is internal to internal, the
	// RDP one was rejected, the IPv6 addresses are not RFC 1918, and no
	// source was rejected on 25 ports. NODATA/SKIPDATA records (NULL
	// addresses) are never keys.
	// No go-audit finding: the StreamStash events contain no shell run by a
	// web server account. No Teleport sample exists (PROVENANCE.md).
}

func globAll(t *testing.T, pattern string) []string {
	t.Helper()
	m, err := filepath.Glob(pattern)
	if err != nil || len(m) == 0 {
		t.Fatalf("no files match %s (%v)", pattern, err)
	}
	return m
}

func waitRows(t *testing.T, db *sql.DB, want map[string]int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for table, n := range want {
		for {
			var got int
			if err := db.QueryRow("select count(*) from " + table).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got >= n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s has %d rows after 90s, want %d: a pipe did not load its files", table, got, n)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}
