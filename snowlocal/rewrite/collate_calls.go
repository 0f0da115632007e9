package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Collated ORDER BY items and function arguments (collate.go names what
// the engine answers and why the rest is refused).

// orderStopWords end the backward search for the ORDER BY an item belongs
// to: the item is elsewhere (a select list, a PARTITION BY, a condition).
var orderStopWords = toSet(`SELECT FROM WHERE HAVING QUALIFY LIMIT OFFSET FETCH VALUES SET ON USING PARTITION GROUP`)

// orderItemStart reports whether the token at p.i starts an ORDER BY item
// (of a query, a window or WITHIN GROUP): it follows ORDER BY, or a comma
// of that ORDER BY's list.
func (p *parser) orderItemStart() bool {
	return sqllex.ScanBack(p.toks, p.i-1, 1, func(i int) (bool, bool) {
		t := p.toks[i]
		switch {
		case i == p.i-1 && !t.IsOp(",") && !t.IsWord("BY"):
			return false, true
		case t.IsWord("BY"):
			return p.toks[i-1].IsWord("ORDER"), true
		case t.Kind == sqllex.Word && orderStopWords[strings.ToUpper(t.Text)]:
			return false, true
		}
		return false, false
	})
}

// collOrderItemEnd are the words that may follow an ORDER BY key.
var collOrderItemEnd = toSet(`ASC DESC NULLS LIMIT OFFSET FETCH ROWS RANGE GROUPS UNION INTERSECT EXCEPT MINUS`)

// collatedOrderItem rewrites, at the start of an ORDER BY item, a key
// COLLATE(x, 'spec') or x COLLATE 'spec' to the key it sorts by: the
// compared form of x (collKey), an ICU sort key for a locale. Snowflake
// sorts 'upper'/'lower' by the code points of the converted string (the
// page's "Differences in sort order"), as DuckDB compares VARCHARs. ok is
// false, with nothing consumed, for anything else.
func (p *parser) collatedOrderItem() (sql string, ok bool, err error) {
	if !p.hasCollate || !p.isCollateAt(p.i) || !p.orderItemStart() {
		return "", false, nil
	}
	start := p.i
	a, ok, err := p.collOperand()
	if err != nil || !ok {
		p.i = start
		return "", false, err
	}
	n := p.peek()
	if !(p.eof() || n.IsOp(",") || n.IsOp(")") || n.Kind == sqllex.Word && collOrderItemEnd[strings.ToUpper(n.Text)]) || !a.collated && !a.column {
		p.i = start
		return "", false, nil
	}
	if a.spec == nil {
		return a.sql, true, nil // COLLATE '': no collation
	}
	return collKey(a.sql, a.spec), true, nil
}

// collatedSelectItem rewrites a select item that is a collated operand,
// COLLATE(x, 'spec') or x COLLATE 'spec', to x: COLLATE "does not change
// the string", only the collation later comparisons use (docs: collate,
// https://docs.snowflake.com/en/sql-reference/functions/collate), so the
// item must be a result column nothing compares, sorts or groups
// (collatedResultColumn). ok is false, with nothing consumed, otherwise.
func (p *parser) collatedSelectItem() (sql string, ok bool, err error) {
	start := p.i
	if !p.hasCollate || start == 0 || !(start == 1 && p.toks[0].IsWord("SELECT") || p.toks[start-1].IsOp(",")) || !p.isCollateAt(start) {
		return "", false, nil
	}
	a, ok, err := p.collOperand()
	if err != nil || !ok || !a.collated || !p.collatedResultColumn(start, p.i-1, false, false) {
		p.i = start
		return "", false, err
	}
	return "_sf_coll_text(" + a.sql + ")", true, nil
}

// isCollateAt reports a COLLATE in the ORDER BY item starting at i (at
// its own bracket depth, before the comma, ASC, DESC... that ends it).
func (p *parser) isCollateAt(i int) bool {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("["):
			depth++
		case t.IsOp(")") || t.IsOp("]"):
			if depth--; depth < 0 {
				return false
			}
		case depth > 0:
		case t.IsWord("COLLATE") || p.collatedName(t):
			return true
		case t.IsOp(",") || t.Kind == sqllex.Word && collOrderItemEnd[strings.ToUpper(t.Text)]:
			return false
		}
	}
	return false
}

