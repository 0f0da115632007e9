package rewrite

// SEARCH((alias.*), ...) over a derived table or CTE (docs: functions/
// search, "Search a table built by a set operation": SEARCH((T3.*), 's')
// over a UNION in FROM). Which columns are searched depends only on their
// types' family: a text is searched, a VARIANT searched as JSON, a number,
// BOOLEAN, date or time ignored. The rewriter types the query's items by
// family as it does a set operation's (setops.go); a column of another or
// an unknown family, or without a name, leaves the wildcard refused.

// searchDerivedColumns are the columns of rel, a derived table or CTE
// reference, with a DuckDB type of their family, qualified by rel's name
// beside other relations; ok is false for any other relation or a column
// the rewriter cannot type.
func (p *parser) searchDerivedColumns(rel *scopeRel, qualify bool) (cols []scopeColumn, ok bool) {
	if !rel.opaque || rel.stage || rel.fixed != nil || rel.values > 0 {
		return nil, false
	}
	a, b, names, ok := p.relQuery(rel) // types_intfn.go
	if !ok || b <= a {
		return nil, false
	}
	items := p.setQueryItems(a, b)
	if len(items) == 0 || names != nil && len(names) != len(items) {
		return nil, false
	}
	for k, it := range items {
		name := it.name
		if names != nil {
			name = names[k]
		}
		raw := familyType(it)
		if name == "" || raw == "" {
			return nil, false
		}
		ref := quoteIdent(name)
		if qualify {
			if rel.name == "" {
				return nil, false
			}
			ref = quoteIdent(rel.name) + "." + ref
		}
		cols = append(cols, scopeColumn{name: name, ref: ref, raw: raw})
	}
	return cols, true
}

// familyType is a DuckDB type of an item's family, as searchKind reads it:
// "" for a family SEARCH's rule does not settle (another type, a NULL, an
// item only DuckDB types).
func familyType(it setItem) string {
	if it.variant {
		return "JSON"
	}
	if it.derived {
		return ""
	}
	switch it.fam {
	case setText:
		return "VARCHAR"
	case setFixed:
		return "DECIMAL"
	case setFloat:
		return "DOUBLE"
	case setBool:
		return "BOOLEAN"
	case setDate:
		return "DATE"
	case setTime:
		return "TIME"
	case setStamp:
		return "TIMESTAMP"
	}
	return ""
}
