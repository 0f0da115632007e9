package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// dateParts maps Snowflake date and time parts and their abbreviations
// (docs: "Supported date and time parts") to canonical names.
var dateParts = map[string]string{}

func init() {
	for canon, names := range map[string]string{
		"year":        "YEAR Y YY YYY YYYY YR YEARS YRS",
		"quarter":     "QUARTER Q QTR QTRS QUARTERS",
		"month":       "MONTH MM MON MONS MONTHS",
		"week":        "WEEK W WK WEEKOFYEAR WOY WY WEEKS",
		"day":         "DAY D DD DAYS DAYOFMONTH",
		"hour":        "HOUR H HH HR HOURS HRS",
		"minute":      "MINUTE M MI MIN MINUTES MINS",
		"second":      "SECOND S SEC SECONDS SECS",
		"millisecond": "MILLISECOND MS MSEC MILLISECONDS",
		"microsecond": "MICROSECOND US USEC MICROSECONDS",
		"nanosecond":  "NANOSECOND NS NSEC NANOSEC NSECOND NANOSECONDS NANOSECS NSECONDS NSECS",
		"dow":         "DAYOFWEEK WEEKDAY DOW DW",
		"isodow":      "DAYOFWEEKISO WEEKDAY_ISO DOW_ISO DW_ISO",
		"doy":         "DAYOFYEAR YEARDAY DOY DY",
		"isoweek":     "WEEKISO WEEK_ISO WEEKOFYEARISO WEEKOFYEAR_ISO",
		"yearofweek":  "YEAROFWEEK",
		"isoyear":     "YEAROFWEEKISO",
		"epoch":       "EPOCH_SECOND EPOCH EPOCH_SECONDS",
		"epoch_ms":    "EPOCH_MILLISECOND EPOCH_MILLISECONDS",
		"epoch_us":    "EPOCH_MICROSECOND EPOCH_MICROSECONDS",
		"epoch_ns":    "EPOCH_NANOSECOND EPOCH_NANOSECONDS",
		"tzh":         "TIMEZONE_HOUR TZH",
		"tzm":         "TIMEZONE_MINUTE TZM",
	} {
		for _, n := range strings.Fields(names) {
			dateParts[n] = canon
		}
	}
}

func (p *parser) part(c *call, a arg) (string, error) {
	w, ok := a.word()
	if !ok {
		return "", p.unsupported(c.t, c.name+" with a non-literal date part")
	}
	canon, ok := dateParts[w]
	if !ok {
		return "", &Error{Code: "001059", Line: c.t.Line, Col: c.t.Col,
			Message: fmt.Sprintf("SQL compilation error:\nInvalid date/time part '%s' for function %s.", w, c.name)}
	}
	return canon, nil
}

func invalidPart(c *call, part string) *Error {
	return &Error{Code: "001059", Line: c.t.Line, Col: c.t.Col,
		Message: fmt.Sprintf("SQL compilation error:\nInvalid date/time part '%s' for function %s.", strings.ToUpper(part), c.name)}
}

