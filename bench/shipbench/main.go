//go:build linux

// Command shipbench measures `flurry ship` side by side with Fluent Bit on
// the same generated access log: throughput, CPU seconds per GiB of input,
// peak RSS, objects written, and every line checked (lost, duplicated).
//
//	go run ./bench/shipbench                       # flurry alone, 256 MiB
//	go run ./bench/shipbench -size 1GiB -runs 3 -fluent-bit /opt/fluent-bit/bin/fluent-bit
//
// Each shipper backfills the file from its head into S3 (a local versitygw
// server, found as $VERSITYGW, on PATH or in $(go env GOPATH)/bin) or, when
// no versitygw is found and no Fluent Bit is compared, into a file:// stage.
// flurry runs as `flurry ship --once` (it exits once everything is uploaded);
// Fluent Bit runs until every line is in the bucket, then gets SIGTERM.
// Runs are interleaved (round 1: every configuration, round 2: ...), so a
// change of machine load hits both shippers alike. CPU time and peak RSS are
// the shipper process's own (getrusage of the child), the S3 server's are not
// counted. The load average (/proc/loadavg) is printed before and after.
//
// Fluent Bit's S3 output compresses with gzip at zlib's default level (6)
// or not at all; its runs pair with flurry's gzip level 6 ("same gzip level")
// and its default (none) with flurry's default (gzip level 1).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/klauspost/compress/zstd"
)

