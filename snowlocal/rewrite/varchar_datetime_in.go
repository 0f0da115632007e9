package rewrite

import (
	"regexp"
	"strings"
)

// (This file sorts after funcs_time.go, whose prelude macros _SF_TXTDT
// calls.)

// In an IN list the elements' types are DuckDB's to see: a date operand's
// list writes each element that is not a literal _SF_TXTDT(e, x), e
// converted as its cast to x's type where it is a VARCHAR (DuckDB folds
// typeof() as it binds the macro; only the chosen field reads e, the
// others are NULL), and e itself otherwise.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_TXTDT_KEY(e, x) AS CASE WHEN typeof(e) <> 'VARCHAR' THEN 's'
		WHEN typeof(x) = 'DATE' THEN 'd' WHEN typeof(x) = 'TIMESTAMP' THEN 'ts'
		WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN 'ltz' WHEN typeof(x) = 'TIME' THEN 't' ELSE 's' END`,
		// (In a CASE: datetime_auto.go.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTDT(e, x) AS CASE WHEN e IS NULL AND x IS NULL AND FALSE THEN NULL ELSE struct_extract({'s': e,
		'd': _SF_TO_DATE(CASE WHEN _SF_TXTDT_KEY(e, x) = 'd' THEN CAST(e AS VARCHAR) END),
		'ts': _SF_TO_TIMESTAMP(CASE WHEN _SF_TXTDT_KEY(e, x) = 'ts' THEN CAST(e AS VARCHAR) END),
		'ltz': _SF_TO_TIMESTAMPTZ(CASE WHEN _SF_TXTDT_KEY(e, x) = 'ltz' THEN CAST(e AS VARCHAR) END),
		't': _SF_TIME_TEXT(CASE WHEN _SF_TXTDT_KEY(e, x) = 't' THEN CAST(e AS VARCHAR) END)}, _SF_TXTDT_KEY(e, x)) END`,
	)
}

// reDateTimeLiteral is a date or time literal's cast as the rewriter
// renders it: its function (or CAST's type) gives its type.
var reDateTimeLiteral = regexp.MustCompile(`^(?:(_SF_TO_DATE|_SF_TO_TIMESTAMP|_SF_TO_TIMESTAMPTZ|_SF_TIME_TEXT)\('(?:[^']|'')*'\)|CAST\('(?:[^']|'')*' AS (DATE|TIMESTAMP|TIMESTAMPTZ|TIME)\))$`)

// dateTimeLiteralType is the rewriter type of a rendered date or time
// literal (reDateTimeLiteral), "" for anything else.
func dateTimeLiteralType(e string) string {
	m := reDateTimeLiteral.FindStringSubmatch(strings.TrimSpace(e))
	if m == nil {
		return ""
	}
	if m[2] != "" {
		return m[2]
	}
	return map[string]string{"_SF_TO_DATE": "DATE", "_SF_TO_TIMESTAMP": "TIMESTAMP", "_SF_TO_TIMESTAMPTZ": "TIMESTAMPTZ", "_SF_TIME_TEXT": "TIME"}[m[1]]
}

// dateTimeList converts the text of x [NOT] IN (list), list rendered: a
// date operand x's elements that are not literals (_SF_TXTDT), or a text
// x (written to b) compared with a list of date or time literals of one
// type. Any other list is returned as it is.
func (c *numTextCmp) dateTimeList(b *strings.Builder, x, list string) string {
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 {
		return list
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH") {
		return list
	}
	switch {
	case c.inDT != "" && len(x) <= 300 && !strings.Contains(strings.ToUpper(x), "SELECT") && !strings.ContainsAny(x, "?$"):
		// (x is repeated in each element's typeof(), which runs nothing;
		// a bind is not: that would change the binds' count.)
		changed := false
		for i, e := range elems {
			if literalKind(e) != "" || len(e) > 300 || strings.Contains(strings.ToUpper(e), "SELECT") || strings.ContainsAny(e, "?$") {
				continue
			}
			elems[i] = "_SF_TXTDT(" + e + ", " + x + ")"
			changed = true
		}
		if changed {
			return "(" + strings.Join(elems, ", ") + ")"
		}
	case c.inText:
		typ := ""
		for _, e := range elems {
			if literalKind(e) == "null" {
				continue
			}
			t := dateTimeLiteralType(e)
			if t == "" || typ != "" && t != typ {
				return list
			}
			typ = t
		}
		if typ != "" {
			patchAt(b, c.inStart, x, func(x string) string { return textAsDateTime(x, typ) })
		}
	}
	return list
}
