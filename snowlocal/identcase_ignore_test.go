package snowlocal_test

import (
	"strings"
	"testing"
)

// TestQuotedIdentifiersIgnoreCaseLeavesStrings checks that with
// QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE only identifiers fold to upper case
// (docs: Identifier requirements): double quotes inside string literals and
// JSON text stay as written, and UNSET brings case-sensitive names back.
func TestQuotedIdentifiersIgnoreCaseLeavesStrings(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database if not exists qiicdb", "use database qiicdb",
		"alter session set quoted_identifiers_ignore_case = true",
		`create table "Mixed" ("Col" varchar)`, `insert into "Mixed" values ('"x"')`)
	var s, k string
	if err := db.QueryRow(`select "col", parse_json('{"Key": "v"}'):Key::varchar from mixed`).Scan(&s, &k); err != nil {
		t.Fatal(err)
	}
	if s != `"x"` || k != "v" {
		t.Fatalf(`"col" = %q, parse_json(...):Key = %q; want "x" and v`, s, k)
	}
	mustExec(t, db, "alter session unset quoted_identifiers_ignore_case")
	if _, err := db.Exec(`select * from "Mixed"`); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf(`after UNSET, "Mixed" (stored as MIXED) must not resolve; got %v`, err)
	}
}