func main() {
	size := flag.String("size", "256MiB", "input size (e.g. 64MiB, 1GiB)")
	runs := flag.Int("runs", 2, "rounds; each round runs every configuration once")
	configs := flag.String("configs", "gzip1,gzip6,zstd", "flurry configurations: gzip<level>, zstd[<level>], none")
	fluentBit := flag.String("fluent-bit", os.Getenv("FLUENT_BIT"), "Fluent Bit binary to compare with (default $FLUENT_BIT; none: flurry alone)")
	flurryBin := flag.String("flurry", "", "flurry binary (default: build the pure-Go ./cmd/flurry)")
	work := flag.String("work", "", "work directory (default: a new temporary directory, removed at the end)")
	flag.Parse()
	log.SetFlags(0)

	bytesWanted, err := parseSize(*size)
	if err != nil {
		log.Fatal(err)
	}
	dir := *work
	if dir == "" {
		if dir, err = os.MkdirTemp("", "shipbench-"); err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
	}
	b := &bench{dir: dir, fluentBit: *fluentBit}
	if b.flurry = *flurryBin; b.flurry == "" {
		b.flurry = filepath.Join(dir, "flurry")
		log.Printf("building the pure-Go flurry (CGO_ENABLED=0) into %s", b.flurry)
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", b.flurry, "./cmd/flurry")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			log.Fatalf("go build (run shipbench from the repository root): %v", err)
		}
	}
	if gw := findVersitygw(); gw != "" {
		if err := b.startS3(gw); err != nil {
			log.Fatal(err)
		}
		defer b.stopS3()
	} else if b.fluentBit != "" {
		log.Fatal("comparing with Fluent Bit needs an S3 server: install versitygw (go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
	} else {
		log.Printf("no versitygw found: flurry writes to a file:// stage")
	}

	b.input = filepath.Join(dir, "input", "access.log")
	t0 := time.Now()
	if b.lines, b.inputBytes, err = generate(b.input, bytesWanted); err != nil {
		log.Fatal(err)
	}
	log.Printf("input: %d lines, %.1f MiB (generated in %v)", b.lines, float64(b.inputBytes)/(1<<20), time.Since(t0).Round(time.Millisecond))

	var cfgs []string
	for _, c := range strings.Split(*configs, ",") {
		if c = strings.TrimSpace(c); c != "" {
			cfgs = append(cfgs, c)
		}
	}
	fmt.Printf("shipbench: %s, %d lines, GOMAXPROCS %d, %d CPUs; load average before: %s\n\n",
		humanSize(b.inputBytes), b.lines, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadavg())
	fmt.Println("| round | shipper | compression | MiB/s | CPU-s/GiB | peak RSS MiB | objects | lost | duplicated |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	var results []result
	for round := 1; round <= *runs; round++ {
		for _, c := range cfgs {
			r, err := b.runFlurry(round, c)
			if err != nil {
				log.Fatalf("flurry %s: %v", c, err)
			}
			results = append(results, r)
			r.print()
		}
		if b.fluentBit != "" {
			for _, comp := range []string{"gzip", "none"} {
				r, err := b.runFluentBit(round, comp)
				if err != nil {
					log.Fatalf("fluent-bit %s: %v", comp, err)
				}
				results = append(results, r)
				r.print()
			}
		}
	}
	fmt.Printf("\nload average after: %s\n\nmedians:\n\n", loadavg())
	summarize(results)
}

type bench struct {
	dir, flurry, fluentBit string
	input                  string
	lines, inputBytes      int64

	// S3 (versitygw); s3URL is empty without it.
	s3URL, s3Dir, s3Log string
	s3Cmd               *exec.Cmd
}

const (
	bucket    = "bench"
	accessKey = "shipbench"
	secretKey = "shipbench-secret"
)

type result struct {
	round             int
	shipper, codec    string
	wall, cpu         time.Duration
	maxRSS            int64 // bytes
	inputBytes        int64
	objects           int
	lost, duplicated  int64
	unexpected, other int64
}

func (r result) mibps() float64 { return float64(r.inputBytes) / (1 << 20) / r.wall.Seconds() }
func (r result) cpuPerGiB() float64 {
	return r.cpu.Seconds() / (float64(r.inputBytes) / (1 << 30))
}

func (r result) print() {
	fmt.Printf("| %d | %s | %s | %.1f | %.2f | %.0f | %d | %d | %d |\n", r.round, r.shipper, r.codec, r.mibps(), r.cpuPerGiB(),
		float64(r.maxRSS)/(1<<20), r.objects, r.lost, r.duplicated)
}

func summarize(results []result) {
	groups := map[string][]result{}
	var order []string
	for _, r := range results {
		k := r.shipper + " " + r.codec
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	fmt.Println("| shipper | compression | runs | MiB/s | CPU-s/GiB | peak RSS MiB | lost | duplicated |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, k := range order {
		g := groups[k]
		var tp, cpu, rss []float64
		var lost, dup int64
		for _, r := range g {
			tp = append(tp, r.mibps())
			cpu = append(cpu, r.cpuPerGiB())
			rss = append(rss, float64(r.maxRSS)/(1<<20))
			lost += r.lost
			dup += r.duplicated
		}
		fmt.Printf("| %s | %s | %d | %.1f | %.2f | %.0f | %d | %d |\n", g[0].shipper, g[0].codec, len(g), median(tp), median(cpu), median(rss), lost, dup)
	}
}

func median(v []float64) float64 {
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// codecConfig turns gzip6 / zstd / none into flurry's settings.
func codecConfig(c string) (codec string, level int, err error) {
	for _, name := range []string{"gzip", "zstd", "none"} {
		if rest, ok := strings.CutPrefix(c, name); ok {
			if rest == "" {
				return name, 0, nil
			}
			level, err := strconv.Atoi(rest)
			if err != nil || name == "none" {
				break
			}
			return name, level, nil
		}
	}
	return "", 0, fmt.Errorf("configuration %q: want gzip<level>, zstd[<level>] or none", c)
}

func (b *bench) runFlurry(round int, c string) (result, error) {
	codec, level, err := codecConfig(c)
	if err != nil {
		return result{}, err
	}
	id := fmt.Sprintf("flurry-%s-%d", c, round)
	run := filepath.Join(b.dir, "runs", id)
	if err := os.MkdirAll(run, 0o755); err != nil {
		return result{}, err
	}
	levelLine := ""
	if level > 0 {
		levelLine = fmt.Sprintf("compression_level = %d\n", level)
	}
	out := fmt.Sprintf("url = %q\n", "file://"+filepath.Join(run, "stage"))
	if b.s3URL != "" {
		out = fmt.Sprintf(`url = "s3://%s/%s/"
[output.s3]
endpoint = %q
force_path_style = true
region = "us-east-1"
access_key_id = %q
secret_access_key = %q
checksum = "when_required"
`, bucket, id, b.s3URL, accessKey, secretKey)
	}
	cfg := fmt.Sprintf(`spool_dir = %q
compression = %q
%s
[[source]]
name = "access"
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true

[[output]]
format = "json"
timekey = "1h"
chunk_limit_size = "64MiB"
%s`, filepath.Join(run, "spool"), codec, levelLine, b.input, out)
	cfgPath := filepath.Join(run, "ship.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return result{}, err
	}
	cmd := exec.Command(b.flurry, "ship", "--once", "--config", cfgPath)
	logf, err := os.Create(filepath.Join(run, "ship.log"))
	if err != nil {
		return result{}, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%v (log: %s)", err, filepath.Join(run, "ship.log"))
	}
	r := b.measure(cmd, time.Since(start), "flurry", c)
	r.round = round
	objects := filepath.Join(run, "stage")
	if b.s3URL != "" {
		objects = filepath.Join(b.s3Dir, bucket, id)
	}
	return r, b.check(&r, objects)
}

// measure reads the child's CPU time and peak RSS.
func (b *bench) measure(cmd *exec.Cmd, wall time.Duration, shipper, codec string) result {
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return result{
		shipper: shipper, codec: codec, wall: wall, inputBytes: b.inputBytes,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: ru.Maxrss << 10, // KiB on Linux
	}
}

// check decompresses every object under dir and counts each line's
// sequence number.
func (b *bench) check(r *result, dir string) error {
	counts := make([]uint8, b.lines)
	if err := countObjects(dir, counts, nil, &r.objects, &r.unexpected); err != nil {
		return err
	}
	for _, n := range counts {
		switch {
		case n == 0:
			r.lost++
		case n > 1:
			r.duplicated += int64(n - 1)
		}
	}
	if r.unexpected > 0 {
		return fmt.Errorf("%d lines without a known sequence number", r.unexpected)
	}
	return nil
}

// countObjects adds the lines of the objects under dir not in done to
// counts (done, when not nil, records the objects counted).
func countObjects(dir string, counts []uint8, done map[string]bool, objects *int, unexpected *int64) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") || done[p] {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		var rd io.Reader
		switch {
		case strings.HasSuffix(p, ".zst"):
			zr, err := zstd.NewReader(f)
			if err != nil {
				return err
			}
			defer zr.Close()
			rd = zr
		case strings.HasSuffix(p, ".gz"):
			zr, err := gzip.NewReader(f)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			rd = zr
		default:
			rd = f
		}
		sc := bufio.NewScanner(rd)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			seq, ok := seqOf(sc.Bytes())
			if !ok || seq >= int64(len(counts)) {
				*unexpected++
				continue
			}
			if counts[seq] < 255 {
				counts[seq]++
			}
		}
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		*objects++
		if done != nil {
			done[p] = true
		}
		return nil
	})
}

