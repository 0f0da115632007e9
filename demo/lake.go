package demo

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// The demo's buckets do not exist: the local engine maps their s3:// URLs
// to directories (snowlocal.Config.StageMap).
const (
	logsBucket     = "flurry-demo-logs"
	s3LogsBucket   = "flurry-demo-s3-access-logs"
	vpcBucket      = "flurry-demo-vpc-flow-logs"
	s3LogsPrefix   = "s3-access-logs"
	vpcPrefix      = "AWSLogs/" + awsAccount + "/vpcflowlogs"
	lakeDatabase   = "SECURITY_LAKE"
	lakeSchema     = lakeDatabase + ".PUBLIC"
	markerFile     = ".flurry-demo"
	engineUser     = "flurry"
	varsFileName   = "flurry.vars.yaml"
	teleportStage  = "@%PARSEJSON_RAW"
	teleportPrefix = "teleport"
)

// layout is where the demo keeps everything, under one directory.
type layout struct {
	root    string
	engine  string // the local engine's data: flurry sql --local-dir <engine>
	buckets string // one directory per bucket
	hosts   string // the hosts' file systems (log files)
	ship    string // shipper configs and spools
	tmp     string
}

func newLayout(root string) layout {
	return layout{root: root, engine: filepath.Join(root, "engine"), buckets: filepath.Join(root, "buckets"),
		hosts: filepath.Join(root, "hosts"), ship: filepath.Join(root, "ship"), tmp: filepath.Join(root, "tmp")}
}

func (l layout) bucket(name string, prefix ...string) string {
	return filepath.Join(append([]string{l.buckets, name}, prefix...)...)
}

func (l layout) apacheLog() string {
	return filepath.Join(l.hosts, "web-1", "var", "log", "httpd", "access_log")
}
func (l layout) goAuditLog() string {
	return filepath.Join(l.hosts, "web-1", "var", "log", "go-audit", "go-audit.log")
}
func (l layout) teleportLog() string {
	return filepath.Join(l.hosts, "teleport-1", "var", "lib", "teleport", "log", "events.log")
}
func (l layout) s3LogsDir() string { return l.bucket(s3LogsBucket, s3LogsPrefix) }
func (l layout) vpcDir() string    { return l.bucket(vpcBucket, filepath.FromSlash(vpcPrefix)) }

// fileURL is a file:// URL of an absolute path.
func fileURL(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x -> /C:/x
	}
	return "file://" + p
}

// stageMap maps every demo bucket to its directory.
func (l layout) stageMap() map[string]string {
	m := map[string]string{}
	for _, b := range []string{logsBucket, s3LogsBucket, vpcBucket} {
		m["s3://"+b+"/"] = fileURL(l.bucket(b))
	}
	return m
}

// prepare wipes and recreates the demo directory. It refuses to wipe a
// directory that is not empty and was not made by the demo.
func (l layout) prepare() error {
	entries, err := os.ReadDir(l.root)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(l.root, markerFile)); err != nil {
			return fmt.Errorf("%s is not empty and was not created by flurry demo (no %s file): refusing to wipe it; choose another --dir", l.root, markerFile)
		}
		if err := os.RemoveAll(l.root); err != nil {
			return fmt.Errorf("wipe the previous demo: %w", err)
		}
	}
	for _, d := range []string{l.root, l.engine, l.tmp, l.ship, l.s3LogsDir(), l.vpcDir(),
		l.bucket(logsBucket, "logs"), l.bucket(logsBucket, "go-audit"), l.bucket(logsBucket, "teleport")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(l.root, markerFile), []byte("created by flurry demo; the next run wipes this directory\n"), 0o644)
}

// varsYAML is the demo's vars file for the lake migrations.
func varsYAML() string {
	role := "arn:aws:iam::" + awsAccount + ":role/flurry-demo-snowflake"
	return `# Variables of the security lake migrations for flurry demo, as
# "flurry migrate up --vars flurry.vars.yaml" reads them. The buckets do not
# exist: the demo's local engine maps their s3:// URLs to the directories
# under buckets/. For a real account, see migrations/flurry.vars.example.yaml.
database: ` + lakeDatabase + `
warehouse: SECURITY_QUICKSTART
warehouse_size: XSMALL

fluentd_bucket: ` + logsBucket + `
fluentd_prefix: logs
fluentd_role_arn: ` + role + `

teleport_bucket: ` + logsBucket + `
teleport_prefix: teleport
teleport_role_arn: ` + role + `

go_audit_bucket: ` + logsBucket + `
go_audit_prefix: go-audit
go_audit_role_arn: ` + role + `

s3_access_logs_bucket: ` + s3LogsBucket + `
s3_access_logs_prefix: ` + s3LogsPrefix + `
s3_access_logs_role_arn: ` + role + `

vpc_flow_bucket: ` + vpcBucket + `
vpc_flow_prefix: ` + vpcPrefix + `
vpc_flow_role_arn: ` + role + `
`
}