// collatedCallNames are the functions collatedCall answers (COUNT: of
// DISTINCT, collate_count.go).
var collatedCallNames = toSet(`CONTAINS STARTSWITH ENDSWITH UPPER LOWER COLLATION MIN MAX REPLACE COUNT`)

// collatedCall answers, after the opening parenthesis, a call of
// CONTAINS, STARTSWITH, ENDSWITH, UPPER, LOWER, COLLATION, MIN or MAX whose
// arguments are operands one of which is collated. ok is false, with
// nothing consumed, for another call (the usual path then refuses a
// COLLATE in it).
func (p *parser) collatedCall(c *call) (e expr, ok bool, err error) {
	if c.name == "COUNT" {
		return p.collatedCountDistinct(c) // collate_count.go
	}
	start := p.i
	restore := func() (expr, bool, error) { p.i = start; return expr{}, false, nil }
	var args []collOperand
	collated := false
	for {
		a, ok, err := p.collOperand()
		if err != nil {
			return expr{}, false, err
		}
		if !ok {
			return restore()
		}
		args = append(args, a)
		collated = collated || a.collated || a.column || c.name == "COLLATION" && a.plainColumn
		if p.acceptOp(",") {
			continue
		}
		if p.isOp(")") {
			break
		}
		return restore()
	}
	if !collated {
		return restore()
	}
	p.next() // )
	if p.isWord("OVER") || p.isWord("WITHIN") || p.isOp("::") || p.isOp(".") || p.isOp("[") || p.isOp(":") {
		return restore()
	}
	switch c.name {
	case "CONTAINS", "STARTSWITH", "ENDSWITH":
		if len(args) != 2 {
			return restore()
		}
		sql, err := p.collatedSearch(c, args[0], args[1])
		return expr{sql: sql, typ: "BOOLEAN"}, err == nil, err
	case "COLLATION":
		if len(args) == 1 && args[0].plainColumn {
			// A column declared with no collation (or COLLATE ''): NULL
			// (the collation page's COLLATION(c2) of collation_demo2).
			return expr{sql: "CAST(NULL AS VARCHAR)", typ: "VARCHAR"}, true, nil
		}
		if len(args) != 1 || args[0].spec == nil {
			return restore()
		}
		spec := args[0].spec
		if spec.written != spec.text {
			// The docs show COLLATION answering specifications written
			// in lower case only.
			return expr{}, false, p.unsupported(c.t, "COLLATION of a specification written in upper case")
		}
		// A NULL value's collation is not documented.
		return expr{sql: "CASE WHEN (" + args[0].sql + ") IS NULL THEN _SF_REFUSE('COLLATION of a NULL', coalesce(CAST((" + args[0].sql + ") AS VARCHAR), '')) ELSE " + sqlString(spec.written) + " END", typ: "VARCHAR"}, true, nil
	case "REPLACE":
		if len(args) != 2 && len(args) != 3 {
			return restore()
		}
		sql, err := p.collatedReplace(c, start, args)
		return expr{sql: sql, typ: "VARCHAR"}, err == nil, err
	case "UPPER", "LOWER":
		if len(args) != 1 || args[0].spec == nil {
			return restore()
		}
		sql, err := p.collatedCase(c, start, args[0])
		return expr{sql: sql, typ: "VARCHAR"}, err == nil, err
	case "MIN", "MAX":
		// The value whose key is least or greatest (docs: min, max support
		// collation; the collation page's MAX under 'en-ci', 'en', 'utf8').
		// Like UPPER's, the result keeps the collation: a whole result
		// column only, though GROUP BY may group the rows.
		if len(args) != 1 || !p.collatedResultColumn(start-2, p.i-1, true, false) {
			return expr{}, false, p.unsupported(c.t, c.name+" of a collated value in this form")
		}
		x, spec := "_sf_coll_text("+args[0].sql+")", args[0].spec
		if spec == nil {
			return expr{sql: strings.ToLower(c.name) + "(" + x + ")", typ: "VARCHAR"}, true, nil
		}
		return expr{sql: "arg_" + strings.ToLower(c.name) + "(" + x + ", " + collKey(args[0].sql, spec) + ")", typ: "VARCHAR"}, true, nil
	}
	return restore()
}

