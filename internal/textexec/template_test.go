package textexec

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"text/template"
	"time"
)

// stamp has methods both callable (Unix, Format, String) and not (Secret).
type stamp struct{ t time.Time }

func (s stamp) Unix() int64                 { return s.t.Unix() }
func (s stamp) Format(layout string) string { return s.t.Format(layout) }
func (s stamp) String() string              { return "stamp:" + s.t.Format(time.RFC3339) }
func (s stamp) Secret() string              { return "method" }

var testFuncs = template.FuncMap{
	"upper": strings.ToUpper,
	"at":    func() stamp { return stamp{time.Date(2024, 5, 1, 13, 45, 0, 0, time.UTC)} },
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	},
	"fail": func() (string, error) { return "", errFail },
}

var errFail = errors.ErrUnsupported

// TestSameAsTextTemplate runs each template through text/template (the
// reference) and through Execute and wants the same output or the same error.
func TestSameAsTextTemplate(t *testing.T) {
	data := map[string]any{
		"HOST":  "web-1",
		"N":     3,
		"ROWS":  []map[string]any{{"A": 1}, {"A": 2}},
		"M":     map[string]int{"b": 2, "a": 1, "c": 3},
		"NIL":   nil,
		"EMPTY": "",
		"T":     time.Date(2024, 5, 1, 13, 45, 0, 0, time.UTC),
		"F":     1.5,
	}
	cases := []string{
		`{{.HOST}} has {{.N}}`,
		`{{upper .HOST}} {{.HOST | upper | printf "%q"}}`,
		`{{if .EMPTY}}yes{{else if .N}}n={{.N}}{{else}}no{{end}}`,
		`{{range $i, $r := .ROWS}}{{$i}}:{{$r.A}} {{end}}`,
		`{{range $k, $v := .M}}{{$k}}={{$v}},{{end}}`,
		`{{range seq 5}}{{if eq . 2}}{{continue}}{{end}}{{if gt . 3}}{{break}}{{end}}{{.}}{{end}}`,
		`{{with .HOST}}[{{.}}]{{end}}{{with .EMPTY}}x{{else}}empty{{end}}`,
		`{{define "row"}}<{{.A}}>{{end}}{{range .ROWS}}{{template "row" .}}{{end}}`,
		`{{block "b" .N}}{{.}}!{{end}}`,
		`{{len .ROWS}} {{index .M "b"}} {{slice .HOST 0 3}} {{and 1 0}} {{or 0 "x"}} {{not .N}}`,
		`{{html "<a>"}} {{js "'"}} {{urlquery "a b"}} {{print 1 2}} {{println "x"}}`,
		`{{eq .N 3}} {{ne .HOST "x"}} {{lt 1 2}} {{le 2 2}} {{ge .F 1.0}} {{eq .N 1 2 3}}`,
		`{{$x := 1}}{{$x = 2}}{{$x}} {{$}}`,
		`{{at}} {{at.Unix}} {{(at).Format "2006-01-02"}} {{.T.Unix}} {{.T.Format "15:04"}}`,
		`{{.T}} {{.NIL}} {{.F}}`,
		`{{- " trim " -}} x`,
		// errors: the same message text/template gives
		`{{.MISSING}}`,
		`{{.HOST.X}}`,
		`{{fail}}`,
		`{{index .ROWS 5}}`,
		`{{template "nope"}}`,
		`{{lt .HOST 1}}`,
		`{{.N.Unix}}`,
	}
	for _, src := range cases {
		ref, err := template.New("t").Option("missingkey=error").Funcs(testFuncs).Parse(src)
		if err != nil {
			t.Fatalf("%s: reference parse: %v", src, err)
		}
		var want strings.Builder
		wantErr := ref.Execute(&want, data)

		got, err := Parse("t", src, testFuncs)
		if err != nil {
			t.Fatalf("%s: parse: %v", src, err)
		}
		var out strings.Builder
		gotErr := got.Execute(&out, data)
		if out.String() != want.String() || errString(gotErr) != errString(wantErr) {
			t.Errorf("%s:\n got %q, %v\nwant %q, %v", src, out.String(), gotErr, want.String(), wantErr)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOnlyListedMethods: a method whose name is not in callableMethods is not
// called; the name is looked up as a field and fails as text/template fails
// for a missing field, while a listed method of the same value works.
func TestOnlyListedMethods(t *testing.T) {
	tm, err := Parse("t", `{{at.Secret}}`, testFuncs)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = tm.Execute(&out, nil)
	want := `can't evaluate field Secret in type textexec.stamp`
	if !strings.HasSuffix(errString(err), want) {
		t.Fatalf("got %q, %v; want error %q", out.String(), err, want)
	}
	if _, ok := err.(template.ExecError); !ok {
		t.Errorf("error is %T, want text/template.ExecError", err)
	}
}

// allMethods has a method of every name in callableMethods.
type allMethods struct{}

func (allMethods) Unix() int                  { return 0 }
func (allMethods) Epoch() int                 { return 0 }
func (allMethods) S3() int                    { return 0 }
func (allMethods) Fluentd() int               { return 0 }
func (allMethods) SQL() int                   { return 0 }
func (allMethods) Format() int                { return 0 }
func (allMethods) String() string             { return "" }
func (allMethods) StartOfHour() int           { return 0 }
func (allMethods) Plus() int                  { return 0 }
func (allMethods) Minus() int                 { return 0 }
func (allMethods) Flags() int                 { return 0 }
func (allMethods) Name() int                  { return 0 }
func (allMethods) Names() int                 { return 0 }
func (allMethods) VisibleCategories() int     { return 0 }
func (allMethods) VisibleCommands() int       { return 0 }
func (allMethods) VisibleFlagCategories() int { return 0 }
func (allMethods) VisibleFlags() int          { return 0 }

// TestCallableMethodsResolved keeps the list and methodByName's switch in step.
func TestCallableMethodsResolved(t *testing.T) {
	v := reflect.ValueOf(allMethods{})
	if v.NumMethod() != len(callableMethods) {
		t.Fatalf("allMethods has %d methods, callableMethods %d names", v.NumMethod(), len(callableMethods))
	}
	for _, name := range callableMethods {
		if !methodByName(v, name).IsValid() {
			t.Errorf("methodByName does not resolve %q", name)
		}
	}
}
