package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Sequences map to DuckDB sequences: CREATE SEQUENCE keeps START and
// INCREMENT, seq.NEXTVAL becomes nextval('seq') (also as a column DEFAULT).
//
// "Each occurrence of a sequence generates a set of distinct values"
// (https://docs.snowflake.com/en/user-guide/querying-sequences), and the
// CREATE SEQUENCE page shows what several occurrences in one single-row
// statement give: with INCREMENT = 5, `SELECT seq_5.nextval a,
// seq_5.nextval b, seq_5.nextval c, seq_5.nextval d` is 1, 6, 11, 16 (one
// increment apart, in the order written), and the same query again starts
// "20 higher (5 * 4, where 5 is the size of the increment and 4 is the
// number of NEXTVAL operations in the statement)" than the previous one
// left off: 36, 41, 46, 51. So N references take the values v, v+s, …,
// v+(N-1)s and the next statement starts at v+(2N-1)s. That is the form
// answered: a SELECT without FROM whose select items are each a whole
// seq.NEXTVAL [[AS] alias]. Several references anywhere else (several rows,
// expressions, subqueries, DML) are refused: the docs do not say what they
// give.

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
		k, ok := p.nextvalItem(seq)
		if !ok {
			return expr{}, p.unsupported(seq[0], "several NEXTVAL references of sequence "+strings.ToUpper(name)+" in one statement")
		}
		key := strings.ToUpper(name)
		alias, ok := p.seqAliases[key]
		if !ok {
			// One draw of 2N-1 values: the references take the first N,
			// one increment apart, and the rest are the reservation the
			// docs show. range's rows draw in order, so the value of row 0
			// is the first and the step is the spread over 2N-2.
			if p.seqAliases == nil {
				p.seqAliases = map[string]string{}
			}
			alias = fmt.Sprintf(`"__flurry_seq%d"`, len(p.seqAliases)+1)
			p.seqAliases[key] = alias
			p.seqSources = append(p.seqSources, fmt.Sprintf(
				"(SELECT arg_min(v, i) AS v0, (arg_max(v, i) - arg_min(v, i)) // %d AS st FROM (SELECT i, nextval(%s) AS v FROM range(%d) AS r(i))) AS %s",
				2*refs-2, sqlString(name), 2*refs-1, alias))
		}
		return expr{sql: fmt.Sprintf("(%s.v0 + %d * %s.st)", alias, k, alias)}, nil
	}
	return expr{sql: "nextval(" + sqlString(name) + ")"}, nil
}

// nextvalItem reports whether the statement is the documented form for
// several NEXTVAL references of sequence seq (a SELECT without FROM or
// other clauses whose references are whole select items) and the position
// among them of the reference just read.
func (p *parser) nextvalItem(seq []tok) (int, bool) {
	if len(p.toks) == 0 || !p.toks[0].IsWord("SELECT") {
		return 0, false
	}
	n := 2 * len(seq) // tokens of seq . NEXTVAL
	depth, k, found := 0, 0, false
	for i := 0; i < len(p.toks); i++ {
		t := p.toks[i]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && isClause(t):
			return 0, false
		}
		if i+n >= len(p.toks) || !p.toks[i+n].IsWord("NEXTVAL") || !p.toks[i+n-1].IsOp(".") {
			continue
		}
		match := true
		for j, part := range seq {
			if !strings.EqualFold(p.toks[i+2*j].Text, part.Text) || (j > 0 && !p.toks[i+2*j-1].IsOp(".")) {
				match = false
			}
		}
		if !match {
			continue
		}
		// A whole select item: after SELECT [DISTINCT|ALL] or a comma, before
		// the end or a comma, with at most an alias.
		prev := p.toks[i-1]
		if depth != 0 || !(prev.IsWord("SELECT") || prev.IsWord("DISTINCT") || prev.IsWord("ALL") || prev.IsOp(",")) {
			return 0, false
		}
		e := i + n + 1
		if e < len(p.toks) && p.toks[e].IsWord("AS") {
			e++
		}
		if e < len(p.toks) && (p.toks[e].Kind == sqllex.QuotedIdent || p.toks[e].Kind == sqllex.Word && !keywords[strings.ToUpper(p.toks[e].Text)]) {
			e++
		}
		if e < len(p.toks) && !p.toks[e].IsOp(",") {
			return 0, false
		}
		if i+n == p.i-1 {
			found = true
		} else if !found {
			k++
		}
		i += n
	}
	return k, found
}
