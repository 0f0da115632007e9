package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// intervalSum handles an interval constant (the operand seq just read,
// from token opStart) whose sum needs the operand it is added to: one that
// holds years, quarters or months, each step checked when met
// (interval_months.go), or one of date parts only, a DATE plus which stays
// a DATE (interval_date.go). It takes the additive chain before the
// constant out of b (the operand it is added to, sums) and returns the sum,
// which seq writes in place of the constant (lead: with a space before
// it), and its type where the rewriter knows it is a DATE. litStart is the literal numtext.go may still patch (the chain's own
// rewriting leaves it alone). ok is false when the operand is no such
// constant.
func (p *parser) intervalSum(b *strings.Builder, sums *addChain, litStart, opStart int) (sum, sumTyp string, lead, ok bool, err error) {
	if opStart+1 >= len(p.toks) || !p.toks[opStart].IsWord("INTERVAL") || p.toks[opStart+1].Kind != sqllex.String {
		return "", "", false, false, nil
	}
	t := p.toks[opStart]
	text := snowflakeString(p.toks[opStart+1].Text)
	incs, why := parseIntervalConstant(text)
	if why != "" {
		return "", "", false, false, nil
	}
	months, dateOnly := len(monthSteps(incs, "+")) > 0, datePartsOnly(incs)
	next := p.peek()
	typ := "" // the operand's type, where the rewriter knows it
	if len(sums.terms) == 1 && sums.terms[0].single != nil && sums.terms[0].single.path == nil {
		typ = sums.terms[0].single.typ
	}
	inSum := sums.pending != "" || intervalInSum(p.toks, opStart, p.i)
	// wall: days or larger parts added to what may be a TIMESTAMP_LTZ in
	// a session whose zone has transitions (interval_wall.go).
	wall := p.opts.WallClockZone != "" && inSum && hasDayParts(incs) && (typ == "" || typ == "TIMESTAMPTZ")
	switch {
	case !months && !dateOnly && !wall:
		return "", "", false, false, nil // days and time parts: DuckDB adds them as Snowflake does, to a timestamp
	case !months && !inSum:
		return "", "", false, false, nil // no sum: alone, compared, an argument, a RANGE frame offset
	}
	what := "with years, quarters or months"
	switch {
	case !months && !dateOnly:
		what = "of days or larger parts beside time parts, in a session whose TIMEZONE has daylight saving time,"
	case !months:
		what = "of date parts only (a DATE plus or minus it is a DATE)"
	}
	refuse := func(where string) error {
		return p.unsupported(t, "interval constant '"+text+"' "+what+" "+where)
	}
	const hint = " (write <date or timestamp> + INTERVAL '...' or - INTERVAL '...', or use DATEADD)"
	full := b.String()
	start, opAt := sums.start, sums.opAt
	switch {
	case p.i != opStart+2:
		return "", "", false, false, refuse("followed by an operator on the interval itself" + hint)
	case sums.pending == "" || sums.start < 0 || sums.skip || opAt < start || opAt > len(full):
		return "", "", false, false, refuse("not added to or subtracted from an operand before it" + hint)
	case next.Kind == sqllex.Op && (next.Text == "*" || next.Text == "/" || next.Text == "%" || next.Text == "||"):
		return "", "", false, false, refuse("followed by " + next.Text + hint)
	}
	left := strings.TrimSpace(full[start:opAt])
	if strings.HasPrefix(left, "-") || strings.HasPrefix(left, "+") {
		return "", "", false, false, refuse("added to an operand with a sign" + hint)
	}
	switch {
	case months && typ == "TIME":
		return "", "", false, false, refuse("added to a TIME")
	case !months && typ != "" && typ != "DATE" && !wall:
		return "", "", false, false, nil // not a DATE: DuckDB's sum, as before
	}
	op := sums.pending
	// The chain before the operator is complete: its own rewriting
	// (integer literals, types_add.go) is done before it is wrapped.
	b.Reset()
	b.WriteString(full[:opAt])
	sums.pending = ""
	sums.finish(b, tok{}, litStart)
	full = b.String()
	lead = start < len(full) && full[start] == ' '
	left = strings.TrimSpace(full[start:])
	b.Reset()
	b.WriteString(full[:start])
	iv := duckInterval(incs)
	if dateOnly && typ == "DATE" {
		sumTyp = "DATE"
	}
	if wall {
		if strings.ContainsAny(left, "?$") && !months {
			return "", "", false, false, refuse("added to a bind")
		}
		// The sum as before where the operand is no TIMESTAMP_LTZ.
		plain := func(x string) string {
			if dateOnly {
				return p.datePartsSum(x, typ, op, iv)
			}
			return x + " " + op + " " + iv
		}
		if !months {
			return wallSum(left, op, iv, plain(left)), sumTyp, lead, true, nil
		}
		const v = "_sf_im"
		return monthChecked(left, v, monthSteps(incs, op), wallSum(v, op, iv, plain(v))), sumTyp, lead, true, nil
	}
	if !months {
		return p.datePartsSum(left, typ, op, iv), sumTyp, lead, true, nil
	}
	const v = "_sf_im"
	value := v + " " + op + " " + iv
	if dateOnly {
		value = p.datePartsSum(v, typ, op, iv)
	}
	return monthChecked(left, v, monthSteps(incs, op), value), sumTyp, lead, true, nil
}

// intervalInSum reports whether the interval at toks[i:j], or the
// parentheses around it, is an operand of + or - (a sign included).
func intervalInSum(toks []tok, i, j int) bool {
	for i > 0 && j < len(toks) && toks[i-1].IsOp("(") && toks[j].IsOp(")") {
		if i >= 2 && (toks[i-2].Kind == sqllex.QuotedIdent || toks[i-2].Kind == sqllex.Word && !keywords[strings.ToUpper(toks[i-2].Text)]) {
			return false // a function's argument
		}
		i, j = i-1, j+1
	}
	additive := func(t tok) bool { return t.IsOp("+") || t.IsOp("-") }
	return i > 0 && additive(toks[i-1]) || j < len(toks) && additive(toks[j])
}
