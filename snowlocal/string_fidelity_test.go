package snowlocal_test

import (
	"strings"
	"testing"
)

// TestRegexpNonGreedyRefused: Snowflake's regex functions "don't support
// non-greedy quantifiers, for example *?, ??, and +?" (docs: "String
// functions (regular expressions)",
// https://docs.snowflake.com/en/sql-reference/functions-regexp), while the
// engine's RE2 runs them lazily: REGEXP_SUBSTR('aaa', 'a+?') answered 'a'
// and REGEXP_REPLACE('aaa', 'a*?', 'X') 'XaXaXaX'. Every regex function
// refuses them now, a literal pattern at compile time and any other row by
// row; a greedy pattern with the same characters escaped or in a bracket
// expression still answers.
func TestRegexpNonGreedyRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rx", "create table p (pat varchar)", "insert into p values ('a+?')")
	for _, q := range []string{
		"select 'aaa' rlike 'a+?'",
		"select 'aaa' not regexp 'a*?'",
		"select rlike('aaa', 'a??')",
		"select regexp_like('aaa', 'a{1,2}?')",
		"select regexp_substr('aaa', 'a+?')",
		"select regexp_substr('aaa', '(a+?)', 1, 1, 'e')",
		"select regexp_replace('aaa', 'a*?', 'X')",
		"select regexp_replace('aaa', 'a+?', 'X', 2)",
		"select regexp_count('aaa', 'a+?')",
		"select regexp_instr('aaa', 'a+?')",
		"select regexp_substr_all('aaa', 'a+?')",
		"select regexp_substr('aaa', pat) from p",
		"select regexp_like('aaa', pat) from p",
	} {
		wantRefused(t, db, q, "non-greedy quantifier")
	}
	for _, tc := range []struct{ q, want string }{
		{"select regexp_substr('aaa', 'a+')", "aaa"},
		{"select regexp_substr('a?', '[+?]+')", "?"},
		{"select regexp_substr('a+b', 'a\\\\+?b')", "a+b"},
		{"select regexp_replace('aaa', 'a', 'X')", "XXX"},
		{"select regexp_count('aaa', 'a')", "3"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestRegexpBackreferenceRefused: a backreference in the pattern (\1) is
// not RE2's; the engine failed with RE2's "invalid escape sequence" under
// 100038, and refuses with 002040 now. A \1 in REGEXP_REPLACE's
// replacement is a documented backreference and still answers (docs:
// regexp_replace, "Backreferences").
func TestRegexpBackreferenceRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select regexp_substr('abab', '(ab)\\\\1')",
		"select 'abab' rlike '(ab)\\\\1'",
		"select regexp_instr('abab', '(ab)\\\\1')",
	} {
		wantRefused(t, db, q, "backreference")
	}
	if got := queryValue(t, db, "select regexp_replace('firstname middlename lastname', '(.*) (.*) (.*)', '\\\\3, \\\\1 \\\\2')"); got != "lastname, firstname middlename" {
		t.Errorf("REGEXP_REPLACE with \\3, \\1 \\2 = %q, want the docs' 'lastname, firstname middlename'", got)
	}
}

// TestRegexpSubstrDocs: REGEXP_SUBSTR with e and no group_num reads group
// 1, "If there is no sub-expression in the pattern, REGEXP_SUBSTR behaves
// as if e was not set" (docs: regexp_substr,
// https://docs.snowflake.com/en/sql-reference/functions/regexp_substr); the
// engine failed with "Pattern has 0 groups". The position "must be a
// positive integer": the engine took position 0 as 1 and -1 from the end
// (DuckDB's substr), and a negative occurrence from the end (its list
// index); those are errors now.
func TestRegexpSubstrDocs(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rs", "create table m (body varchar)",
		"insert into m values ('Hellooo World'), ('How are you doing today?'), ('the quick brown fox jumps over the lazy dog'), ('PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS')")
	for _, tc := range []struct{ q, want string }{
		{"select regexp_substr('abc', 'b', 1, 1, 'e')", "b"},
		{"select regexp_substr('abc', 'a(b)c', 1, 1, 'e')", "b"},
		{"select regexp_substr('A MAN A PLAN A CANAL', 'A\\\\W+(\\\\w+)', 1, 2, 'e', 1)", "PLAN"},
		{"select regexp_substr('A MAN A PLAN A CANAL', 'A\\\\W+(\\\\w+)', 1, 4, 'e', 1)", "NULL"},
		{"select regexp_substr('A MAN A PLAN A CANAL', 'A\\\\W+(\\\\w)(\\\\w)(\\\\w)', 1, 1, 'e', 3)", "N"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	// The docs' examples at position 3, occurrence 3 (text matched from a
	// column, so the position and occurrence are not constants either).
	mustExec(t, db, "create table k (p int, o int)", "insert into k values (3, 3)")
	_, rows := queryRows(t, db, `select regexp_substr(body, '\\b\\S*o\\S*\\b', 3), regexp_substr(body, '\\b\\S*o\\S*\\b', p, o, 'i')
		from m, k order by body`)
	want := "llooo,|you,today|,LIQUOR|brown,over"
	if got := fmtRows(rows); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, q := range []string{
		"select regexp_substr('abc', 'b', 0)",
		"select regexp_substr('abc', '.', -1)",
		"select regexp_substr('abab', 'a', 1, -1)",
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "must be positive") {
			t.Errorf("%s: got %v, want an invalid parameter value error", q, err)
		}
	}
}

