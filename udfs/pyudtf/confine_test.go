package pyudtf

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Finding 2 of issue 12: a function body runs as the engine's user, so it
// must not inherit its environment, working directory, network or limits.
func TestBodyRunsConfined(t *testing.T) {
	if !Available() {
		t.Skip("python3 not available")
	}
	t.Setenv("FLURRY_TEST_SECRET", "do-not-leak")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	body := `
import os, socket, resource, subprocess
class Probe:
    def process(self, port):
        yield ("env", ",".join(sorted(os.environ)))
        yield ("cwd", os.getcwd())
        yield ("nproc", str(resource.getrlimit(resource.RLIMIT_NPROC)[1]))
        yield ("cpu", str(resource.getrlimit(resource.RLIMIT_CPU)[1]))
        yield ("nofile", str(resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        try:
            socket.create_connection(("127.0.0.1", int(port)), timeout=2).close()
            yield ("net", "connected")
        except OSError as e:
            yield ("net", "refused: %s" % e)
        try:
            subprocess.run(["/bin/sh", "-c", "true"], check=True)
            yield ("spawn", "ran")
        except OSError as e:
            yield ("spawn", "refused: %s" % e)
`
	u := UDTF{Name: "PROBE", Handler: "Probe", Body: body, Columns: []string{"K", "V"}}
	rows, err := u.Run(context.Background(), [][]any{{port}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Values[0].(string)] = r.Values[1].(string)
	}
	if strings.Contains(got["env"], "FLURRY_TEST_SECRET") || strings.Contains(got["env"], "AWS_") {
		t.Errorf("body inherited the environment: %s", got["env"])
	}
	wd, _ := os.Getwd()
	if got["cwd"] == wd || !strings.Contains(got["cwd"], "flurry-pyudtf-") {
		t.Errorf("body runs in %q, want a private temp dir", got["cwd"])
	}
	if _, err := os.Stat(got["cwd"]); !os.IsNotExist(err) {
		t.Errorf("working directory %s left behind", got["cwd"])
	}
	wantNproc := got["nproc"] // where seccomp refuses processes, RLIMIT_NPROC is left alone (threads)
	if !strings.Contains(sandboxFeatures(DefaultPython()), "seccomp") {
		wantNproc = "0"
	}
	if got["nproc"] != wantNproc || got["cpu"] != "300" || got["nofile"] != "64" {
		t.Errorf("rlimits nproc=%s cpu=%s nofile=%s", got["nproc"], got["cpu"], got["nofile"])
	}
	if namespacesWork(DefaultPython()) && got["net"] == "connected" {
		t.Errorf("body reached the host network despite the network namespace")
	}
	if (os.Getuid() != 0 || seccompExpected()) && got["spawn"] == "ran" {
		t.Errorf("body started a process despite RLIMIT_NPROC 0 and the seccomp filter")
	}
	if seccompExpected() && got["net"] == "connected" {
		t.Errorf("body reached the host network despite the seccomp filter")
	}
	t.Logf("confinement: %s; net %s; spawn %s", Confinement(), got["net"], got["spawn"])
}

