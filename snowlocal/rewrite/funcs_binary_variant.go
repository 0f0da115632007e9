package rewrite

import "fmt"

// IS_BINARY(v) (docs: is_binary) is TRUE when the VARIANT v holds a BINARY,
// and AS_BINARY(v) (docs: as_binary) is that BINARY, NULL for anything
// else. A local VARIANT never holds a BINARY: a BINARY cast to VARIANT, or
// placed in an OBJECT or ARRAY, is refused (funcs_variant.go
// _SF_TO_VARIANT, variant_datetime.go _SF_VTEXT), where Snowflake keeps it
// typed. So IS_BINARY of a VARIANT is FALSE (NULL for NULL) and AS_BINARY
// NULL, as they would be for every VARIANT the engine can make; a
// non-VARIANT argument (which Snowflake would cast to VARIANT) is refused.
func init() {
	registerFuncs(map[string]funcHandler{
		"IS_BINARY": func(p *parser, c *call) (expr, error) {
			v, err := variantArg(p, c)
			if err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("(json_type(%s) = 'BINARY')", v), typ: "BOOLEAN"}, nil
		},
		"AS_BINARY": func(p *parser, c *call) (expr, error) {
			v, err := variantArg(p, c)
			if err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CASE WHEN json_type(%s) = 'BINARY' THEN CAST(NULL AS BLOB) END", v), typ: "BLOB"}, nil
		},
	})
}

// variantArg is the single argument of call c, which must be a VARIANT
// (a column or expression the rewriter types as one).
func variantArg(p *parser, c *call) (string, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return "", err
	}
	if a := c.args[0]; a.typ() != "JSON" && (a.e == nil || a.e.path == nil) && p.columnRawType(a.toks) != "JSON" {
		return "", p.unsupported(c.t, c.name+" of an argument the engine does not know to be a VARIANT")
	}
	return c.args[0].sql, nil
}
