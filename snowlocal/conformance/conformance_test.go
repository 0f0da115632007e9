package conformance

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/warehouse"
	sf "github.com/snowflakedb/gosnowflake"
)

// tally counts examples per category for the report.
type tally struct {
	mu                    sync.Mutex
	pass, refused, failed map[string]int
}

var counts = tally{pass: map[string]int{}, refused: map[string]int{}, failed: map[string]int{}}

func (t *tally) add(cat string, c Check, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case !ok:
		t.failed[cat]++
	case c.Refused:
		t.refused[cat]++
	default:
		t.pass[cat]++
	}
}

// TestConformance runs every documented example in testdata/*.sqltest
// through gosnowflake against a fresh local engine per file.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob("testdata/*.sqltest")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	t.Run("files", func(t *testing.T) {
		for _, f := range files {
			cat := strings.TrimSuffix(filepath.Base(f), ".sqltest")
			t.Run(cat, func(t *testing.T) {
				t.Parallel()
				runFile(t, f, cat)
			})
		}
	})
	report(t)
}

func runFile(t *testing.T, file, cat string) {
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := Parse(file, string(text))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxIdleConns(0) // every case gets a fresh session
	for i, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			runCase(t, db.DB, c, cat, i)
		})
	}
}

func runCase(t *testing.T, db *sql.DB, c *Case, cat string, i int) {
	// A case's statements share one deadline of five minutes: the
	// udf_docs9 scripting UDF cases (about 15 s of CPU) and the
	// views-materialized profits example (a view joining a view, whose
	// unqualified QUANTITY is also a select alias, takes the rewriter's
	// untyped path) ran past one minute on a loaded shared machine; a hang
	// still fails the case.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	where := fmt.Sprintf("%s:%d (%s)", c.File, c.Line, c.Source)
	dbName := fmt.Sprintf("CONF_%s_%d", strings.ToUpper(cat), i)
	if _, err := conn.ExecContext(ctx, "create or replace database "+dbName); err != nil {
		t.Fatalf("%s: create database: %v", where, err)
	}
	defer conn.ExecContext(context.Background(), "drop database if exists "+dbName)
	if c.Setup != "" {
		stmts, err := warehouse.SplitScript(c.File, c.Setup)
		if err != nil {
			t.Fatalf("%s: setup: %v", where, err)
		}
		for _, s := range stmts {
			if _, err := conn.ExecContext(ctx, s.Text); err != nil {
				for _, ch := range c.Checks {
					counts.add(cat, ch, false)
				}
				t.Fatalf("%s: setup statement %q: %v", where, s.Text, err)
			}
		}
	}
	for _, ch := range c.Checks {
		msg := runCheck(ctx, conn, c, ch)
		counts.add(cat, ch, msg == "")
		if msg != "" {
			t.Errorf("%s:%d (%s)\n%s\n%s", c.File, ch.Line, c.Source, ch.Query, msg)
		}
	}
}

// runCheck runs a check's statements and returns "" or what differs.
func runCheck(ctx context.Context, conn *sql.Conn, c *Case, ch Check) string {
	stmts, err := warehouse.SplitScript(c.File, ch.Query)
	if err != nil {
		return err.Error()
	}
	for _, s := range stmts[:len(stmts)-1] {
		if _, err := conn.ExecContext(ctx, s.Text); err != nil {
			return fmt.Sprintf("statement %q: %v", s.Text, err)
		}
	}
	last := stmts[len(stmts)-1].Text
	if ch.Semicolon {
		last += ";"
	}
	cols, types, rows, err := query(ctx, conn, last)
	if ch.ErrCode != "" {
		what := "error"
		if ch.Refused {
			what = "refusal"
		}
		if err == nil {
			return fmt.Sprintf("want %s %s %q, got a result: %v %q", what, ch.ErrCode, ch.ErrText, cols, rows)
		}
		var se *sf.SnowflakeError
		if !errors.As(err, &se) {
			return fmt.Sprintf("want %s %s, got a non-Snowflake error: %v", what, ch.ErrCode, err)
		}
		if code := fmt.Sprintf("%06d", se.Number); !codeMatches(code, ch.ErrCode) || !strings.Contains(strings.ToLower(se.Message), strings.ToLower(ch.ErrText)) {
			return fmt.Sprintf("want %s %s containing %q, got %s: %s", what, ch.ErrCode, ch.ErrText, code, se.Message)
		}
		return ""
	}
	if err != nil {
		return fmt.Sprintf("error: %v", err)
	}
	return diff(ch, cols, types, rows)
}

// codeMatches: an error's code is the one the case names, or, for a case
// whose docs give none (AnyCode), any code but a refusal's.
func codeMatches(code, want string) bool {
	if want == AnyCode {
		return code != "002040" && code != "002140"
	}
	return code == want
}

func query(ctx context.Context, conn *sql.Conn, q string) (cols, types []string, rows [][]string, err error) {
	r, err := conn.QueryContext(ctx, q)
	if err != nil {
		return nil, nil, nil, err
	}
	defer r.Close()
	cols, _ = r.Columns()
	cts, _ := r.ColumnTypes()
	for _, ct := range cts {
		types = append(types, strings.ToUpper(ct.DatabaseTypeName()))
	}
	for r.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			return nil, nil, nil, err
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = Render(types[i], v)
		}
		rows = append(rows, row)
	}
	return cols, types, rows, r.Err()
}

