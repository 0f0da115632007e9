package sqllex

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type kt struct {
	Kind Kind
	Text string
}

func significant(t *testing.T, src string) []kt {
	t.Helper()
	toks, err := Tokenize(src)
	if err != nil {
		t.Fatalf("Tokenize(%q): %v", src, err)
	}
	var out []kt
	for _, tok := range toks {
		if tok.Significant() {
			out = append(out, kt{tok.Kind, tok.Text})
		}
	}
	return out
}

func TestTokenize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		want []kt
	}{
		{"select a, B1$x from t", []kt{{Word, "select"}, {Word, "a"}, {Op, ","}, {Word, "B1$x"}, {Word, "from"}, {Word, "t"}}},
		{`"My ""Col"""`, []kt{{QuotedIdent, `"My ""Col"""`}}},
		{`'a''b' 'c\'d' ''`, []kt{{String, `'a''b'`}, {String, `'c\'d'`}, {String, `''`}}},
		{"$$ x ' \" $$", []kt{{DollarString, "$$ x ' \" $$"}}},
		{"1 1.5 (.5) 1e10 2E-3 7.", []kt{{Number, "1"}, {Number, "1.5"}, {Op, "("}, {Number, ".5"}, {Op, ")"}, {Number, "1e10"}, {Number, "2E-3"}, {Number, "7."}}},
		{"STG.$1, $12, $var", []kt{{Word, "STG"}, {Op, "."}, {Variable, "$1"}, {Op, ","}, {Variable, "$12"}, {Op, ","}, {Variable, "$var"}}},
		{"x = ? and y = :1 and z = :name", []kt{{Word, "x"}, {Op, "="}, {Bind, "?"}, {Word, "and"}, {Word, "y"}, {Op, "="}, {Bind, ":1"}, {Word, "and"}, {Word, "z"}, {Op, "="}, {Bind, ":name"}}},
		{"select :v into :w", []kt{{Word, "select"}, {Bind, ":v"}, {Word, "into"}, {Bind, ":w"}}},
		{"record:agent.x[0]:\"K\"", []kt{{Word, "record"}, {Op, ":"}, {Word, "agent"}, {Op, "."}, {Word, "x"}, {Op, "["}, {Number, "0"}, {Op, "]"}, {Op, ":"}, {QuotedIdent, `"K"`}}},
		{"f(x):ipv4", []kt{{Word, "f"}, {Op, "("}, {Word, "x"}, {Op, ")"}, {Op, ":"}, {Word, "ipv4"}}},
		{"a::int x => 1 a||b <= >= <> != := -> ->> **", []kt{{Word, "a"}, {Op, "::"}, {Word, "int"}, {Word, "x"}, {Op, "=>"}, {Number, "1"}, {Word, "a"}, {Op, "||"}, {Word, "b"}, {Op, "<="}, {Op, ">="}, {Op, "<>"}, {Op, "!="}, {Op, ":="}, {Op, "->"}, {Op, "->>"}, {Op, "**"}}},
		{"@stage/path", []kt{{Op, "@"}, {Word, "stage"}, {Op, "/"}, {Word, "path"}}},
		{"a -- c\nb // d\nc /* e\nf */ g", []kt{{Word, "a"}, {Word, "b"}, {Word, "c"}, {Word, "g"}}},
		{"été_1 + `x", []kt{{Word, "été_1"}, {Op, "+"}, {Op, "`"}, {Word, "x"}}},
		{"a-b-1", []kt{{Word, "a"}, {Op, "-"}, {Word, "b"}, {Op, "-"}, {Number, "1"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, significant(t, tt.src)); diff != "" {
			t.Errorf("Tokenize(%q) (-want +got):\n%s", tt.src, diff)
		}
	}
}

func TestTokenPositions(t *testing.T) {
	t.Parallel()
	src := "select 'é',\n  /* c\n */ x"
	toks, err := Tokenize(src)
	if err != nil {
		t.Fatal(err)
	}
	type pos struct {
		Text           string
		Pos, Line, Col int
	}
	var got []pos
	for _, tk := range toks {
		got = append(got, pos{tk.Text, tk.Pos, tk.Line, tk.Col})
	}
	want := []pos{
		{"select", 0, 1, 1}, {" ", 6, 1, 7}, {"'é'", 7, 1, 8}, {",", 11, 1, 11}, {"\n  ", 12, 1, 12},
		{"/* c\n */", 15, 2, 3}, {" ", 23, 3, 4}, {"x", 24, 3, 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestKindString(t *testing.T) {
	t.Parallel()
	if Word.String() != "Word" || DollarString.String() != "DollarString" || Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"select 1; select 2",
		"select 'a;b', \"c;d\" -- x;\n; /* ; */ select $$;$$",
		"begin if (x) then return 1; end if; end; select case when 1 then 2 end",
		"declare x int; begin x := 1; end;",
		"BEGIN; COMMIT;",
		"select record:a.b[0]::varchar, $1, :x, ? from @stage/x (file_format => 'f') s",
		"select 'unterminated",
		"/* open",
		"é\xff\xfe'",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		toks, err := Tokenize(src)
		if err == nil {
			var b strings.Builder
			for _, tk := range toks {
				if tk.Text == "" {
					t.Fatalf("empty token at %d", tk.Pos)
				}
				if src[tk.Pos:tk.Pos+len(tk.Text)] != tk.Text {
					t.Fatalf("token %q does not match source at %d", tk.Text, tk.Pos)
				}
				b.WriteString(tk.Text)
			}
			if b.String() != src {
				t.Fatalf("tokens do not reproduce the input:\n%q\n%q", b.String(), src)
			}
		}
		stmts, serr := Split(src)
		if (err != nil) && serr == nil {
			t.Fatalf("Tokenize failed (%v) but Split did not", err)
		}
		for _, s := range stmts {
			if s.Text == "" || s.Text != strings.TrimSpace(s.Text) || src[s.Pos:s.Pos+len(s.Text)] != s.Text {
				t.Fatalf("bad statement %+v", s)
			}
		}
	})
}
