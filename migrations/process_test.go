package migrations

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
	sf "github.com/snowflakedb/gosnowflake"
)

// A child process of TestConcurrentProcesses: `migrate up` against the
// engine named by the environment, exit status 0 on success.
const childEnv = "FLURRY_MIGRATIONS_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childUp())
	}
	os.Exit(m.Run())
}

func childUp() int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cfg, err := warehouse.LocalConfig(os.Getenv("FLURRY_TEST_ADDR"), "flurry", os.Getenv("FLURRY_TEST_PASSWORD"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	defer db.Close()
	m, err := New(db, os.DirFS(os.Getenv("FLURRY_TEST_DIR")), Options{Progress: os.Stdout, LockTimeout: time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	res, err := m.Up(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "up:", err)
		return 1
	}
	fmt.Printf("applied: %s\n", scriptNames(res))
	return 0
}

// Five `migrate up` processes started at once against one engine apply
// each migration exactly once.
func TestConcurrentProcesses(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := snowlocal.Start(ctx, snowlocal.Config{User: "flurry", Password: "test-password"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := copyFixture(t, "concurrent")

	const n = 5
	type outcome struct {
		out []byte
		err error
	}
	cmds := make([]*exec.Cmd, n)
	results := make(chan outcome, n)
	for i := range cmds {
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1", "FLURRY_TEST_ADDR="+srv.Addr(),
			"FLURRY_TEST_PASSWORD=test-password", "FLURRY_TEST_DIR="+dir)
		cmds[i] = cmd
	}
	for _, cmd := range cmds {
		go func() {
			out, err := cmd.CombinedOutput()
			results <- outcome{out, err}
		}()
	}
	var applied []string
	for range n {
		r := <-results
		if r.err != nil {
			t.Errorf("child failed: %v\n%s", r.err, r.out)
			continue
		}
		for _, line := range strings.Split(string(r.out), "\n") {
			if s, ok := strings.CutPrefix(line, "applied: "); ok && s != "" {
				applied = append(applied, strings.Fields(s)...)
			}
		}
	}
	if t.Failed() {
		return
	}
	sort.Strings(applied)
	want := "R__applied_view.sql V1__step_1.sql V2__step_2.sql V3__step_3.sql V4__step_4.sql V5__step_5.sql V6__step_6.sql"
	if strings.Join(applied, " ") != want {
		t.Fatalf("processes applied %v, want each of %s once", applied, want)
	}

	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *mustLocalConfig(t, srv.Addr())))
	defer db.Close()
	got := queryStrings(t, db, "SELECT script FROM CONC.PUBLIC.APPLIED ORDER BY script")
	if strings.Join(got, " ") != "R V1 V2 V3 V4 V5 V6" {
		t.Fatalf("CONC.PUBLIC.APPLIED = %v: some migration ran more or less than once", got)
	}
	hist := queryStrings(t, db, "SELECT script FROM FLURRY.PUBLIC.MIGRATION_HISTORY WHERE status = 'success' ORDER BY installed_rank")
	if len(hist) != 7 {
		t.Fatalf("history rows: %v", hist)
	}
	if lock := queryStrings(t, db, "SELECT owner FROM FLURRY.PUBLIC.MIGRATION_HISTORY_LOCK"); len(lock) != 0 {
		t.Fatalf("lock left behind: %v", lock)
	}
}

func mustLocalConfig(t *testing.T, addr string) *sf.Config {
	cfg, err := warehouse.LocalConfig(addr, "flurry", "test-password")
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// skipIfUnsupported skips a test only when the local engine reports a
// Snowflake feature it does not implement yet (code 002040); every other
// error fails the test.
func skipIfUnsupported(t testing.TB, err error) {
	t.Helper()
	var se *sf.SnowflakeError
	if errors.As(err, &se) && se.Number == 2040 {
		t.Skipf("local engine does not support this yet: %v", err)
	}
}
