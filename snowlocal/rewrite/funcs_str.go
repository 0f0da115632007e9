package rewrite

import (
	"fmt"
	"strings"
)

// Strings and binary values: LPAD/RPAD pad VARCHAR by characters and BINARY
// by bytes (docs: lpad, rpad); the base's type, known when DuckDB binds
// the call (typeof folds to a constant), picks the branch.

func init() {
	registerFuncs(map[string]funcHandler{
		"LPAD":           padStrOrBinary("lpad"),
		"RPAD":           padStrOrBinary("rpad"),
		"REGEXP_REPLACE": regexpReplacePos,
		"UPPER":          caseMapped("_SF_UPPER"),
		"LOWER":          caseMapped("_SF_LOWER"),
	})
}

// caseMapped is UPPER or LOWER as macro does it (below): Snowflake maps
// case in full (Unicode's full case mapping), DuckDB one code point to one.
func caseMapped(macro string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("%s(%s)", macro, c.args[0].str()), typ: "VARCHAR"}, nil
	}
}

// _SF_UPPER is UPPER with ß as "SS", the docs' example (upper:
// '1č2Щ3ß4Ę!-?abc@' gives '1Č2Щ3SS4Ę!-?ABC@'); DuckDB's upper maps ß to
// the capital sharp s ẞ. The other letters Unicode's full case mapping
// expands (SpecialCasing.txt's unconditional mappings: ligatures such as ﬁ,
// ŉ, ǰ, Armenian և, Greek with a iota subscript) DuckDB would leave as
// they are or map to one code point: a string holding one is refused.
func init() {
	prelude = append(prelude,
		// An ASCII text (as many bytes as characters) takes the plain
		// upper: the check below would cost it several times over.
		`CREATE OR REPLACE TEMP MACRO _SF_UPPER(x) AS CASE WHEN strlen(x) = length(x) THEN upper(x)
		WHEN regexp_matches(x, '`+upperExpanding+`')
		THEN CAST(_SF_REFUSE('UPPER of a letter whose upper case is several letters', x) AS VARCHAR)
		ELSE upper(replace(x, 'ß', 'SS')) END`)
}

