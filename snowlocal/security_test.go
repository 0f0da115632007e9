package snowlocal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Finding 1 of issue 12: a logged-in client must not read host files
// through DuckDB's file functions, nor change DuckDB's configuration.
func TestClientSQLCannotReachHostFiles(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sec_files")
	secret := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(secret, []byte("k,v\nhost-secret,42\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lit := "'" + secret + "'"
	for _, q := range []string{
		"select * from read_text(" + lit + ")",
		"select * from read_csv(" + lit + ")",
		"select * from read_blob(" + lit + ")",
		"select * from glob(" + lit + ")",
		`select * from "` + secret + `"`,
		"select * from " + lit,
		"copy (select 1) to " + quoteDir(t.TempDir()) ,
		"attach " + quoteDir(filepath.Join(t.TempDir(), "x.duckdb")) + " as x",
		"install httpfs",
		"load httpfs",
		"set enable_external_access = true",
		"set lock_configuration = false",
	} {
		rows, err := db.Query(q)
		if err == nil {
			var got []string
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				rows.Scan(ptrs...)
				for _, v := range vals {
					got = append(got, toString(v))
				}
			}
			err = rows.Err()
			rows.Close()
			if strings.Contains(strings.Join(got, " "), "host-secret") {
				t.Errorf("%s read the host file: %v", q, got)
				continue
			}
			if err == nil && !strings.HasPrefix(q, "set ") {
				t.Errorf("%s: want an error, got rows %v", q, got)
			}
		}
	}
	// The SETs above changed nothing DuckDB enforces.
	var v string
	if err := db.QueryRow("select * from read_text(" + lit + ")").Scan(&v); err == nil {
		t.Errorf("after SET, read_text still reads the host file: %q", v)
	}
}

func quoteDir(p string) string { return "'" + strings.ReplaceAll(p, "'", "''") + "'" }

func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
