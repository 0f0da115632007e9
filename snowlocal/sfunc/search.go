package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// SEARCH (docs: functions/search) with the DEFAULT_ANALYZER breaks text
// into tokens at the documented delimiters (space [ ] ; < > ( ) { } | ! , '
// " * & ? + / : = @ . - $ % \ _ and newline, carriage return, tab), drops
// empty tokens and compares case-insensitively ("a search for the term
// 'ONCE' against the string 'Once upon a time' returns TRUE"). Search modes:
// OR — a search token is a token of some value; AND — every search token
// is a token of one value; PHRASE — the search tokens are consecutive
// tokens of one value, in order; EXACT — the search string itself, its
// delimiters included, bounded by delimiters in one value (exactMatch). With the NO_OP_ANALYZER a value must equal
// the search string exactly. How letters outside ASCII are folded, and
// which other characters delimit, is not documented: such text is refused.

const defaultDelimiters = " []; <>(){}|!,'\"*&?+/:=@.-$%\\_\n\r\t"

// DefaultTokens is the DEFAULT_ANALYZER's tokens of s, lower-cased; ok is
// false when s has a character other than printable ASCII, newline,
// carriage return and tab.
func DefaultTokens(s string) (toks []string, ok bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 || c > 0x7e) && c != '\n' && c != '\r' && c != '\t' {
			return nil, false
		}
	}
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return strings.ContainsRune(defaultDelimiters, r)
	}), true
}

// Search is SEARCH over the values of the search data (kinds as for
// SearchIP): analyzer DEFAULT_ANALYZER, UNICODE_ANALYZER (search_unicode.go;
// not with EXACT, which the rewriter refuses) or NO_OP_ANALYZER, mode OR,
// AND, PHRASE or EXACT (any mode with NO_OP_ANALYZER, which compares whole
// values). It
// returns nil for NULL (one value that is NULL); several values with a NULL
// among them and values whose tokens are not documented, with no other
// match, are refused.
func Search(search, analyzer, mode, kinds string, values []any) (any, error) {
	want, ok := analyzerTokens(analyzer, search)
	if analyzer != "NO_OP_ANALYZER" && (!ok || len(want) == 0) {
		return nil, &UnsupportedError{What: "SEARCH of the search string '" + search + "'"}
	}
	return searchValues("SEARCH", kinds, values, func(s string, isJSON bool) (bool, string) {
		if analyzer == "NO_OP_ANALYZER" {
			if isJSON {
				// Whether a VARIANT string's text keeps its quotes for an exact
				// comparison is not documented.
				return false, "SEARCH of a VARIANT, OBJECT or ARRAY with the NO_OP_ANALYZER"
			}
			return s == search, ""
		}
		text, why := s, ""
		if isJSON {
			text, why = searchTextOfJSON(s)
		}
		if why != "" {
			return false, why
		}
		toks, ok := analyzerTokens(analyzer, text)
		if !ok && analyzer == "UNICODE_ANALYZER" {
			return false, "SEARCH with the UNICODE_ANALYZER of text with a colon, an underscore or a character other than printable ASCII, newline, carriage return or tab"
		}
		if !ok {
			return false, "SEARCH of text with a character other than printable ASCII, newline, carriage return or tab"
		}
		if mode == "EXACT" {
			if isJSON && (isDelimiter(search[0]) || isDelimiter(search[len(search)-1])) {
				// A VARIANT string's quotes would stand beside the search
				// string's own first or last delimiter: not documented.
				return false, "SEARCH_MODE => 'EXACT' of a VARIANT string with a search string starting or ending with a delimiter"
			}
			return exactMatch(strings.ToLower(text), strings.ToLower(search)), ""
		}
		return tokensMatch(toks, want, mode), ""
	})
}

// searchValues is SEARCH's or SEARCH_IP's (fn's) answer over its searched
// values, kinds giving each one's kind ('j' for JSON text of a VARIANT,
// OBJECT or ARRAY): match reads one non-NULL value, reporting a match or
// why it cannot tell; the first value that matches settles it.
func searchValues(fn, kinds string, values []any, match func(s string, isJSON bool) (bool, string)) (any, error) {
	unknown := ""
	nulls, matched := 0, false
	for i, val := range values {
		if val == nil {
			nulls++
			continue
		}
		if matched {
			continue
		}
		s, _ := val.(string)
		m, why := match(s, i < len(kinds) && kinds[i] == 'j')
		matched = m
		if !m && why != "" && unknown == "" {
			unknown = why
		}
	}
	return searchVerdict(fn, len(values), nulls, matched, unknown)
}

