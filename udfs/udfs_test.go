package udfs

import (
	"context"
	"encoding/binary"
	"errors"
	"io/fs"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/google/go-cmp/cmp"
)

func TestSourceParseS3AccessLogsIsTheGuidesHandler(t *testing.T) {
	t.Parallel()
	src, err := Source("parse_s3_access_logs.py")
	if err != nil {
		t.Fatal(err)
	}
	// The handler is deployed verbatim; these lines are the guide's, byte for byte.
	for _, line := range []string{
		"import re\nclass S3AccessLogParser:\n    def clean(self,field):\n",
		"        field = field.strip(' \" \" ')\n",
		`        pattern = '([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$'` + "\n",
		"        lines = re.findall(pattern,log,re.M)\n        for line in lines:\n            yield(tuple(map(self.clean,line)))\n",
	} {
		if !strings.Contains(src, line) {
			t.Errorf("parse_s3_access_logs.py lacks %q", line)
		}
	}
	if strings.Contains(src, "$$") {
		t.Error("the body must not contain $$: it would end the migration's dollar-quoted string")
	}
	byName, err := Source("PARSE_S3_ACCESS_LOGS")
	if err != nil || byName != src {
		t.Errorf("Source by function name: %v", err)
	}
}

func TestSourceIPv4IsInternal(t *testing.T) {
	t.Parallel()
	src, err := Source("ipv4_is_internal")
	if err != nil {
		t.Fatal(err)
	}
	// The body's integer bounds must be exactly RFC 1918's three private ranges.
	bounds := regexp.MustCompile(`parse_ip\(ip,'INET'\):ipv4 between \((\d+)\) AND \((\d+)\)`).FindAllStringSubmatch(src, -1)
	var got []string
	for _, b := range bounds {
		lo, _ := strconv.ParseUint(b[1], 10, 32)
		hi, _ := strconv.ParseUint(b[2], 10, 32)
		for _, p := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"} {
			pfx := netip.MustParsePrefix(p)
			first := uint64(binary.BigEndian.Uint32(pfx.Addr().AsSlice()))
			last := first + 1<<(32-pfx.Bits()) - 1
			if lo == first && hi == last {
				got = append(got, p)
			}
		}
	}
	if d := cmp.Diff([]string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}, got); d != "" {
		t.Errorf("ranges in ipv4_is_internal.sql (-want +got):\n%s\n%s", d, src)
	}
	if strings.Count(src, "OR") != 2 {
		t.Errorf("want the three ranges ORed together:\n%s", src)
	}
}

func TestSourceUnknown(t *testing.T) {
	t.Parallel()
	_, err := Source("no_such_function")
	if err == nil || !strings.Contains(err.Error(), "parse_s3_access_logs.py") {
		t.Fatalf("Source: %v", err)
	}
	entries, err := fs.ReadDir(Files, ".")
	if err != nil || len(entries) < 2 {
		t.Fatalf("Files: %v %v", entries, err)
	}
}

