package rewrite

import "strings"

// Snowflake ignores the precision and scale declared for a SQL function's
// NUMBER arguments and result, and the length of VARCHAR ones: "the received value may be used as received
// whether or not it conforms to constraints specified in the declaration"
// (docs: udf-sql-limitations). The engine casts them to the declared type,
// which rounds a value with more scale (NUMBER(5,1) makes 1.234 1.2, NUMBER
// 1.5 2), and the docs print no result of such a call. So a value the cast
// would change is refused; one it keeps (an integer for NUMBER, 1.5 for
// NUMBER(5,1)) answers.
//
// The session writes each such argument reference, and the body, as
// UDFValueFunc(CAST(v AS type), v, 'what') (snowlocal/function.go); the
// name is only known in a SQL function's body (Options.UDFBody), elsewhere
// it is an unknown function as in Snowflake. For VARCHAR(n) the cast is of
// the value's first n characters (a longer value's cast would fail with
// 100078 where Snowflake answers), refused when it is not the whole value.

// UDFValueFunc is the engine's checked SQL function argument or result.
const UDFValueFunc = "SYSTEM$FLURRY_UDF_VALUE"

// udfValue renders UDFValueFunc(cast, value, what): cast where it equals
// value, and a refusal (002040) naming what where it does not.
func (p *parser) udfValue(c *call) (expr, error) {
	if len(c.args) != 3 {
		return expr{}, p.unsupported(c.t, "function "+UDFValueFunc)
	}
	cast, value := c.args[0], c.args[1]
	what := strings.Trim(c.args[2].sql, "'")
	typ := ""
	if cast.e != nil {
		typ = cast.e.typ
	}
	if typ == "VARCHAR" {
		// cast is the value's first characters in the declared length.
		msg := sqlString("a SQL function " + what + " whose value is longer than its declared length (Snowflake ignores it; the docs give no result)")
		return expr{sql: "CASE WHEN (" + value.sql + ") IS NULL OR (" + cast.sql + ") = (" + value.sql + ") THEN (" + cast.sql +
			") ELSE cast_to_type(_SF_REFUSE(" + msg + ", " + value.sql + "), (" + cast.sql + ")) END", typ: typ}, nil
	}
	msg := sqlString("a SQL function " + what + " whose value its declared precision and scale would change (Snowflake ignores them; the docs give no result)")
	return expr{sql: "CASE WHEN (" + value.sql + ") IS NULL OR ((" + cast.sql + ") = (" + value.sql + ") AND CAST((" + cast.sql + ") AS DOUBLE) = TRY_CAST((" + value.sql + ") AS DOUBLE)) THEN (" + cast.sql +
		") ELSE cast_to_type(_SF_REFUSE(" + msg + ", " + value.sql + "), (" + cast.sql + ")) END", typ: typ}, nil
}