// searchLocales are the locales whose collated CONTAINS, STARTSWITH and
// ENDSWITH the engine answers: root's rules (en) and Spanish (ñ a letter
// of its own), neither with a contraction among the characters the search
// accepts (see _SF_COLL_SEARCHABLE), so that a match of a whole collation
// key is a match of whole characters, as ICU's string search finds it.
var searchLocales = toSet(`en en_us es`)

// collatedSearch renders CONTAINS, STARTSWITH or ENDSWITH of a and b under
// the collation precedence gives them (docs: contains, endswith, "Collation
// details": pi and cs-ai are not supported there). Under a locale, a text
// contains the pattern where one of its substrings (prefixes, suffixes)
// has the pattern's ICU sort key: the docs' CONTAINS(COLLATE('ñ',
// 'en-ci-ai'), 'n') is TRUE and under 'es-ci-ai' FALSE. The substrings are
// of whole graphemes: ICU's search matches no part of a letter with its
// combining marks (the collation page: CONTAINS('\u03b9\u0308', '\u03b9'
// COLLATE 'en-ci') is FALSE). The texts are limited to printable Latin-1,
// Greek and combining marks (no ignorable code point, no contraction in
// root's or Spanish rules; no combining mark under ai, where the page does
// not show how a mark ignored at that strength bounds a match), where
// substrings of whole graphemes are what ICU's search matches; an empty
// pattern, whose answer the docs do not give, is refused when a row holds
// one.
func (p *parser) collatedSearch(c *call, a, b collOperand) (string, error) {
	spec, err := collPick(a, b)
	if err != nil {
		return "", p.unsupported(c.t, err.Error())
	}
	native := map[string]string{"CONTAINS": "contains", "STARTSWITH": "starts_with", "ENDSWITH": "ends_with"}[c.name]
	switch {
	case spec == nil || spec.locale == "" && spec.conv == "" && spec.trim == "":
		// '' or 'utf8': the code point comparison of the uncollated call.
		return native + "(_sf_coll_text(" + a.sql + "), _sf_coll_text(" + b.sql + "))", nil
	case spec.trim != "":
		return "", p.unsupported(c.t, c.name+" under the collation '"+spec.text+"'")
	case spec.conv != "":
		// Both converted, then searched by code point, a match never
		// starting or ending inside the mapping of one code point
		// (sfunc/case_full.go): the page's CONTAINS('ss', 's' COLLATE
		// 'upper') is TRUE, CONTAINS('ß', 's' COLLATE 'upper') FALSE.
		kind := map[string]string{"CONTAINS": "contains", "STARTSWITH": "starts", "ENDSWITH": "ends"}[c.name]
		return "_sf_go_case_search(_sf_coll_text(" + a.sql + "), _sf_coll_pattern(_sf_coll_text(" + b.sql + ")), " +
			sqlString(spec.conv) + ", " + sqlString(kind) + ")", nil
	case !searchLocales[spec.locale]:
		return "", p.unsupported(c.t, c.name+" under the collation '"+spec.text+"'")
	}
	macro := map[string]string{"CONTAINS": "_SF_COLL_CONTAINS", "STARTSWITH": "_SF_COLL_STARTS", "ENDSWITH": "_SF_COLL_ENDS"}[c.name]
	primary := "false"
	if spec.ai {
		primary = "true"
	}
	return macro + "(_sf_coll_searchable(_sf_coll_text(" + a.sql + "), " + primary + "), _sf_coll_pattern(_sf_coll_searchable(_sf_coll_text(" + b.sql + "), " + primary + ")), " +
		sqlString(spec.icu()) + ")", nil
}

