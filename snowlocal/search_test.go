package snowlocal_test

import (
	"testing"
)

// TestSearchModes: SEARCH (docs: functions/search) with the DEFAULT_ANALYZER
// splits text at the page's delimiters ("/opt/homebrew/README.md" gives
// opt, homebrew, readme, md; "Bob's Burgers" bob, s, burgers;
// "docs@snowflake.com" docs, snowflake, com) and compares tokens without
// case; AND wants every token in one column, PHRASE them in order and
// adjacent (the page's phrase_exact_search_samples results for AND and
// PHRASE); the NO_OP_ANALYZER compares the whole value, case included
// ("1.2" finds 1.2.500 with the default analyzer, not with NO_OP). The
// engine refused SEARCH at its name before.
func TestSearchModes(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database srch")
	// want: gosnowflake scans a BOOLEAN into a string as 1 or 0.
	for _, c := range []struct{ q, want string }{
		{"select search('/opt/homebrew/README.md', 'readme')", "1"},
		{"select search('/opt/homebrew/README.md', 'homebrew readme', search_mode => 'PHRASE')", "1"},
		{"select search('/opt/homebrew/README.md', 'readme.md')", "1"},
		{"select search('Bob''s Burgers', 's')", "1"},
		{"select search('docs@snowflake.com', 'SNOWFLAKE')", "1"},
		{"select search('high-tech', 'high tech', search_mode => 'PHRASE')", "1"},
		{"select search('john.robert.doe@mycompany.com', 'doe.john.robert@mycompany.com', search_mode => 'AND')", "1"},
		{"select search('john.robert.doe@mycompany.com', 'doe.john.robert@mycompany.com', search_mode => 'PHRASE')", "0"},
		{"select search('john.robert.doe@mycompany.com', 'john.doe@mycompany.com', search_mode => 'AND')", "1"},
		{"select search('john.robert.doe@mycompany.com', 'john.doe@mycompany.com', search_mode => 'PHRASE')", "0"},
		{"select search('john.robert.doe@mycompany.com', 'john-robert-doe@mycompany.com', search_mode => 'PHRASE')", "1"},
		{"select search('http://mycompany.com/product/id-12345.67', 'http://mycompany.com/product/id-12345_67', search_mode => 'PHRASE')", "1"},
		{"select search('800-555-0100', '800.555.0100', search_mode => 'PHRASE')", "1"},
		{"select search('1.2.500', '1.2')", "1"},
		{"select search('1.2.500', '1.2', analyzer => 'NO_OP_ANALYZER')", "0"},
		{"select search('1.2.500', '1.2.500', analyzer => 'NO_OP_ANALYZER')", "1"},
		{"select search('Sky Blue', 'sky blue', analyzer => 'NO_OP_ANALYZER')", "0"},
		{"select search('sky blue', 'sky', analyzer => 'NO_OP_ANALYZER')", "0"},
	} {
		if got := queryValue(t, db, c.q); got != c.want {
			t.Errorf("%s: got %s, want %s", c.q, got, c.want)
		}
	}
	// AND: the tokens in one column, not spread over two (docs: "they can't
	// be spread across multiple columns or fields"); NULL data is NULL; a
	// VARIANT string is searched by its text.
	mustExec(t, db, "create table t (id int, a varchar, b varchar, v variant)",
		"insert into t select 1, 'blue sky', 'red sea', parse_json('\"Tindel Toyota\"')",
		"insert into t select 2, NULL, 'x', NULL")
	_, rows := queryRows(t, db, "select search((a, b), 'blue red', search_mode => 'AND'), search((a, b), 'blue red'), search(a, 'sky'), search(v, 'toyota') from t where id = 1")
	if got, want := fmtRows(rows), "0,1,1,1"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, rows = queryRows(t, db, "select search(a, 'sky'), search(v, 'toyota') from t where id = 2")
	if got, want := fmtRows(rows), ","; got != want {
		t.Errorf("NULL data: got %s, want %s", got, want)
	}
}

