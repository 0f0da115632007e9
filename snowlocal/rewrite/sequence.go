package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Sequences map to DuckDB sequences: CREATE SEQUENCE keeps START and
// INCREMENT, seq.NEXTVAL becomes nextval('seq') (also as a column DEFAULT).
// Snowflake reserves values per NEXTVAL reference in ways its docs show but
// do not specify (several references in one statement leave gaps), so a
// statement naming one sequence's NEXTVAL more than once is refused.

// createSequence rewrites CREATE [OR REPLACE] SEQUENCE [IF NOT EXISTS] name
// [WITH] [START [WITH] [=] n] [INCREMENT [BY] [=] n] [ORDER|NOORDER]
// [COMMENT = '...'].
func (p *parser) createSequence(head string) (string, error) {
	out, err := p.createdName(head)
	if err != nil {
		return "", err
	}
	p.accept("WITH")
	start, step := "1", "1"
	number := func() (string, error) {
		p.acceptOp("=")
		neg := p.acceptOp("-")
		n := p.next()
		if n.Kind != sqllex.Number {
			return "", p.unexpected(n)
		}
		if neg {
			return "-" + n.Text, nil
		}
		return n.Text, nil
	}
	for !p.eof() {
		switch t := p.peek(); {
		case p.accept("START"):
			p.accept("WITH")
			if start, err = number(); err != nil {
				return "", err
			}
		case p.accept("INCREMENT"):
			p.accept("BY")
			if step, err = number(); err != nil {
				return "", err
			}
		case p.accept("ORDER"), p.accept("NOORDER"):
		case p.accept("COMMENT"):
			p.acceptOp("=")
			if s := p.next(); s.Kind != sqllex.String {
				return "", p.unexpected(s)
			}
		default:
			return "", p.unexpected(t)
		}
	}
	out += " START WITH " + start + " INCREMENT BY " + step
	if strings.HasPrefix(step, "-") {
		// DuckDB's descending sequences stop at -1 by default; Snowflake's
		// span the 64-bit range.
		out += " MINVALUE -9223372036854775808 MAXVALUE " + start
	} else {
		out += " MINVALUE " + minOf(start) + " MAXVALUE 9223372036854775807"
	}
	return out, nil
}

func minOf(start string) string {
	if strings.HasPrefix(start, "-") {
		return start
	}
	return "-9223372036854775808"
}

// nextval rewrites seq.NEXTVAL (seq is the name's parts before NEXTVAL).
func (p *parser) nextval(seq []tok) (expr, error) {
	name := renderName(seq)
	refs := 0
	for i := 0; i+len(seq)*2 < len(p.toks); i++ {
		match := true
		for k, part := range seq {
			t := p.toks[i+2*k]
			if !strings.EqualFold(t.Text, part.Text) || (k > 0 && !p.toks[i+2*k-1].IsOp(".")) {
				match = false
				break
			}
		}
		if match && p.toks[i+2*len(seq)-1].IsOp(".") && p.toks[i+2*len(seq)].IsWord("NEXTVAL") {
			refs++
		}
	}
	if refs > 1 {
		return expr{}, p.unsupported(seq[0], "several NEXTVAL references of sequence "+strings.ToUpper(name)+" in one statement")
	}
	return expr{sql: "nextval(" + sqlString(name) + ")"}, nil
}