// collatedReplace renders REPLACE(subject, pattern [, replacement]) under
// 'upper' or 'lower' (the collation precedence gives its arguments): an
// occurrence is a substring whose converted form is the converted pattern,
// so a pattern no case mapping touches is replaced where it is (the
// collation page: LEN(REPLACE('abc\u0001' COLLATE 'upper', '\u0001')) is
// 3). The texts are limited as a comparison's are (_sf_coll_cased: ASCII
// and Latin-1 but ß, where the conversion maps one code point to one), so
// that a case-insensitive match of the pattern's code points finds exactly
// those substrings. The result keeps the collation in Snowflake: the call
// must be LEN's or LENGTH's argument, or a whole result column of a
// top-level query nothing else refers to. Under a locale (ICU's search),
// a pattern all of whose code points the collation ignores is not found:
// the subject is returned as it is (the collation page: REPLACE of
// '\u0001' under 'en-ci' "does not remove the code point because U+0001 is
// ignored", LEN stays 4); any other pattern under a locale, a locale with
// ai (where accents too weigh nothing, a case the page does not show),
// 'trim' and an empty pattern are refused.
func (p *parser) collatedReplace(c *call, start int, args []collOperand) (string, error) {
	spec, err := collPick(args[0], args[1])
	if err == nil && len(args) == 3 {
		_, err = collPick(args[0], args[2])
	}
	if err != nil {
		return "", p.unsupported(c.t, err.Error())
	}
	callAt, end := start-2, p.i-1
	inLength := callAt >= 2 && p.toks[callAt-1].IsOp("(") && (p.toks[callAt-2].IsWord("LEN") || p.toks[callAt-2].IsWord("LENGTH")) &&
		end+1 < len(p.toks) && p.toks[end+1].IsOp(")")
	if !inLength && !p.collatedResultColumn(callAt, end, false, false) {
		return "", p.unsupported(c.t, "REPLACE of a collated value in this form")
	}
	switch {
	case spec == nil || spec.locale == "" && spec.conv == "" && spec.trim == "":
		out := "replace(_sf_coll_text(" + args[0].sql + "), _sf_coll_text(" + args[1].sql + "), "
		if len(args) == 3 {
			return out + "_sf_coll_text(" + args[2].sql + "))", nil
		}
		return out + "'')", nil
	case spec.locale != "" && spec.trim == "" && !spec.ai:
		rep := "''"
		if len(args) == 3 {
			rep = "_sf_coll_text(" + args[2].sql + ")"
		}
		return "_SF_COLL_REPLACE_IGNORABLE(_sf_coll_text(" + args[0].sql + "), _sf_coll_text(" + args[1].sql + "), " + rep + ", " +
			sqlString(spec.icu()) + ", " + sqlString("REPLACE under the collation "+spec.text+" of a pattern it does not ignore") + ")", nil
	case spec.conv == "" || spec.trim != "":
		return "", p.unsupported(c.t, "REPLACE under the collation '"+spec.text+"'")
	}
	rep := "''"
	if len(args) == 3 {
		rep = "replace(_sf_coll_text(" + args[2].sql + "), '\\', '\\\\')"
	}
	return "regexp_replace(_sf_coll_cased(_sf_coll_text(" + args[0].sql + ")), regexp_escape(_sf_coll_replaced(_sf_coll_cased(_sf_coll_text(" +
		args[1].sql + ")))), " + rep + ", 'gi')", nil
}

// caseLocalesRefused are the locales whose case mapping ICU tailors beyond
// Turkish and Azeri dotted and dotless i (Lithuanian's dot above, Greek's
// accent removal in upper case): UPPER and LOWER under them are refused.
var caseLocalesRefused = toSet(`lt el`)

