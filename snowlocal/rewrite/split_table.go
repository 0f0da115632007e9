package rewrite

import (
	"fmt"
	"strings"
)

// SPLIT_TO_TABLE(string, delimiter) and STRTOK_SPLIT_TO_TABLE(string [,
// delimiters]) as relations (docs: split_to_table, strtok_split_to_table):
// one row per element with the columns SEQ, INDEX (1-based) and VALUE. SEQ
// numbers the input record as FLATTEN's does (flatten_seq.go); a NULL
// string gives no rows. SPLIT_TO_TABLE keeps empty elements (an empty
// string is one empty element, an empty delimiter does not split);
// STRTOK_SPLIT_TO_TABLE drops empty tokens as STRTOK_TO_ARRAY does. An input
// row without rows is left out even after LEFT JOIN LATERAL, as the docs say.
func (p *parser) splitToTable(c *call, alias string) (string, error) {
	var list string
	p.variantTextArgs(c) // variant_text_args.go
	switch c.name {
	case "SPLIT_TO_TABLE":
		if err := c.arity(p, 2, 2); err != nil {
			return "", err
		}
		s, d := c.args[0].str(), c.args[1].str()
		list = fmt.Sprintf("CASE WHEN %[2]s = '' THEN [CAST(%[1]s AS VARCHAR)] ELSE string_split(%[1]s, %[2]s) END", s, d)
	default:
		if err := c.arity(p, 1, 2); err != nil {
			return "", err
		}
		list = fmt.Sprintf("CAST(_SF_STRTOK_TO_ARRAY(%s) AS VARCHAR[])", strings.Join(c.strs(), ", "))
	}
	p.innerLateral = true
	if alias == "" {
		alias = " AS " + c.name
	}
	rel := fmt.Sprintf("LATERAL (SELECT _sf_src.q AS SEQ, CAST(_sf_g.i AS BIGINT) AS \"INDEX\", "+
		"_sf_src.l[_sf_g.i] AS \"VALUE\" FROM (SELECT %s AS l, %s AS q) AS _sf_src, "+
		"generate_series(1, coalesce(len(_sf_src.l), 0)) AS _sf_g(i) ORDER BY _sf_g.i)%s",
		list, p.flattenSeqColumn(c), alias)
	return rel, nil
}
