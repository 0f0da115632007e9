package rewrite

import "fmt"

// Lengths in bytes and bits, and RTRIMMED_LENGTH.
//
// OCTET_LENGTH (docs: octet_length) is the number of bytes of a string (its
// UTF-8 encoding: 'Β' is 2) or of a BINARY value; BIT_LENGTH (docs:
// bit_length) is 8 times that ("Snowflake doesn't use fractional bytes so
// length is always calculated as 8 * OCTET_LENGTH"). NULL gives NULL.
//
// RTRIMMED_LENGTH (docs: rtrimmed_length) is the length "minus trailing
// whitespace, but including leading whitespace" (RTRIMMED_LENGTH(' ABCD ')
// is 5). The docs' example trims a blank; which other characters count as
// whitespace they do not say, so a string that ends in another whitespace
// character once its trailing blanks are gone (a tab, a line break...) is
// refused.
//
// The results are NUMBERs; their precisions are intFnWidths' (types_intfn.go).
func init() {
	registerFuncs(map[string]funcHandler{
		"OCTET_LENGTH": octetLengthCall(""),
		"BIT_LENGTH":   octetLengthCall(" * 8"),
		"RTRIMMED_LENGTH": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			if c.args[0].typ() == "BLOB" {
				return expr{}, p.unsupported(c.t, "RTRIMMED_LENGTH of a BINARY value")
			}
			return expr{sql: "_SF_RTRIMMED_LENGTH(" + c.args[0].str() + ")"}, nil
		},
	})
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_RTRIMMED_LENGTH(s) AS list_transform([rtrim(CAST(s AS VARCHAR), ' ')], _sf_t -> CASE
		WHEN regexp_matches(_sf_t, '\s$') THEN CAST(_SF_REFUSE('RTRIMMED_LENGTH of a string ending in whitespace other than blanks', _sf_t) AS BIGINT)
		ELSE length(_sf_t) END)[1]`,
	)
}

// octetLengthCall is OCTET_LENGTH (times is "") or BIT_LENGTH (" * 8") of
// a string or BINARY value, a string counted in UTF-8 bytes.
func octetLengthCall(times string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		x := c.args[0]
		var n string
		switch x.typ() {
		case "BLOB":
			n = "octet_length(" + x.sql + ")"
		case "VARCHAR":
			n = "strlen(" + x.sql + ")"
		case "":
			// The type is known at bind time (the CASE folds): a BINARY
			// or a string; a number, date or time would count the bytes
			// of its text in Snowflake's output format, which the docs
			// do not show, so it is refused as a VARIANT is below.
			n = fmt.Sprintf("CASE WHEN %[1]s THEN octet_length(%[2]s) WHEN typeof(%[3]s) = 'VARCHAR' THEN strlen(CAST(%[3]s AS VARCHAR)) "+
				"ELSE CAST(_SF_REFUSE('%[4]s of a value that is not a string or BINARY', %[3]s) AS BIGINT) END",
				isBlob(x.sql), asBlob(x.sql), x.sql, c.name)
		default:
			return expr{}, p.unsupported(c.t, c.name+" of a value that is not a string or BINARY")
		}
		return expr{sql: "(" + n + times + ")"}, nil
	}
}
