package rewrite

import (
	"fmt"
)

// String functions checked against their documented examples (string_docs
// conformance file): TRANSLATE (docs: translate) and EDITDISTANCE with its
// max_distance argument, counted in characters (docs: editdistance;
// sfunc.EditDistance), PARSE_URL (docs: parse_url; sfunc.ParseURL).

func init() {
	registerFuncs(map[string]funcHandler{
		"TRANSLATE":    translateCall,
		"EDITDISTANCE": editDistance,
		"PARSE_URL":    parseURLCall,
		"POSITION":     positionCall,
		"CHARINDEX":    positionCall,
		"SHA2":         sha2Call(false), "SHA2_HEX": sha2Call(false), "SHA2_BINARY": sha2Call(true),
		"SHA1_BINARY": wrap1("unhex(sha1(%s))", "BLOB"),
		"MD5_BINARY":  wrap1("unhex(md5(%s))", "BLOB"),
	})
	prelude = append(prelude,
		// TRANSLATE: a target alphabet longer than the source one is an error.
		`CREATE OR REPLACE TEMP MACRO _SF_TRANSLATE(s, f, t) AS CASE
		WHEN length(t) > length(f) THEN error('String ''' || t || ''' is too long and would be truncated')
		ELSE translate(s, f, t) END`,
		// POSITION/CHARINDEX of BINARY values count bytes: each byte is
		// three characters of "AB CD EF ", so a match starts on a byte.
		`CREATE OR REPLACE TEMP MACRO _SF_BIN_SPACED(b) AS regexp_replace(hex(b), '(..)', '\1 ', 'g')`,
		// A start beyond the end gives 0, a start below 1 and an empty n
		// from a later start are refused (as for strings, charIndex).
		`CREATE OR REPLACE TEMP MACRO _SF_BIN_POSITION(n, h, s) AS CASE
		WHEN s < 1 THEN CAST(_SF_REFUSE('POSITION with a start position below 1', s) AS BIGINT)
		WHEN s > octet_length(h) THEN 0
		WHEN octet_length(n) = 0 AND s <> 1 THEN CAST(_SF_REFUSE('POSITION of an empty value from a start position other than 1', s) AS BIGINT)
		WHEN instr(substr(_SF_BIN_SPACED(h), 3 * (s - 1) + 1), _SF_BIN_SPACED(n)) = 0 THEN 0
		ELSE (instr(substr(_SF_BIN_SPACED(h), 3 * (s - 1) + 1), _SF_BIN_SPACED(n)) - 1) // 3 + s END`,
	)
}

func translateCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 3); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("_SF_TRANSLATE(%s, %s, %s)", c.args[0].str(), c.args[1].str(), c.args[2].str()), typ: "VARCHAR"}, nil
}

func editDistance(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	if len(c.args) == 2 {
		return expr{sql: fmt.Sprintf("_SF_GO_EDITDISTANCE(%s, %s)", c.args[0].str(), c.args[1].str())}, nil
	}
	return expr{sql: fmt.Sprintf("_SF_GO_EDITDISTANCE_MAX(%s, %s, CAST(%s AS BIGINT))", c.args[0].str(), c.args[1].str(), c.args[2].num())}, nil
}

func parseURLCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	permissive := "0"
	if len(c.args) == 2 {
		permissive = "CAST(" + c.args[1].num() + " AS BIGINT)"
	}
	return expr{sql: fmt.Sprintf("CAST(_SF_GO_PARSE_URL(%s, %s) AS JSON)", c.args[0].str(), permissive), typ: "JSON"}, nil
}

// positionCall: POSITION(needle, haystack [, start]), POSITION(needle IN
// haystack) and CHARINDEX (docs: position, charindex); BINARY values are
// searched byte by byte, strings as before (charIndex).
func positionCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	str, err := charIndex(p, c)
	if err != nil {
		return expr{}, err
	}
	if c.args[0].typ() != "BLOB" && c.args[1].typ() != "BLOB" {
		return str, nil
	}
	start := "1"
	if len(c.args) == 3 {
		start = "CAST(" + c.args[2].num() + " AS BIGINT)"
	}
	return expr{sql: fmt.Sprintf("_SF_BIN_POSITION(%s, %s, %s)", c.args[0].sql, c.args[1].sql, start)}, nil
}

// sha2Call: SHA2/SHA2_HEX(msg [, digest_size]) as hex, SHA2_BINARY as
// BINARY; 256 bits (the default) is DuckDB's sha256, the other sizes Go's
// (sfunc.SHA2).
func sha2Call(binary bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 2); err != nil {
			return expr{}, err
		}
		s := "sha256(" + c.args[0].str() + ")"
		if len(c.args) == 2 {
			if bits, _ := c.args[1].word(); bits != "256" {
				s = fmt.Sprintf("_SF_GO_SHA2(%s, CAST(%s AS BIGINT))", c.args[0].str(), c.args[1].num())
			}
		}
		if binary {
			return expr{sql: "unhex(" + s + ")", typ: "BLOB"}, nil
		}
		return expr{sql: s, typ: "VARCHAR"}, nil
	}
}