// dateAdd: DATEADD(part, n, x) -> (x + interval). Adding days or larger
// parts to a DATE keeps a DATE, as in Snowflake.
func dateAdd(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 3); err != nil {
		return expr{}, err
	}
	part, err := p.part(c, c.args[0])
	if err != nil {
		return expr{}, err
	}
	n := c.args[1].num()
	var iv string
	switch part {
	case "year":
		iv = fmt.Sprintf("to_years(CAST(%s AS INTEGER))", n)
	case "quarter":
		iv = fmt.Sprintf("to_months(CAST(%s AS INTEGER) * 3)", n)
	case "month":
		iv = fmt.Sprintf("to_months(CAST(%s AS INTEGER))", n)
	case "week":
		iv = fmt.Sprintf("to_days(CAST(%s AS INTEGER) * 7)", n)
	case "day":
		iv = fmt.Sprintf("to_days(CAST(%s AS INTEGER))", n)
	case "hour":
		iv = fmt.Sprintf("to_hours(CAST(%s AS BIGINT))", n)
	case "minute":
		iv = fmt.Sprintf("to_minutes(CAST(%s AS BIGINT))", n)
	case "second":
		iv = fmt.Sprintf("to_seconds(CAST(%s AS BIGINT))", n)
	case "millisecond":
		iv = fmt.Sprintf("to_milliseconds(CAST(%s AS BIGINT))", n)
	case "microsecond":
		iv = fmt.Sprintf("to_microseconds(CAST(%s AS BIGINT))", n)
	case "nanosecond":
		iv = fmt.Sprintf("to_microseconds(CAST(%s AS BIGINT) // 1000)", n)
	default:
		return expr{}, invalidPart(c, part)
	}
	x := c.args[2]
	s := fmt.Sprintf("(%s + %s)", x.ts(), iv)
	if x.typ() == tzDuck {
		// The wall clock moves; the offset stays (documented: six months
		// after a -0800 value is still -0800).
		return expr{sql: fmt.Sprintf("_SF_TSTZ_FROM_WALL(%s, (%s).sf_tz_off)", s, x.sql), typ: tzDuck}, nil
	}
	days := part == "year" || part == "quarter" || part == "month" || part == "week" || part == "day"
	if t := x.typ(); days && (t == "TIMESTAMPTZ" || t == "TIMESTAMP WITH TIME ZONE") {
		// A TIMESTAMP_LTZ: TIMESTAMP_DAY_IS_ALWAYS_24H (day24.go) decides
		// how its days are added when the statement runs.
		s := fmt.Sprintf("(%s + %s)", x.ts(), day24Interval(c, part, n, iv))
		if p.opts.WallClockZone != "" {
			// The calendar sum moves the wall clock, which may land in a
			// gap or an overlap of the session's zone (wallclock.go).
			s = fmt.Sprintf("CASE WHEN _SF_DAY_IS_24H() THEN %s ELSE %s END", s, p.wallLTZ(fmt.Sprintf("CAST(%s AS TIMESTAMP) + %s", x.ts(), iv)))
		}
		return expr{sql: s, typ: x.typ()}, nil
	}
	if days && x.typ() == "" && len(x.toks) == 1 && (x.toks[0].Kind == sqllex.Variable || x.toks[0].Kind == sqllex.Bind) && p.opts.TimestampDayIs24h {
		// A bind or session variable may be a TIMESTAMP_LTZ, and DuckDB
		// adds its days on the wall clock.
		return expr{}, p.unsupported(c.t, c.name+" of days to a variable with TIMESTAMP_DAY_IS_ALWAYS_24H = TRUE")
	}
	text := x.typ() == "" && len(x.toks) == 1 && x.toks[0].Kind == sqllex.String ||
		x.typ() == "VARCHAR" || x.typ() == "JSON" || x.e != nil && x.e.path != nil
	if days && text && p.opts.TimestampDayIs24h && p.opts.TimestampMapping != "" {
		// A text may name a TIMESTAMP_LTZ under the mapping; the engine
		// reads it as a TIMESTAMP (no time zone).
		return expr{}, p.unsupported(c.t, c.name+" of days to a text with TIMESTAMP_DAY_IS_ALWAYS_24H = TRUE and TIMESTAMP_TYPE_MAPPING = "+p.opts.TimestampMapping)
	}
	switch {
	case x.typ() == "DATE" && days:
		return expr{sql: "CAST(" + s + " AS DATE)", typ: "DATE"}, nil
	case x.typ() == "DATE":
		return expr{sql: s, typ: "TIMESTAMP"}, nil
	case x.typ() == "" && days && !(len(x.toks) == 1 && (x.toks[0].IsWord("NULL") || x.toks[0].Kind == sqllex.String ||
		x.toks[0].Kind == sqllex.Variable || x.toks[0].Kind == sqllex.Bind)):
		// (A literal, a variable or a bind is left to DuckDB as before: a
		// text is read as a timestamp there, and a bind's type is not
		// known when the statement is prepared.)
		// A value whose type the rewriter does not see (a derived table's
		// or CTE's column, a call) may be a DATE, which DuckDB's date plus
		// interval makes a TIMESTAMP: "If date_or_time_expr is a date: If
		// date_or_time_part is day or larger ..., the function returns a
		// DATE value" (docs: DATEADD, Returns). _SF_DATEADD_DAYS picks the
		// DATE as DuckDB binds it.
		if p.opts.WallClockZone != "" {
			// A TIMESTAMP_LTZ's calendar sum is checked as above.
			return expr{sql: fmt.Sprintf("_SF_DATEADD_DAYS_WALL(%s, %s, %s)", x.ts(), iv, day24Interval(c, part, n, iv))}, nil
		}
		return expr{sql: fmt.Sprintf("_SF_DATEADD_DAYS(%s, %s, %s)", x.ts(), iv, day24Interval(c, part, n, iv))}, nil
	}
	if t := x.typ(); t == "VARCHAR" || t == "JSON" || x.e != nil && x.e.path != nil {
		// A text (or VARIANT) is read as a timestamp (x.ts): the sum is a
		// TIMESTAMP, not a text — a cast to VARCHAR of it is no no-op.
		return expr{sql: s, typ: "TIMESTAMP"}, nil
	}
	return expr{sql: s, typ: x.typ()}, nil
}

