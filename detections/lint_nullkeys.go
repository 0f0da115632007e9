package detections

import (
	"fmt"
	"regexp"
	"strings"
)

// Nullable key columns. The runner drops result rows with a NULL key column
// (nobody can act on "host NULL", and all such rows would share one key),
// so a key column that can be NULL hides findings silently. Lint asks for a
// filter the reader can see. A key column counts as filtered when the query
// says "<column or its expression> IS NOT NULL", compares it (=, IN, LIKE,
// BETWEEN, >, <: NULL never matches), or computes it with a function that
// never returns NULL for it (COALESCE, NVL, IFNULL, ZEROIFNULL, COUNT, IFF).
// The check is lexical and errs towards asking: a false report is fixed by
// writing the filter, which also documents the intent.

var notNullFuncs = regexp.MustCompile(`^(coalesce|nvl|ifnull|zeroifnull|count|count_if|iff)\s*\(`)

// selectItemExpr returns the expression aliased to col in the query's
// select lists ("expr as col"), from a lower-cased query with spaces
// squeezed, or "".
func selectItemExpr(sqlLower, col string) string {
	re := regexp.MustCompile(`\s+as\s+` + regexp.QuoteMeta(strings.ToLower(col)) + `\b`)
	loc := re.FindStringIndex(sqlLower)
	if loc == nil {
		return ""
	}
	// Walk back to the start of the item: a comma outside parentheses, or
	// the SELECT (DISTINCT) keyword.
	depth := 0
	start := 0
	for k := loc[0] - 1; k >= 0; k-- {
		c := sqlLower[k]
		if c == ')' {
			depth++
		} else if c == '(' {
			if depth == 0 {
				start = k + 1
				break
			}
			depth--
		} else if c == ',' && depth == 0 {
			start = k + 1
			break
		}
	}
	e := strings.TrimSpace(sqlLower[start:loc[0]])
	for _, kw := range []string{"select ", "distinct "} {
		if i := strings.LastIndex(e, kw); i >= 0 && depth == 0 {
			e = strings.TrimSpace(e[i+len(kw):])
		}
	}
	return e
}

// nullableKeys returns the key columns of d with no visible NULL filter.
func nullableKeys(d *Detection) []string {
	sqlLower := strings.Join(strings.Fields(strings.ToLower(d.SQL)), " ")
	var out []string
	for _, k := range d.Key {
		col := strings.ToLower(k)
		if !regexp.MustCompile(`\b` + regexp.QuoteMeta(col) + `\b`).MatchString(sqlLower) {
			continue // not returned at all: checkKey reports it
		}
		exprs := []string{col}
		if e := selectItemExpr(sqlLower, col); e != "" {
			if notNullFuncs.MatchString(e) || strings.HasPrefix(e, "'") {
				continue
			}
			exprs = append(exprs, e)
			// record:host::string is filtered by "record:host is not null".
			if i := strings.Index(e, "::"); i > 0 {
				exprs = append(exprs, e[:i])
			}
		}
		if !filtered(sqlLower, exprs) {
			out = append(out, k)
		}
	}
	return out
}

func filtered(sqlLower string, exprs []string) bool {
	for _, e := range exprs {
		q := regexp.QuoteMeta(e)
		// The expression, not as the tail of a longer name (d.remoteip counts for remoteip).
		pre := `(^|[^a-z0-9_$:"])`
		re := regexp.MustCompile(pre + q + `\s*(is not null|=|<>|!=|>|<|\bin\s*\(|\blike\b|\bilike\b|\bbetween\b)`)
		if re.MatchString(sqlLower) {
			return true
		}
	}
	return false
}

func checkNullableKeys(d *Detection) Problems {
	var probs Problems
	for _, k := range nullableKeys(d) {
		probs = append(probs, Problem{Path: d.Path, Line: d.keyLineOr1(), Msg: fmt.Sprintf(
			"key column %s can be NULL: rows with a NULL key never alert; filter them (%s is not null) or coalesce the column",
			k, strings.ToLower(k))})
	}
	return probs
}
