// Package udfs holds the functions flurry deploys to Snowflake, as real source
// files a migration embeds between $$ and $$ (Python UDTF handlers, SQL UDF
// bodies), and their Go twins: Go implementations with the same semantics that
// the local engine uses when python3 is not available.
package udfs

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Files holds the function sources: <name>.py (Python handler bodies) and
// <name>.sql (SQL UDF body expressions).
//
//go:embed *.py *.sql
var Files embed.FS

// Source returns a function's source. name is a file name in Files
// ("parse_s3_access_logs.py") or a function name ("parse_s3_access_logs",
// case-insensitive), which finds <name>.py or <name>.sql.
func Source(name string) (string, error) {
	candidates := []string{name}
	if !strings.Contains(name, ".") {
		lower := strings.ToLower(name)
		candidates = []string{lower + ".py", lower + ".sql"}
	}
	for _, c := range candidates {
		b, err := fs.ReadFile(Files, c)
		if err == nil {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("udfs: no source for %q (have: %s)", name, strings.Join(names(), ", "))
}

func names() []string {
	entries, _ := fs.ReadDir(Files, ".")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out
}
