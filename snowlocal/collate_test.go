package snowlocal_test

import (
	"database/sql"
	"testing"
)

// TestCollateComparisons: comparisons under the Snowflake-specific
// collation specifications, as the collation page
// (https://docs.snowflake.com/en/sql-reference/collation) defines them:
// 'upper'/'lower' convert both strings before comparing, 'trim'/'ltrim'/
// 'rtrim' remove leading and/or trailing spaces ('en-trim': "__ABC_ = ABC"
// True, 'en-ltrim' and 'en-rtrim' False), 'utf8' is the default code point
// order, ” is no collation, and a function-level collation wins over none;
// A BETWEEN X AND Y is A >= X AND A <= Y, each with its own collation (the
// BETWEEN page).
func TestCollateComparisons(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coll", "use database coll",
		"create table words (w varchar)",
		"insert into words values ('Tango'), ('tango'), ('TANGO'), ('tangos'), (null)")
	for q, want := range map[string]sql.NullBool{
		"select 'abc' collate 'upper' = 'ABC'":                                   {Bool: true, Valid: true},
		"select 'abc' = 'ABC' collate 'lower'":                                   {Bool: true, Valid: true},
		"select COLLATE('abc', 'upper') <> 'ABC'":                                {Bool: false, Valid: true},
		"select 'abc' != COLLATE('ABD', 'lower')":                                {Bool: true, Valid: true},
		"select 'abc' = 'ABC'":                                                   {Bool: false, Valid: true},
		"select 'abc' collate 'utf8' = 'ABC'":                                    {Bool: false, Valid: true},
		"select 'abc' collate '' = 'ABC'":                                        {Bool: false, Valid: true},
		"select 'B' < 'a'":                                                       {Bool: true, Valid: true},
		"select 'B' collate 'lower' < 'a'":                                       {Bool: false, Valid: true},
		"select '  ABC ' = 'ABC' collate 'trim'":                                 {Bool: true, Valid: true},
		"select '  ABC ' = 'ABC' collate 'ltrim'":                                {Bool: false, Valid: true},
		"select '  ABC ' = 'ABC' collate 'rtrim'":                                {Bool: false, Valid: true},
		"select '  ABC' = 'ABC' collate 'ltrim'":                                 {Bool: true, Valid: true},
		"select ' abc  ' = 'ABC' collate 'upper-trim'":                           {Bool: true, Valid: true},
		"select 'm' not between collate('A', 'lower') and collate('Z', 'lower')": {Bool: false, Valid: true},
		"select 'm' between collate('A', 'lower') and 'Z'":                       {Bool: false, Valid: true}, // 'm' <= 'Z' is false
		"select collate('m', 'upper') between 'A' and 'Z' and 1 = 1":             {Bool: true, Valid: true},
		"select not 'a' collate 'upper' = 'A'":                                   {Bool: false, Valid: true},
		"select iff('a' collate 'upper' = 'A', true, false)":                     {Bool: true, Valid: true},
		"select 'Ä' collate 'lower' = 'ä'":                                       {Bool: true, Valid: true},
		"select null collate 'upper' = 'a'":                                      {},
	} {
		var got sql.NullBool
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", q, got, err, want)
		}
	}
	// In a WHERE clause and a join condition, over a column.
	for q, want := range map[string]string{
		"select count(*) from words where collate(w, 'upper') = 'TANGO'":                             "3",
		"select count(*) from words where w collate 'lower' <> 'tango'":                              "1",
		"select count(*) from words a join words b on a.w collate 'upper' = b.w where a.w = 'tango'": "3",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %s", q, got, err, want)
		}
	}
	// A locale (cs is the default, ci ignores case: the collation page's
	// 'en-ci' and 'en-cs' Abc = abc), MAX and CONTAINS under 'upper'
	// (collate_fidelity_test.go has more).
	for q, want := range map[string]string{
		"select ('a' collate 'en-ci' = 'A')::varchar":                                      "true",
		"select ('a' = collate('A', 'de'))::varchar":                                       "false",
		"select max(w collate 'upper') from words":                                         "tangos",
		"select count_if(contains(w collate 'upper', 'a')) from words":                     "4",
		"select count(distinct w collate 'lower') from words":                              "2", // collate_count_test.go
		"select listagg(w, ',') within group (order by collate(w, 'upper'), w) from words": "TANGO,Tango,tango,tangos",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %s", q, got, err, want)
		}
	}
	// Refused: ICU specifications but a locale with cs/ci and ci-ai (pi,
	// fl/fu, cs-ai), a collated value where Snowflake carries it further
	// (GROUP BY, DISTINCT, LIKE, most functions...), a column
	// collation the engine does not apply, different collations of one precedence (Snowflake's
	// 002322), a non-text operand, and a letter whose full case mapping
	// DuckDB's one-to-one mapping does not give.
	mustExec(t, db, "alter schema public set default_ddl_collation = ''") // no collation
	for q, part := range map[string]string{
		"select 'a' collate 'upper-ci' = 'A'":                         "COLLATE 'upper-ci'",
		"select 'a' collate 'upper-lower' = 'A'":                      "COLLATE 'upper-lower'",
		"select 'a' collate 'utf8' < 'b' collate 'upper'":             "incompatible collations 'utf8' and 'upper'",
		"select collate('a', 'upper') order by 1":                     "COLLATE",
		"select count(w collate 'lower') from words":                  "COLLATE",
		"select w from words where w collate 'upper' like 'T%'":       "COLLATE",
		"select 'a' || 'b' collate 'upper' = 'AB'":                    "COLLATE",
		"select 'a' collate 'upper' = 'A' || 'b'":                     "COLLATE",
		"create table c1 (v varchar collate 'upper-ci')":              "COLLATE 'upper-ci'",
		"create table c1 (v int collate 'upper')":                     "COLLATE",
		"create table c2 (v varchar) default_ddl_collation = 'upper'": "DEFAULT_DDL_COLLATION",
		"alter database coll set default_ddl_collation = 'en-ci'":     "DEFAULT_DDL_COLLATION",
		"create schema s2 default_ddl_collation = 'de'":               "DEFAULT_DDL_COLLATION",
		"select 1 collate 'upper' = '1'":                              "COLLATE of a value that is not a text",
		"select 'Σ' collate 'lower' = 'σ'":                            "COLLATE 'lower' of Σ or İ",
	} {
		wantRefused(t, db, q, part)
	}
}
