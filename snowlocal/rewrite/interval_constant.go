package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Interval constants (docs: Date & time data types, Interval constants):
// INTERVAL '<integer> [<part>] [, <integer> [<part>] ...]', a part's
// default the second. "The increments are added or subtracted in the order
// listed": TO_DATE('2019-02-28') + INTERVAL '1 day, 1 year' is 2020-03-01,
// '1 year, 1 day' 2020-02-29. A DATE plus date parts only is a DATE
// ('2023-04-15' + INTERVAL '1 year' prints 2024-04-15), with a time part a
// timestamp (the page's TO_DATE('2025-01-17') + '1 y, ..., 7 h, ...').
//
// The engine renders a constant as one DuckDB interval, which adds its
// months before its days and its days before its time. That is the listed
// order unless a smaller part comes before a larger one; such a constant
// is answered when a DATE starts the expression it is added to
// (dateIntervalConstant adds its increments one by one) and refused
// elsewhere (002040). Years, quarters and months are checked when the
// statement runs wherever they are added (interval_months.go): refused
// where a step would move the day of the month. A DATE plus or minus a
// constant of date parts only stays a DATE wherever the constant is added
// to or subtracted from the operand before it, and is refused in a sum
// whose operand the rewriter cannot isolate (interval_date.go,
// interval_sum.go). Nanoseconds that are not whole microseconds are
// refused, as the engine keeps microseconds, but after a DATE in a result
// column (nanos_item.go) where no date part follows them.

// intervalParts maps the documented parts and their abbreviations (docs:
// Supported date and time parts for intervals) to DuckDB's unit and the
// multiple of it one part is.
var intervalParts = func() map[string]intervalUnit {
	m := map[string]intervalUnit{}
	add := func(u intervalUnit, names string) {
		for _, n := range strings.Fields(names) {
			m[n] = u
		}
	}
	add(intervalUnit{"year", 1, 0}, "year y yy yyy yyyy yr years yrs")
	add(intervalUnit{"month", 3, 0}, "quarter q qtr qtrs quarters")
	add(intervalUnit{"month", 1, 0}, "month mm mon mons months")
	add(intervalUnit{"day", 7, 1}, "week w wk weekofyear woy wy weeks")
	add(intervalUnit{"day", 1, 1}, "day d dd days dayofmonth")
	add(intervalUnit{"hour", 1, 2}, "hour h hh hr hours hrs")
	add(intervalUnit{"minute", 1, 2}, "minute m mi min minutes mins")
	add(intervalUnit{"second", 1, 2}, "second s sec seconds secs")
	add(intervalUnit{"millisecond", 1, 2}, "millisecond ms msec milliseconds")
	add(intervalUnit{"microsecond", 1, 2}, "microsecond us usec microseconds")
	add(intervalUnit{"nanosecond", 1, 2}, "nanosecond ns nsec nanosec nsecond nanoseconds nanosecs nseconds")
	return m
}()

// intervalUnit is a DuckDB interval unit, the multiple of it a part is,
// and its rank in DuckDB's order of adding: 0 months, 1 days, 2 time.
type intervalUnit struct {
	duck string
	mult int64
	rank int
}

// intervalIncrement is one increment of an interval constant.
type intervalIncrement struct {
	n    int64
	unit intervalUnit
}

var intervalIncrementRe = regexp.MustCompile(`^\s*([+-]?[0-9]+)\s*([A-Za-z]*)\s*$`)

// parseIntervalConstant reads an interval constant's text; why is set
// when the engine refuses it.
func parseIntervalConstant(s string) (incs []intervalIncrement, why string) {
	incs, nanos, why := parseIntervalConstantNanos(s)
	if why == "" && nanos.n != 0 {
		return nil, "interval constant '" + s + "' (nanoseconds that are not whole microseconds)"
	}
	return incs, why
}

// subMicros are the nanoseconds of an interval constant that are not whole
// microseconds: n of them, the first in increment at.
type subMicros struct {
	n, at int64
}

// parseIntervalConstantNanos is parseIntervalConstant with the nanoseconds
// that are not whole microseconds taken out of the increments (which keep
// the whole microseconds) and returned.
func parseIntervalConstantNanos(s string) (incs []intervalIncrement, nanos subMicros, why string) {
	for _, part := range strings.Split(s, ",") {
		m := intervalIncrementRe.FindStringSubmatch(part)
		if m == nil {
			return nil, nanos, "interval constant '" + s + "' (an increment that is not an integer and a date or time part)"
		}
		n, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || n > 1e12 || n < -1e12 {
			return nil, nanos, "interval constant '" + s + "' (an increment out of range)"
		}
		name := strings.ToLower(m[2])
		if name == "" {
			name = "second" // "If a date or time part isn't specified, the interval represents seconds"
		}
		u, ok := intervalParts[name]
		if !ok {
			return nil, nanos, "interval constant '" + s + "' (date or time part '" + m[2] + "')"
		}
		if u.duck == "nanosecond" {
			if n%1000 != 0 && nanos.n == 0 {
				nanos.at = int64(len(incs))
			}
			nanos.n += n % 1000
			n, u = n/1000, intervalUnit{"microsecond", 1, 2}
		}
		incs = append(incs, intervalIncrement{n * u.mult, u})
	}
	return incs, nanos, ""
}