// seqOf finds the number after "/item/" in a line.
func seqOf(line []byte) (int64, bool) {
	i := bytes.Index(line, []byte("/item/"))
	if i < 0 {
		return 0, false
	}
	var n int64
	j := i + len("/item/")
	start := j
	for ; j < len(line) && line[j] >= '0' && line[j] <= '9'; j++ {
		n = n*10 + int64(line[j]-'0')
	}
	return n, j > start
}

// generate writes size bytes of combined-format access log, each line's
// path carrying its sequence number.
func generate(path string, size int64) (lines, written int64, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	agents := []string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:96.0) Gecko/20100101 Firefox/96.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/97.0.4692.71 Safari/537.36",
		"curl/7.81.0",
		"ELB-HealthChecker/2.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 15_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.2 Mobile/15E148 Safari/604.1",
	}
	methods := []string{"GET", "GET", "GET", "POST", "HEAD"}
	rng := rand.New(rand.NewPCG(1, 2))
	t := time.Date(2022, 1, 18, 10, 0, 0, 0, time.UTC)
	var b []byte
	for written < size {
		t = t.Add(time.Duration(rng.IntN(20)) * time.Millisecond)
		b = b[:0]
		b = fmt.Appendf(b, `%d.%d.%d.%d - - [%s] "%s /item/%d?q=%x HTTP/1.1" %d %d "https://www.example.com/page/%d" "%s"`+"\n",
			10+rng.IntN(200), rng.IntN(256), rng.IntN(256), 1+rng.IntN(254), t.Format("02/Jan/2006:15:04:05 -0700"),
			methods[rng.IntN(len(methods))], lines, rng.Uint32(), []int{200, 200, 200, 304, 404, 500}[rng.IntN(6)],
			rng.IntN(100000), rng.IntN(1000), agents[rng.IntN(len(agents))])
		if _, err := w.Write(b); err != nil {
			return 0, 0, err
		}
		written += int64(len(b))
		lines++
	}
	return lines, written, w.Flush()
}

// Fluent Bit's apache2 parser (its parsers.conf).
const fluentBitParsers = `[PARSER]
    Name   apache2
    Format regex
    Regex  ^(?<host>[^ ]*) [^ ]* (?<user>[^ ]*) \[(?<time>[^\]]*)\] "(?<method>\S+)(?: +(?<path>(?:[^\"]|\\.)*?)(?: +\S*)?)?" (?<code>[^ ]*) (?<size>[^ ]*)(?: "(?<referer>(?:[^\"]|\\.)*)" "(?<agent>(?:[^\"]|\\.)*)")?$
    Time_Key time
    Time_Format %d/%b/%Y:%H:%M:%S %z
`