// searchVerdict is SEARCH's or SEARCH_IP's answer over n searched values,
// nulls of them NULL: NULL for a single NULL value ("if either of these
// arguments is NULL": docs search, search_ip); TRUE once one value
// matched; refused where a value could not be read as Snowflake reads it
// (unknown) or where a NULL stands among several values, which the docs do
// not settle; FALSE otherwise.
func searchVerdict(fn string, n, nulls int, matched bool, unknown string) (any, error) {
	switch {
	case nulls > 0 && n == 1:
		return nil, nil
	case nulls > 0:
		return nil, &UnsupportedError{What: fn + " over several values one of which is NULL"}
	case matched:
		return true, nil
	case unknown != "":
		return nil, &UnsupportedError{What: unknown}
	}
	return false, nil
}

// searchTextOfJSON is the text of a VARIANT, OBJECT or ARRAY given as JSON
// text that SEARCH tokenizes, or why it is not known: a string's text
// gives the same tokens whether or not its quotes are kept (a quote is a
// delimiter) unless it holds a character JSON escapes; a boolean is true or
// false. How a number, a null, an OBJECT or an ARRAY is converted to text
// for searching is not documented.
func searchTextOfJSON(s string) (string, string) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return "", "SEARCH of a VARIANT the local engine cannot read"
	}
	switch x := v.(type) {
	case string:
		if strings.ContainsAny(x, "\"\\\n\r\t") {
			return "", "SEARCH of a VARIANT string holding a quote, backslash or control character"
		}
		return x, ""
	case bool:
		if x {
			return "true", ""
		}
		return "false", ""
	}
	return "", "SEARCH of a VARIANT number, null, OBJECT or ARRAY"
}

// exactMatch is SEARCH_MODE => 'EXACT' with the DEFAULT_ANALYZER over one
// lower-cased value: the search string's tokens and the delimiters between
// them occur in the value as written ("The delimiter strings between the
// tokens must match exactly"), a first or last delimiter of the search
// string matched as a character ("if the search_string value is '[blue]',
// the function returns TRUE for foo [blue] bar, [[blue]], and =[blue]., but
// not for (blue)"), and the occurrence is bounded by a delimiter or the
// value's edge on either side ("the string must be delimited by a
// delimiter symbol on the left and right ... FALSE for darkblue,red,green
// or blue,red,greenish"): docs functions/search, SEARCH_MODE.
func exactMatch(value, search string) bool {
	for from := 0; from+len(search) <= len(value); {
		i := strings.Index(value[from:], search)
		if i < 0 {
			return false
		}
		start, end := from+i, from+i+len(search)
		if (start == 0 || isDelimiter(value[start-1])) && (end == len(value) || isDelimiter(value[end])) {
			return true
		}
		from = start + 1
	}
	return false
}

// isDelimiter reports a DEFAULT_ANALYZER delimiter.
func isDelimiter(c byte) bool { return strings.IndexByte(defaultDelimiters, c) >= 0 }

// tokensMatch applies search mode OR, AND or PHRASE to one value's tokens.
func tokensMatch(have, want []string, mode string) bool {
	set := map[string]bool{}
	for _, t := range have {
		set[t] = true
	}
	switch mode {
	case "AND":
		for _, w := range want {
			if !set[w] {
				return false
			}
		}
		return true
	case "PHRASE":
		for i := 0; i+len(want) <= len(have); i++ {
			j := 0
			for j < len(want) && have[i+j] == want[j] {
				j++
			}
			if j == len(want) {
				return true
			}
		}
		return false
	}
	for _, w := range want {
		if set[w] {
			return true
		}
	}
	return false
}

func searchFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_SEARCH(search string, analyzer, mode, kinds, values...):
		// SEARCH over the values ('t' text, 'j' JSON text a letter in kinds).
		"_SF_GO_SEARCH": {in: []duckdb.Type{text, text, text, text}, variadic: text, out: flag, nullsIn: true,
			fn: func(a []driver.Value) (any, error) {
				search, _ := a[0].(string)
				analyzer, _ := a[1].(string)
				mode, _ := a[2].(string)
				kinds, _ := a[3].(string)
				values := make([]any, len(a)-4)
				for i, v := range a[4:] {
					values[i] = v
				}
				return Search(search, analyzer, mode, kinds, values)
			}},
	}
}
