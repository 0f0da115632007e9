package migrations

import (
	"strings"
	"testing"
	"testing/fstest"
)

func prepared(t *testing.T, files map[string]string) []*Rendered {
	t.Helper()
	fsys := fstest.MapFS{}
	for n, s := range files {
		fsys[n] = &fstest.MapFile{Data: []byte(s)}
	}
	m, err := New(nil, fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := m.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func states(st *Status) string {
	var s []string
	for _, e := range st.Entries {
		s = append(s, e.Script+"="+string(e.State))
	}
	return strings.Join(s, " ")
}

func TestCompare(t *testing.T) {
	t.Parallel()
	rs := prepared(t, map[string]string{
		"V1__a.sql": "SELECT 1;", "V2__b.sql": "SELECT 2;", "V3__c.sql": "SELECT 3;",
		"R__v.sql": "SELECT 'v';", "A__x.sql": "SELECT 'x';",
	})
	sum := map[string]string{}
	for _, r := range rs {
		sum[r.Name] = r.Checksum
	}
	ok := func(typ Kind, v, d, script, checksum string) Applied {
		return Applied{Type: typ, Version: v, Description: d, Script: script, Checksum: checksum, Status: StatusSuccess}
	}

	st := compare(rs, nil, nil)
	if got := states(st); got != "V1__a.sql=pending V2__b.sql=pending V3__c.sql=pending R__v.sql=pending A__x.sql=pending" {
		t.Fatal(got)
	}

	hist := []Applied{
		ok(Versioned, "1", "a", "V1__a.sql", sum["V1__a.sql"]),
		ok(Versioned, "3", "c", "V3__c.sql", "changed"),
		ok(Repeatable, "", "v", "R__v.sql", sum["R__v.sql"]),
		ok(Versioned, "9", "gone", "V9__gone.sql", "x"),
	}
	st = compare(rs, hist, nil)
	want := "V1__a.sql=applied V2__b.sql=out-of-order V3__c.sql=drifted R__v.sql=applied A__x.sql=pending V9__gone.sql=missing"
	if got := states(st); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	m, _ := New(nil, fstest.MapFS{}, Options{})
	err := m.Check(st)
	if err == nil || !strings.Contains(err.Error(), "V3__c.sql was changed after it was applied") ||
		!strings.Contains(err.Error(), "V2__b.sql is older than the newest applied version") {
		t.Fatalf("check: %v", err)
	}
	m.opts.OutOfOrder = true
	if err := m.Check(st); err == nil || strings.Contains(err.Error(), "V2__b.sql") {
		t.Fatalf("with OutOfOrder, only drift remains: %v", err)
	}

	// A changed repeatable is pending; a failed one blocks.
	hist = []Applied{ok(Versioned, "1", "a", "V1__a.sql", sum["V1__a.sql"]), ok(Repeatable, "", "v", "R__v.sql", "old")}
	st = compare(rs, hist, nil)
	if e := st.Entries[3]; e.State != StatePending || e.Reason != "changed" {
		t.Fatalf("changed R: %+v", e)
	}
	hist = append(hist, Applied{Type: Versioned, Version: "2", Description: "b", Script: "V2__b.sql", Status: StatusFailed, Error: "boom"})
	st = compare(rs, hist, nil)
	if st.Entries[1].State != StateFailed {
		t.Fatal(states(st))
	}
	if err := m.Check(st); err == nil || !strings.Contains(err.Error(), "V2__b.sql failed") || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("failed check: %v", err)
	}

	// Baseline and target.
	st = compare(rs, []Applied{{Type: Baseline, Version: "2", Status: StatusSuccess}}, nil)
	if got := states(st); !strings.HasPrefix(got, "V1__a.sql=baseline V2__b.sql=baseline V3__c.sql=pending") {
		t.Fatal(got)
	}
	st = compare(rs, nil, Version{2})
	if got := states(st); got != "V1__a.sql=pending V2__b.sql=pending V3__c.sql=above-target R__v.sql=above-target A__x.sql=above-target" {
		t.Fatal(got)
	}
	if st.Clean() {
		t.Fatal("pending is not clean")
	}
}