// runFluentBit backfills the input with Fluent Bit's tail input and S3
// output, until every line is in the bucket (or nothing new arrives for a
// minute: the rest is counted as lost).
func (b *bench) runFluentBit(round int, compression string) (result, error) {
	id := fmt.Sprintf("fluentbit-%s-%d", compression, round)
	run := filepath.Join(b.dir, "runs", id)
	if err := os.MkdirAll(run, 0o755); err != nil {
		return result{}, err
	}
	if err := os.WriteFile(filepath.Join(run, "parsers.conf"), []byte(fluentBitParsers), 0o644); err != nil {
		return result{}, err
	}
	ext := ""
	if compression == "gzip" {
		ext = ".gz"
	}
	cfg := fmt.Sprintf(`[SERVICE]
    flush        1
    log_level    warn
    parsers_file %s
    storage.path %s

[INPUT]
    name              tail
    path              %s
    read_from_head    true
    db                %s
    parser            apache2
    tag               apache.access
    storage.type      filesystem
    buffer_chunk_size 256k
    buffer_max_size   1m

[OUTPUT]
    name            s3
    match           *
    bucket          %s
    region          us-east-1
    endpoint        %s
    tls             off
    use_put_object  on
    total_file_size 64M
    upload_timeout  5s
    compression     %s
    store_dir       %s
    s3_key_format   /%s/$TAG/%%Y%%m%%d%%H%%M%%S-$UUID%s
`, filepath.Join(run, "parsers.conf"), filepath.Join(run, "storage"), b.input, filepath.Join(run, "tail.db"),
		bucket, b.s3URL, compression, filepath.Join(run, "s3-store"), id, ext)
	cfgPath := filepath.Join(run, "fluent-bit.conf")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		return result{}, err
	}
	logf, err := os.Create(filepath.Join(run, "fluent-bit.log"))
	if err != nil {
		return result{}, err
	}
	defer logf.Close()
	cmd := exec.Command(b.fluentBit, "-c", cfgPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "AWS_ACCESS_KEY_ID="+accessKey, "AWS_SECRET_ACCESS_KEY="+secretKey)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	counts := make([]uint8, b.lines)
	done := map[string]bool{}
	var objects int
	var unexpected int64
	var have int64
	lastProgress := time.Now()
	var wall time.Duration
	for {
		select {
		case err := <-exited:
			return result{}, fmt.Errorf("fluent-bit exited: %v (log: %s)", err, filepath.Join(run, "fluent-bit.log"))
		case <-time.After(200 * time.Millisecond):
		}
		before := objects
		if err := countObjects(filepath.Join(b.s3Dir, bucket, id), counts, done, &objects, &unexpected); err != nil {
			// An object still being written: count it at the next look.
			objects = before
			continue
		}
		if objects > before {
			lastProgress = time.Now()
			have = 0
			for _, n := range counts {
				if n > 0 {
					have++
				}
			}
		}
		if have >= b.lines || time.Since(lastProgress) > time.Minute {
			wall = time.Since(start)
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		<-exited
	}
	r := b.measure(cmd, wall, "fluent-bit", compression)
	r.round, r.objects, r.unexpected = round, objects, unexpected
	for _, n := range counts {
		switch {
		case n == 0:
			r.lost++
		case n > 1:
			r.duplicated += int64(n - 1)
		}
	}
	return r, nil
}

// findVersitygw looks the S3 server up as $VERSITYGW, on PATH, then in
// $(go env GOPATH)/bin.
func findVersitygw() string {
	if p := os.Getenv("VERSITYGW"); p != "" {
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(out)), "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func (b *bench) startS3(bin string) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	addr := l.Addr().String()
	l.Close()
	b.s3Dir = filepath.Join(b.dir, "s3")
	if err := os.MkdirAll(b.s3Dir, 0o755); err != nil {
		return err
	}
	b.s3Log = filepath.Join(b.dir, "versitygw.log")
	logf, err := os.Create(b.s3Log)
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "--port", addr, "--region", "us-east-1", "--quiet", "posix", b.s3Dir)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+accessKey, "ROOT_SECRET_KEY="+secretKey)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return err
	}
	b.s3Cmd = cmd
	b.s3URL = "http://" + addr
	client := s3.New(s3.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(b.s3URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(bucket)})
		cancel()
		if err == nil {
			log.Printf("S3: versitygw at %s (data in %s)", b.s3URL, b.s3Dir)
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("versitygw at %s: create bucket: %v (log %s)", b.s3URL, err, b.s3Log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (b *bench) stopS3() {
	if b.s3Cmd != nil {
		b.s3Cmd.Process.Signal(syscall.SIGTERM)
		b.s3Cmd.Wait()
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want e.g. 256MiB or 1GiB", s)
	}
	return int64(n * float64(mult)), nil
}

func humanSize(n int64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.2f GiB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}
