package rewrite

import "strings"

// A JOIN ... USING (c) or NATURAL JOIN compares the relations' columns c
// as = does (docs: JOIN, USING: "the columns ... are equal"), so a VARCHAR
// column beside a DATE, TIME or timestamp one converts the text as its
// cast does under AUTO (failing on text AUTO does not read). DuckDB binds
// USING with its own implicit cast, which reads '2019/01/02' as a date:
// where the block's base tables give such a pair, the join is refused
// (002040); an ON condition answers (varchar_unseen_cmp.go, datetime_cmp.go).

// usingTextDate refuses the current block's USING or NATURAL join of a text
// column with a date or time one of the same name, where base tables give
// both types.
func (p *parser) usingTextDate(at tok) error {
	sc := p.scope
	if sc == nil || (len(sc.using) == 0 && !sc.natural) {
		return nil
	}
	kinds := map[string]map[string]bool{} // column -> "text" / "datetime"
	for _, r := range sc.rels {
		r.load(p)
		if r.failed {
			continue
		}
		for col, raw := range r.raw {
			if !sc.natural && !sc.using[col] {
				continue
			}
			k := ""
			switch {
			case raw == "VARCHAR":
				k = "text"
			case raw == "DATE", raw == "TIME", strings.HasPrefix(raw, "TIMESTAMP"):
				k = "datetime"
			}
			if k == "" {
				continue
			}
			if kinds[col] == nil {
				kinds[col] = map[string]bool{}
			}
			kinds[col][k] = true
			if kinds[col]["text"] && kinds[col]["datetime"] {
				return p.unsupported(at, "a JOIN USING or NATURAL JOIN of a text column "+col+" with a date or time column (DuckDB would convert the text its own way; write the join with ON)")
			}
		}
	}
	return nil
}