func diff(ch Check, cols, types []string, rows [][]string) string {
	want := ch.Expect
	show := func() string {
		var b strings.Builder
		fmt.Fprintf(&b, "got columns %q types %q\n", cols, types)
		for _, r := range rows {
			fmt.Fprintf(&b, "  got  %q\n", r)
		}
		if want.Columns != nil {
			fmt.Fprintf(&b, "want columns %q\n", want.Columns)
		}
		for _, r := range want.Rows {
			fmt.Fprintf(&b, "  want %q\n", r)
		}
		return b.String()
	}
	if want.Columns != nil && !ch.NoColumns {
		if len(cols) != len(want.Columns) {
			return "column count differs\n" + show()
		}
		for i := range cols {
			if !strings.EqualFold(cols[i], want.Columns[i]) && normalizeName(cols[i]) != normalizeName(want.Columns[i]) {
				return fmt.Sprintf("column %d is %q, docs %q\n%s", i+1, cols[i], want.Columns[i], show())
			}
		}
	}
	if ch.Subset {
		return subsetDiff(cols, types, rows, want, show)
	}
	if len(rows) != len(want.Rows) {
		return fmt.Sprintf("%d rows, docs %d\n%s", len(rows), len(want.Rows), show())
	}
	if len(want.Rows) > 0 && len(want.Rows[0]) != len(cols) {
		return "column count differs\n" + show()
	}
	got, exp, raw := rows, want.Rows, want.Raw
	if ch.Lines {
		// The docs' box prints a tab of the value as four spaces (GET_DDL's
		// column lines on the parameters page).
		got = [][]string{}
		for _, r := range rows {
			out := make([]string, len(r))
			for j, v := range r {
				out[j] = strings.ReplaceAll(v, "\t", "    ")
			}
			got = append(got, out)
		}
	}
	if ch.Unordered {
		got = sorted(rows)
		exp, raw = sortedWithRaw(want.Rows, want.Raw)
	}
	for i := range got {
		for j := range got[i] {
			// A text's leading spaces survive only in the raw cell (and
			// its trailing ones nowhere: the box pads the cell with blanks).
			rawText := types[j] == "TEXT" && raw != nil && strings.TrimRight(got[i][j], " ") == raw[i][j]
			if !Equal(types[j], got[i][j], exp[i][j]) && !rawText {
				return fmt.Sprintf("row %d column %s (%s): got %q, docs %q\n%s", i+1, cols[j], types[j], got[i][j], exp[i][j], show())
			}
		}
	}
	return ""
}

// subsetDiff checks "options: subset": each got row matches a documented
// row not matched before (a sample returns a table's row at most once).
func subsetDiff(cols, types []string, rows [][]string, want *Table, show func() string) string {
	if len(want.Rows) > 0 && len(want.Rows[0]) != len(cols) {
		return "column count differs\n" + show()
	}
	used := make([]bool, len(want.Rows))
	for i, r := range rows {
		found := false
		for k, w := range want.Rows {
			if used[k] || len(r) != len(w) {
				continue
			}
			same := true
			for j := range r {
				if !Equal(types[j], r[j], w[j]) {
					same = false
					break
				}
			}
			if same {
				used[k], found = true, true
				break
			}
		}
		if !found {
			return fmt.Sprintf("row %d %q is not one of the documented rows (or more often than listed)\n%s", i+1, r, show())
		}
	}
	return ""
}

// normalizeName drops spaces: the docs' headers print expressions with the
// spacing a user typed, Snowflake's column names keep it too, but docs
// sometimes reflow long headers.
func normalizeName(s string) string {
	return strings.ToUpper(strings.Join(strings.Fields(s), ""))
}

// sorted orders got rows by their cells with the blanks around them taken
// off, the key a docs row (trimmed when its box is read) sorts by: a text
// printed with leading blanks (TO_CHAR's fill mode) sorts beside its row.
func sorted(rows [][]string) [][]string {
	out := append([][]string(nil), rows...)
	sort.SliceStable(out, func(i, j int) bool { return sortKey(out[i]) < sortKey(out[j]) })
	return out
}

func sortKey(row []string) string {
	cells := make([]string, len(row))
	for i, c := range row {
		cells[i] = strings.TrimSpace(c)
	}
	return strings.Join(cells, "\x00")
}

// sortedWithRaw sorts rows as sorted does, keeping each row's raw cells
// (nil stays nil) beside it.
func sortedWithRaw(rows, raw [][]string) ([][]string, [][]string) {
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		return sortKey(rows[idx[a]]) < sortKey(rows[idx[b]])
	})
	out := make([][]string, len(rows))
	var outRaw [][]string
	if raw != nil {
		outRaw = make([][]string, len(rows))
	}
	for i, k := range idx {
		out[i] = rows[k]
		if raw != nil {
			outRaw[i] = raw[k]
		}
	}
	return out, outRaw
}

// report logs the pass/refused/failed counts per category and, with
// FLURRY_CONFORMANCE_REPORT=path, writes them as a markdown table.
func report(t *testing.T) {
	counts.mu.Lock()
	defer counts.mu.Unlock()
	cats := map[string]bool{}
	for _, m := range []map[string]int{counts.pass, counts.refused, counts.failed} {
		for k := range m {
			cats[k] = true
		}
	}
	var names []string
	for k := range cats {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("| category | examples | answer as documented | refused (clear error) | failing |\n|---|---|---|---|---|\n")
	var tp, tr, tf int
	for _, k := range names {
		p, r, f := counts.pass[k], counts.refused[k], counts.failed[k]
		tp, tr, tf = tp+p, tr+r, tf+f
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d |\n", k, p+r+f, p, r, f)
	}
	fmt.Fprintf(&b, "| **total** | **%d** | **%d** | **%d** | **%d** |\n", tp+tr+tf, tp, tr, tf)
	t.Logf("conformance:\n%s", b.String())
	if path := os.Getenv("FLURRY_CONFORMANCE_REPORT"); path != "" {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Error(err)
		}
	}
}
