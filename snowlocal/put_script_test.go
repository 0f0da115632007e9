package snowlocal_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flurry-dev/flurry/warehouse"
)

// Two unquoted PUTs in one script (as a migration would hold them) stage
// both files: the "//" of file:///... must not start a comment that hides
// the first statement's ';' and swallows the second PUT.
func TestScriptWithTwoUnquotedPuts(t *testing.T) {
	t.Parallel()
	_, db := startLake(t, t.TempDir(), nil)
	src := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv"} {
		if err := os.WriteFile(filepath.Join(src, n), []byte("id\n1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, db, "create database d", "create stage s")
	script := "PUT file://" + filepath.Join(src, "a.csv") + " @s auto_compress = false;\n" +
		"PUT file://" + filepath.Join(src, "b.csv") + " @s auto_compress = false;\n"
	stmts, err := warehouse.SplitScript("two_puts.sql", script)
	if err != nil {
		t.Fatal(err)
	}
	if len(stmts) != 2 {
		t.Fatalf("split into %d statements, want 2: %+v", len(stmts), stmts)
	}
	for _, st := range stmts {
		run(t, db, st.Text)
	}
	_, rows := rowsOf(t, db, "list @s")
	wantEqual(t, "LIST after two PUTs", [][]string{{rows[0][0]}, {rows[len(rows)-1][0]}}, [][]string{{"s/a.csv"}, {"s/b.csv"}})
	if len(rows) != 2 {
		t.Fatalf("LIST: %q", rows)
	}
}