// collatedCase renders UPPER or LOWER of a collated operand: its locale's
// case mapping (docs: upper, UPPER('i' COLLATE 'tr') is İ; lower,
// LOWER('I' COLLATE 'tr') is ı). The result keeps the collation in
// Snowflake, which matters to whatever compares or sorts it, so the call
// must be a whole result column of a top-level query that nothing else
// refers to (collatedResultColumn).
func (p *parser) collatedCase(c *call, start int, a collOperand) (string, error) {
	spec := a.spec
	if spec.locale == "" || caseLocalesRefused[spec.locale] || !p.collatedResultColumn(start-2, p.i-1, false, false) {
		return "", p.unsupported(c.t, c.name+" of a collated value in this form")
	}
	x := "_sf_coll_text(" + a.sql + ")"
	turkic := spec.locale == "tr" || spec.locale == "az"
	if c.name == "UPPER" {
		if turkic {
			x = "replace(" + x + ", 'i', 'İ')"
		}
		return "_SF_UPPER(" + x + ")", nil
	}
	if turkic {
		// ICU's Turkic lower case: İ is i, I is ı; I before a combining
		// dot above (U+0307) loses the dot, which is refused.
		x = "replace(replace(_sf_coll_no_dot_above(" + x + "), 'İ', 'i'), 'I', 'ı')"
	}
	return "_SF_LOWER(" + x + ")", nil
}

// resultColumnClauses are the words of a query that could compare, sort or
// group its result columns.
var resultColumnClauses = toSet(`ORDER GROUP HAVING QUALIFY DISTINCT UNION INTERSECT EXCEPT MINUS WINDOW`)

// collatedResultColumn reports whether the tokens [a, b] (a call) are a
// whole select item of the statement's own SELECT (a query, not a CTE,
// subquery, view or CTAS), one that no clause of the query could compare,
// sort or group: the query has no ORDER BY, GROUP BY, HAVING, QUALIFY,
// DISTINCT or set operation (grouped: but GROUP BY, which cannot name an
// aggregate; ordered: but an ORDER BY none of whose keys is a position,
// for a value whose own name an ORDER BY key resolves to the value as
// the key's own parse does), and the item's alias appears nowhere outside
// the item.
func (p *parser) collatedResultColumn(a, b int, grouped, ordered bool) bool {
	if len(p.toks) == 0 || !p.toks[0].IsWord("SELECT") || a < 1 || p.enclosingEnd(a) >= 0 {
		return false
	}
	depth, from := 0, -1
	for i, t := range p.toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth != 0:
		case t.Kind == sqllex.Word && resultColumnClauses[strings.ToUpper(t.Text)] && !(grouped && t.IsWord("GROUP")) &&
			!(ordered && t.IsWord("ORDER") && !p.orderedByPosition()):
			return false
		case t.IsWord("FROM") && from < 0:
			from = i
		}
	}
	if from >= 0 && from < a {
		return false // not in the select list
	}
	if prev := p.toks[a-1]; !(a == 1 || prev.IsOp(",")) {
		return false
	}
	end := b + 1
	if end < len(p.toks) && p.toks[end].IsWord("AS") {
		end++
	}
	if end >= len(p.toks) || p.toks[end].IsOp(",") || p.toks[end].IsWord("FROM") {
		return true // no alias: its name (the call as written) cannot be referred to
	}
	alias := p.toks[end]
	if alias.Kind != sqllex.Word && alias.Kind != sqllex.QuotedIdent ||
		end+1 < len(p.toks) && !p.toks[end+1].IsOp(",") && !p.toks[end+1].IsWord("FROM") {
		return false
	}
	for i, t := range p.toks {
		if i != end && (i < a || i > b) && (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && strings.EqualFold(strings.Trim(t.Text, `"`), strings.Trim(alias.Text, `"`)) {
			return false
		}
	}
	return true
}

