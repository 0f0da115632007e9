package snowlocal_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/flurry-dev/flurry/warehouse"
)

// BenchmarkS3AccessLogUDTF parses staged S3 access log lines with the
// guide's UDTF through the local engine (gosnowflake, rewrite, DuckDB,
// __flurry_udtf), with the Python body on python3 and with the Go twin.
// rows/s counts input log lines.
func BenchmarkS3AccessLogUDTF(b *testing.B) {
	const n = 20000
	lines := s3Lines(b)
	var staged []string
	for i := 0; len(staged) < n; i++ {
		l := lines[i%len(lines)]
		f := strings.Split(l, " ")
		if len(f) < 18 {
			continue
		}
		f[6] = fmt.Sprintf("REQ%010d", i) // unique lines: DuckDB calls the function once per distinct argument
		staged = append(staged, strings.Join(f, " "))
	}
	db, err := warehouse.OpenLocal(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExecTB(b, db.DB, "create database bench", seedS3Staging, seedS3Function)
	for i := 0; i < len(staged); i += 1000 {
		var vals []string
		for _, l := range staged[i:min(i+1000, len(staged))] {
			vals = append(vals, "('"+strings.ReplaceAll(l, "'", "''")+"', current_timestamp())")
		}
		mustExecTB(b, db.DB, "insert into s3_access_logs_staging values "+strings.Join(vals, ","))
	}
	want := int64(len(twinRows(b, staged)))
	const q = `select count(*), sum(p.bytessent) from s3_access_logs_staging s
		join table(parse_s3_access_logs(s.raw)) p`
	run := func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var rows, bytes int64
			if err := db.QueryRow(q).Scan(&rows, &bytes); err != nil {
				b.Fatal(err)
			}
			if rows != want {
				b.Fatalf("parsed %d rows, want %d", rows, want)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	}
	b.Run("python", func(b *testing.B) {
		if !pyudtf.Available() {
			b.Skip("python3 is not available")
		}
		run(b)
	})
	b.Run("twin", func(b *testing.B) {
		b.Setenv(pyudtf.PythonEnv, "off")
		run(b)
	})
}
