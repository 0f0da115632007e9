package snowlocal_test

import (
	"strings"
	"testing"
)

// The collation page: https://docs.snowflake.com/en/sql-reference/collation.
const collationPage = "https://docs.snowflake.com/en/sql-reference/collation"

// TestCollateLocaleComparisons: comparisons under an ICU locale collation,
// with the answers the collation page gives ("Character weights", the
// 'upper'/'lower' differences, the 'fr-ai'/'en-ci' tables, piñata under
// 'es-ai'). The engine refused every collation with a locale.
func TestCollateLocaleComparisons(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database cl",
		"create table different_widths (codepoint string)",
		"insert into different_widths values ('a'), ('A'), ('ａ'), ('Ａ')")
	for _, tc := range []struct{ q, want, source string }{
		{`select '\u0001' = '' collate 'en-ci'`, "1", collationPage},
		{`select '+' < '-' collate 'en-ci'`, "0", collationPage},
		{`select 'a\u0001b' < 'ab' collate 'en-ci'`, "0", collationPage},
		{`select 'abc' < '❄' collate 'en-ci'`, "0", collationPage},
		{`select '\u03b9\u0308\u0301' = '\u0390' collate 'en-ci'`, "1", collationPage},
		{`select 'Abc' = 'abc' collate 'en-ci'`, "1", collationPage},
		{`select 'Abc' = 'abc' collate 'en-cs'`, "0", collationPage},
		{`select 'Abc' = 'abc' collate 'en'`, "0", collationPage},
		{`select collate('piñata', 'en-ci-ai') = 'pinata'`, "1", collationPage},
		{`select collate('piñata', 'es-ci-ai') = 'pinata'`, "0", collationPage},
		// The COLLATE page: COLLATE(v, 'es-ci') = 'Ñ' of v = 'ñ' is True.
		{`select collate('ñ', 'es-ci') = 'Ñ'`, "1", "https://docs.snowflake.com/en/sql-reference/functions/collate"},
		{`select 'ñ' = 'Ñ'`, "0", "https://docs.snowflake.com/en/sql-reference/functions/collate"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q (%s)", tc.q, got, tc.want, tc.source)
		}
	}
	// "the ci collation specification finds one distinct value" of a, A
	// and their full-width forms (collation page); a comparison of each
	// pair shows it.
	if got := queryValue(t, db, "select count(*) from different_widths a join different_widths b on a.codepoint = b.codepoint collate 'en-ci'"); got != "16" {
		t.Errorf("en-ci join of the widths = %s, want 16 (%s)", got, collationPage)
	}
	for _, q := range []string{
		"select 'a' = 'A' collate 'en-ai'",    // cs-ai: the ICU form the docs do not give
		"select 'a' = 'A' collate 'en-pi'",    // punctuation-insensitive
		"select 'a' < 'A' collate 'en-ci-fu'", // first-letter preference
		"select 'a' = 'A' collate 'xx-ci'",    // a locale DuckDB's ICU has no rules for
		"select 'a' = 'A' collate 'en-upper'",
		"select 'a' = 'A' collate 'ci'",
	} {
		wantRefused(t, db, q, "COLLATE")
	}
}