// TestRegexpCountPosition: REGEXP_COUNT's position "must be a positive
// integer" (docs: regexp_count,
// https://docs.snowflake.com/en/sql-reference/functions/regexp_count); the
// engine counted from the start for 0 and from the end for -1
// (REGEXP_COUNT('abcb', 'b', -1) answered 1). A position from a column
// still counts as documented (the docs' 'Excelence' example: 4).
func TestRegexpCountPosition(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rc", "create table k (p int)", "insert into k values (1)")
	if got := queryValue(t, db, "select regexp_count('Excelence', 'e', p, 'i') from k"); got != "4" {
		t.Errorf("REGEXP_COUNT('Excelence', 'e', p, 'i') = %s, want 4 (docs)", got)
	}
	for _, q := range []string{
		"select regexp_count('abc', 'b', 0)",
		"select regexp_count('abcb', 'b', -1)",
		"select regexp_count('abcb', 'b', p - 1) from k",
	} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "must be positive") {
			t.Errorf("%s: got %v, want an invalid parameter value error", q, err)
		}
	}
}

// TestSplitEmptyAndNullSeparator: "An empty separator string results in an
// array containing only the source string. If either parameter is a NULL,
// a NULL is returned." (docs: split,
// https://docs.snowflake.com/en/sql-reference/functions/split). The engine
// split on an empty separator into characters (["a","b","c"]) and answered ["abc"] for a
// NULL separator.
func TestSplitEmptyAndNullSeparator(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sp", "create table k (s varchar, d varchar)",
		"insert into k values ('abc', ''), ('a,b', ','), ('abc', NULL), (NULL, '')")
	for _, tc := range []struct{ q, want string }{
		{"select to_json(split('abc', ''))", `["abc"]`},
		{"select split('abc', NULL)", "NULL"},
		{"select split(NULL, '')", "NULL"},
		{"select to_json(split('127.0.0.1', '.'))", `["127","0","0","1"]`},
		{"select to_json(split('|a||', '|'))", `["","a","",""]`},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	_, rows := queryRows(t, db, "select to_json(split(s, d)) from k order by s nulls last, d nulls last")
	if got, want := fmtRows(rows), `["a","b"]|["abc"]||`; got != want {
		t.Errorf("split(s, d): got %s, want %s", got, want)
	}
}

