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
		// (DuckDB's finer timestamps, which a file read may give, read the
		// text as a TIMESTAMP_NTZ does.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTDT_KEY(e, x) AS CASE WHEN typeof(e) <> 'VARCHAR' THEN 's'
		WHEN typeof(x) = 'DATE' THEN 'd' WHEN typeof(x) IN ('TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S') THEN 'ts'
		WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN 'ltz' WHEN typeof(x) = 'TIME' THEN 't' ELSE 's' END`,
		// (In a CASE: datetime_auto.go. The text-only conversions, which
		// _SF_TO_DATE, _SF_TO_TIMESTAMP and _SF_TO_TIMESTAMPTZ apply to a
		// VARCHAR, are a fraction of their size for DuckDB to bind. An
		// unnamed struct, row(…), picked by position: DuckDB cannot bind a
		// macro's named struct whose field is a bare parameter given a
		// correlated subquery's outer column.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTDT_AT(e, x) AS CASE _SF_TXTDT_KEY(e, x) WHEN 'd' THEN 2 WHEN 'ts' THEN 3 WHEN 'ltz' THEN 4 WHEN 't' THEN 5 ELSE 1 END`,
		`CREATE OR REPLACE TEMP MACRO _SF_TXTDT(e, x) AS CASE WHEN e IS NULL AND x IS NULL AND FALSE THEN NULL ELSE struct_extract_at(row(e,
		_SF_DATE_TEXT(CASE WHEN _SF_TXTDT_KEY(e, x) = 'd' THEN CAST(e AS VARCHAR) END),
		_SF_TS_TEXT(CASE WHEN _SF_TXTDT_KEY(e, x) = 'ts' THEN CAST(e AS VARCHAR) END),
		_SF_LTZ_TEXT(CASE WHEN _SF_TXTDT_KEY(e, x) = 'ltz' THEN CAST(e AS VARCHAR) END),
		_SF_TIME_TEXT(CASE WHEN _SF_TXTDT_KEY(e, x) = 't' THEN CAST(e AS VARCHAR) END)), _SF_TXTDT_AT(e, x)) END`,
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
// date operand x's elements that are not literals, or a text x (written to
// b) compared with a list of date or time literals of one type, or a side
// x or elements whose type only DuckDB sees (varchar_unseen_cmp.go). Any
// other list is returned as it is.
func (c *numTextCmp) dateTimeList(b *strings.Builder, x, list string) string {
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 || c.listVariant {
		return list
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH") {
		if c.inDT != "" && len(elems) == 1 {
			// A date x [NOT] IN (SELECT …): the subquery's values convert
			// where they are texts (DuckDB refused to bind them).
			return "(SELECT " + txtCmp("_sf_in", "", c.inDT) + " FROM " + list + " AS _sf_inq(_sf_in))"
		}
		return list
	}
	// The elements that are not literals (other), and the type of the
	// date or time literals when they are of one (litType; mixed: "-").
	var other []int
	litType := ""
	for i, e := range elems {
		t := strings.TrimSpace(e)
		switch k := literalKind(e); {
		case k == "null":
		case strings.HasPrefix(t, "_SF_NUMTEXT") || strings.HasPrefix(t, "_SF_DTTEXT") || strings.HasPrefix(t, "struct_extract({"):
			litType = "-" // a string literal numtext.go converts
		case k != "":
			if !strings.HasPrefix(strings.TrimSpace(e), "'") {
				continue // a number or boolean: no text, no date
			}
			litType = "-" // a string literal beside a date: numtext.go's
		case dateTimeLiteralType(e) != "":
			if t := dateTimeLiteralType(e); litType == "" || litType == t {
				litType = t
			} else {
				litType = "-"
			}
		case !strings.ContainsAny(e, "?$"):
			other = append(other, i)
		default:
			return list // a bind is not repeated
		}
	}
	switch {
	case c.inDT != "":
		// A date x: its elements convert where they are texts.
		for _, i := range other {
			elems[i] = txtCmp(elems[i], "", c.inDT)
		}
		if len(other) > 0 {
			return "(" + strings.Join(elems, ", ") + ")"
		}
	case (c.inText || c.inUnseen) && len(other) == 0 && litType != "" && litType != "-":
		// A text x, or one only DuckDB sees, against date or time literals
		// of one type.
		conv := func(x string) string { return textAsDateTime(x, litType) }
		if c.inUnseen {
			conv = func(x string) string { return txtCmp(x, "", litType) }
		}
		patchAt(b, c.inStart, x, conv)
	case (c.inText || c.inUnseen) && len(other) > 0 && (len(x) > 300 || strings.Contains(strings.ToUpper(x), "SELECT") || strings.ContainsAny(x, "?$")):
		// (x is named in each element's macro.)
	case (c.inText || c.inUnseen) && len(other) > 0 && litType == "-":
		// Beside string literals, which compare with a text x as texts:
		// an element that is a date is refused where x is a text, and
		// converts where x is a date.
		for _, i := range other {
			if inlineWitness(elems[i]) {
				return list
			}
			elems[i] = "_SF_TXTCMP_IN(" + elems[i] + ", " + x + ", '')"
		}
		return "(" + strings.Join(elems, ", ") + ")"
	case (c.inText || c.inUnseen) && len(other) > 0:
		// x converts by the first element that is no literal (or the
		// literals' type); where another element would have x read
		// otherwise (a date beside a text, when x is a text), the
		// comparison is refused as DuckDB binds it (_SF_TXTCMP_IN).
		w, wt := elems[other[0]], ""
		if litType != "" {
			w, wt = "", litType
		}
		witness := w
		if wt != "" {
			witness = "CAST(NULL AS " + wt + ")"
		}
		for k, i := range other {
			e := elems[i]
			if k == 0 && wt == "" {
				if c.inUnseen {
					elems[i] = txtCmp(e, x, "")
				}
				continue
			}
			if inlineWitness(e) {
				return list
			}
			elems[i] = "_SF_TXTCMP_IN(" + e + ", " + x + ", " + witness + ")"
		}
		patchAt(b, c.inStart, x, func(x string) string { return txtCmp(x, w, wt) })
		return "(" + strings.Join(elems, ", ") + ")"
	}
	return list
}