// TestCollateOrderBy: a collated ORDER BY key sorts by the collation (the
// collation page's es and utf8 orders of the Spanish phrases; LISTAGG's
// WITHIN GROUP, https://docs.snowflake.com/en/sql-reference/functions/listagg).
// Function-level collation outranks the docs' column-level 'es', so the
// table here declares none. The engine refused any COLLATE in ORDER BY.
func TestCollateOrderBy(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database co",
		"create table collation_demo (spanish_phrase varchar)",
		"insert into collation_demo values ('piña colada'), ('Pinatubo (Mount)'), ('pint'), ('Pinta')")
	es := "Pinatubo (Mount)|pint|Pinta|piña colada"
	utf8 := "Pinatubo (Mount)|Pinta|pint|piña colada"
	for _, tc := range []struct{ q, want string }{
		{"select spanish_phrase from collation_demo order by collate(spanish_phrase, 'es')", es},
		{"select spanish_phrase from collation_demo order by spanish_phrase collate 'es' asc", es},
		{"select spanish_phrase from collation_demo order by collate(spanish_phrase, 'utf8')", utf8},
		{"select spanish_phrase from collation_demo order by spanish_phrase collate 'utf8'", utf8},
		{"select spanish_phrase from collation_demo order by collate(spanish_phrase, 'es') desc", "piña colada|Pinta|pint|Pinatubo (Mount)"},
		{"select spanish_phrase from (select spanish_phrase from collation_demo order by 1 limit 4) order by 1 desc, spanish_phrase collate 'es'", "piña colada|pint|Pinta|Pinatubo (Mount)"},
		{"select listagg(spanish_phrase, '|') within group (order by collate(spanish_phrase, 'es')) as es_collation from collation_demo", es},
		{"select listagg(spanish_phrase, '|') within group (order by collate(spanish_phrase, 'utf8')) as utf8_collation from collation_demo", utf8},
		{"select spanish_phrase from collation_demo qualify row_number() over (order by spanish_phrase collate 'es') = 2", "pint"},
	} {
		_, rows := queryRows(t, db, tc.q)
		var got []string
		for _, r := range rows {
			got = append(got, r[0])
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("%s = %q, want %q (%s)", tc.q, strings.Join(got, "|"), tc.want, collationPage)
		}
	}
	wantRefused(t, db, "select spanish_phrase collate 'es' from collation_demo group by 1", "COLLATE")
	wantRefused(t, db, "select spanish_phrase from collation_demo order by spanish_phrase collate 'es' || 'x'", "COLLATE")
}