// TestArrayToStringNullSeparator: "A NULL argument returns NULL as a
// result" (docs: array_to_string,
// https://docs.snowflake.com/en/sql-reference/functions/array_to_string);
// the engine joined with DuckDB's default ',' for a NULL separator
// ('a,b'). The docs' other examples still answer.
func TestArrayToStringNullSeparator(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select array_to_string(array_construct('a', 'b'), NULL)", "NULL"},
		{"select array_to_string(NULL, ', ')", "NULL"},
		{"select array_to_string(parse_json('[1, , ,2]'), ', ')", "1, , , 2"},
		{"select array_to_string(['A', NULL, 'B'], '')", "AB"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestUpperSharpS: UPPER maps ß to "SS" (docs: upper,
// https://docs.snowflake.com/en/sql-reference/functions/upper:
// '1č2Щ3ß4Ę!-?abc@' gives '1Č2Щ3SS4Ę!-?ABC@', 'ÄäÖößÜü' 'ÄÄÖÖSSÜÜ'); the
// engine answered DuckDB's capital sharp s ('1Č2Щ3ẞ4Ę!-?ABC@'), and left
// ﬁ as it is (Unicode's full mapping, which the docs' ß follows, gives FI):
// such letters are refused now.
func TestUpperSharpS(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database up", "create table lu (v varchar)",
		"insert into lu values ('1č2Щ3ß4Ę!-?abc@'), ('ÄäÖößÜü'), (NULL)")
	_, rows := queryRows(t, db, "select upper(v) from lu order by v nulls last")
	if got, want := fmtRows(rows), "1Č2Щ3SS4Ę!-?ABC@|ÄÄÖÖSSÜÜ|"; got != want {
		t.Errorf("upper: got %s, want %s", got, want)
	}
	if got := queryValue(t, db, "select length(upper('straße'))"); got != "7" {
		t.Errorf("LENGTH(UPPER('straße')) = %s, want 7 ('STRASSE')", got)
	}
	// Other letters whose full upper case is several letters (Unicode's
	// SpecialCasing.txt: ﬁ is FI, ŉ ʼN) DuckDB leaves as they are.
	wantRefused(t, db, "select upper('ﬁne')", "UPPER of a letter")
	wantRefused(t, db, "select upper(v || 'ŉ') from lu", "UPPER of a letter")
}

// TestPositionStart: POSITION/CHARINDEX with a start_pos (docs: position,
// https://docs.snowflake.com/en/sql-reference/functions/position): "If the
// specified optional start_pos is beyond the end of the second argument
// ..., the function returns 0" (the engine answered 10 for an empty
// first argument at start 10 in 'hello'); a start below 1, which the docs do not
// define, answered 2 for CHARINDEX('l', 'hello', 0) and -2 for -2, and is
// refused now, as is an empty first argument from a later start.
func TestPositionStart(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ps", "create table k (p int)", "insert into k values (3)")
	for _, tc := range []struct{ q, want string }{
		{"select position('an', 'banana', 3)", "4"},
		{"select position('an', 'banana', p) from k", "4"},
		{"select position('', 'hello', 10)", "0"},
		{"select position('o', 'hello', 6)", "0"},
		{"select charindex('l', 'hello', 5)", "0"},
		{"select position('', 'hello', 1)", "1"},
		{"select position(X'EF', X'ABCDEF', 2)", "3"},
		{"select position(X'', X'ABCDEF', 9)", "0"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	wantRefused(t, db, "select charindex('l', 'hello', 0)", "start position below 1")
	wantRefused(t, db, "select position('l', 'hello', p - 5) from k", "start position below 1")
	wantRefused(t, db, "select position('', 'hello', 3)", "empty string")
	wantRefused(t, db, "select position(X'EF', X'ABCDEF', -1)", "start position below 1")
}

// TestLikeNoDefaultEscape: "There is no default escape character" (docs:
// like, https://docs.snowflake.com/en/sql-reference/functions/like;
// mlorek/frostlake docs/operators.md, an independent reference,
// live-verified: "Without ESCAPE nothing is an escape"). The engine made
// the backslash one: 'a\b' LIKE 'a\b' answered FALSE and
// 'a_b' LIKE 'a\_b' TRUE. The docs' ESCAPE '\\' example still answers.
func TestLikeNoDefaultEscape(t *testing.T) {
	db := open(t)
	_, rows := queryRows(t, db, `select 'a\\b' like 'a\\b', 'a_b' like 'a\\_b', 'a\\xb' like 'a\\_b',
		'x_y' like any ('%\\_%'), 'x\\y' like all ('%\\%', 'x%'), 'A\\B' ilike 'a\\b',
		'100%' like '100\\%' escape '\\', '100x' like '100\\%' escape '\\'`)
	if got, want := fmtRows(rows), "1,0,1,0,1,1,1,0"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestLowerRefusesContextLetters: the docs' LOWER examples answer (docs:
// lower, https://docs.snowflake.com/en/sql-reference/functions/lower);
// İ and Σ, whose lower case Unicode's full mapping (which Snowflake's
// UPPER('ß') = 'SS' shows it follows) makes i plus a combining dot and ς
// at a word's end, DuckDB mapped to i and σ: refused now.
func TestLowerRefusesContextLetters(t *testing.T) {
	db := open(t)
	_, rows := queryRows(t, db, "select lower('ÄäÖößÜü'), lower('ĄąĆćĘęŁłŃńÓóŚśŹźŻż'), lower('OVER the River 2 Times')")
	if got, want := fmtRows(rows), "ääöößüü,ąąććęęłłńńóóśśźźżż,over the river 2 times"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	wantRefused(t, db, "select lower('İ')", "LOWER of")
	wantRefused(t, db, "select lower('ΟΔΟΣ')", "LOWER of")
}
