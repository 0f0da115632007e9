package snowlocal_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkCopyGzipJSON measures COPY INTO a VARIANT table from gzip NDJSON
// (Teleport-like audit events, ~330 bytes each) through gosnowflake:
// 8 files of 25,000 records per COPY.
func BenchmarkCopyGzipJSON(b *testing.B) {
	const files, perFile = 8, 25_000
	dir := b.TempDir()
	var raw int
	for f := 0; f < files; f++ {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		for i := 0; i < perFile; i++ {
			line := fmt.Sprintf(`{"addr.remote":"203.0.113.%d:%d","cluster_name":"teleport.example.com","code":"T1000I","ei":%d,"event":"user.login","method":"local","success":%t,"time":"2022-10-11T18:%02d:%02d.118Z","uid":"4e3e4a1e-7d1b-4b1f-9c0b-%012d","user":"user%d","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"}`+"\n",
				i%250, 40000+i%20000, i, i%7 != 0, i/60%60, i%60, f*perFile+i, i%500)
			raw += len(line)
			zw.Write([]byte(line))
		}
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("events_%02d.json.gz", f)), buf.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	_, db := startLake(b, "", map[string]string{"s3://bench/": "file://" + dir})
	run(b, db, "create database bench", "create stage s url = 's3://bench/'", "create file format j type = json")
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		run(b, db, "create or replace table events(raw_data variant)")
		b.StartTimer()
		_, rows := rowsOf(b, db, "copy into events from @s file_format = (format_name = j)")
		if len(rows) != files || rows[0][3] != fmt.Sprint(perFile) {
			b.Fatalf("copy: %q", rows)
		}
	}
	b.StopTimer()
	elapsed := time.Since(start).Seconds()
	b.ReportMetric(float64(b.N*files*perFile)/elapsed, "rows/s")
	b.ReportMetric(float64(b.N*raw)/elapsed/1e6, "MB/s")
	if n := scalar(b, db, "select count(*) from events where raw_data:event::string = 'user.login'"); n != fmt.Sprint(files*perFile) {
		b.Fatalf("loaded %s rows", n)
	}
}
