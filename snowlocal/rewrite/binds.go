package rewrite

import (
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A positional bind (?) is the next argument wherever it stands, in
// Snowflake and in DuckDB alike. The rewriter writes some operands more
// than once (a conditional's values, an IN list beside a timestamp, a
// check beside the value it checks) and leaves others out, so its DuckDB
// SQL may hold more or fewer ?s than the statement: DuckDB then asks for
// more arguments than the client sent, or, worse, gives a later ? an
// earlier argument. Such a statement is rewritten again with its binds
// numbered (:1, :2 … become DuckDB's $1, $2 …), which name the same
// argument however often they are written. Only then: an error of the
// first rewrite keeps its positions in the text the client sent.
// (Options.BindTypes, one entry per bind sent, also types each date or
// time bind: typedBind.)

// numberedBinds returns stmt with its ?s numbered, and true, when the
// client sent binds (opts.BindTypes has one entry for each), stmt holds
// only ? binds and out, its rewrite, does not hold as many. A
// MATCH_RECOGNIZE pattern's ? is a quantifier, not a bind: such a
// statement is left as it is.
func numberedBinds(stmt, out string, opts Options) (string, bool) {
	if len(opts.BindTypes) == 0 {
		return "", false
	}
	toks, err := sqllex.Tokenize(stmt)
	if err != nil {
		return "", false
	}
	for _, t := range toks {
		if t.IsWord("MATCH_RECOGNIZE") {
			return "", false
		}
	}
	var b strings.Builder
	n, last := 0, 0
	for _, t := range toks {
		if t.Kind != sqllex.Bind {
			continue
		}
		if t.Text != "?" {
			return "", false // numbered (or named) already
		}
		n++
		b.WriteString(stmt[last:t.Pos])
		b.WriteString(":" + strconv.Itoa(n))
		last = t.Pos + len(t.Text)
	}
	if n == 0 || questionBinds(out) == n {
		return "", false
	}
	b.WriteString(stmt[last:])
	return b.String(), true
}

// questionBinds counts the ? parameters of DuckDB SQL duck (-1 if it does
// not tokenize).
func questionBinds(duck string) int {
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return -1
	}
	n := 0
	for _, t := range toks {
		if t.Kind == sqllex.Bind && t.Text == "?" {
			n++
		}
	}
	return n
}

// numberBinds records the ordinal of each of p's bind tokens: a ? is the
// next argument, :n the n-th.
func (p *parser) numberBinds() {
	n := 0
	for i, t := range p.toks {
		if t.Kind != sqllex.Bind {
			continue
		}
		if p.bindOrdinals == nil {
			p.bindOrdinals = map[int]int{}
		}
		if t.Text == "?" {
			n++
			p.bindOrdinals[i] = n
		} else if k, err := strconv.Atoi(t.Text[1:]); err == nil {
			p.bindOrdinals[i] = k
		}
	}
}

// typedBind is the bind token at index i as a value of the type the client
// bound it with, when that is a date or a time: Snowflake reads a bind of
// type DATE as a DATE wherever it stands (DATEADD of it is a DATE), and
// DuckDB, not knowing, would infer the parameter's type from where it
// stands (a TIMESTAMP in date_trunc). sql is the parameter as written.
func (p *parser) typedBind(i int, sql string) (expr, bool) {
	k, ok := p.bindOrdinals[i]
	if !ok || k < 1 || k > len(p.opts.BindTypes) {
		return expr{}, false
	}
	switch p.opts.BindTypes[k-1] {
	case "DATE":
		return expr{sql: "CAST(" + sql + " AS DATE)", typ: "DATE"}, true
	case "TIME":
		return expr{sql: "CAST(" + sql + " AS TIME)", typ: "TIME"}, true
	case "TIMESTAMP_NTZ":
		return expr{sql: "CAST(" + sql + " AS TIMESTAMP)", typ: "TIMESTAMP"}, true
	case "TIMESTAMP_LTZ":
		return expr{sql: "CAST(" + sql + " AS TIMESTAMPTZ)", typ: "TIMESTAMPTZ"}, true
	case "TIMESTAMP_TZ":
		// Its offset is the session zone's (the session refuses another).
		return expr{sql: "_SF_TO_TSTZ(CAST(" + sql + " AS TIMESTAMPTZ))", typ: tzDuck}, true
	}
	return expr{}, false
}
