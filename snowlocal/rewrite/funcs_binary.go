package rewrite

import (
	"fmt"
	"strings"
)

// BINARY conversions (docs: "Binary input and output"): TO_BINARY with the
// HEX (default), BASE64 and UTF-8 formats, HEX_ENCODE's case argument, and
// TO_VARCHAR/TO_CHAR of a BINARY value with a binary format.

func init() {
	registerFuncs(map[string]funcHandler{
		"TO_BINARY": toBinary(false), "TRY_TO_BINARY": toBinary(true),
		"HEX_ENCODE": hexEncode,
		"TO_VARCHAR": toCharBinary, "TO_CHAR": toCharBinary,
	})
	prelude = append(prelude,
		// The input is bound once (a lambda's parameter): TRY() refuses an
		// argument holding a volatile function, such as the error() of a
		// nested conversion (TO_BINARY(HEX_ENCODE(v), 'HEX') in an UPDATE).
		// TRY keeps a constant invalid input from failing as it is folded.
		`CREATE OR REPLACE TEMP MACRO _SF_HEX_BINARY(s) AS list_transform([s], _sf_h -> CASE WHEN _sf_h IS NULL THEN NULL
		WHEN regexp_full_match(_sf_h, '([0-9A-Fa-f]{2})*') THEN TRY(unhex(_sf_h))
		ELSE error('The following string is not a legal hex-encoded value: ''' || _sf_h || '''') END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_HEX_BINARY(s) AS list_transform([s], _sf_h -> CASE
		WHEN regexp_full_match(_sf_h, '([0-9A-Fa-f]{2})*') THEN TRY(unhex(_sf_h)) END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_BASE64_BINARY(s) AS list_transform([s], _sf_h -> CASE WHEN _sf_h IS NULL THEN NULL
		WHEN regexp_full_match(regexp_replace(_sf_h, '\s', '', 'g'), '([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?')
		THEN TRY(from_base64(regexp_replace(_sf_h, '\s', '', 'g')))
		ELSE error('The following string is not a legal base64-encoded value: ''' || _sf_h || '''') END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_BASE64_BINARY(s) AS list_transform([s], _sf_h -> CASE
		WHEN regexp_full_match(regexp_replace(_sf_h, '\s', '', 'g'), '([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?')
		THEN TRY(from_base64(regexp_replace(_sf_h, '\s', '', 'g'))) END)[1]`,
	)
}

func binaryFormat(p *parser, c *call, a arg) (string, error) {
	f, ok := a.literal()
	if !ok {
		return "", p.unsupported(c.t, c.name+" with a non-literal format")
	}
	switch u := strings.ToUpper(f); u {
	case "HEX", "BASE64":
		return u, nil
	case "UTF-8", "UTF8":
		return "UTF-8", nil
	}
	return "", &Error{Code: "100095", Line: c.t.Line, Col: c.t.Col, Message: fmt.Sprintf("Invalid binary format '%s'", f)}
}

// toBinary: TO_BINARY(s [, 'HEX'|'BASE64'|'UTF-8']); the default is the
// BINARY_INPUT_FORMAT default, HEX.
func toBinary(try bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 2); err != nil {
			return expr{}, err
		}
		format := "HEX"
		if len(c.args) == 2 {
			var err error
			if format, err = binaryFormat(p, c, c.args[1]); err != nil {
				return expr{}, err
			}
		}
		s := c.args[0].str()
		switch format {
		case "BASE64":
			if try {
				return expr{sql: fmt.Sprintf("_SF_TRY_BASE64_BINARY(%s)", s), typ: "BLOB"}, nil
			}
			return expr{sql: fmt.Sprintf("_SF_BASE64_BINARY(%s)", s), typ: "BLOB"}, nil
		case "UTF-8":
			return expr{sql: fmt.Sprintf("encode(%s)", s), typ: "BLOB"}, nil
		}
		if try {
			return expr{sql: fmt.Sprintf("_SF_TRY_HEX_BINARY(%s)", s), typ: "BLOB"}, nil
		}
		return expr{sql: fmt.Sprintf("_SF_HEX_BINARY(%s)", s), typ: "BLOB"}, nil
	}
}

// hexEncode: HEX_ENCODE(x [, case]); case 1 (default) is upper case, 0 lower.
func hexEncode(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	s := fmt.Sprintf("upper(hex(%s))", c.args[0].str())
	if len(c.args) == 2 {
		s = fmt.Sprintf("CASE CAST(%s AS INTEGER) WHEN 1 THEN upper(hex(%s)) WHEN 0 THEN lower(hex(%s)) ELSE error('Invalid case argument for HEX_ENCODE') END",
			c.args[1].num(), c.args[0].str(), c.args[0].str())
	}
	return expr{sql: s, typ: "VARCHAR"}, nil
}

// toCharBinary: TO_VARCHAR(b, 'HEX'|'BASE64'|'UTF-8') formats a BINARY value;
// every other form is TO_CHAR's.
func toCharBinary(p *parser, c *call) (expr, error) {
	if len(c.args) == 2 {
		if f, ok := c.args[1].literal(); ok {
			switch strings.ToUpper(f) {
			case "HEX":
				return expr{sql: fmt.Sprintf("upper(hex(%s))", c.args[0].sql), typ: "VARCHAR"}, nil
			case "BASE64":
				return expr{sql: fmt.Sprintf("to_base64(%s)", c.args[0].sql), typ: "VARCHAR"}, nil
			case "UTF-8", "UTF8":
				return expr{sql: fmt.Sprintf("decode(%s)", c.args[0].sql), typ: "VARCHAR"}, nil
			}
		}
	}
	if len(c.args) == 1 && c.args[0].e != nil && (c.args[0].e.path != nil || c.args[0].e.typ == "JSON") {
		// A JSON null is SQL NULL: "To output a SQL NULL value from a
		// VARIANT null key-value, use the TO_CHAR , TO_VARCHAR function"
		// (docs: semistructured-considerations, two examples printing
		// NULL; mlorek/frostlake VariantToVarcharCoercionTest). TO_CHAR's
		// own page says it becomes the word null; the printed examples
		// and the reference agree against it. A null inside an array or
		// object prints as null in its JSON text.
		v := c.args[0].e.render()
		return expr{sql: fmt.Sprintf("CASE WHEN json_type(%s) = 'NULL' THEN NULL ELSE _SF_TO_VARCHAR(%s) END", v, v), typ: "VARCHAR"}, nil
	}
	return toChar(p, c)
}