func init() {
	prelude = append(prelude,
		// _SF_DATEADD_DAYS(x, iv, ltz): x plus the interval iv of whole
		// days or larger units, a DATE where x is a DATE (dateAdd), x plus
		// the interval ltz where x is a TIMESTAMP_LTZ (day24.go), else
		// DuckDB's sum. The key is a constant per call site (typeof()
		// folds as DuckDB binds the macro), and the field not taken folds
		// to NULL: no cost per row.
		`CREATE OR REPLACE TEMP MACRO _SF_DATEADD_DAYS(x, iv, ltz) AS struct_extract({
		'd': CASE WHEN typeof(x) = 'DATE' THEN CAST(x + iv AS DATE) END,
		'o': CASE WHEN typeof(x) <> 'DATE' THEN x + CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN ltz ELSE iv END END},
		CASE WHEN typeof(x) = 'DATE' THEN 'd' ELSE 'o' END)`,
		// _SF_DATEADD_DAYS in a session whose zone has transitions: a
		// TIMESTAMP_LTZ's calendar sum (not 24-hour days) is a wall clock
		// read in the session's zone, checked (wallclock.go), as dateAdd
		// writes it where the rewriter sees the type.
		`CREATE OR REPLACE TEMP MACRO _SF_DATEADD_DAYS_WALL(x, iv, ltz) AS struct_extract({
		'd': CASE WHEN typeof(x) = 'DATE' THEN CAST(x + iv AS DATE) END,
		'w': CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN CASE WHEN _SF_DAY_IS_24H() THEN x + ltz
			ELSE _SF_WALL_LTZ(CAST(x AS TIMESTAMP) + iv) END END,
		'o': CASE WHEN typeof(x) NOT IN ('DATE', 'TIMESTAMP WITH TIME ZONE') THEN x + iv END},
		CASE WHEN typeof(x) = 'DATE' THEN 'd' WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN 'w' ELSE 'o' END)`,
	)
}

// dateDiff: DATEDIFF(part, a, b) counts part boundaries, like DuckDB's date_diff.
func dateDiff(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 3); err != nil {
		return expr{}, err
	}
	part, err := p.part(c, c.args[0])
	if err != nil {
		return expr{}, err
	}
	a, b := c.args[1].ts(), c.args[2].ts()
	if p.opts.WallClockZone != "" {
		// A TIMESTAMP_NTZ or DATE beside a TIMESTAMP_LTZ is cast to one
		// (wallclock_cmp.go).
		side := func(x arg, sql string) wallValue {
			if t := x.typ(); t == "VARCHAR" || t == "JSON" || x.e != nil && x.e.textColumn || len(x.toks) == 1 && x.toks[0].Kind == sqllex.String || x.e != nil && x.e.path != nil {
				return wallValue{sql: sql, typ: "TIMESTAMP"} // a text read as a timestamp (x.ts)
			}
			return wallValue{sql: sql, typ: x.typ(), other: otherType(x.e)}
		}
		w, refuse := wallValues([]wallValue{side(c.args[1], a), side(c.args[2], b)})
		if refuse {
			return expr{}, p.unsupported(c.t, fmt.Sprintf(wallWitnessRefusal, "an operand of "+c.name))
		}
		a, b = w[0], w[1]
	}
	if part == "week" {
		// Week boundaries crossed (DuckDB's date_diff counts whole 7-day
		// spans): weeks start on the session's WEEK_START day (funcs_week.go).
		return expr{sql: fmt.Sprintf("((_SF_WEEK_FIRST(%s) - _SF_WEEK_FIRST(%s)) // 7)", b, a)}, nil
	}
	switch part {
	case "week":
		// Monday-started week boundaries crossed (the default WEEK_START);
		// DuckDB's date_diff('week') counts whole 7-day spans instead.
		return expr{sql: fmt.Sprintf("(date_diff('day', date_trunc('week', %s), date_trunc('week', %s)) // 7)", a, b)}, nil
	case "year", "quarter", "month", "day", "hour", "minute", "second", "millisecond", "microsecond":
		return expr{sql: fmt.Sprintf("date_diff('%s', %s, %s)", part, a, b)}, nil
	case "nanosecond":
		return expr{sql: fmt.Sprintf("(date_diff('microsecond', %s, %s) * 1000)", a, b)}, nil
	}
	return expr{}, invalidPart(c, part)
}