func TestParseReturnsTable(t *testing.T) {
	t.Parallel()
	cols, err := ParseReturnsTable(`RETURNS TABLE (
		"Event Time" TIMESTAMP_NTZ(9), -- when
		amount NUMBER(38, 2) /* money */ ,
		ratio DOUBLE PRECISION,
		"say ""hi""" VARCHAR(16)
	)`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{
		{Name: "Event Time", Quoted: true, Type: "TIMESTAMP_NTZ(9)"},
		{Name: "amount", Type: "NUMBER(38, 2)"},
		{Name: "ratio", Type: "DOUBLE PRECISION"},
		{Name: `say "hi"`, Quoted: true, Type: "VARCHAR(16)"},
	}
	if d := cmp.Diff(want, cols); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, bad := range []string{"", "returns (a int)", "table (a int)", "(a)", "(a int", "(a int,)", "(1a int)", "(a int) extra", `("a int)`, "(a number(38,0)"} {
		if cols, err := ParseReturnsTable(bad); err == nil {
			t.Errorf("ParseReturnsTable(%q) = %v, want error", bad, cols)
		}
	}
}

func TestParseS3AccessLogColumns(t *testing.T) {
	t.Parallel()
	cols := ParseS3AccessLogColumns()
	var names []string
	for _, c := range cols {
		names = append(names, c.Name)
		want := "STRING"
		if c.Name == "bytessent" || c.Name == "objectsize" {
			want = "BIGINT"
		}
		if c.Type != want || c.Quoted {
			t.Errorf("column %+v", c)
		}
	}
	wantNames := strings.Fields("bucketowner bucket_name requestdatetime remoteip requester requestid operation key request_uri httpstatus errorcode bytessent objectsize totaltime turnaroundtime referrer useragent versionid hostid sigv ciphersuite authtype endpoint tlsversion")
	if d := cmp.Diff(wantNames, names); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	cols[0].Name = "mutated"
	if ParseS3AccessLogColumns()[0].Name != "bucketowner" {
		t.Error("ParseS3AccessLogColumns returns shared state")
	}
	u := ParseS3AccessLogsUDTF()
	if u.Handler != "S3AccessLogParser" || len(u.Columns) != 24 || !strings.HasPrefix(u.Body, "import re\n") {
		t.Errorf("ParseS3AccessLogsUDTF() = %+v", u)
	}
}

func TestTwinLookup(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"parse_s3_access_logs", "PARSE_S3_ACCESS_LOGS", "security.public.parse_s3_access_logs", `"PARSE_S3_ACCESS_LOGS"`} {
		if _, ok := Twin(name); !ok {
			t.Errorf("Twin(%q) not found", name)
		}
	}
	if _, ok := Twin("ipv4_is_internal"); ok {
		t.Error("Twin(ipv4_is_internal) found; it is a SQL UDF")
	}

	src, _ := Source("parse_s3_access_logs")
	// How a migration embeds it: newline after $$, CRLF checkout, trailing spaces dropped by an editor.
	embedded := "\r\n" + strings.ReplaceAll(strings.ReplaceAll(src, "\n        \n", "\n\n"), "\n", "\r\n")
	if _, err := TwinFor("parse_s3_access_logs", embedded); err != nil {
		t.Errorf("TwinFor(embedded body): %v", err)
	}
	edited := strings.Replace(src, "field = None", "field = ''", 1)
	if _, err := TwinFor("parse_s3_access_logs", edited); err == nil || !strings.Contains(err.Error(), "differs from udfs/parse_s3_access_logs.py") {
		t.Errorf("TwinFor(edited body): %v", err)
	}
	if _, err := TwinFor("other", src); err == nil {
		t.Error("TwinFor(other) succeeded")
	}
}

func TestResolveFallsBackToTwin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	u := ParseS3AccessLogsUDTF()
	u.Python = "/nonexistent/python3"
	run, err := Resolve(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := run(ctx, [][]any{{fixtureLines(t)[0]}})
	if err != nil || len(rows) != 1 || rows[0].Values[6] != "REST.GET.VERSIONING" {
		t.Fatalf("twin run: %v %v", rows, err)
	}

	edited := u
	edited.Body = strings.Replace(u.Body, "field = None", "field = ''", 1)
	if _, err := Resolve(ctx, edited); !errors.Is(err, pyudtf.ErrNoPython) || !strings.Contains(err.Error(), "differs") {
		t.Errorf("Resolve(edited body, no python): %v", err)
	}
	fewer := u
	fewer.Columns = fewer.Columns[:18]
	if _, err := Resolve(ctx, fewer); err == nil || !strings.Contains(err.Error(), "declares 18 output columns, its Go twin returns 24") {
		t.Errorf("Resolve(18 columns, no python): %v", err)
	}

	if pyudtf.Available() {
		u.Python = ""
		run, err := Resolve(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		// With python3 the body itself runs: an edited body is honoured.
		edited.Python = ""
		run, err = Resolve(ctx, edited)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := run(ctx, [][]any{{fixtureLines(t)[0]}})
		if err != nil || rows[0].Values[7] != "" {
			t.Fatalf("edited body via python: %v %v", rows, err)
		}
	}
}
