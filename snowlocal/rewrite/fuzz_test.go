package rewrite

import (
	"strings"
	"testing"
)

// FuzzRewriteLimits: no input, however deep or malformed, may crash the rewriter;
// it answers with DuckDB SQL or an *Error. `go test` runs the seeds (and
// testdata/fuzz); `go test -fuzz FuzzRewriteLimits` explores.
func FuzzRewriteLimits(f *testing.F) {
	for _, s := range []string{
		"select 1",
		"select a:b.c[0]::varchar from t where x ilike 'a%' qualify row_number() over (partition by a order by b) = 1",
		"select case when a then (select max(b) from t) else [1, 2][0] end, {'a': 1}",
		"insert into t select $1, metadata$filename from @s (file_format => 'f')",
		"select " + strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300),
		"select " + strings.Repeat("(", 100_000),
		strings.Repeat("select ", 1000) + "1",
		"select 1\x00, 2",
		"select ((((((",
		"select )))",
		"select case case case end",
		"select 1::::int",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := Rewrite(src, Options{})
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Rewrite(%q) error %T, want *Error: %v", src, err, err)
			}
			return
		}
		if strings.IndexByte(out, 0) >= 0 {
			t.Fatalf("Rewrite(%q) passed a NUL byte to DuckDB", src)
		}
	})
}