// TestSearchErrors: the page's expected error cases with their codes and
// messages.
func TestSearchErrors(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database srche",
		"create table lines (line_id int, play varchar(50), character varchar(30), line varchar(2000))")
	wantError(t, db, "SELECT SEARCH(line, 5) FROM lines", 1045,
		"SQL compilation error:\nargument needs to be a string: '1'")
	wantError(t, db, "SELECT SEARCH(line_id, 'dream') FROM lines", 1173,
		"SQL compilation error: error line 1 at position 7: Expected non-empty set of columns supporting full-text search.")
	wantError(t, db, "SELECT SEARCH('docs@snowflake.com', 'careers@snowflake.com', '@')", 1881,
		"SQL compilation error: Expected 1 named argument(s), found 0")
	wantError(t, db, "SELECT SEARCH(line, character) FROM lines", 1015,
		"SQL compilation error:\nargument 2 to function SEARCH needs to be constant, found 'LINES.CHARACTER'")
	// Two columns without parentheses before the search string (docs:
	// "fails because multiple column names are listed for the first
	// argument"); the engine refused it (002040) before.
	wantError(t, db, "SELECT SEARCH(play,line,'king', ANALYZER=>'UNICODE_ANALYZER') FROM lines", 939,
		"SQL compilation error: error line 1 at position 7\ntoo many arguments for function [SEARCH(LINES.PLAY, LINES.LINE, 'king', 'UNICODE_ANALYZER')] expected 3, got 4")
}

// TestSearchRefusals: what the docs do not spell out is refused (002040):
// the UNICODE_ANALYZER with EXACT or over text with a colon, an underscore
// or a character outside printable ASCII, EXACT with the DEFAULT_ANALYZER, text outside
// printable ASCII (case folding and delimiters beyond the page's table), a
// search string without a token, a VARIANT number (its text for searching),
// the NO_OP_ANALYZER over a VARIANT (quotes kept or not), a NULL among
// several searched values, the documented errors outside their documented
// form.
func TestSearchRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database srchr",
		"create table t (id int, a varchar, b varchar, v variant)",
		"insert into t select 1, NULL, 'x', parse_json('12')",
		"insert into t select 2, NULL, 'x', parse_json('\"[blue]\"')")
	for _, c := range []struct{ query, part string }{
		{"select search('x', 'x', analyzer => 'UNICODE_ANALYZER', search_mode => 'EXACT')", "SEARCH with ANALYZER => 'UNICODE_ANALYZER' and SEARCH_MODE => 'EXACT'"},
		{"select search('a:b', 'a', analyzer => 'UNICODE_ANALYZER')", "SEARCH with the UNICODE_ANALYZER of text with a colon, an underscore"},
		{"select search('a_b', 'a', analyzer => 'UNICODE_ANALYZER')", "SEARCH with the UNICODE_ANALYZER of text with a colon, an underscore"},
		{"select search('café', 'cafe', analyzer => 'UNICODE_ANALYZER')", "SEARCH with the UNICODE_ANALYZER of text with a colon, an underscore or a character other than printable ASCII"},
		{"select search('a', 'a_b', analyzer => 'UNICODE_ANALYZER')", "SEARCH search string 'a_b'"},
		{"select search(v, '[blue]', search_mode => 'EXACT') from t where id = 2", "SEARCH_MODE => 'EXACT' of a VARIANT string with a search string starting or ending with a delimiter"},
		{"select search('café', 'cafe')", "SEARCH of text with a character other than printable ASCII"},
		{"select search('cafe', 'café')", "SEARCH search string 'café'"},
		{"select search('x', '...')", "SEARCH search string '...'"},
		{"select search(v, '12') from t", "SEARCH of a VARIANT number, null, OBJECT or ARRAY"},
		{"select search(v, '12', analyzer => 'NO_OP_ANALYZER') from t", "SEARCH of a VARIANT, OBJECT or ARRAY with the NO_OP_ANALYZER"},
		{"select search((a, b), 'x') from t", "SEARCH over several values one of which is NULL"},
		{"select search(a, b, analyzer => 'NO_OP_ANALYZER') from t", "SEARCH with a search string other than a string literal"},
		{"select search(a, 'x', 'y', 'z') from t", "SEARCH with more than two arguments before its named ones"},
		{"select search(a, 'x', mode => 'OR') from t", "SEARCH argument MODE in this form"},
		{"select search(a, 'x') over () from t", "SEARCH with OVER"},
		{"select search(a, t.b) from t", "SEARCH with a search string other than a string literal"},
		{"select search(a, 'x' || 'y') from t", "SEARCH with a search string other than a string literal"},
	} {
		wantRefused(t, db, c.query, c.part)
	}
}

