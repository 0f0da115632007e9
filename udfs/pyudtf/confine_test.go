package pyudtf

import (
	"context"
	"net"
	"os"
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
	if got["nproc"] != "0" || got["cpu"] != "300" || got["nofile"] != "64" {
		t.Errorf("rlimits nproc=%s cpu=%s nofile=%s", got["nproc"], got["cpu"], got["nofile"])
	}
	if namespacesWork(DefaultPython()) && got["net"] == "connected" {
		t.Errorf("body reached the host network despite the network namespace")
	}
	if os.Getuid() != 0 && got["spawn"] == "ran" {
		t.Errorf("body started a process despite RLIMIT_NPROC 0")
	}
	t.Logf("confinement: %s; net %s; spawn %s", Confinement(), got["net"], got["spawn"])
}
