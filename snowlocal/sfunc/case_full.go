package sfunc

import (
	"database/sql/driver"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
)

// The 'upper' and 'lower' collation specifications compare texts after
// Unicode's full case mapping (the collation page: U+0390 and U+03B9
// U+0308 U+0301 are equal under 'upper', not under 'lower'; ß and SS "are
// equivalent" under 'upper'; the dotless ı equals i under 'upper' only),
// and sort them by the code points of that mapping. DuckDB's upper() and
// lower() map one code point to one, so the rewriter (rewrite/collate.go)
// calls these instead. golang.org/x/text/cases implements the Unicode
// default (language-neutral) full case mapping.
//
// A search (CONTAINS, STARTSWITH, ENDSWITH) under them matches the mapped
// texts, where "sequences produced by case conversion either match in
// their entirety or not at all" (CONTAINS('ß', 's' COLLATE 'upper') is
// FALSE, CONTAINS('ss', 's' COLLATE 'upper') TRUE): a match starts and
// ends on the boundary between the mappings of two code points.
//
// Lower-casing a text holding Σ (whose full lower case depends on whether
// it ends a word) or İ (i and a combining dot) is refused, as LOWER's is
// (rewrite/funcs_str.go): the docs show neither.

// caseMapper maps one string by mode ("upper" or "lower"). A cases.Caser
// keeps state, so each call makes its own.
func caseMapper(mode string) (cases.Caser, error) {
	switch mode {
	case "upper":
		return cases.Upper(language.Und), nil
	case "lower":
		return cases.Lower(language.Und), nil
	}
	return cases.Caser{}, &UnsupportedError{What: "COLLATE case conversion " + mode}
}

// caseSegments is s mapped code point by code point, with the byte offsets
// in the mapped text where each code point's mapping ends.
func caseSegments(s, mode string) (string, []int, error) {
	if mode == "lower" && strings.ContainsAny(s, "\u03a3\u0130") {
		return "", nil, &UnsupportedError{What: "COLLATE 'lower' of Σ or İ"}
	}
	c, err := caseMapper(mode)
	if err != nil {
		return "", nil, err
	}
	var b strings.Builder
	ends := make([]int, 0, len(s))
	for _, r := range s {
		b.WriteString(c.String(string(r)))
		ends = append(ends, b.Len())
	}
	return b.String(), ends, nil
}

// CaseFull is s under Unicode's full case mapping (mode "upper" or "lower").
func CaseFull(s, mode string) (string, error) {
	if isASCII(s) {
		if mode == "upper" {
			return strings.ToUpper(s), nil
		}
		if mode == "lower" {
			return strings.ToLower(s), nil
		}
	}
	if mode == "lower" && strings.ContainsAny(s, "\u03a3\u0130") {
		return "", &UnsupportedError{What: "COLLATE 'lower' of Σ or İ"}
	}
	c, err := caseMapper(mode)
	if err != nil {
		return "", err
	}
	return c.String(s), nil
}

// CaseSearch reports whether pattern occurs in s under the mode's full
// case mapping (kind "contains", "starts" or "ends"), a match beginning
// and ending where the mapping of one of s's code points does.
func CaseSearch(s, pattern, mode, kind string) (bool, error) {
	text, ends, err := caseSegments(s, mode)
	if err != nil {
		return false, err
	}
	p, err := CaseFull(pattern, mode)
	if err != nil {
		return false, err
	}
	bound := make(map[int]bool, len(ends)+1)
	bound[0] = true
	for _, e := range ends {
		bound[e] = true
	}
	fits := func(at int) bool {
		return bound[at] && bound[at+len(p)] && strings.HasPrefix(text[at:], p)
	}
	switch kind {
	case "starts":
		return len(p) <= len(text) && fits(0), nil
	case "ends":
		return len(p) <= len(text) && fits(len(text)-len(p)), nil
	}
	for at := 0; at+len(p) <= len(text); at++ {
		if fits(at) {
			return true, nil
		}
	}
	return false, nil
}

func caseFullFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_CASE_FULL(text, mode): text under the full case mapping.
		"_SF_GO_CASE_FULL": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return CaseFull(a[0].(string), a[1].(string))
		}},
		// _SF_GO_CASE_SEARCH(text, pattern, mode, kind): CaseSearch.
		"_SF_GO_CASE_SEARCH": {in: []duckdb.Type{text, text, text, text}, out: flag, fn: func(a []driver.Value) (any, error) {
			return CaseSearch(a[0].(string), a[1].(string), a[2].(string), a[3].(string))
		}},
	}
}
