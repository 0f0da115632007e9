package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Interval data type literals (docs: Date & time data types — Interval data
// types): INTERVAL '<n>' <qualifier>. The engine answers one documented use
// of them: a DATE plus or minus a one-field or YEAR TO MONTH literal as a
// whole expression (TO_DATE('2024-01-01') + INTERVAL '1-1' YEAR TO MONTH
// is the DATE 2025-02-01; '2026-04-01'::DATE + INTERVAL '3' DAYS the
// TIMESTAMP 2026-04-04 00:00:00). A year-month literal that would move the
// day of the month is refused when met (interval_months.go). A
// TIMESTAMP_NTZ plus or minus a day-time literal and a literal converted to
// text are answered in interval_types.go; every other use of an interval
// literal — alone, in other arithmetic, on other types — is refused
// (002040), as interval values themselves are not modelled.

// intervalQualifiers are the qualifier words (singular or plural) that
// make INTERVAL '...' an interval data type literal.
var intervalQualifiers = map[string]string{"YEAR": "YEAR", "YEARS": "YEAR", "MONTH": "MONTH", "MONTHS": "MONTH",
	"DAY": "DAY", "DAYS": "DAY", "HOUR": "HOUR", "HOURS": "HOUR", "MINUTE": "MINUTE", "MINUTES": "MINUTE",
	"SECOND": "SECOND", "SECONDS": "SECOND"}

var (
	intervalCount       = regexp.MustCompile(`^\s*([+-]?)\s*([0-9]+)\s*$`)
	intervalYearToMonth = regexp.MustCompile(`^\s*([+-]?)\s*([0-9]+)-([0-9]+)\s*$`)
)

// dateIntervalArith renders `d (+|-) INTERVAL '...' qualifier` when the
// tokens at p.i continue the DATE operand d that starts an expression that
// way and end there; ok is false (nothing consumed) otherwise.
func (p *parser) dateIntervalArith(d string) (sql string, typ string, ok bool) {
	op := p.peek()
	if !(op.IsOp("+") || op.IsOp("-")) || !p.peekN(1).IsWord("INTERVAL") || p.peekN(2).Kind != sqllex.String {
		return "", "", false
	}
	q := intervalQualifiers[strings.ToUpper(p.peekN(3).Text)]
	if p.peekN(3).Kind != sqllex.Word || q == "" {
		return "", "", false
	}
	k := 4
	precision := 9
	if p.peekN(k).IsOp("(") && p.peekN(k+1).Kind == sqllex.Number && p.peekN(k+2).IsOp(")") {
		precision, _ = strconv.Atoi(p.peekN(k + 1).Text)
		k += 3
	}
	toMonth := false
	if q == "YEAR" && p.peekN(k).IsWord("TO") && (p.peekN(k+1).IsWord("MONTH") || p.peekN(k+1).IsWord("MONTHS")) {
		toMonth = true
		k += 2
	}
	if q != "YEAR" && q != "MONTH" && q != "DAY" {
		return "", "", false
	}
	// The expression must end after the literal.
	switch n := p.peekN(k); {
	case n.Kind == 0, n.IsOp(","), n.IsOp(")"), n.IsOp(";"), n.IsWord("AS"), n.IsWord("FROM"):
	case n.Kind == sqllex.QuotedIdent:
	case n.Kind == sqllex.Word && !keywords[strings.ToUpper(n.Text)]:
	default:
		return "", "", false
	}
	lit := snowflakeString(p.peekN(2).Text)
	var months, days int64
	var digits int
	if toMonth {
		m := intervalYearToMonth.FindStringSubmatch(lit)
		if m == nil {
			return "", "", false
		}
		y, _ := strconv.ParseInt(m[2], 10, 64)
		mo, _ := strconv.ParseInt(m[3], 10, 64)
		if mo > 11 || len(m[2]) > 9 {
			return "", "", false
		}
		months, digits = y*12+mo, len(strings.TrimLeft(m[2], "0"))
		if m[1] == "-" {
			months = -months
		}
	} else {
		m := intervalCount.FindStringSubmatch(lit)
		if m == nil || len(m[2]) > 9 {
			return "", "", false
		}
		n, _ := strconv.ParseInt(m[2], 10, 64)
		digits = len(strings.TrimLeft(m[2], "0"))
		if m[1] == "-" {
			n = -n
		}
		switch q {
		case "YEAR":
			months = n * 12
		case "MONTH":
			months = n
		case "DAY":
			days = n
		}
	}
	if digits > precision {
		return "", "", false // Snowflake's precision error is not modelled
	}
	if op.IsOp("-") {
		months, days = -months, -days
	}
	p.i += k
	if q == "DAY" {
		return fmt.Sprintf("(%s + to_days(CAST(%d AS INTEGER)))", d, days), "TIMESTAMP", true
	}
	// A step that would move the day of the month is refused when met
	// (interval_months.go); a YEAR TO MONTH literal's years are checked on
	// their own too, so that it answers alike added in one step or two.
	const value = "CAST(%s + to_months(CAST(%d AS INTEGER)) AS DATE)"
	var steps []int64
	switch y := months / 12 * 12; {
	case months == 0:
		return fmt.Sprintf(value, d, months), "DATE", true
	case toMonth && y != 0 && y != months:
		steps = []int64{y, months}
	default:
		steps = []int64{months}
	}
	return monthChecked(d, "_sf_ym_d", steps, fmt.Sprintf(value, "_sf_ym_d", months)), "DATE", true
}