// inDuckOrder reports whether DuckDB's order of adding (months, days,
// time) is the listed order: no smaller part comes before a larger one.
func inDuckOrder(incs []intervalIncrement) bool {
	for i := 1; i < len(incs); i++ {
		if incs[i].unit.rank < incs[i-1].unit.rank {
			return false
		}
	}
	return true
}

// duckInterval is incs as one DuckDB interval literal.
func duckInterval(incs []intervalIncrement) string {
	parts := make([]string, len(incs))
	for i, inc := range incs {
		parts[i] = fmt.Sprintf("%d %s", inc.n, inc.unit.duck)
	}
	return "_SF_INTERVAL_24H(INTERVAL " + sqlString(strings.Join(parts, " ")) + ")" // day24.go
}

// intervalConstant renders the interval constant whose text is s (at t).
func (p *parser) intervalConstant(t tok, s string) (expr, error) {
	incs, why := parseIntervalConstant(s)
	if why != "" {
		return expr{}, p.unsupported(t, why)
	}
	if !inDuckOrder(incs) {
		return expr{}, p.unsupported(t, "interval constant '"+s+"' with a smaller part before a larger one: its increments are added in the order listed, which the engine follows only right after a DATE")
	}
	return expr{sql: duckInterval(incs)}, nil
}

// dateIntervalConstant renders `d (+|-) INTERVAL '...'` (no qualifier
// after it) when the tokens at p.i continue the DATE operand d that starts
// an expression that way and end there: the increments added one by one in
// the order listed, a DATE when they are all date parts, else a timestamp.
// ok is false (nothing consumed) otherwise.
func (p *parser) dateIntervalConstant(d string) (e expr, ok bool, err error) {
	op := p.peek()
	if !(op.IsOp("+") || op.IsOp("-")) || !p.peekN(1).IsWord("INTERVAL") || p.peekN(2).Kind != sqllex.String {
		return expr{}, false, nil
	}
	switch n := p.peekN(3); {
	case n.Kind == sqllex.Word && intervalQualifiers[strings.ToUpper(n.Text)] != "":
		return expr{}, false, nil // an interval data type literal (interval_literal.go)
	case n.Kind == 0, n.IsOp(","), n.IsOp(")"), n.IsOp(";"), n.IsWord("AS"), n.IsWord("FROM"):
	case n.Kind == sqllex.QuotedIdent:
	case n.Kind == sqllex.Word && !keywords[strings.ToUpper(n.Text)]:
	default:
		return expr{}, false, nil
	}
	text := snowflakeString(p.peekN(2).Text)
	incs, nanos, why := parseIntervalConstantNanos(text)
	if why == "" && nanos.n != 0 {
		for _, inc := range incs[nanos.at:] {
			if inc.unit.rank < 2 {
				// A date part after them moves from a wall clock the
				// microseconds alone do not give.
				why = "interval constant '" + text + "' (nanoseconds that are not whole microseconds before a date part)"
			}
		}
	}
	if why != "" {
		return expr{}, false, p.unsupported(p.peekN(1), why)
	}
	x, dateOnly := "CAST("+d+" AS TIMESTAMP)", true
	for _, inc := range incs {
		step := duckInterval([]intervalIncrement{inc})
		if steps := monthSteps([]intervalIncrement{inc}, op.Text); len(steps) > 0 {
			// Years, quarters and months that would move the day of the
			// month are refused when met (interval_months.go).
			x = monthChecked(x, "_sf_ic", steps, "_sf_ic "+op.Text+" "+step)
		} else {
			x = fmt.Sprintf("(%s %s %s)", x, op.Text, step)
		}
		dateOnly = dateOnly && inc.unit.rank < 2
	}
	p.i += 3
	if dateOnly {
		return expr{sql: "CAST(" + x + " AS DATE)", typ: "DATE"}, true, nil
	}
	if nanos.n != 0 {
		// Kept only as a result column (nanos_item.go): the timestamp
		// of whole microseconds plus the rest, as a TIMESTAMP_NS.
		return expr{sql: "CAST(CASE WHEN " + x + " IS NOT NULL THEN error('" + nanosUnsupported + "') END AS TIMESTAMP)", typ: "TIMESTAMP",
			nanosItem: timestampNanosItem(x, op.Text, fmt.Sprint(nanos.n))}, true, nil
	}
	return expr{sql: x, typ: "TIMESTAMP"}, true, nil
}
