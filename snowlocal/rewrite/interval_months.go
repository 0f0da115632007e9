package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Years, quarters and months of an interval (a constant, INTERVAL '1
// month', or a year-month literal, INTERVAL '1' MONTH) move a date to the
// same day of another month. Where that month has no such day (2024-01-31
// plus one month) DuckDB clamps to its last day (2024-02-29); no source
// says what Snowflake does for intervals (docs: Date & time data types,
// Interval constants, says only that the increments are added in the order
// listed; DATEADD's page documents clamping for DATEADD, ADD_MONTHS's page
// differs again). So each month step is checked when the statement runs:
// the sum is answered where the step keeps the day of the month (it then
// has one answer whatever the rule), and refused (002040) where it moves it.
// Where the rewriter cannot isolate the operand the interval is added to,
// the constant is refused when the statement is rewritten.

// monthStepMovesDay is the run-time refusal of a month step that would
// move the day of the month (reported as 002040: snowlocal/result.go).
const monthStepMovesDay = "Unsupported feature: years, quarters or months of an interval added to a day of the month that the resulting month does not have (whether Snowflake then takes the month's last day is not documented) in the local engine."

// monthStepMoves is the SQL condition, on x (a DATE or timestamp), that
// adding one of steps months to it moves its day of the month (NULL, not
// true, where x is NULL).
func monthStepMoves(x string, steps []int64) string {
	conds := make([]string, 0, len(steps))
	for _, n := range steps {
		conds = append(conds, fmt.Sprintf("day(%s + to_months(CAST(%d AS INTEGER))) <> day(%s)", x, n, x))
	}
	return strings.Join(conds, " OR ")
}

// monthChecked renders value (SQL over the lambda parameter v) for x bound
// to v, refused when met where adding one of steps months to x would move
// its day of the month.
func monthChecked(x, v string, steps []int64, value string) string {
	return fmt.Sprintf("list_transform([%s], lambda %s: CASE WHEN %s THEN error(%s) ELSE %s END)[1]",
		x, v, monthStepMoves(v, steps), sqlString(monthStepMovesDay), value)
}

// monthSteps are the month counts an interval's increments (in the order
// listed, signed by op) reach, one after another, from the operand: each
// is checked to keep the day, so that the increments add as one step or
// several alike. Empty when there are no years, quarters or months.
func monthSteps(incs []intervalIncrement, op string) []int64 {
	var steps []int64
	var total int64
	for _, inc := range incs {
		if inc.unit.rank != 0 || inc.n == 0 {
			continue
		}
		if inc.unit.duck == "year" {
			total += inc.n * 12
		} else {
			total += inc.n
		}
		if total == 0 || len(steps) > 0 && steps[len(steps)-1] == total {
			continue
		}
		steps = append(steps, total)
	}
	if op == "-" {
		for i := range steps {
			steps[i] = -steps[i]
		}
	}
	return steps
}

// monthIntervalSum handles an interval constant that holds years, quarters
// or months (the operand seq just read, from token opStart): it takes the
// additive chain before it out of b (the operand it is added to, sums) and
// returns the checked sum, which seq writes in place of the constant (lead:
// with a space before it). litStart is the literal numtext.go may still
// patch (the chain's own rewriting leaves it alone). ok is false when the
// operand is no such constant.
func (p *parser) monthIntervalSum(b *strings.Builder, sums *addChain, litStart, opStart int) (sum string, lead, ok bool, err error) {
	if opStart+1 >= len(p.toks) || !p.toks[opStart].IsWord("INTERVAL") || p.toks[opStart+1].Kind != sqllex.String {
		return "", false, false, nil
	}
	t := p.toks[opStart]
	text := snowflakeString(p.toks[opStart+1].Text)
	incs, why := parseIntervalConstant(text)
	if why != "" || len(monthSteps(incs, "+")) == 0 {
		return "", false, false, nil // day and time parts only: DuckDB adds them as Snowflake does
	}
	refuse := func(where string) error {
		return p.unsupported(t, "interval constant '"+text+"' with years, quarters or months "+where)
	}
	const hint = " (write <date or timestamp> + INTERVAL '...' or - INTERVAL '...', or use DATEADD)"
	full := b.String()
	start, opAt := sums.start, sums.opAt
	next := p.peek()
	switch {
	case p.i != opStart+2:
		return "", false, false, refuse("followed by an operator on the interval itself" + hint)
	case sums.pending == "" || sums.start < 0 || sums.skip || opAt < start || opAt > len(full):
		return "", false, false, refuse("not added to or subtracted from an operand before it" + hint)
	case next.Kind == sqllex.Op && (next.Text == "*" || next.Text == "/" || next.Text == "%" || next.Text == "||"):
		return "", false, false, refuse("followed by " + next.Text + hint)
	}
	left := strings.TrimSpace(full[start:opAt])
	if strings.HasPrefix(left, "-") || strings.HasPrefix(left, "+") {
		return "", false, false, refuse("added to an operand with a sign" + hint)
	}
	if len(sums.terms) == 1 && sums.terms[0].single != nil && sums.terms[0].single.typ == "TIME" {
		return "", false, false, refuse("added to a TIME")
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
	const v = "_sf_im"
	return monthChecked(left, v, monthSteps(incs, op), v+" "+op+" "+duckInterval(incs)), lead, true, nil
}
