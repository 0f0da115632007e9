package rewrite

import "strconv"

// positionalColumn names the column that $n (n as written) refers to when
// the query block reads one staged file set or one base table, "" when it
// cannot tell. DuckDB's own positional reference #n, the fallback, cannot
// be an argument of the prelude's macros (`$1::VARCHAR` is _SF_TO_VARCHAR(#1),
// `$1:a` is _SF_JX(#1, …)): its binder rejects it there.
func (p *parser) positionalColumn(n string) string {
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) != 1 {
		return ""
	}
	rel := sc.rels[0]
	if rel.stage {
		return quoteIdent("$" + n) // stage relations name their columns $1, $2… (Options.StageRef)
	}
	if rel.table == "" || rel.opaque || p.opts.ColumnTypes == nil {
		return ""
	}
	k, err := strconv.Atoi(n)
	if err != nil || k < 1 {
		return ""
	}
	names, _, err := p.opts.ColumnTypes(rel.table, nil)
	if err != nil || k > len(names) {
		return ""
	}
	return quoteIdent(rel.name) + "." + quoteIdent(names[k-1])
}
