package rewrite

import "fmt"

// String functions checked against their documented examples (string_docs
// conformance file): TRANSLATE (docs: translate) and EDITDISTANCE with its
// max_distance argument, counted in characters (docs: editdistance;
// sfunc.EditDistance).

func init() {
	registerFuncs(map[string]funcHandler{
		"TRANSLATE":    translateCall,
		"EDITDISTANCE": editDistance,
	})
	prelude = append(prelude,
		// TRANSLATE: a target alphabet longer than the source one is an error.
		`CREATE OR REPLACE TEMP MACRO _SF_TRANSLATE(s, f, t) AS CASE
		WHEN length(t) > length(f) THEN error('String ''' || t || ''' is too long and would be truncated')
		ELSE translate(s, f, t) END`,
	)
}

func translateCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 3); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("_SF_TRANSLATE(%s, %s, %s)", c.args[0].str(), c.args[1].str(), c.args[2].str()), typ: "VARCHAR"}, nil
}

func editDistance(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	if len(c.args) == 2 {
		return expr{sql: fmt.Sprintf("_SF_GO_EDITDISTANCE(%s, %s)", c.args[0].str(), c.args[1].str())}, nil
	}
	return expr{sql: fmt.Sprintf("_SF_GO_EDITDISTANCE_MAX(%s, %s, CAST(%s AS BIGINT))", c.args[0].str(), c.args[1].str(), c.args[2].num())}, nil
}