// seccompExpected: the sandbox knows the system call numbers of these.
func seccompExpected() bool {
	return runtime.GOOS == "linux" && (runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64")
}

// Issue 12, Python bodies: a read-only file system view (writes only in the
// private working directory, no reads of the engine's or the user's files)
// where Landlock exists; no new processes even for root (seccomp); no TCP.
func TestBodySandbox(t *testing.T) {
	if !Available() {
		t.Skip("python3 not available")
	}
	outside := t.TempDir()
	hostFile := filepath.Join(outside, "host-secret.txt")
	if err := os.WriteFile(hostFile, []byte("host-secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	body := `
import os, socket
def attempt(f):
    try:
        return "ok: %s" % (f(),)
    except OSError as e:
        return "refused: %s" % e
class Probe:
    def process(self, outside, host_file):
        def write_outside():
            with open(os.path.join(outside, "escaped.txt"), "w") as f:
                f.write("x")
        def write_here():
            with open("mine.txt", "w") as f:
                f.write("x")
            return open("mine.txt").read()
        yield ("write_outside", attempt(write_outside))
        yield ("mkdir_outside", attempt(lambda: os.mkdir(os.path.join(outside, "d"))))
        yield ("write_here", attempt(write_here))
        yield ("read_host", attempt(lambda: open(host_file).read()))
        yield ("read_stdlib", attempt(lambda: len(open(os.__file__).read()) > 0))
        yield ("socket", attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()))
        yield ("unix", attempt(lambda: socket.socket(socket.AF_UNIX).close()))
        # A fork bomb, made safe: each child exits at once; count the forks.
        forks, err = 0, ""
        try:
            for _ in range(50):
                pid = os.fork()
                if pid == 0:
                    os._exit(0)
                os.waitpid(pid, 0)
                forks += 1
        except OSError as e:
            err = str(e)
        yield ("forks", "%d %s" % (forks, err))
        yield ("signal_parent", attempt(lambda: os.kill(os.getppid(), 0)))
        # Last: where exec is allowed it replaces the harness, failing the batch.
        yield ("exec", attempt(lambda: os.execv("/bin/true", ["true"])))
`
	u := UDTF{Name: "PROBE", Handler: "Probe", Body: body, Columns: []string{"K", "V"}}
	rows, err := u.Run(context.Background(), [][]any{{outside, hostFile}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Values[0].(string)] = r.Values[1].(string)
	}
	t.Logf("confinement: %s; sandbox %q; results %v", Confinement(), sandboxFeatures(DefaultPython()), got)
	if got["write_here"] != "ok: x" || got["read_stdlib"] != "ok: True" {
		t.Errorf("the body cannot use its own directory or the standard library: %v", got)
	}
	if abi := landlockABI(); abi > 0 {
		for _, k := range []string{"write_outside", "mkdir_outside", "read_host"} {
			if !strings.HasPrefix(got[k], "refused") {
				t.Errorf("Landlock ABI %d: %s = %q, want refused", abi, k, got[k])
			}
		}
		if _, err := os.Stat(filepath.Join(outside, "escaped.txt")); err == nil {
			t.Errorf("the body wrote outside its directory")
		}
		if abi >= 6 && !strings.HasPrefix(got["signal_parent"], "refused") {
			t.Errorf("Landlock ABI %d: the body may signal the engine: %s", abi, got["signal_parent"])
		}
	} else {
		t.Logf("no Landlock on this kernel: the file system is not confined")
	}
	if seccompExpected() || os.Getuid() != 0 {
		if !strings.HasPrefix(got["forks"], "0 ") {
			t.Errorf("fork bomb: %s, want no fork to succeed", got["forks"])
		}
	}
	if seccompExpected() {
		for _, k := range []string{"socket", "unix", "exec"} {
			if !strings.HasPrefix(got[k], "refused") {
				t.Errorf("seccomp: %s = %q, want refused", k, got[k])
			}
		}
		if f := sandboxFeatures(DefaultPython()); !strings.Contains(f, "seccomp") || (landlockABI() > 0 && !strings.Contains(f, "landlock")) {
			t.Errorf("sandbox reports %q", f)
		}
	}
}

// Threads stay available to bodies under the seccomp filter (only clones
// that make processes are refused).
func TestBodyMayStartThreads(t *testing.T) {
	if !Available() {
		t.Skip("python3 not available")
	}
	body := `
import threading
class T:
    def process(self):
        out = []
        th = threading.Thread(target=lambda: out.append("ran"))
        th.start()
        th.join()
        yield (out[0],)
`
	rows, err := UDTF{Name: "T", Handler: "T", Body: body, Columns: []string{"V"}}.Run(context.Background(), [][]any{{}})
	if err != nil || len(rows) != 1 || rows[0].Values[0] != "ran" {
		t.Fatalf("thread in a body: %v %v", rows, err)
	}
}