// dateTrunc: DATE_TRUNC(part, x); a DATE stays a DATE.
func dateTrunc(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	part, err := p.part(c, c.args[0])
	if err != nil {
		return expr{}, err
	}
	switch part {
	case "year", "quarter", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond":
	default:
		return expr{}, invalidPart(c, part)
	}
	x := c.args[1]
	if x.typ() == "TIME" {
		switch part {
		case "hour", "minute", "second", "millisecond", "microsecond":
			// The time on day 0, truncated, as a TIME again.
			return expr{sql: fmt.Sprintf("CAST(date_trunc('%s', DATE '1970-01-01' + %s) AS TIME)", part, x.sql), typ: "TIME"}, nil
		}
		return expr{}, p.unsupported(c.t, fmt.Sprintf("DATE_TRUNC('%s', TIME)", part))
	}
	s := fmt.Sprintf("date_trunc('%s', %s)", part, x.ts())
	if part == "week" { // weeks start on the session's WEEK_START day (funcs_week.go)
		s = fmt.Sprintf("(date_trunc('week', %s - %s) + %s)", x.ts(), weekShift, weekShift)
	}
	switch x.typ() {
	case tzDuck:
		return expr{sql: fmt.Sprintf("_SF_TSTZ_FROM_WALL(%s, (%s).sf_tz_off)", s, x.sql), typ: tzDuck}, nil
	case "DATE":
		return expr{sql: "CAST(" + s + " AS DATE)", typ: "DATE"}, nil
	case "TIMESTAMPTZ":
		if p.opts.WallClockZone != "" && part != "minute" && part != "second" && part != "millisecond" && part != "microsecond" {
			// DuckDB truncates the wall clock and reads it back in the
			// session's zone, where it may be in a gap or an overlap
			// (wallclock.go); a minute or finer keeps the offset.
			w := fmt.Sprintf("date_trunc('%s', CAST(%s AS TIMESTAMP))", part, x.sql)
			if part == "week" {
				w = fmt.Sprintf("(date_trunc('week', CAST(%s AS TIMESTAMP) - %s) + %s)", x.sql, weekShift, weekShift)
			}
			return expr{sql: p.wallLTZ(w), typ: "TIMESTAMPTZ"}, nil
		}
		return expr{sql: s, typ: "TIMESTAMPTZ"}, nil
	}
	return expr{sql: "CAST(" + s + " AS TIMESTAMP)", typ: "TIMESTAMP"}, nil
}

func (p *parser) datePartCall(c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return p.datePart(c, c.args[0], c.args[1])
}

// datePart: DATE_PART(part, x) and EXTRACT(part FROM x).
func (p *parser) datePart(c *call, pa, x arg) (expr, error) {
	part, err := p.part(c, pa)
	if err != nil {
		return expr{}, err
	}
	v := x.ts()
	switch part {
	case "year", "quarter", "month", "day", "hour", "minute", "second", "isodow", "doy", "isoyear":
		return expr{sql: fmt.Sprintf("date_part('%s', %s)", part, v)}, nil
	case "isoweek":
		return expr{sql: fmt.Sprintf("date_part('week', %s)", v)}, nil
	case "dow": // WEEK_START, WEEK_OF_YEAR_POLICY: funcs_week.go
		return expr{sql: "_SF_DAYOFWEEK(" + v + ")"}, nil
	case "week":
		return expr{sql: "_SF_WEEK(" + v + ")"}, nil
	case "yearofweek":
		return expr{sql: "_SF_YEAROFWEEK(" + v + ")"}, nil
	case "nanosecond":
		return expr{sql: fmt.Sprintf("(date_part('microsecond', %s) %% 1000000 * 1000)", v)}, nil
	case "epoch":
		if x.typ() == tzDuck { // the instant, not the wall clock
			v = tzUTC(x)
		}
		return expr{sql: fmt.Sprintf("CAST(floor(epoch(%s)) AS BIGINT)", v)}, nil
	case "epoch_ms", "epoch_us", "epoch_ns":
		if x.typ() == tzDuck {
			v = tzUTC(x)
		}
		return expr{sql: fmt.Sprintf("%s(%s)", part, v)}, nil
	case "tzh":
		if x.typ() == tzDuck {
			return expr{sql: fmt.Sprintf("((%s).sf_tz_off // 60)", x.sql)}, nil
		}
		return expr{sql: fmt.Sprintf("date_part('timezone_hour', %s)", v)}, nil
	case "tzm":
		if x.typ() == tzDuck {
			return expr{sql: fmt.Sprintf("((%s).sf_tz_off %% 60)", x.sql)}, nil
		}
		return expr{sql: fmt.Sprintf("date_part('timezone_minute', %s)", v)}, nil
	}
	return expr{}, invalidPart(c, part)
}

// nowTimestamp: CURRENT_TIMESTAMP, GETDATE(), LOCALTIMESTAMP, SYSTIMESTAMP
// return a TIMESTAMP_LTZ (shown in the session time zone); SYSDATE() the
// current UTC wall clock as a TIMESTAMP_NTZ. DuckDB's function forms are
// used: a bare CURRENT_TIMESTAMP is a column reference DuckDB falls back
// from, which resolved to the select item's own name ("SELECT
// CURRENT_TIMESTAMP" failed, its output column being CURRENT_TIMESTAMP).
func nowTimestamp(p *parser, c *call) (expr, error) {
	if err := nowPrecision(p, c); err != nil {
		return expr{}, err
	}
	if c.name == "SYSDATE" {
		return expr{sql: "timezone('UTC', get_current_timestamp())", typ: "TIMESTAMP"}, nil
	}
	return expr{sql: "CAST(get_current_timestamp() AS TIMESTAMPTZ)", typ: "TIMESTAMPTZ"}, nil
}

