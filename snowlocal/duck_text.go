package snowlocal

import (
	"regexp"
	"strings"
)

// DuckDB's error texts never reach a user as they are: duckError translates
// the ones with a Snowflake counterpart, and what is left keeps DuckDB's
// explanation without DuckDB's words (its "Binder Error:" style prefixes,
// the prelude's _SF_ macro names, the name DuckDB itself).

var (
	reDuckPrefix   = regexp.MustCompile(`^(?:[A-Za-z]+ ){0,3}Error: `)
	reDuckNear     = regexp.MustCompile(`^syntax error at or near "?(.*?)"?$`)
	reNoCandidate  = regexp.MustCompile(`Could not choose a best candidate function for the function call "([^(]+)\((.*)\)"`)
	reMacroArgs    = regexp.MustCompile(`Macro (_SF_)?(\w+)\(\) (?:does not support the supplied arguments|has positional argument following named argument)`)
	rePositional   = regexp.MustCompile(`Positional reference (\d+) out of range`)
	reStageColumn  = regexp.MustCompile(`Column "(\$\d+)" referenced that exists in the SELECT clause`)
	reInternalName = regexp.MustCompile(`\b_SF_(\w+)`)
	reUngrouped    = regexp.MustCompile(`column "([^"]+)" must appear in the GROUP BY clause or must be part of an aggregate function`)
	reAmbiguous    = regexp.MustCompile(`Ambiguous reference to column name "([^"]+)"`)
	reNoTable      = regexp.MustCompile(`Referenced table "([^"]+)" not found`)
)

// duckText strips DuckDB's words from the first line of one of its errors.
func duckText(s string) string {
	for {
		t := reDuckPrefix.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = t
	}
	s = reInternalName.ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, "DuckDB", "the local engine")
}

// duckSyntaxError is Snowflake's syntax error for DuckDB parser message s (its
// position is in the rewritten text, so none is given).
func duckSyntaxError(s string) error {
	switch m := reDuckNear.FindStringSubmatch(s); {
	case s == "syntax error at end of input":
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error unexpected '<EOF>'.")
	case m != nil:
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error unexpected '%s'.", m[1])
	}
	return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: %s", s)
}

// duckOnlyError translates first lines that name the engine's own
// constructs: DuckDB's overload resolution and macro binding (a type
// combination the local engine does not translate), positional references
// past the end of a table, a staged file's $n past its fields; and binder
// errors whose Snowflake counterpart is known (an ungrouped select item,
// an ambiguous or unknown qualifier), without Snowflake's position.
func duckOnlyError(first string) *Error {
	if m := reNoCandidate.FindStringSubmatch(first); m != nil {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s(%s) in the local engine.",
			strings.ToUpper(m[1]), m[2])
	}
	if m := reMacroArgs.FindStringSubmatch(first); m != nil {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s with these arguments in the local engine.", m[2])
	}
	if m := reUngrouped.FindStringSubmatch(first); m != nil {
		// https://docs.snowflake.com/en/sql-reference/constructs/group-by (its error example).
		return Errorf("001104", "42601", "SQL compilation error:\n'%s' in select clause is neither an aggregate nor in the group by clause.", m[1])
	}
	if m := reAmbiguous.FindStringSubmatch(first); m != nil {
		return Errorf("002028", "42601", "SQL compilation error:\nambiguous column name '%s'", m[1])
	}
	if m := reNoTable.FindStringSubmatch(first); m != nil {
		return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '%s'", m[1])
	}
	if m := rePositional.FindStringSubmatch(first); m != nil {
		return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '$%s'", m[1])
	}
	if m := reStageColumn.FindStringSubmatch(first); m != nil {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s past the fields of the staged files in the local engine.", m[1])
	}
	return nil
}
