package rewrite

import (
	"fmt"
	"strings"
)

// The XML functions (docs: parse_xml, check_xml, xmlget, to_xml). An XML
// document is read into the OBJECT Snowflake makes of it, held as the
// engine's VARIANT JSON text; sfunc's _SF_GO_* functions parse, query and
// print it (sfunc/xml_parse.go, xml_print.go, xml_funcs.go).
func init() {
	registerFuncs(map[string]funcHandler{
		"PARSE_XML": func(p *parser, c *call) (expr, error) {
			s, disable, err := xmlParseArgs(p, c)
			if err != nil {
				return expr{}, err
			}
			fn := "_SF_GO_PARSE_XML"
			if t := p.toks[0]; !t.IsWord("SELECT") && !t.IsWord("WITH") && !t.IsOp("(") {
				// A statement that stores the value: no DOUBLE
				// (sfunc.ParseXMLStored).
				fn = "_SF_GO_PARSE_XML_STORED"
			}
			return expr{sql: fmt.Sprintf("CAST(%s(CAST(%s AS VARCHAR), CAST(%s AS BOOLEAN)) AS JSON)", fn, s, disable), typ: "JSON"}, nil
		},
		// CHECK_XML's DISABLE_AUTO_CONVERT ("the same value that you pass
		// to PARSE_XML") does not change whether a document is valid.
		"CHECK_XML": func(p *parser, c *call) (expr, error) {
			s, _, err := xmlParseArgs(p, c)
			if err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("_SF_GO_CHECK_XML(CAST(%s AS VARCHAR))", s), typ: "VARCHAR"}, nil
		},
		"XMLGET": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 3); err != nil {
				return expr{}, err
			}
			if err := noNamedArgs(p, c); err != nil {
				return expr{}, err
			}
			n := "0"
			if len(c.args) == 3 {
				n = c.args[2].num()
			}
			return expr{sql: fmt.Sprintf("CAST(_SF_GO_XMLGET(%s, %s, CAST(%s AS BIGINT)) AS JSON)",
				xmlVariantText(c.args[0].sql, "XMLGET"), c.args[1].str(), n), typ: "JSON"}, nil
		},
		"TO_XML": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			if err := noNamedArgs(p, c); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_GO_TO_XML(" + xmlVariantText(c.args[0].sql, "TO_XML") + ")", typ: "VARCHAR"}, nil
		},
	})
}

// xmlVariantText is the JSON text of VARIANT x for an XML function, whose
// argument of another type is refused: TO_XML of a SQL value casts it to a
// VARIANT first, whose XML tags (type="...") the docs show only for
// OBJECT, ARRAY and VARCHAR values inside an OBJECT or ARRAY.
func xmlVariantText(x, fn string) string {
	return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL WHEN typeof(%[1]s) = 'JSON' THEN CAST(%[1]s AS VARCHAR) "+
		"ELSE error('Unsupported feature ''%[2]s of a value that is not a VARIANT, OBJECT or ARRAY'': the local engine does not implement it.') END", x, fn)
}

// xmlParseArgs reads PARSE_XML's and CHECK_XML's arguments: the string and
// DISABLE_AUTO_CONVERT (default FALSE), by position or as STR => and
// DISABLE_AUTO_CONVERT =>, positional ones first. A third argument,
// DISALLOW_NONWHITESPACE_MIXED_CONTENT, is refused: the pages the engine
// follows do not document what it does.
func xmlParseArgs(p *parser, c *call) (s, disable string, err error) {
	if err := c.arity(p, 1, 3); err != nil {
		return "", "", err
	}
	disable = "FALSE"
	named := false
	for i, a := range c.args {
		name := a.name
		if name == "" {
			if named {
				return "", "", p.unsupported(c.t, c.name+" with a positional argument after a named one")
			}
			name = []string{"STR", "DISABLE_AUTO_CONVERT", "DISALLOW_NONWHITESPACE_MIXED_CONTENT"}[i]
		} else {
			named = true
		}
		switch name {
		case "STR":
			if s != "" {
				return "", "", p.unsupported(c.t, c.name+" with STR given twice")
			}
			s = a.str()
		case "DISABLE_AUTO_CONVERT":
			disable = a.sql
		default:
			return "", "", p.unsupported(c.t, c.name+" argument "+strings.ToUpper(name))
		}
	}
	if s == "" {
		return "", "", p.unsupported(c.t, c.name+" without STR")
	}
	return s, disable, nil
}

// noNamedArgs refuses a named argument of a function the docs give none.
func noNamedArgs(p *parser, c *call) error {
	for _, a := range c.args {
		if a.name != "" {
			return p.unsupported(c.t, c.name+" argument "+a.name)
		}
	}
	return nil
}
