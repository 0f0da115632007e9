package snowlocal

import "regexp"

// reStructuredType finds a structured type, ARRAY(...), OBJECT(...) or
// MAP(...), in a declared type's text.
var reStructuredType = regexp.MustCompile(`(?i)\b(ARRAY|OBJECT|MAP)\s*\(`)

// refuseStructuredSignature refuses a function's or procedure's argument
// or result type that is (or holds) a structured type: the engine keeps a
// structured type only on an expression of one query (rewrite/structured.go),
// and a VARIANT bound to an ARRAY(INT) argument or returned for one would
// be coerced where Snowflake does not coerce ("A structured type value
// can't be coerced to a semi-structured value (and vice versa)": docs,
// data-types-structured).
func refuseStructuredSignature(what, typ string) error {
	if !reStructuredType.MatchString(typ) {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the structured type %s of %s (a structured type: the local engine keeps none in a function or procedure signature)': the local engine does not implement it.", typ, what)
}
