package shipper

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/s3test"
)

// benchData is realistic combined-format traffic (~240 bytes a line).
func benchData(size int) []byte {
	agents := []string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:96.0) Gecko/20100101 Firefox/96.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.71 Safari/537.36",
		"curl/7.81.0",
		"ELB-HealthChecker/2.0",
	}
	paths := []string{"/index.html", "/api/v1/items?limit=50&offset=", "/static/app.js?v=", "/wp-login.php", "/favicon.ico"}
	var b strings.Builder
	b.Grow(size + 512)
	now := time.Now().UTC()
	for i := 0; b.Len() < size; i++ {
		ts := now.Add(time.Duration(i/50) * time.Second).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&b, `198.51.%d.%d - - [%s] "GET %s%d HTTP/1.1" %d %d "https://www.example.com/page/%d" "%s"`+"\n",
			i%200, (i*7)%250, ts, paths[i%len(paths)], i, []int{200, 200, 200, 304, 404}[i%5], 200+(i*37)%50000, i%1000, agents[i%len(agents)])
	}
	return []byte(b.String())
}

// BenchmarkPipeline measures tail -> parse (apache2) -> format (fluentd) ->
// gzip -> spool (fsync) -> upload, for 64 MiB of access log per op.
//
//   - backfill: the file exists; Once reads it with the plain reader.
//   - tail: the shipper runs live and nxadm/tail follows the file while
//     another goroutine appends to it as fast as it can.
//
// Outputs are a file:// stage and a versitygw S3 server (its CPU is not
// counted). Reported: MiB/s, CPU seconds of this process per GiB shipped,
// and the average commit (fsync) time.
func BenchmarkPipeline(b *testing.B) {
	const opBytes = 64 << 20
	data := benchData(opBytes)
	for _, out := range []string{"file", "s3"} {
		for _, mode := range []string{"backfill", "tail"} {
			b.Run(out+"/"+mode, func(b *testing.B) {
				var urlConf string
				var srv *s3test.Server
				if out == "s3" {
					srv = s3test.Start(b, s3test.Options{})
					srv.CreateBucket(b, "bench")
					urlConf = fmt.Sprintf(`url = "s3://bench/logs/"
[output.s3]
endpoint = %q
force_path_style = true
checksum = "when_required"
access_key_id = %q
secret_access_key = %q
`, srv.URL, srv.AccessKey, srv.SecretKey)
				}
				b.SetBytes(int64(len(data)))
				var cpu, wall time.Duration
				var commits, commitNanos int64
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					dir := b.TempDir()
					access := filepath.Join(dir, "access.log")
					if out == "file" {
						urlConf = fmt.Sprintf("url = \"file://%s\"\n", filepath.Join(dir, "stage"))
					}
					cfg := mustConfig(b, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
format = "fluentd"
chunk_limit_size = "16MiB"
timekey = "1h"
%s`, filepath.Join(dir, "spool"), access, urlConf))
					m := &Metrics{}
					f, err := os.Create(access)
					if err != nil {
						b.Fatal(err)
					}
					if mode == "backfill" {
						f.Write(data)
					}
					c0, t0 := cpuTime(), time.Now()
					b.StartTimer()
					if mode == "backfill" {
						if err := Run(context.Background(), cfg, RunOptions{Once: true, Metrics: m, Logger: testLogger(b)}); err != nil {
							b.Fatal(err)
						}
					} else {
						stop := runInBackground(b, cfg, RunOptions{Metrics: m})
						for off := 0; off < len(data); {
							end := min(off+1<<20, len(data))
							// Whole lines per write, as a logging daemon does.
							if j := strings.LastIndexByte(string(data[off:end]), '\n'); j >= 0 && end < len(data) {
								end = off + j + 1
							}
							f.Write(data[off:end])
							off = end
						}
						for lagBytes(m) > 0 || m.Source("apache.access").Bytes.Load() < int64(len(data)) {
							time.Sleep(5 * time.Millisecond)
						}
						if err := stop(); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					cpu += cpuTime() - c0
					wall += time.Since(t0)
					f.Close()
					if got := m.Source("apache.access").Bytes.Load(); got != int64(len(data)) {
						b.Fatalf("read %d bytes, want %d", got, len(data))
					}
					if m.Output(cfg.Outputs[0].Name).Pending.Load() != 0 {
						b.Fatal("chunks left")
					}
					commits += m.Commits.Load()
					commitNanos += m.CommitNanos.Load()
				}
				gib := float64(b.N) * float64(len(data)) / (1 << 30)
				b.ReportMetric(float64(b.N)*float64(len(data))/(1<<20)/wall.Seconds(), "MiB/s")
				b.ReportMetric(cpu.Seconds()/gib, "cpu-s/GiB")
				if commits > 0 {
					b.ReportMetric(float64(commitNanos)/float64(commits)/1e6, "ms/commit")
				}
			})
		}
	}
}