// _SF_LOWER is LOWER; a text holding İ (whose full lower case is i and a
// combining dot) or Σ (final or not by its context, in Unicode's full
// mapping) is refused: DuckDB maps each to one letter, and the docs show
// neither (lower).
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_LOWER(x) AS CASE WHEN strlen(x) = length(x) THEN lower(x)
		WHEN regexp_matches(x, '[\x{0130}\x{03A3}]')
		THEN CAST(_SF_REFUSE('LOWER of İ or Σ', x) AS VARCHAR) ELSE lower(x) END`)
}

// upperExpanding is a bracket expression of the letters other than ß whose
// full upper case mapping is more than one code point.
const upperExpanding = "[\\x{0149}\\x{01F0}\\x{0390}\\x{03B0}\\x{0587}\\x{1E96}-\\x{1E9A}\\x{1F50}\\x{1F52}\\x{1F54}\\x{1F56}" +
	"\\x{1F80}-\\x{1FAF}\\x{1FB2}-\\x{1FB4}\\x{1FB6}\\x{1FB7}\\x{1FBC}\\x{1FC2}-\\x{1FC4}\\x{1FC6}\\x{1FC7}\\x{1FCC}" +
	"\\x{1FD2}\\x{1FD3}\\x{1FD6}\\x{1FD7}\\x{1FE2}-\\x{1FE4}\\x{1FE6}\\x{1FE7}\\x{1FF2}-\\x{1FF4}\\x{1FF6}\\x{1FF7}\\x{1FFC}" +
	"\\x{FB00}-\\x{FB06}\\x{FB13}-\\x{FB17}]"

// padStrOrBinary: a BINARY base is padded on its hex text (two digits a
// byte, so the pad repeats and the result truncates on whole bytes); an
// empty pad only truncates; a VARCHAR base pads as funcs_sem.go did.
func padStrOrBinary(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 3); err != nil {
			return expr{}, err
		}
		base, n, pad := c.args[0].str(), "CAST("+c.args[1].num()+" AS INTEGER)", "' '"
		if len(c.args) == 3 {
			pad = c.args[2].str()
		}
		keep := "left"
		text := fmt.Sprintf("CASE WHEN CAST(%[3]s AS VARCHAR) = '' THEN %[4]s(CAST(%[1]s AS VARCHAR), %[2]s) ELSE %[5]s(CAST(%[1]s AS VARCHAR), %[2]s, CAST(%[3]s AS VARCHAR)) END",
			base, n, pad, keep, name)
		bin := fmt.Sprintf("unhex(CASE WHEN hex(%[3]s) = '' THEN %[4]s(hex(%[1]s), 2 * %[2]s) ELSE %[5]s(hex(%[1]s), 2 * %[2]s, hex(%[3]s)) END)",
			base, n, pad, keep, name)
		return expr{sql: fmt.Sprintf("struct_extract({'v': %s, 'b': %s}, CASE WHEN typeof(%s) = 'BLOB' THEN 'b' ELSE 'v' END)", text, bin, base)}, nil
	}
}

// regexpReplacePos: REGEXP_REPLACE with a start position other than 1 or
// an occurrence other than 0 or 1, or a pattern not proved to match alike
// under RE2's and POSIX's rules, runs in Go (sfunc.RegexpReplace); the
// other forms are DuckDB's regexp_replace (funcs.go).
func regexpReplacePos(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 6); err != nil {
		return expr{}, err
	}
	simple := (len(c.args) < 4 || c.args[3].sql == "1") && (len(c.args) < 5 || c.args[4].sql == "0" || c.args[4].sql == "1")
	// A pattern that matches alike under RE2's and POSIX's rules runs on
	// DuckDB's RE2; Go replaces or refuses the others (sfunc.RegexpReplace).
	// So does one that can match the empty string (Go refuses a match
	// abutting another, which RE2 skips) and a replacement whose
	// backreference may name a group taking no part in a match (RE2 puts
	// an empty text there; the docs do not say).
	if lit, flags, proven := provenPattern(c, 1, 5); simple && proven && !regexpCanMatchEmpty(lit, flags) && replacementGroupsTakePart(c, lit) {
		return regexpReplace(p, c)
	}
	if _, err := checkedPattern(p, c, c.args[1]); err != nil {
		return expr{}, err
	}
	if simple && len(c.args) == 6 {
		if _, _, err := regexpOptions(p, c, c.args[5]); err != nil {
			return expr{}, err
		}
	}
	args := []string{c.args[0].str(), c.args[1].str(), "''", "1", "0", "'c'"}
	if len(c.args) >= 3 {
		args[2] = c.args[2].str()
	}
	if len(c.args) >= 4 {
		args[3] = "CAST(" + c.args[3].num() + " AS BIGINT)"
	}
	if len(c.args) >= 5 {
		args[4] = "CAST(" + c.args[4].num() + " AS BIGINT)"
	}
	if len(c.args) == 6 {
		args[5] = c.args[5].str()
	}
	return expr{sql: "_SF_GO_REGEXP_REPLACE(" + strings.Join(args, ", ") + ")", typ: "VARCHAR"}, nil
}

// replacementGroupsTakePart reports whether REGEXP_REPLACE's replacement
// (argument 2, ” when absent) is a literal whose every backreference \n
// names a group of the literal pattern that takes part in every match.
func replacementGroupsTakePart(c *call, pattern string) bool {
	if len(c.args) < 3 {
		return true
	}
	repl, ok := c.args[2].literal()
	if !ok {
		return false
	}
	for i := 0; i+1 < len(repl); i++ {
		if repl[i] != '\\' {
			continue
		}
		if d := repl[i+1]; d >= '0' && d <= '9' {
			if !groupAlwaysTakesPart(pattern, int(d-'0')) {
				return false
			}
		}
		i++
	}
	return true
}