// nowTime: CURRENT_TIME, the wall clock in the session time zone (DuckDB's
// TimeZone, through its TIMESTAMP cast: it has no TIMESTAMPTZ-to-TIME cast).
func nowTime(p *parser, c *call) (expr, error) {
	if err := nowPrecision(p, c); err != nil {
		return expr{}, err
	}
	return expr{sql: "CAST(CAST(get_current_timestamp() AS TIMESTAMP) AS TIME)", typ: "TIME"}, nil
}

// nowPrecision checks the optional fractional-seconds precision of
// CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_TIME and LOCALTIME. GETDATE,
// SYSTIMESTAMP and SYSDATE take none (docs: current_timestamp, "The aliases
// SYSTIMESTAMP and GETDATE … do not support the fract_sec_precision
// argument"; sysdate, "It does not support a parameter to specify the
// precision of fractional seconds"): an argument count error, as for any
// function. A precision n reports the time with n digits (docs:
// current_timestamp, "a value of 3 says to use 3 digits after the decimal
// point"; its examples print CURRENT_TIMESTAMP(2) as 15:41:38.29 under
// the FF output format) where the engine's times keep microseconds and a
// scale of 9: only the default 9 is answered (as TIMESTAMP_NTZ(3) is
// refused, README).
func nowPrecision(p *parser, c *call) error {
	switch c.name {
	case "GETDATE", "SYSTIMESTAMP", "SYSDATE":
		return c.arity(p, 0, 0)
	}
	if err := c.arity(p, 0, 1); err != nil {
		return err
	}
	if len(c.args) == 1 && strings.TrimSpace(c.args[0].sql) != "9" {
		return p.unsupported(c.t, c.name+" with a fractional-seconds precision other than 9")
	}
	return nil
}

