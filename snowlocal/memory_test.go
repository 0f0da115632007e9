package snowlocal

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rssServerEnv makes the test binary, started by
// TestServerRSSBoundedUnderBogusRequests, serve an engine instead of testing.
const rssServerEnv = "FLURRY_TEST_RSS_SERVER"

// Finding 4 of issue 12, measured on a real server process: its peak
// resident memory (the kernel's VmHWM: Go heap, DuckDB and everything else)
// stays under 200 MB while a client sends 1,000 oversized or bogus logins
// and 50 MB queries.
func TestServerRSSBoundedUnderBogusRequests(t *testing.T) {
	if os.Getenv(rssServerEnv) == "1" {
		serveForRSSTest(t)
		return
	}
	if testing.Short() {
		t.Skip("starts a server process")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc: cannot read a process's peak RSS here")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestServerRSSBoundedUnderBogusRequests$", "-test.count=1")
	cmd.Env = append(os.Environ(), rssServerEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close() // the server stops when its stdin closes
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	addr := ""
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if a, ok := strings.CutPrefix(sc.Text(), "ADDR "); ok {
			addr = a
			break
		}
	}
	if addr == "" {
		t.Fatal("the server process printed no address")
	}
	go io.Copy(io.Discard, stdout)
	pid := cmd.Process.Pid
	base := procStatusKB(t, pid, "VmRSS")

	post := func(path, token string, body io.Reader, hdr map[string]string) int {
		req, err := http.NewRequest("POST", "http://"+addr+path, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", `Snowflake Token="`+token+`"`)
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			// The server may close a connection on an oversized body
			// before reading it all: that is a refusal too.
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	loginBody := func(password string) io.Reader {
		b, _ := json.Marshal(login("flurry", password))
		return bytes.NewReader(b)
	}
	// A real session for the 50 MB queries.
	resp, err := http.Post("http://"+addr+"/session/v1/login-request", "application/json", loginBody("right-password"))
	if err != nil {
		t.Fatal(err)
	}
	var lr struct {
		Data struct {
			Token string `json:"token"`
		} `json:"data"`
		Success bool `json:"success"`
	}
	err = json.NewDecoder(resp.Body).Decode(&lr)
	resp.Body.Close()
	if err != nil || !lr.Success || lr.Data.Token == "" {
		t.Fatalf("login: %v %+v", err, lr)
	}

	// Four clients at once, each looping over its share of the requests.
	start := time.Now()
	bomb := gzipBomb(`{"data":{"PASSWORD":"`, 64<<20)
	var wg sync.WaitGroup
	for c := 0; c < 4; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; i < 1000; i += 4 {
				switch i % 3 {
				case 0: // 64 MB of JSON in a small gzip body
					post("/session/v1/login-request", "", bytes.NewReader(bomb.Bytes()), map[string]string{"Content-Encoding": "gzip"})
				case 1: // a wrong password
					post("/session/v1/login-request", "", loginBody(fmt.Sprint("wrong", i)), nil)
				case 2: // a 1 MB password
					post("/session/v1/login-request", "", &generated{prefix: `{"data":{"PASSWORD":"`, n: 1 << 20, suffix: `"}}`}, nil)
				}
			}
			for i := 0; i < 2; i++ {
				if s := post("/queries/v1/query-request", lr.Data.Token, &generated{prefix: `{"sqlText":"select '`, n: 50 << 20, suffix: `'"}`}, nil); s != 413 && s != 0 {
					t.Errorf("50 MB query: HTTP %d, want 413", s)
				}
			}
		}()
	}
	wg.Wait()
	peak := procStatusKB(t, pid, "VmHWM")
	t.Logf("server process: RSS %d MB at start, peak %d MB over 1,000 bogus logins and 8 50 MB queries from 4 clients (%v)", base>>10, peak>>10, time.Since(start).Round(time.Millisecond))
	if peak > 200<<10 {
		t.Errorf("server process peaked at %d MB RSS, want under 200 MB", peak>>10)
	}
}

// serveForRSSTest is the server side: an engine on a loopback port until
// stdin closes.
func serveForRSSTest(t *testing.T) {
	srv, err := Start(context.Background(), Config{User: "flurry", Password: "right-password"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	fmt.Printf("ADDR %s\n", srv.Addr())
	io.Copy(io.Discard, os.Stdin)
}

// procStatusKB reads a kB field of /proc/<pid>/status (VmRSS, VmHWM).
func procStatusKB(t *testing.T, pid int, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", field, line, err)
			}
			return n
		}
	}
	t.Fatalf("/proc/%d/status has no %s", pid, field)
	return 0
}

// Login-sized limits never wait for one of the shared large-body buffers, so
// unauthenticated clients trickling bodies cannot hold them; larger bodies
// wait for one, and give up with their request.
func TestLargeBodyBuffersAreShared(t *testing.T) {
	for i := 0; i < largeBodies; i++ {
		largeBodySlots <- struct{}{}
	}
	defer func() {
		for i := 0; i < largeBodies; i++ {
			<-largeBodySlots
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, _, err := readBounded(ctx, bytes.NewReader(make([]byte, maxLoginBody+10)), maxLoginBody); err != errTooLarge {
		t.Errorf("oversized login body with the large buffers taken: %v, want errTooLarge at once", err)
	}
	data, release, err := readBounded(ctx, bytes.NewReader(make([]byte, maxLoginBody)), maxLoginBody)
	if err != nil || len(data) != maxLoginBody {
		t.Errorf("login body of exactly the limit: %d bytes, %v", len(data), err)
	} else {
		release()
	}
	if _, _, err := readBounded(ctx, bytes.NewReader(make([]byte, 100<<10)), maxQueryBody); err != context.DeadlineExceeded {
		t.Errorf("100 KB query body with the large buffers taken: %v, want to wait until the request ends", err)
	}
}
