package rewrite

import (
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A positional bind (?) is the next argument wherever it stands, in
// Snowflake and in DuckDB alike. The rewriter writes some operands more
// than once (a conditional's values, an IN list beside a timestamp, a
// check beside the value it checks), leaves others out and puts others in
// another order (TIMESTAMPADD(minute, ?, ?) is the timestamp plus the
// minutes), so the nth ? of its DuckDB SQL need not be the nth the client
// sent: DuckDB asked for more arguments than were sent, or gave a ? the
// argument of another. A statement with ? binds is therefore rewritten
// again with its binds numbered (:1, :2 … become DuckDB's $1, $2 …), which
// name their argument wherever and however often they are written. Only
// once the first rewrite succeeds: an error keeps its positions in the
// text the client sent. (Options.BindTypes, one entry per bind sent, also
// types each date or time bind: typedBind.)

// numberedBinds returns stmt with its ?s numbered, and true, when the
// client sent binds (opts.BindTypes has one entry for each) and stmt holds
// only ? binds. A MATCH_RECOGNIZE pattern's ? is a quantifier, not a
// bind: such a statement is left as it is.
func numberedBinds(stmt string, opts Options) (string, bool) {
	if len(opts.BindTypes) == 0 || !strings.Contains(stmt, "?") {
		return "", false
	}
	toks, err := sqllex.Tokenize(stmt)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	n, last := 0, 0
	for _, t := range toks {
		if t.IsWord("MATCH_RECOGNIZE") {
			return "", false
		}
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
	if n == 0 {
		return "", false
	}
	b.WriteString(stmt[last:])
	return b.String(), true
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