// toTimestamp: TO_TIMESTAMP[_NTZ|_LTZ|_TZ](x [, format | scale]) and TRY_ forms.
func toTimestamp(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	try := strings.HasPrefix(c.name, "TRY_")
	tz := strings.HasSuffix(c.name, "_LTZ") || strings.HasSuffix(c.name, "_TZ")
	typ := "TIMESTAMP"
	if tz {
		typ = "TIMESTAMPTZ"
	}
	x := c.args[0]
	if len(c.args) == 1 {
		return p.checkedCast(argExpr(x), mapTypeName(map[bool]string{true: "TIMESTAMP_LTZ", false: "TIMESTAMP"}[tz]), try), nil
	}
	f := c.args[1]
	if len(f.toks) == 1 && f.toks[0].Kind == sqllex.Number {
		// Scale: x is an integer number of 10^-scale seconds since the epoch.
		scale := f.toks[0].Text
		s := fmt.Sprintf("make_timestamp(CAST(CAST(%s AS HUGEINT) * CAST(pow(10, 6 - %s) AS BIGINT) AS BIGINT))", x.num(), scale)
		if scale > "6" {
			s = fmt.Sprintf("make_timestamp(CAST(CAST(%s AS HUGEINT) // CAST(pow(10, %s - 6) AS BIGINT) AS BIGINT))", x.num(), scale)
		}
		if tz {
			// Counted from the epoch "1970-01-01 00:00:00 UTC" (docs:
			// TO_TIMESTAMP, numeric_expr), not in the session's zone.
			s = "timezone('UTC', " + s + ")"
		}
		return expr{sql: s, typ: typ}, nil
	}
	format, ok := f.literal()
	if !ok {
		return expr{}, p.unsupported(c.t, c.name+" with a non-literal format")
	}
	if strings.EqualFold(format, "AUTO") {
		return p.checkedCast(argExpr(x), mapTypeName(map[bool]string{true: "TIMESTAMP_LTZ", false: "TIMESTAMP"}[tz]), try), nil
	}
	conv, err := convertFormat(format, !tz)
	if err != nil {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	subject := x.str()
	if conv.stripTZ {
		// TIMESTAMP_NTZ keeps the wall-clock time and ignores the offset.
		subject = fmt.Sprintf(`regexp_replace(%s, '\s*(Z|[+-]\d\d(:?\d\d)?)\s*$', '')`, subject)
	}
	if subject, err = datelessLayout(&conv, subject); err != nil { // funcs_time.go
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	s := checkedParse(strptimeCall("try_strptime", subject, conv.layout), x.str(), subject, conv.layout, c.name, "timestamp", format, try) // format_parse.go
	if conv.hasTZ && !tz {
		s = "CAST(" + s + " AS TIMESTAMP)"
	} else if !conv.hasTZ && tz {
		s = p.wallLTZ(s) // wallclock.go
	} else if conv.nanos && !tz {
		s = "CAST(" + s + " AS TIMESTAMP)"
	}
	if conv.nanos {
		s = nanosGuard(subject, s)
	}
	return expr{sql: s, typ: typ}, nil
}

// nanosGuard is s, the value parsed from subject by a layout with %n (FF,
// FF7..FF9), refused where the text has a nonzero digit after the sixth of
// its fraction: nanoseconds, which DuckDB's TIMESTAMP cannot keep.
func nanosGuard(subject, s string) string {
	return fmt.Sprintf("CASE WHEN %s IS NOT NULL AND NOT regexp_matches(%s, '[.,][0-9]{6}0*($|[^0-9])') AND regexp_matches(%s, '[.,][0-9]{7}') THEN error('%s') ELSE %s END",
		subject, subject, subject, nanosUnsupported, s)
}

// strptimeCall is fn (strptime or try_strptime) of subject by layout. A
// month name reads as its abbreviation or in full under MON and MMMM alike
// ("When parsing text, Snowflake accepts the three-digit abbreviation or
// the full month name for both MON and MMMM", docs: date and time input
// and output formats), where %b and %B each read one: the layout as
// written is tried first without failing, then the other.
func strptimeCall(fn, subject, layout string) string {
	s := fmt.Sprintf("%s(%s, %s)", fn, subject, sqlString(layout))
	var alt string
	switch {
	case strings.Contains(layout, "%b") && !strings.Contains(layout, "%B"):
		alt = strings.ReplaceAll(layout, "%b", "%B")
	case strings.Contains(layout, "%B") && !strings.Contains(layout, "%b"):
		alt = strings.ReplaceAll(layout, "%B", "%b")
	default:
		return s
	}
	return fmt.Sprintf("coalesce(try_strptime(%s, %s), %s(%s, %s))", subject, sqlString(layout), fn, subject, sqlString(alt))
}

// toDate: TO_DATE(x [, format]), DATE(x), TRY_TO_DATE.
func toDate(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	try := strings.HasPrefix(c.name, "TRY_")
	if len(c.args) == 1 {
		return castExpr(argExpr(c.args[0]), mapTypeName("DATE"), try), nil
	}
	format, ok := c.args[1].literal()
	if !ok {
		return expr{}, p.unsupported(c.t, c.name+" with a non-literal format")
	}
	if strings.EqualFold(format, "AUTO") {
		return castExpr(argExpr(c.args[0]), mapTypeName("DATE"), try), nil
	}
	conv, err := convertFormat(format, true)
	if err != nil {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	subject := c.args[0].str()
	if conv.stripTZ {
		subject = fmt.Sprintf(`regexp_replace(%s, '\s*(Z|[+-]\d\d(:?\d\d)?)\s*$', '')`, subject)
	}
	if subject, err = datelessLayout(&conv, subject); err != nil { // funcs_time.go
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	parsed := checkedParse(strptimeCall("try_strptime", subject, conv.layout), c.args[0].str(), subject, conv.layout, c.name, "date", format, try) // format_parse.go
	return expr{sql: fmt.Sprintf("CAST(%s AS DATE)", parsed), typ: "DATE"}, nil
}

// toChar: TO_VARCHAR/TO_CHAR(x [, format]).
func toChar(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	if len(c.args) == 1 {
		return castExpr(argExpr(c.args[0]), mapTypeName("VARCHAR"), false), nil
	}
	format, ok := c.args[1].literal()
	if !ok {
		return expr{}, p.unsupported(c.t, c.name+" with a non-literal format")
	}
	if !looksLikeDateFormat(format) {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s with numeric format '%s'", c.name, format))
	}
	if hasTZElement(format) {
		return toCharTZ(p, c, format) // funcs_time.go
	}
	conv, err := convertFormatOpt(format, false, true)
	if err != nil {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	return expr{sql: fmt.Sprintf("strftime(%s, %s)", c.args[0].ts(), sqlString(conv.layout)), typ: "VARCHAR"}, nil
}

// timeSlice: TIME_SLICE(x, n, part [, 'START'|'END']) buckets from the epoch.
func timeSlice(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 4); err != nil {
		return expr{}, err
	}
	part, err := p.part(c, c.args[2])
	if err != nil {
		return expr{}, err
	}
	var unit string
	switch part {
	case "year", "quarter", "month", "week", "day", "hour", "minute", "second":
		unit = strings.ToUpper(part)
	default:
		return expr{}, invalidPart(c, part)
	}
	n := c.args[1].sql
	iv := fmt.Sprintf("INTERVAL (%s) %s", n, unit)
	if part == "quarter" {
		iv = fmt.Sprintf("INTERVAL (%s * 3) MONTH", n)
	}
	x := c.args[0]
	s := fmt.Sprintf("time_bucket(%s, %s, TIMESTAMP '1970-01-01 00:00:00')", iv, x.ts())
	if part == "week" {
		// WEEK slices are aligned, as documented, with the start of the
		// week that contains 1970-01-01 (by the session's WEEK_START: the
		// Monday 1969-12-29 by default; funcs_week.go).
		s = fmt.Sprintf("time_bucket(%s, CAST(%s AS TIMESTAMP), CAST(_SF_WEEK_FIRST(DATE '1970-01-01') AS TIMESTAMP))", iv, x.ts())
	}
	if len(c.args) == 4 {
		w, _ := c.args[3].word()
		switch w {
		case "START":
		case "END":
			s = "(" + s + " + " + iv + ")"
		default:
			return expr{}, p.unsupported(c.t, "TIME_SLICE with "+c.args[3].sql)
		}
	}
	if x.typ() == "DATE" {
		return expr{sql: "CAST(" + s + " AS DATE)", typ: "DATE"}, nil
	}
	return expr{sql: s, typ: "TIMESTAMP"}, nil
}

func strftimeFunc(layout string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("strftime(%s, '%s')", c.args[0].ts(), layout), typ: "VARCHAR"}, nil
	}
}

// convertTimezone: CONVERT_TIMEZONE(src, tgt, ntz) -> wall clock in tgt;
// CONVERT_TIMEZONE(tgt, ts) -> the instant as wall clock in tgt (Snowflake
// returns a TIMESTAMP_TZ; the local engine returns the wall-clock TIMESTAMP).
func convertTimezone(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	if len(c.args) == 3 {
		return expr{sql: fmt.Sprintf("timezone(%s, timezone(%s, %s))", c.args[1].str(), c.args[0].str(), c.args[2].ts()), typ: "TIMESTAMP"}, nil
	}
	return expr{sql: fmt.Sprintf("timezone(%s, CAST(%s AS TIMESTAMPTZ))", c.args[0].str(), c.args[1].ts()), typ: "TIMESTAMP"}, nil
}

// standaloneElement reads, at the start of rest (upper-cased, not
// preceded by a letter copied as text), a format element of one or two
// letters that stands alone: not followed by a letter that starts no
// element. The docs' element table (date and time formats in conversion
// functions) prints MO, D, H24/H/HH without leading zeros, likewise ME and
// S, and H12 as 1-12; Y (a year's last one or two digits, by
// TWO_DIGIT_CENTURY_START), the A/P meridiem and UUUU are refused (layout
// ""). Letters inside a word stay text: the docs print 'hh24:mi hours' as
// "01:02 hours".
func standaloneElement(rest string) (el, layout string, ok bool) {
	for _, c := range []struct{ el, layout string }{
		{"UUUU", ""}, {"H24", "%-H"}, {"H12", "%-I"}, {"MO", "%-m"}, {"ME", "%-M"},
		{"Y", ""}, {"D", "%-d"}, {"H", "%-H"}, {"S", "%-S"}, {"P", ""}, {"A", ""},
	} {
		if !strings.HasPrefix(rest, c.el) {
			continue
		}
		after := rest[len(c.el):]
		if after != "" && isASCIILetter(after[0]) && !startsFormatElement(after) {
			return "", "", false
		}
		return c.el, c.layout, true
	}
	return "", "", false
}

func isASCIILetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// startsFormatElement reports whether an upper-cased format text starts with
// an element of two or more letters.
func startsFormatElement(s string) bool {
	for _, el := range []string{"YY", "MM", "MON", "DD", "DY", "HH", "AM", "PM", "MI", "SS", "FF", "TZH"} {
		if strings.HasPrefix(s, el) {
			return true
		}
	}
	return false
}

func looksLikeDateFormat(f string) bool {
	u := strings.ToUpper(f)
	for _, el := range []string{"YY", "MM", "DD", "HH", "MI", "SS", "MON", "DY", "FF", "TZH", "TZM"} {
		if strings.Contains(u, el) {
			return true
		}
	}
	return false
}

// strfmt is a Snowflake format converted for strptime/strftime.
type strfmt struct {
	layout  string
	hasTZ   bool // the layout parses an offset (%z)
	stripTZ bool // a trailing offset was removed (TIMESTAMP_NTZ ignores it)
	nanos   bool // %n: strptime yields TIMESTAMP_NS
}

// convertFormat converts a Snowflake date/time format (YYYY-MM-DD HH24:MI:SS.FF,
// DD/MON/YYYY:HH24:MI:SS TZHTZM...) to a strptime/strftime layout. With
// ntz, a trailing time zone element is dropped from the layout (and the
// caller strips the offset from the input).
func convertFormat(f string, ntz bool) (strfmt, error) { return convertFormatOpt(f, ntz, false) }

// convertFormatOpt is convertFormat; with literal, letters that start no
// element are copied as text (TO_CHAR prints 'hh24:mi hours' as "01:02
// hours", as documented); parsing formats refuse them.
func convertFormatOpt(f string, ntz, literal bool) (strfmt, error) {
	var out strfmt
	var b strings.Builder
	u := strings.ToUpper(f)
	tzStart := -1
	wordEnd := -1 // the end of the last letter copied as text (a word's)
	for i := 0; i < len(f); {
		rest := u[i:]
		match := func(el string) bool { return strings.HasPrefix(rest, el) }
		switch {
		case f[i] == '"':
			j := strings.IndexByte(f[i+1:], '"')
			if j < 0 {
				return out, fmt.Errorf("unterminated quoted text")
			}
			b.WriteString(strings.ReplaceAll(f[i+1:i+1+j], "%", "%%"))
			i += j + 2
		case match("YYYY"):
			b.WriteString("%Y")
			i += 4
		case match("YY"):
			b.WriteString("%y")
			i += 2
		case match("MMMM"):
			b.WriteString("%B")
			i += 4
		case match("MON"):
			b.WriteString("%b")
			i += 3
		case match("MM"):
			b.WriteString("%m")
			i += 2
		case match("DD"):
			b.WriteString("%d")
			i += 2
		case match("DY"):
			b.WriteString("%a")
			i += 2
		case match("HH24"):
			b.WriteString("%H")
			i += 4
		case match("HH12"):
			b.WriteString("%I")
			i += 4
		case match("HH"):
			b.WriteString("%H")
			i += 2
		case match("AM"), match("PM"):
			b.WriteString("%p")
			i += 2
		case match("MI"):
			b.WriteString("%M")
			i += 2
		case match("SS"):
			b.WriteString("%S")
			i += 2
		case match("FF"):
			i += 2
			digits := ""
			if i < len(f) && f[i] >= '0' && f[i] <= '9' {
				digits = f[i : i+1]
				i++
			}
			if literal {
				// Formatting prints exactly the digits asked for, and "FF
				// is equivalent to FF9" (docs: date and time formats);
				// strftime has no element for 1, 2, 4, 5, 7 or 8 digits
				// (truncated or rounded is not documented either).
				switch digits {
				case "", "9":
					// The engine's values keep microseconds (nanoseconds
					// are refused where met); DuckDB's %n garbles the text
					// after it.
					b.WriteString("%f000")
				case "6":
					b.WriteString("%f")
				case "3":
					b.WriteString("%g")
				default:
					return out, fmt.Errorf("unsupported format element FF%s", digits)
				}
				continue
			}
			switch digits {
			case "6", "4", "5":
				b.WriteString("%f")
			case "1", "2", "3":
				b.WriteString("%g")
			default:
				// FF7..FF9, and FF alone: "Specifying FF is equivalent
				// to FF9" (docs: date and time input and output formats).
				b.WriteString("%n")
				out.nanos = true
			}
		case match("TZH:TZM"), match("TZHTZM"), match("TZH"):
			if tzStart < 0 {
				tzStart = b.Len()
			}
			b.WriteString("%z")
			out.hasTZ = true
			switch {
			case match("TZH:TZM"):
				i += 7
			case match("TZHTZM"):
				i += 6
			default:
				i += 3
			}
		case f[i] == '%':
			b.WriteString("%%")
			i++
		case (f[i] >= 'A' && f[i] <= 'Z') || (f[i] >= 'a' && f[i] <= 'z'):
			// "Anything in the format ... other than the above elements is
			// parsed/formatted without being interpreted" (the docs print
			// 'hh24:mi hours' as "01:02 hours"); the elements this converter
			// lacks are refused.
			if literal && (i == 0 || !isASCIILetter(f[i-1]) || i != wordEnd) {
				if el, layout, ok := standaloneElement(u[i:]); ok {
					if layout == "" {
						return out, fmt.Errorf("unsupported format element %s", el)
					}
					b.WriteString(layout)
					i += len(el)
					continue
				}
			}
			for _, el := range []string{"MO", "ME", "H24", "H12", "UUUU"} {
				if match(el) {
					return out, fmt.Errorf("unsupported format element %s", el)
				}
			}
			if !literal {
				return out, fmt.Errorf("unknown format element at %q", f[i:])
			}
			b.WriteByte(f[i])
			i++
			wordEnd = i
		default:
			b.WriteByte(f[i])
			i++
		}
	}
	out.layout = b.String()
	if ntz && out.hasTZ && strings.HasSuffix(out.layout, "%z") {
		// Drop the trailing offset and the separator before it.
		out.layout = strings.TrimRight(out.layout[:tzStart], " ")
		out.hasTZ, out.stripTZ = false, true
	}
	return out, nil
}