// TestCollateSearchFunctions: CONTAINS and ENDSWITH answer differently
// under 'en-ci-ai' and 'es-ci-ai' (docs: contains,
// https://docs.snowflake.com/en/sql-reference/functions/contains; endswith,
// https://docs.snowflake.com/en/sql-reference/functions/endswith), and
// under 'upper' search the converted strings (collation page). The engine
// refused them all. A letter with a combining mark is one character to the
// search (the collation page: CONTAINS('\u03b9\u0308', '\u03b9' COLLATE
// 'en-ci') and of '\u0308' are FALSE). A locale whose contractions the
// search would split, characters outside printable Latin-1 and Greek, a
// combining mark under ai and 'pi' (which these functions do not support)
// stay refused.
func TestCollateSearchFunctions(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select contains(collate('ñ', 'en-ci-ai'), 'n')", "1"},
		{"select contains(collate('ñ', 'es-ci-ai'), 'n')", "0"},
		{"select endswith(collate('nñ', 'en-ci-ai'), 'n')", "1"},
		{"select endswith(collate('nñ', 'es-ci-ai'), 'n')", "0"},
		{"select contains('ss', 's' collate 'upper')", "1"},
		{"select contains('ß', 's' collate 'upper')", "0"}, // collation page: SS matches whole or not at all
		{"select startswith(collate('Ñandú', 'es-ci'), 'ñ')", "1"},
		{"select startswith(collate('Ñandú', 'es'), 'ñ')", "0"},
		{"select contains(collate('el Niño', 'en-ci-ai'), 'nino')", "1"},
		{"select contains(collate(null, 'en-ci'), 'a')", "NULL"},
		{"select contains(collate('\u03b9\u0308', 'en-ci'), '\u03b9')", "0"},
		{"select contains(collate('\u03b9\u0308', 'en-ci'), '\u0308')", "0"},
		{"select contains(collate('x\u03b9\u0308y', 'en-ci'), '\u03ca')", "1"}, // ϊ precomposed
		{"select endswith(collate('ab\u0308', 'en-ci'), 'b')", "0"},
		{"select startswith(collate('e\u0301x', 'en'), 'é')", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	wantRefused(t, db, "select contains(collate('ch', 'cs-ci'), 'c')", "CONTAINS under the collation")
	wantRefused(t, db, "select contains(collate('ж', 'en-ci'), 'ж')", "outside printable Latin-1 and Greek")
	wantRefused(t, db, "select contains(collate('\u03b9\u0308', 'en-ci-ai'), '\u03b9')", "ai in CONTAINS, STARTSWITH or ENDSWITH of a combining mark")
	wantRefused(t, db, "select contains(collate('a\u034fb', 'en-ci'), 'ab')", "outside printable Latin-1 and Greek")
	wantRefused(t, db, "select contains(collate('a-b', 'en-pi'), 'ab')", "COLLATE")
	wantRefused(t, db, "select contains(collate('ab', 'en-ci'), '')", "empty string")
	wantRefused(t, db, "select contains('Σ', 's' collate 'lower')", "Σ")
}

// TestCollateCaseAndCollation: UPPER and LOWER follow the collation's
// locale (docs: upper, https://docs.snowflake.com/en/sql-reference/functions/upper,
// UPPER('i' COLLATE 'tr') is İ; lower, https://docs.snowflake.com/en/sql-reference/functions/lower,
// LOWER('I' COLLATE 'tr') is ı); COLLATION gives the specification
// (https://docs.snowflake.com/en/sql-reference/functions/collation); MIN
// and MAX compare under it (the collation page's MAX of '-' and '+' is +
// under 'en-ci' and 'en', - under 'utf8'). The engine refused them. The
// result of UPPER, LOWER, MIN and MAX keeps its collation, so such a call
// anywhere its result could be compared again stays refused.
func TestCollateCaseAndCollation(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database cc", "create table demo (c varchar)", "insert into demo values ('-'), ('+'), (null)")
	for _, tc := range []struct{ q, want string }{
		{"select upper('i' collate 'tr')", "İ"},
		{"select lower('I' collate 'tr')", "ı"},
		{"select upper('i' collate 'en')", "I"},
		{"select max(collate(c, 'en-ci')) from demo", "+"},
		{"select max(c collate 'en') from demo", "+"},
		{"select max(collate(c, 'utf8')) from demo", "-"},
		{"select max(c) from demo", "-"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	// COLLATE "returns a copy of the original string" (docs: collate,
	// https://docs.snowflake.com/en/sql-reference/functions/collate): its
	// type, length included; UPPER of a VARCHAR(n) is a VARCHAR(3n)
	// (result_length.go).
	r, err := db.Query("select collate('ñ', 'es-ci'), 'ab' collate 'en', upper('i' collate 'tr')")
	if err != nil {
		t.Fatal(err)
	}
	cts, err := r.ColumnTypes()
	r.Close()
	if err != nil || len(cts) != 3 {
		t.Fatalf("column types: %v", err)
	}
	for i, want := range []int64{1, 2, 3} {
		if n, _ := cts[i].Length(); n != want {
			t.Errorf("%s length = %d, want %d", cts[i].Name(), n, want)
		}
	}
	if got := queryValue(t, db, "select collation(collate('ñ', 'es-ci'))"); got != "es-ci" {
		t.Errorf("collation(collate('ñ', 'es-ci')) = %q, want es-ci", got)
	}
	for _, q := range []string{
		"select upper('i' collate 'tr') u order by u",
		"select * from (select upper('i' collate 'tr') u)",
		"select upper('i' collate 'tr') = 'İ'",
		"select max(c collate 'en-ci') m from demo order by m",
		"select upper('i' collate 'lt')",
	} {
		wantRefused(t, db, q, "collated value")
	}
	wantRefused(t, db, "select collation(collate(c, 'es')) from demo", "COLLATION of a NULL")
}

// TestCollateEmptyColumnCollation: a column's empty COLLATE "is equivalent to
// specifying no collation for the column", which DESC TABLE shows as a
// plain VARCHAR(16777216) (collation page, collation_demo2's C2). A
// column collation the engine does not apply is refused
// (TestCollateColumn has the ones it does).
func TestCollateEmptyColumnCollation(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ce", "create table collation_demo2 (c2 varchar collate '')",
		"insert into collation_demo2 (c2) values ('a'), ('b')")
	_, rows := queryRows(t, db, "desc table collation_demo2")
	if len(rows) != 1 || rows[0][0] != "C2" || rows[0][1] != "VARCHAR(16777216)" {
		t.Errorf("desc table = %q, want C2 VARCHAR(16777216) (%s)", rows, collationPage)
	}
	if got := queryValue(t, db, "select count(*) from collation_demo2 where c2 = 'a'"); got != "1" {
		t.Errorf("count = %s, want 1", got)
	}
	wantRefused(t, db, "create table collation_demo3 (c1 varchar collate 'fr-pi')", "COLLATE 'fr-pi'")
	wantRefused(t, db, "create table collation_demo4 (n int collate '')", "COLLATE")
}