// shipConfigs are the flurry ship configurations of the two hosts, by host.
func (l layout) shipConfigs() map[string]string {
	q := strconv.Quote
	return map[string]string{
		"web-1": `# flurry ship on web-1: the Apache access log (guide "Integrating Fluentd
# With Snowflake") and go-audit (guide "Using fluentd to Ship Logs to AWS S3").
# The outputs write into the directories the demo's local engine maps the
# bucket to; on a real host they are s3://` + logsBucket + `/logs/ and /go-audit/.
spool_dir = ` + q(filepath.Join(l.ship, "web-1")) + `
hostname = "web-1"

[[source]]
name = "apache"
paths = [` + q(l.apacheLog()) + `]
tag = "s3.apache.access"
parser = "apache2"
read_from_head = true

[[source]]
name = "go-audit"
paths = [` + q(l.goAuditLog()) + `]
tag = "s3.go-audit"
parser = "json"
read_from_head = true
[source.parse]
time_key = "timestamp"

# time<TAB>tag<TAB>record, the guide's fluentd_format. A day per chunk: the
# demo ships a week of history at once (td-agent's timekey is 1m).
[[output]]
name = "apache"
match = "s3.apache.**"
url = ` + q(fileURL(l.bucket(logsBucket, "logs"))+"/") + `
format = "fluentd"
timekey = "24h"
timekey_wait = "0s"

# go-audit's JSON lines as they are.
[[output]]
name = "go-audit"
match = "s3.go-audit"
url = ` + q(fileURL(l.bucket(logsBucket, "go-audit"))+"/") + `
format = "json"
timekey = "24h"
timekey_wait = "0s"
`,
		"teleport-1": `# flurry ship on teleport-1: Teleport's audit log, PUT into the table stage
# of PARSEJSON_RAW and loaded with COPY INTO: the path without an S3 bucket
# (guide "Securely Managing Your Audit Logs with Teleport and Snowflake").
spool_dir = ` + q(filepath.Join(l.ship, "teleport-1")) + `
hostname = "teleport-1"

[[source]]
name = "teleport"
paths = [` + q(l.teleportLog()) + `]
tag = "teleport.events"
parser = "json"
read_from_head = true

[[output]]
name = "teleport"
match = "teleport.**"
url = "snowflake://` + teleportStage + `/` + teleportPrefix + `/"
format = "json"
timekey = "24h"
timekey_wait = "0s"
[output.snowflake]
copy_into = "` + lakeSchema + `.PARSEJSON_RAW"
file_format = "` + lakeSchema + `.JSON_FORMAT"
# A COPY transformation: the event and its ingestion metadata (migration
# V21), so the Teleport detections select rows by arrival time.
copy_columns = "RAW_DATA, _FILENAME, _FILE_ROW_NUMBER, _LOADED_AT"
copy_select = "$1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME"
`,
	}
}

// engine is the demo's local engine and its client pools.
type engine struct {
	srv *snowlocal.Server
	// admin has no session database (the migrations create it); lake's
	// sessions start in SECURITY_LAKE.PUBLIC, where the detections' and the
	// table stage's unqualified names resolve.
	admin, lake *sql.DB
	cfg         *sf.Config
}

// startEngine starts the local engine in l.engine with the buckets mapped,
// and connects through gosnowflake, as every flurry command does.
func startEngine(ctx context.Context, l layout, log *slog.Logger) (*engine, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	password := hex.EncodeToString(b)
	srv, err := snowlocal.Start(ctx, snowlocal.Config{Dir: l.engine, User: engineUser, Password: password, StageMap: l.stageMap(), Logger: log, AllowPython: true})
	if err != nil {
		return nil, fmt.Errorf("start the local engine in %s: %w", l.engine, err)
	}
	cfg, err := warehouse.LocalConfig(srv.Addr(), engineUser, password)
	if err != nil {
		srv.Close()
		return nil, err
	}
	e := &engine{srv: srv, cfg: cfg}
	e.admin = sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	if err := e.admin.PingContext(ctx); err != nil {
		e.close()
		return nil, fmt.Errorf("connect to the local engine at %s: %w", srv.Addr(), err)
	}
	return e, nil
}

// openLake opens the pool whose sessions start in the lake's schema.
func (e *engine) openLake(ctx context.Context) error {
	cfg := *e.cfg
	cfg.Database, cfg.Schema = lakeDatabase, "PUBLIC"
	e.lake = sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, cfg))
	return e.lake.PingContext(ctx)
}

func (e *engine) close() error {
	if e.lake != nil {
		e.lake.Close()
	}
	if e.admin != nil {
		e.admin.Close()
	}
	return e.srv.Close()
}
