package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Day-time interval data types and the text form of interval values (docs:
// Date & time data types, "Interval data types",
// https://docs.snowflake.com/en/sql-reference/data-types-datetime). Beside
// the DATE arithmetic of interval_literal.go the engine answers:
//
//   - a TIMESTAMP_NTZ plus or minus a day-time literal (INTERVAL
//     '1 01:01:01.7878' DAY TO SECOND) as a whole expression: the
//     TIMESTAMP_NTZ moved by that duration (the page prints
//     TO_TIMESTAMP('2024-01-01 08:08:08.99') + that literal as
//     2024-01-02 09:09:10.777);
//   - an interval literal converted to text (::VARCHAR), in the interval
//     format the page defines and prints: a sign, the leading field
//     without leading zeros, every further field in two digits and as many
//     fraction digits as the type's fractional seconds precision (+14-04,
//     +0-03, +0:00:30, +2 23:08:23.275, +4.300000);
//   - (ts1 - ts2)::INTERVAL <day-time qualifier>::VARCHAR of two
//     TIMESTAMP_NTZ values (the page prints +19 13:25:41.00 for DAY(2) TO
//     SECOND(2)).
//
// The text form is answered only for the qualifiers the page prints one
// for: YEAR, YEAR TO MONTH, MONTH, DAY TO MINUTE, DAY TO SECOND, HOUR TO
// SECOND and SECOND. Refused (002040): interval columns and values as
// such (their result type, INTERVAL_YEAR_MONTH or INTERVAL_DAY_TIME on the
// wire, is not one the engine's drivers read, and DESCRIBE of such a column
// is not documented), the other qualifiers' text, arithmetic on
// TIMESTAMP_LTZ or TIMESTAMP_TZ (whether a day is 24 hours there the page
// does not say), a literal whose leading field has more digits than its
// precision or whose fraction has more digits than its fractional seconds
// precision (Snowflake's error or rounding is not modelled), one with
// nanoseconds that are not whole microseconds (DuckDB's timestamps keep
// microseconds), and a conversion that would drop digits.

// ivQualifier is an interval data type's qualifier: its leading and
// trailing fields (the same for a one-field type), the leading field's
// precision and the fractional seconds precision (default 9 each).
type ivQualifier struct {
	lead, trail string
	prec, frac  int
}

func (q ivQualifier) yearMonth() bool { return q.lead == "YEAR" || q.lead == "MONTH" }

// qualifier is q as written after INTERVAL, without precisions.
func (q ivQualifier) qualifier() string {
	if q.trail != q.lead {
		return q.lead + " TO " + q.trail
	}
	return q.lead
}

// name is the type Snowflake names q's values.
func (q ivQualifier) name() string { return "INTERVAL " + q.qualifier() }

// textDefined reports whether the docs print the text form of q's values.
func (q ivQualifier) textDefined() bool {
	switch q.lead + " " + q.trail {
	case "YEAR YEAR", "YEAR MONTH", "MONTH MONTH", "DAY MINUTE", "DAY SECOND", "HOUR SECOND", "SECOND SECOND":
		return true
	}
	return false
}

// ivTrailing are the fields that may follow TO after a leading field.
var ivTrailing = map[string][]string{"YEAR": {"MONTH"}, "DAY": {"HOUR", "MINUTE", "SECOND"},
	"HOUR": {"MINUTE", "SECOND"}, "MINUTE": {"SECOND"}}

// ivField is the field word w names (plural only where plural is true).
func ivField(w tok, plural bool) string {
	if w.Kind != sqllex.Word {
		return ""
	}
	u := strings.ToUpper(w.Text)
	if f := intervalQualifiers[u]; f != "" && (f == u || plural) {
		return f
	}
	return ""
}

// parseIvQualifier reads a qualifier starting k tokens ahead of the cursor
// without consuming it: the qualifier and the number of tokens it takes, 0
// when the tokens are not one; ok is false for a precision outside 1 to 9
// (or 0 to 9 for fractional seconds), which Snowflake refuses in a way not
// modelled. plural admits DAYS, HOURS... as a literal's qualifier does.
func (p *parser) parseIvQualifier(k int, plural bool) (q ivQualifier, n int, ok bool) {
	start := k
	q.lead = ivField(p.peekN(k), plural)
	if q.lead == "" {
		return q, 0, true
	}
	q.trail, q.prec, q.frac = q.lead, 9, 9
	k++
	ok = true
	num := func(min int) int {
		v, err := strconv.Atoi(p.peekN(k).Text)
		if p.peekN(k).Kind != sqllex.Number || err != nil || v < min || v > 9 {
			ok = false
		}
		k++
		return v
	}
	if p.peekN(k).IsOp("(") {
		k++
		q.prec = num(1)
		if q.lead == "SECOND" && p.peekN(k).IsOp(",") {
			k++
			q.frac = num(0)
		}
		if !p.peekN(k).IsOp(")") {
			return q, 0, true
		}
		k++
	}
	if p.peekN(k).IsWord("TO") {
		t := ivField(p.peekN(k+1), plural)
		valid := false
		for _, f := range ivTrailing[q.lead] {
			valid = valid || f == t
		}
		if !valid {
			return q, 0, true
		}
		q.trail = t
		k += 2
		if t == "SECOND" && p.peekN(k).IsOp("(") {
			k++
			q.frac = num(0)
			if !p.peekN(k).IsOp(")") {
				return q, 0, true
			}
			k++
		}
	}
	return q, k - start, ok
}

// ivDayTimeShapes are the texts of day-time literals by qualifier (docs:
// "Interval formats", without the sign): the leading field, then the
// subordinate ones; a fraction only where the type has seconds.
var ivDayTimeShapes = map[string]*regexp.Regexp{
	"DAY DAY":       regexp.MustCompile(`^([0-9]+)$`),
	"DAY HOUR":      regexp.MustCompile(`^([0-9]+) ([0-9]{1,2})$`),
	"DAY MINUTE":    regexp.MustCompile(`^([0-9]+) ([0-9]{1,2}):([0-9]{1,2})$`),
	"DAY SECOND":    regexp.MustCompile(`^([0-9]+) ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]*))?$`),
	"HOUR HOUR":     regexp.MustCompile(`^([0-9]+)$`),
	"HOUR MINUTE":   regexp.MustCompile(`^([0-9]+):([0-9]{1,2})$`),
	"HOUR SECOND":   regexp.MustCompile(`^([0-9]+):([0-9]{1,2}):([0-9]{1,2})(?:\.([0-9]*))?$`),
	"MINUTE MINUTE": regexp.MustCompile(`^([0-9]+)$`),
	"MINUTE SECOND": regexp.MustCompile(`^([0-9]+):([0-9]{1,2})(?:\.([0-9]*))?$`),
	"SECOND SECOND": regexp.MustCompile(`^([0-9]+)(?:\.([0-9]*))?$`),
}

// ivFieldOrder lists the day-time fields from the largest; ivFieldMicros
// and ivFieldMax give each one's length and a subordinate field's largest
// value.
var (
	ivFieldOrder  = []string{"DAY", "HOUR", "MINUTE", "SECOND"}
	ivFieldMicros = map[string]int64{"DAY": 86400_000000, "HOUR": 3600_000000, "MINUTE": 60_000000, "SECOND": 1_000000}
	ivFieldMax    = map[string]int64{"HOUR": 23, "MINUTE": 59, "SECOND": 59}
	ivSign        = regexp.MustCompile(`^\s*([+-]?)\s*(.*?)\s*$`)
)

// ivLiteralValue is the value of the literal text s of qualifier q: months
// for a year-month type, microseconds for a day-time one; what, when not
// "", says why the engine does not answer it.
func ivLiteralValue(q ivQualifier, s string) (v int64, what string) {
	m := ivSign.FindStringSubmatch(s)
	sign, body := m[1], m[2]
	neg := sign == "-"
	lead := func(digits string) (int64, string) {
		if len(digits) > q.prec {
			return 0, fmt.Sprintf("a leading field with more digits than the precision %d", q.prec)
		}
		n, _ := strconv.ParseInt(digits, 10, 64)
		return n, ""
	}
	if q.yearMonth() {
		var months int64
		switch {
		case q.lead == "YEAR" && q.trail == "MONTH":
			ym := intervalYearToMonth.FindStringSubmatch(body)
			if ym == nil || ym[1] != "" {
				return 0, "a text not in the form Y-M"
			}
			y, w := lead(ym[2])
			if w != "" {
				return 0, w
			}
			mo, _ := strconv.ParseInt(ym[3], 10, 64)
			if len(ym[3]) > 2 || mo > 11 {
				return 0, "a month field outside 0 to 11"
			}
			months = y*12 + mo
		default:
			c := intervalCount.FindStringSubmatch(body)
			if c == nil || c[1] != "" {
				return 0, "a text that is not a whole number"
			}
			n, w := lead(c[2])
			if w != "" {
				return 0, w
			}
			months = n
			if q.lead == "YEAR" {
				months = n * 12
			}
		}
		if neg {
			months = -months
		}
		return months, ""
	}
	f := ivDayTimeShapes[q.lead+" "+q.trail].FindStringSubmatch(body)
	if f == nil {
		return 0, "a text not in the format of " + q.name()
	}
	var us int64
	i, started := 1, false
	for _, field := range ivFieldOrder {
		if started = started || field == q.lead; !started {
			continue // a field larger than the leading one
		}
		var n int64
		if i == 1 {
			var w string
			if n, w = lead(f[1]); w != "" {
				return 0, w
			}
		} else {
			n, _ = strconv.ParseInt(f[i], 10, 64)
			if n > ivFieldMax[field] {
				return 0, "a " + strings.ToLower(field) + " field out of range"
			}
		}
		us += n * ivFieldMicros[field]
		i++
		if field == q.trail {
			break
		}
	}
	if q.trail == "SECOND" && i < len(f) && f[i] != "" {
		frac := f[i]
		if len(frac) > q.frac {
			return 0, fmt.Sprintf("more fraction digits than the fractional seconds precision %d", q.frac)
		}
		frac = (frac + "000000000")[:9]
		if frac[6:] != "000" {
			return 0, "nanoseconds"
		}
		n, _ := strconv.ParseInt(frac[:6], 10, 64)
		us += n
	}
	if us > 1<<62 {
		return 0, "a value out of range"
	}
	if neg {
		us = -us
	}
	return us, ""
}

// ivYearMonthText is months in the interval format of q.
func ivYearMonthText(q ivQualifier, months int64) string {
	sign := "+"
	if months < 0 {
		sign, months = "-", -months
	}
	switch {
	case q.lead == "YEAR" && q.trail == "MONTH":
		return fmt.Sprintf("%s%d-%02d", sign, months/12, months%12)
	case q.lead == "YEAR":
		return fmt.Sprintf("%s%d", sign, months/12)
	}
	return fmt.Sprintf("%s%d", sign, months)
}

// ivDayTimeText is the SQL of the interval format of q of the SQL us, a
// BIGINT of microseconds; _SF_IV_DT_TEXT refuses (002040) a value whose
// leading field needs more digits than q's precision or that q cannot hold
// without dropping digits.
func ivDayTimeText(q ivQualifier, us string) string {
	return fmt.Sprintf("_SF_IV_DT_TEXT(%s, '%s', '%s', %d, %d)", us, q.lead, q.trail, q.prec, q.frac)
}

func init() {
	prelude = append(prelude,
		// _SF_IV_DT_UNIT(f): the microseconds of day-time field f.
		`CREATE OR REPLACE TEMP MACRO _SF_IV_DT_UNIT(f) AS CASE f WHEN 'DAY' THEN 86400000000 WHEN 'HOUR' THEN 3600000000
		WHEN 'MINUTE' THEN 60000000 ELSE 1000000 END::BIGINT`,
		// _SF_IV_DT_TEXT(us, lead, trail, prec, frac): the interval format
		// of us microseconds as a lead TO trail type (interval_types.go).
		`CREATE OR REPLACE TEMP MACRO _SF_IV_DT_TEXT(us, lead, trail, prec, frac) AS CASE
		WHEN us IS NULL THEN NULL
		WHEN length(CAST(abs(us) // _SF_IV_DT_UNIT(lead) AS VARCHAR)) > prec
			OR abs(us) % (CASE WHEN trail = 'SECOND' THEN CAST(10 ** greatest(6 - frac, 0) AS BIGINT) ELSE _SF_IV_DT_UNIT(trail) END) <> 0
		THEN error('Unsupported feature ''an interval value that its interval data type cannot hold without dropping digits'': the local engine does not implement it.')
		ELSE CASE WHEN us < 0 THEN '-' ELSE '+' END
			|| CAST(abs(us) // _SF_IV_DT_UNIT(lead) AS VARCHAR)
			|| CASE WHEN lead = 'DAY' AND trail <> 'DAY' THEN ' ' || lpad(CAST(abs(us) // 3600000000 % 24 AS VARCHAR), 2, '0') ELSE '' END
			|| CASE WHEN lead IN ('DAY', 'HOUR') AND trail IN ('MINUTE', 'SECOND') THEN ':' || lpad(CAST(abs(us) // 60000000 % 60 AS VARCHAR), 2, '0') ELSE '' END
			|| CASE WHEN lead <> 'SECOND' AND trail = 'SECOND' THEN ':' || lpad(CAST(abs(us) // 1000000 % 60 AS VARCHAR), 2, '0') ELSE '' END
			|| CASE WHEN trail = 'SECOND' AND frac > 0 THEN '.' || left(lpad(CAST(abs(us) % 1000000 AS VARCHAR), 6, '0') || '000', frac) ELSE '' END
		END`,
	)
}

// ivTextTarget reports whether the tokens k ahead of the cursor are :: and a
// text type (VARCHAR, STRING, TEXT, without a length), consumed by the
// caller as 2 tokens.
func (p *parser) ivTextTarget(k int) bool {
	if !p.peekN(k).IsOp("::") {
		return false
	}
	switch w := p.peekN(k + 1); {
	case w.IsWord("VARCHAR"), w.IsWord("STRING"), w.IsWord("TEXT"):
		return !p.peekN(k + 2).IsOp("(")
	}
	return false
}

// intervalLiteral renders an interval data type literal at the cursor
// (INTERVAL, its text and a qualifier): answered only as text
// (INTERVAL '14' MONTH(2)::VARCHAR is +14); anything else is refused.
func (p *parser) intervalLiteral(at, text tok) (expr, error) {
	q, n, ok := p.parseIvQualifier(0, true)
	refuse := func(why string) (expr, error) {
		return expr{}, p.unsupported(at, "interval data types (INTERVAL '...' "+q.qualifier()+": "+why+")")
	}
	if n == 0 || !ok {
		return refuse("a qualifier or precision not modelled")
	}
	v, what := ivLiteralValue(q, snowflakeString(text.Text))
	switch {
	case what != "":
		return refuse(what)
	case !p.ivTextTarget(n):
		return refuse("a value of an interval data type other than converted to text with ::VARCHAR, or added to a TIMESTAMP_NTZ or (by days, months or years) a DATE")
	case !q.textDefined():
		return refuse("the text form of this qualifier, which the docs do not print")
	}
	p.i += n + 2
	if q.yearMonth() {
		return expr{sql: sqlString(ivYearMonthText(q, v)), typ: "VARCHAR"}, nil
	}
	return expr{sql: ivDayTimeText(q, strconv.FormatInt(v, 10)), typ: "VARCHAR"}, nil
}

// dayTimeIntervalArith renders `x (+|-) INTERVAL '...' <day-time
// qualifier>` when x, of DuckDB type typ, starts the expression and the
// literal ends it, x a TIMESTAMP_NTZ: the TIMESTAMP_NTZ that many
// microseconds later or earlier. ok is false (nothing consumed) where the
// tokens are not such a sum; a literal the engine does not read is refused.
func (p *parser) dayTimeIntervalArith(x, typ string) (sql string, ok bool, err error) {
	op := p.peek()
	if !(op.IsOp("+") || op.IsOp("-")) || !p.peekN(1).IsWord("INTERVAL") || p.peekN(2).Kind != sqllex.String {
		return "", false, nil
	}
	q, n, valid := p.parseIvQualifier(3, true)
	if n == 0 || q.yearMonth() || typ != "TIMESTAMP" {
		// (A DATE plus days: interval_literal.go. A DATE plus hours or
		// smaller fields the docs print no example of.)
		return "", false, nil
	}
	switch e := p.peekN(3 + n); {
	case e.Kind == 0, e.IsOp(","), e.IsOp(")"), e.IsOp(";"), e.IsWord("AS"), e.IsWord("FROM"):
	case e.Kind == sqllex.QuotedIdent:
	case e.Kind == sqllex.Word && !keywords[strings.ToUpper(e.Text)]:
	default:
		return "", false, nil
	}
	at := p.peekN(1)
	if !valid {
		return "", false, p.unsupported(at, "interval data types (INTERVAL '...' "+q.qualifier()+": a precision not modelled)")
	}
	us, what := ivLiteralValue(q, snowflakeString(p.peekN(2).Text))
	if what != "" {
		return "", false, p.unsupported(at, "interval data types (INTERVAL '...' "+q.qualifier()+": "+what+")")
	}
	if op.IsOp("-") {
		us = -us
	}
	p.i += 3 + n
	return fmt.Sprintf("(CAST(%s AS TIMESTAMP) + to_microseconds(CAST(%d AS BIGINT)))", x, us), true, nil
}

// timestampDifferenceText renders `(ts1 - ts2)::INTERVAL <day-time
// qualifier>::VARCHAR` at the cursor (an opening bracket) where ts1 and ts2
// are TIMESTAMP_NTZ values: Snowflake's difference is an INTERVAL DAY(9) TO
// SECOND(9) (docs: "Timestamp - Timestamp: An interval data type"), shown
// in the interval format of the type it is cast to. ok is false (nothing
// consumed) where the bracket is not followed by ::INTERVAL; any other
// operand of such a cast is refused.
func (p *parser) timestampDifferenceText() (expr, bool, error) {
	open := p.peek()
	close := p.matching(p.i)
	if close < 0 || close+2 >= len(p.toks) || !p.toks[close+1].IsOp("::") || !p.toks[close+2].IsWord("INTERVAL") {
		return expr{}, false, nil
	}
	refuse := func(what string) (expr, bool, error) {
		return expr{}, true, p.unsupported(open, "interval data types (a cast to INTERVAL of "+what+")")
	}
	p.next()
	x, err := p.postfix()
	if err != nil {
		return expr{}, true, err
	}
	if !p.acceptOp("-") {
		return refuse("anything but the difference of two TIMESTAMP_NTZ values")
	}
	y, err := p.postfix()
	if err != nil {
		return expr{}, true, err
	}
	if p.i != close || x.typ != "TIMESTAMP" || y.typ != "TIMESTAMP" || x.path != nil || y.path != nil {
		return refuse("anything but the difference of two TIMESTAMP_NTZ values")
	}
	p.i = close + 2 // the bracket and ::
	q, n, ok := p.parseIvQualifier(1, false)
	switch {
	case n == 0 || !ok:
		return refuse("a qualifier or precision not modelled")
	case q.yearMonth():
		return refuse("a year-month type (from the difference of two timestamps, a day-time interval)")
	case !p.ivTextTarget(1 + n):
		return refuse("a value kept as an interval data type (answered only converted to text with ::VARCHAR)")
	case !q.textDefined():
		return refuse("a type whose text form the docs do not print")
	}
	p.i += 1 + n + 2
	us := "(epoch_us(" + x.sql + ") - epoch_us(" + y.sql + "))"
	return expr{sql: ivDayTimeText(q, us), typ: "VARCHAR"}, true, nil
}