// TestSearchExact: SEARCH_MODE => 'EXACT' with the DEFAULT_ANALYZER
// (docs: functions/search, SEARCH_MODE): the tokens and "the delimiter
// strings between the tokens must match exactly" ('blue,red,green' is TRUE
// for blue,red,green, FALSE for blue%red%green or blue, red, green); a
// first or last delimiter of the search string is matched as a character
// ('[blue]' is TRUE for foo [blue] bar, [[blue]] and =[blue]., not for
// (blue) or foo blue bar); "the string must be delimited by a delimiter
// symbol on the left and right" (TRUE for -blue,red,green;, FALSE for
// darkblue,red,green or blue,red,greenish); "The search is
// case-insensitive". The engine refused EXACT with this analyzer.
func TestSearchExact(t *testing.T) {
	db := open(t)
	for _, c := range []struct {
		data, search string
		want         string
	}{
		{"blue,red,green", "blue,red,green", "1"},
		{"blue%red%green", "blue,red,green", "0"},
		{"blue, red, green", "blue,red,green", "0"},
		{"foo [blue] bar", "[blue]", "1"},
		{"[[blue]]", "[blue]", "1"},
		{"=[blue].", "[blue]", "1"},
		{"(blue)", "[blue]", "0"},
		{"foo blue bar", "[blue]", "0"},
		{"-blue,red,green;", "blue,red,green", "1"},
		{"darkblue,red,green", "blue,red,green", "0"},
		{"blue,red,greenish", "blue,red,green", "0"},
		{"BLUE,Red,green", "blue,red,GREEN", "1"},
	} {
		q := "select search('" + c.data + "', '" + c.search + "', search_mode => 'EXACT')"
		if got := queryValue(t, db, q); got != c.want {
			t.Errorf("%s: got %s, want %s", q, got, c.want)
		}
	}
}

// TestSearchUnicodeAnalyzer: SEARCH with ANALYZER => 'UNICODE_ANALYZER'
// (docs: functions/search) tokenizes by the Unicode word boundaries: the
// page's table "How search terms are tokenized" (10.210.158.44 one token;
// 192.0.2.0 and 24; high and tech; bob's and burgers; docs and
// snowflake.com; opt, homebrew and readme.md), its prose ("1.2" finds
// 1.2.500 with the default analyzer, not with the Unicode one) and its
// lines example ('love”s' finds Love's Labour's Lost only). The engine
// refused the analyzer before.
func TestSearchUnicodeAnalyzer(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database srchu",
		"create table plays (play varchar)",
		"insert into plays values ('All''s Well That Ends Well'), ('Love''s Labour''s Lost'), ('A Midsummer Night''s Dream'), ('The Winter''s Tale')")
	for _, c := range []struct{ q, want string }{
		{"select search('10.210.158.44', '10.210.158.44', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('10.210.158.44', '210', analyzer => 'UNICODE_ANALYZER')", "0"},
		{"select search('192.0.2.0/24', '24', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('192.0.2.0/24', '192.0.2.0', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('192.0.2.0/24', '192', analyzer => 'UNICODE_ANALYZER')", "0"},
		{"select search('high-tech', 'tech', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('Bob''s Burgers', 'BOB''S', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('Bob''s Burgers', 's', analyzer => 'UNICODE_ANALYZER')", "0"},
		{"select search('Three  spaces', 'three spaces', analyzer => 'UNICODE_ANALYZER', search_mode => 'PHRASE')", "1"},
		{"select search('docs@snowflake.com', 'snowflake.com', analyzer => 'UNICODE_ANALYZER')", "1"},
		{"select search('docs@snowflake.com', 'com', analyzer => 'UNICODE_ANALYZER')", "0"},
		{"select search('/opt/homebrew/README.md', 'homebrew readme.md', analyzer => 'UNICODE_ANALYZER', search_mode => 'PHRASE')", "1"},
		{"select search('/opt/homebrew/README.md', 'md', analyzer => 'UNICODE_ANALYZER')", "0"},
		{"select search('/opt/homebrew/README.md', 'opt readme', analyzer => 'UNICODE_ANALYZER', search_mode => 'AND')", "0"},
		{"select search('1.2.500', '1.2')", "1"},
		{"select search('1.2.500', '1.2', analyzer => 'UNICODE_ANALYZER')", "0"},
	} {
		if got := queryValue(t, db, c.q); got != c.want {
			t.Errorf("%s: got %s, want %s", c.q, got, c.want)
		}
	}
	_, rows := queryRows(t, db, "select distinct(play) from plays where search(play, 'love''s', analyzer => 'UNICODE_ANALYZER')")
	if got, want := fmtRows(rows), "Love's Labour's Lost"; got != want {
		t.Errorf("love's: got %s, want %s", got, want)
	}
}