func init() {
	prelude = append(prelude,
		// Collated CONTAINS, STARTSWITH and ENDSWITH (collatedSearch): the
		// texts searched under a locale, printable Latin-1 without the
		// soft hyphen (ignorable), the Greek block's characters and the
		// combining diacritical marks but the grapheme joiner (ignorable),
		// those marks not at primary strength (ai) alone; and a pattern
		// that is not empty.
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_SEARCHABLE(x, at_primary) AS CASE
		WHEN regexp_matches(x, '[^\x20-\x7E\xA0-\xAC\xAE-\xFF\x{0300}-\x{034E}\x{0350}-\x{036F}\x{0370}-\x{0377}\x{037A}-\x{037F}\x{0384}-\x{038A}\x{038C}\x{038E}-\x{03A1}\x{03A3}-\x{03FF}]')
		THEN _SF_REFUSE('COLLATE with a locale in CONTAINS, STARTSWITH or ENDSWITH of a character outside printable Latin-1 and Greek', x)
		WHEN at_primary AND regexp_matches(x, '[\x{0300}-\x{036F}]')
		THEN _SF_REFUSE('COLLATE with a locale and ai in CONTAINS, STARTSWITH or ENDSWITH of a combining mark', x) ELSE x END`,
		// REPLACE under a locale (collatedReplace): a pattern the
		// collation ignores as a whole (its key is the empty text's) leaves
		// the subject as it is; another, or an empty one, is refused.
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_REPLACE_IGNORABLE(s, pat, rep, loc, what) AS CASE
		WHEN s IS NULL OR pat IS NULL OR rep IS NULL THEN NULL
		WHEN pat = '' THEN _SF_REFUSE('collated REPLACE of an empty pattern', pat)
		WHEN icu_sort_key(pat, loc) = icu_sort_key('', loc) THEN s
		ELSE _SF_REFUSE(what, pat) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_REPLACED(x) AS CASE WHEN x = '' THEN _SF_REFUSE('collated REPLACE of an empty pattern', x) ELSE x END`,
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_PATTERN(x) AS CASE WHEN x = '' THEN _SF_REFUSE('collated CONTAINS, STARTSWITH or ENDSWITH of an empty string', x) ELSE x END`,
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_NO_DOT_ABOVE(x) AS CASE WHEN contains(x, '\u0307') THEN _SF_REFUSE('LOWER under a Turkic collation of a combining dot above', x) ELSE x END`,
		// Each binds its text and pattern once (list_transform over a
		// one-element list) and compares the pattern's key with the keys of
		// the text's prefixes, suffixes or substrings of whole graphemes
		// (a letter with its combining marks: ICU's search matches no part
		// of one, the collation page's CONTAINS('\u03b9\u0308', '\u03b9'
		// COLLATE 'en-ci') is FALSE); a substring equal to the pattern is
		// at most three times as long (no character searched weighs as more
		// than three: ¼ as 1⁄4).
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_STARTS(a, b, loc) AS list_transform([[a, b]], lambda v: CASE WHEN v[1] IS NULL OR v[2] IS NULL THEN NULL
		ELSE list_bool_or(list_transform(range(0, length_grapheme(v[1]) + 1), lambda n: icu_sort_key(substring_grapheme(v[1], 1, n), loc) = icu_sort_key(v[2], loc))) END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_ENDS(a, b, loc) AS list_transform([[a, b]], lambda v: CASE WHEN v[1] IS NULL OR v[2] IS NULL THEN NULL
		ELSE list_bool_or(list_transform(range(0, length_grapheme(v[1]) + 1), lambda n: icu_sort_key(substring_grapheme(v[1], length_grapheme(v[1]) - n + 1, n), loc) = icu_sort_key(v[2], loc))) END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_COLL_CONTAINS(a, b, loc) AS list_transform([[a, b]], lambda v: CASE WHEN v[1] IS NULL OR v[2] IS NULL THEN NULL
		ELSE list_bool_or(list_transform(range(1, length_grapheme(v[1]) + 2), lambda i: list_bool_or(list_transform(range(i - 1, least(length_grapheme(v[1]), i - 1 + 3 * length_grapheme(v[2])) + 1),
			lambda j: icu_sort_key(substring_grapheme(v[1], i, j - i + 1), loc) = icu_sort_key(v[2], loc))))) END)[1]`,
	)
}
