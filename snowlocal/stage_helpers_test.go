package snowlocal_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// lakeDir copies testdata/lake (real-format log files) to a temp dir the
// test may change, and generates the VPC flow log parquet file there.
func lakeDir(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "testdata", "lake")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if err := copyFile(p, filepath.Join(dst, rel)); err != nil {
			return err
		}
		// The files have been in the bucket for a while: older than any pipe
		// a test creates, recent enough for ALTER PIPE ... REFRESH.
		old := time.Now().Add(-time.Hour)
		return os.Chtimes(filepath.Join(dst, rel), old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	pq := filepath.Join(dst, "vpc_flow", "AWSLogs", "123456789010", "vpcflowlogs", "us-east-1", "2014", "12", "14",
		"123456789010_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20141214T0405Z_0a1b2c3d.log.parquet")
	writeVPCParquet(t, filepath.Join(dst, "vpc_flow", "source", "flows.txt"), pq)
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(pq, old, old); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeVPCParquet writes flow log records as AWS delivers them in Parquet
// (the default v2 fields with their Parquet types; "-" becomes NULL).
func writeVPCParquet(t testing.TB, source, dst string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	q := fmt.Sprintf(`COPY (SELECT version::INTEGER AS version, account_id, interface_id, srcaddr, dstaddr,
		srcport::INTEGER AS srcport, dstport::INTEGER AS dstport, protocol::INTEGER AS protocol, packets::BIGINT AS packets,
		bytes::BIGINT AS bytes, "start"::BIGINT AS "start", "end"::BIGINT AS "end", action, log_status
		FROM read_csv('%s', delim=' ', header=true, nullstr='-', all_varchar=true,
		  names=['version','account_id','interface_id','srcaddr','dstaddr','srcport','dstport','protocol','packets','bytes','start','end','action','log_status']))
		TO '%s' (FORMAT parquet)`, source, dst)
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("write parquet fixture: %v", err)
	}
}

// startLake starts a local engine whose s3:// stages map to dirs (or
// endpoints) and connects one gosnowflake session to it.
func startLake(t testing.TB, dir string, stageMap map[string]string) (*snowlocal.Server, *sql.DB) {
	t.Helper()
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{Dir: dir, User: "flurry", Password: "pw", StageMap: stageMap, AllowPython: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, connect(t, srv)
}

func connect(t testing.TB, srv *snowlocal.Server) *sql.DB {
	t.Helper()
	cfg, err := warehouse.LocalConfig(srv.Addr(), "flurry", "pw")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	db.SetMaxOpenConns(1) // one session: USE carries over
	t.Cleanup(func() { db.Close() })
	return db
}

func run(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s\n=> %v", s, err)
		}
	}
}

// rowsOf runs a query and returns its column names and rows as strings
// (NULL as "<null>").
func rowsOf(t testing.TB, db *sql.DB, q string) ([]string, [][]string) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s\n=> %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", q, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "<null>"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return cols, out
}

// column returns one column of rows by name.
func column(t testing.TB, cols []string, rows [][]string, name string) []string {
	t.Helper()
	for i, c := range cols {
		if strings.EqualFold(c, name) {
			var out []string
			for _, r := range rows {
				out = append(out, r[i])
			}
			return out
		}
	}
	t.Fatalf("no column %s in %v", name, cols)
	return nil
}

// byName maps a two-column (key, value) result.
func byName(rows [][]string, k, v int) map[string]string {
	m := map[string]string{}
	for _, r := range rows {
		m[r[k]] = r[v]
	}
	return m
}

func scalar(t testing.TB, db *sql.DB, q string) string {
	t.Helper()
	_, rows := rowsOf(t, db, q)
	if len(rows) != 1 || len(rows[0]) != 1 {
		t.Fatalf("%s: want one value, got %v", q, rows)
	}
	return rows[0][0]
}

func wantEqual(t testing.TB, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got: %q\nwant: %q", what, got, want)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last := ""
	for time.Now().Before(deadline) {
		ok, state := cond()
		if ok {
			return
		}
		last = state
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("timed out after %s waiting for %s (last: %s)", timeout, what, last)
}

// execErr runs a statement that must fail and returns the Snowflake error.
func execErr(t testing.TB, db *sql.DB, q string) *sf.SnowflakeError {
	t.Helper()
	_, err := db.Exec(q)
	if err == nil {
		t.Fatalf("%s: want an error, got none", q)
	}
	se, ok := err.(*sf.SnowflakeError)
	if !ok {
		t.Fatalf("%s: want a SnowflakeError, got %T %v", q, err, err)
	}
	return se
}
