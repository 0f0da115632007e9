package rewrite

import (
	"fmt"
	"regexp"
	"strings"
)

// COMPRESS, DECOMPRESS_BINARY and DECOMPRESS_STRING (docs: compress,
// decompress_binary, decompress_string) with the SNAPPY method, the one
// method the docs show output of: COMPRESS('Snowflake', 'SNAPPY') is
// 0920536E6F77666C616B65, a Snappy block in the raw format (its length, 9,
// as a varint, then one literal: tag (9-1)<<2 and the nine bytes).
//
// COMPRESS answers an input of 1 to 14 bytes only. Google's Snappy, the
// encoder the raw format comes from, emits an input shorter than its input
// margin (kInputMarginBytes, 15, unchanged since its first release) as that
// one literal; a longer input's copies depend on the encoder's match
// heuristics, which differ between Snappy versions, and Snowflake's version
// is not documented. An empty input (a lone zero length, or an empty value)
// is not documented either. Those rows are refused when one holds such a
// value. DECOMPRESS of any valid Snappy block has one answer, which the
// engine's _SF_GO_SNAPPY_UNCOMPRESS gives (sfunc/snappy.go); a value that
// is not one, or whose bytes are not UTF-8 for DECOMPRESS_STRING, fails in
// Snowflake with an error the docs do not give, and is refused.
//
// ZLIB, ZSTD and BZ2 (and LZ4) are refused: the docs show no output of them,
// so neither the header and level Snowflake writes nor the framing it reads
// is known.

func init() {
	registerFuncs(map[string]funcHandler{
		"COMPRESS":          compressCall,
		"DECOMPRESS_BINARY": decompressCall(false),
		"DECOMPRESS_STRING": decompressCall(true),
	})
	prelude = append(prelude,
		// The Snappy block of b, 1 to 14 bytes long: its length as a
		// one-byte varint, a literal's tag ((length - 1) << 2) and b.
		`CREATE OR REPLACE TEMP MACRO _SF_SNAPPY_LITERAL(b) AS CASE WHEN octet_length(b) BETWEEN 1 AND 14
		THEN unhex(printf('%02X%02X', octet_length(b), (octet_length(b) - 1) * 4)) || b
		ELSE CAST(_SF_REFUSE('COMPRESS with the SNAPPY method of a value not 1 to 14 bytes long', octet_length(b)) AS BLOB) END`,
		// The uncompressed bytes of the Snappy block b (text: UTF-8 text).
		`CREATE OR REPLACE TEMP MACRO _SF_SNAPPY_DECODE(b, text, what) AS CASE WHEN b IS NULL THEN NULL
		ELSE coalesce(_SF_GO_SNAPPY_UNCOMPRESS(b, text), CAST(_SF_REFUSE(what, b) AS BLOB)) END`,
	)
}

// compressMethod matches a method argument: a name and an optional
// compression level in parentheses (docs: compress, "zlib(1)").
var compressMethod = regexp.MustCompile(`^\s*([A-Za-z0-9_]+)\s*(?:\(\s*([0-9]+)\s*\))?\s*$`)

// snappyMethod checks c's method argument (a string literal) names SNAPPY,
// in any case, with or without a level (which Snappy has none of: "The
// compression level is ignored if the method doesn't support compression
// levels").
func snappyMethod(p *parser, c *call) error {
	if err := c.arity(p, 2, 2); err != nil {
		return err
	}
	s, ok := c.args[1].literal()
	if !ok {
		return p.unsupported(c.t, c.name+" with a method that is not a string literal")
	}
	m := compressMethod.FindStringSubmatch(s)
	if m == nil || !strings.EqualFold(m[1], "SNAPPY") {
		return p.unsupported(c.t, c.name+" with the method '"+s+"'")
	}
	return nil
}

// compressCall: COMPRESS(input, 'SNAPPY'), a BINARY input compressed byte
// for byte, a string as its UTF-8 bytes.
func compressCall(p *parser, c *call) (expr, error) {
	if err := snappyMethod(p, c); err != nil {
		return expr{}, err
	}
	x := c.args[0]
	var in string
	switch x.typ() {
	case "BLOB":
		in = x.sql
	case "VARCHAR":
		in = "encode(" + x.str() + ")"
	default: // told apart as DuckDB binds the call (funcs_bits.go)
		text := fmt.Sprintf("struct_extract({'s': %s, 'z': ''}, CASE WHEN %s THEN 'z' ELSE 's' END)", x.str(), isBlob(x.sql))
		in = fmt.Sprintf("CASE WHEN %[1]s THEN %[2]s WHEN typeof(%[3]s) = 'VARCHAR' THEN encode(%[4]s) ELSE CAST(_SF_REFUSE('COMPRESS of a value that is neither BINARY nor a string', %[3]s) AS BLOB) END",
			isBlob(x.sql), asBlob(x.sql), x.sql, text)
	}
	return expr{sql: "_SF_SNAPPY_LITERAL(" + in + ")", typ: "BLOB"}, nil
}

// decompressCall: DECOMPRESS_BINARY / DECOMPRESS_STRING(input, 'SNAPPY') of
// a BINARY input.
func decompressCall(text bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := snappyMethod(p, c); err != nil {
			return expr{}, err
		}
		x := c.args[0]
		what, flag := "DECOMPRESS_BINARY with the SNAPPY method of a value that is not a Snappy block", "false"
		if text {
			what, flag = "DECOMPRESS_STRING with the SNAPPY method of a value that is not a Snappy block of UTF-8 text", "true"
		}
		var in string
		switch x.typ() {
		case "BLOB":
			in = x.sql
		case "":
			in = fmt.Sprintf("CASE WHEN %s THEN %s ELSE CAST(_SF_REFUSE('%s of a value that is not BINARY', %s) AS BLOB) END",
				isBlob(x.sql), asBlob(x.sql), c.name, x.sql)
		default:
			return expr{}, p.unsupported(c.t, c.name+" of a value that is not BINARY")
		}
		out := "_SF_SNAPPY_DECODE(" + in + ", " + flag + ", '" + what + "')"
		if text {
			return expr{sql: "decode(" + out + ")", typ: "VARCHAR"}, nil
		}
		return expr{sql: out, typ: "BLOB"}, nil
	}
}
