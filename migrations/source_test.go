package migrations

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestParseName(t *testing.T) {
	t.Parallel()
	good := []struct {
		name    string
		kind    Kind
		version string
		desc    string
	}{
		{"V1__init.sql", Versioned, "1", "init"},
		{"V001__init.sql", Versioned, "1", "init"},
		{"V1_2__add_pipes.sql", Versioned, "1.2", "add pipes"},
		{"V1.2.3__x.sql", Versioned, "1.2.3", "x"},
		{"R__vpc_flow_view.sql", Repeatable, "", "vpc flow view"},
		{"A__grants.sql", Always, "", "grants"},
	}
	for _, g := range good {
		k, v, d, err := ParseName(g.name)
		if err != nil {
			t.Errorf("ParseName(%q): %v", g.name, err)
			continue
		}
		if k != g.kind || v.String() != g.version || d != g.desc {
			t.Errorf("ParseName(%q) = %s %q %q, want %s %q %q", g.name, k, v, d, g.kind, g.version, g.desc)
		}
	}
	for _, bad := range []string{
		"V1_init.sql", "V__init.sql", "Vx__init.sql", "V1__.sql", "R1__x.sql", "A2__x.sql",
		"X1__x.sql", "v1__init.sql", "V1..2__x.sql", "V1.__x.sql", "init.sql",
	} {
		if _, _, _, err := ParseName(bad); err == nil {
			t.Errorf("ParseName(%q): no error", bad)
		} else if !strings.Contains(err.Error(), bad) {
			t.Errorf("ParseName(%q): error does not name the file: %v", bad, err)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	t.Parallel()
	v := func(s string) Version {
		x, err := ParseVersion(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cases := []struct {
		a, b string
		want int
	}{{"1", "2", -1}, {"2", "10", -1}, {"1.10", "1.9", 1}, {"1", "1.0", 0}, {"1.0.1", "1", 1}}
	for _, c := range cases {
		if got := v(c.a).Compare(v(c.b)); got != c.want {
			t.Errorf("%s vs %s = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestLoadOrdersAndRejects(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"V10__ten.sql":       {Data: []byte("SELECT 10;")},
		"V2__two.sql":        {Data: []byte("SELECT 2;")},
		"sub/V3__three.sql":  {Data: []byte("SELECT 3;")},
		"R__b.sql":           {Data: []byte("SELECT 'b';")},
		"R__a.sql":           {Data: []byte("SELECT 'a';")},
		"A__last.sql":        {Data: []byte("SELECT 'last';")},
		"README.md":          {Data: []byte("ignored")},
		"defaults.vars.yaml": {Data: []byte("x: 1")},
	}
	scripts, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range scripts {
		got = append(got, s.Name)
	}
	want := "V2__two.sql V3__three.sql V10__ten.sql R__a.sql R__b.sql A__last.sql"
	if strings.Join(got, " ") != want {
		t.Fatalf("order = %v, want %s", got, want)
	}

	fsys["V2_0__dup.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	fsys["V4_bad.sql"] = &fstest.MapFile{Data: []byte("SELECT 1;")}
	_, err = Load(fsys)
	if err == nil || !strings.Contains(err.Error(), "duplicate version 2") || !strings.Contains(err.Error(), "V4_bad.sql: bad migration file name") {
		t.Fatalf("want duplicate and bad-name errors, got %v", err)
	}
}

func TestNextVersionedName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, n := range []string{"V1__a.sql", "V7_1__b.sql", "R__c.sql"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("SELECT 1;"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := NewScript(dir, "add go-audit table")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "V8__add_go_audit_table.sql" {
		t.Fatalf("created %s", p)
	}
	if _, err := NewScript(dir, "bad;name"); err == nil {
		t.Fatal("want an error for a description with ';'")
	}
	// The new file is a valid template but has no statement yet: validate says so.
	m, err := New(nil, os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Validate(); err == nil || !strings.Contains(err.Error(), "V8__add_go_audit_table.sql: no SQL statements") {
		t.Fatalf("validate of an empty new script: %v", err)
	}
}

func TestValidateFixtures(t *testing.T) {
	t.Parallel()
	vars := NewVars()
	vars.Set("database", "TESTDB", "test", false)
	cases := []struct {
		dir  string
		want []string // substrings of the error; none means valid
	}{
		{"basic", nil},
		{"dollar", nil},
		{"bad_name", []string{"V2_missing_double_underscore.sql", "bad migration file name"}},
		{"missing_var", []string{"V1__uses_a_variable.sql", "line 3", `missing variable "landing_bucket"`, "FLURRY_VAR_LANDING_BUCKET"}},
		{"unterminated", []string{"V1__unterminated_dollar_body.sql", "line 6", "unterminated $$"}},
	}
	for _, c := range cases {
		v := vars
		if c.dir == "basic" {
			v = NewVars()
			v.Set("database", "TESTDB", "test", false)
			v.Set("first_kind", "a", "test", false)
		}
		m, err := New(nil, os.DirFS(filepath.Join("..", "testdata", "migrations", c.dir)), Options{Vars: v})
		if err != nil {
			t.Fatal(err)
		}
		res, err := m.Validate()
		if c.want == nil {
			if err != nil {
				t.Errorf("%s: %v", c.dir, err)
			} else if res.Scripts == 0 || res.Statements == 0 {
				t.Errorf("%s: validated nothing: %+v", c.dir, res)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: no error", c.dir)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not contain %q", c.dir, err, w)
			}
		}
	}
}

func TestLineEndingsDoNotChangeChecksums(t *testing.T) {
	t.Parallel()
	lf := prepared(t, map[string]string{"V1__a.sql": "SELECT 1;\nSELECT 2;\n"})
	crlf := prepared(t, map[string]string{"V1__a.sql": "\ufeffSELECT 1;\r\nSELECT 2;\r\n"})
	if lf[0].Checksum != crlf[0].Checksum {
		t.Fatal("CRLF line endings or a BOM changed the checksum")
	}
}

func TestNameErrorType(t *testing.T) {
	t.Parallel()
	_, _, _, err := ParseName("V1_x.sql")
	var ne *NameError
	if !errors.As(err, &ne) {
		t.Fatalf("want *NameError, got %T", err)
	}
}
