package rewrite

import (
	"fmt"
	"strconv"
	"strings"
)

// Encoding and checksum functions checked against their documented examples
// (hash_docs conformance file): BASE64_ENCODE of strings and BINARY values
// with its alphabet argument (docs: base64_encode), BASE64_DECODE_STRING /
// BASE64_DECODE_BINARY and their TRY_ forms (docs: base64_decode_binary),
// HEX_DECODE_STRING / HEX_DECODE_BINARY and their TRY_ forms (docs:
// hex_decode_string, try_hex_decode_string), MD5_NUMBER_LOWER64/UPPER64
// (docs: md5_number_lower64).

func init() {
	registerFuncs(map[string]funcHandler{
		"BASE64_ENCODE":            base64Encode,
		"BASE64_DECODE_STRING":     base64Decode(false, false),
		"BASE64_DECODE_BINARY":     base64Decode(true, false),
		"TRY_BASE64_DECODE_STRING": base64Decode(false, true),
		"TRY_BASE64_DECODE_BINARY": base64Decode(true, true),
		"HEX_DECODE_STRING":        wrap1("decode(_SF_HEX_BINARY(%s))", "VARCHAR"),
		"HEX_DECODE_BINARY":        wrap1("_SF_HEX_BINARY(%s)", "BLOB"),
		// Bound once (a lambda's parameter): TRY() refuses an argument
		// holding a volatile function such as error().
		"TRY_HEX_DECODE_STRING": wrap1("list_transform([%s], _sf_v -> TRY(decode(_SF_TRY_HEX_BINARY(_sf_v))))[1]", "VARCHAR"),
		"TRY_HEX_DECODE_BINARY": wrap1("_SF_TRY_HEX_BINARY(%s)", "BLOB"),
		// The digest read as a big-endian number: its last (first) 16 hex
		// digits are the lower (upper) 64 bits, an unsigned integer.
		"MD5_NUMBER_LOWER64": wrap1("CAST(CAST('0x' || substr(md5(%s), 17) AS UBIGINT) AS DECIMAL(38, 0))", "DECIMAL(38,0)"),
		"MD5_NUMBER_UPPER64": wrap1("CAST(CAST('0x' || substr(md5(%s), 1, 16) AS UBIGINT) AS DECIMAL(38, 0))", "DECIMAL(38,0)"),
	})
}

// base64Alphabet reads BASE64's alphabet argument: up to three characters
// replacing '+', '/' (indexes 62, 63) and the padding '=', positionally.
// It returns the default characters replaced and their replacements.
func base64Alphabet(p *parser, c *call, a arg) (from, to string, err error) {
	s, ok := a.literal()
	if !ok {
		return "", "", p.unsupported(c.t, c.name+" with a non-literal alphabet")
	}
	if len(s) > 3 || strings.ContainsAny(s, "'\\") {
		return "", "", p.unsupported(c.t, c.name+" with the alphabet '"+s+"'")
	}
	return "+/="[:len(s)], s, nil
}

// base64Encode: BASE64_ENCODE(input [, max_line_length] [, alphabet]). A
// BINARY input is encoded byte for byte, a string as its UTF-8 bytes. Line
// breaks (a max_line_length below the encoded length) are refused at run
// time: the docs do not say which line separator Snowflake inserts.
func base64Encode(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 3); err != nil {
		return expr{}, err
	}
	var out string
	switch x := c.args[0]; x.typ() {
	case "BLOB":
		out = "to_base64(" + x.sql + ")"
	case "VARCHAR":
		out = "to_base64(encode(" + x.sql + "))"
	default: // told apart as DuckDB binds the call (funcs_bits.go)
		text := fmt.Sprintf("struct_extract({'s': %s, 'z': ''}, CASE WHEN %s THEN 'z' ELSE 's' END)", x.str(), isBlob(x.sql))
		out = pick(x.sql, "to_base64("+asBlob(x.sql)+")", "to_base64(encode("+text+"))")
	}
	if len(c.args) == 3 {
		from, to, err := base64Alphabet(p, c, c.args[2])
		if err != nil {
			return expr{}, err
		}
		out = fmt.Sprintf("translate(%s, '%s', '%s')", out, from, to)
	}
	if len(c.args) >= 2 {
		n, err := strconv.Atoi(strings.TrimSpace(c.args[1].sql))
		if err != nil || n < 0 {
			return expr{}, p.unsupported(c.t, c.name+" with a max_line_length other than a non-negative integer literal")
		}
		if n > 0 {
			out = fmt.Sprintf("list_transform([%s], _sf_b -> CASE WHEN length(_sf_b) > %d THEN _SF_REFUSE('BASE64_ENCODE output broken into lines', _sf_b) ELSE _sf_b END)[1]", out, n)
		}
	}
	return expr{sql: out, typ: "VARCHAR"}, nil
}

// base64Decode: BASE64_DECODE_STRING / _BINARY (input [, alphabet]) and
// their TRY_ forms, which answer NULL for input that is not base64 (or,
// for a string, not UTF-8).
func base64Decode(binary, try bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 2); err != nil {
			return expr{}, err
		}
		in := c.args[0].str()
		if len(c.args) == 2 {
			from, to, err := base64Alphabet(p, c, c.args[1])
			if err != nil {
				return expr{}, err
			}
			in = fmt.Sprintf("translate(%s, '%s', '%s')", in, to, from)
		}
		out := "_SF_BASE64_BINARY(" + in + ")"
		if try {
			out = "_SF_TRY_BASE64_BINARY(" + in + ")"
		}
		if binary {
			return expr{sql: out, typ: "BLOB"}, nil
		}
		if try {
			return expr{sql: "list_transform([" + out + "], _sf_v -> TRY(decode(_sf_v)))[1]", typ: "VARCHAR"}, nil
		}
		return expr{sql: "decode(" + out + ")", typ: "VARCHAR"}, nil
	}
}
