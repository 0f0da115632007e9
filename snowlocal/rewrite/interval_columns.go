package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Columns of interval data types (docs: Date & time data types, "Interval
// data types", https://docs.snowflake.com/en/sql-reference/data-types-datetime).
// CREATE TABLE accepts a column INTERVAL <qualifier>, held as a DuckDB
// INTERVAL of months only (a year-month type: never days) or of
// microseconds only (a day-time type); its qualifier with both precisions
// is kept in the column's DuckDB comment (colmeta.go), which the session
// hands back as the column's type ("INTERVAL YEAR(2) TO MONTH",
// Options.ColumnTypes). The engine answers what the page's examples do:
//
//   - INSERT and UPDATE of text in the column's interval format ('14-4'
//     into YEAR(2) TO MONTH, '00:00:30' into HOUR(2) TO SECOND(0)): read
//     as an interval literal of the column's type is (interval_types.go),
//     a leading field with more digits than the precision, a subordinate
//     field out of range, more fraction digits than the fractional
//     seconds precision or nanoseconds refused when stored (Snowflake's
//     error for them is not documented);
//   - col::VARCHAR: the value in the interval format of the column's type
//     (+14-04, +0:00:30, +28 16:15:14.000).
//
// Refused (002040): any other use of such a column (the value itself as a
// result column, whose wire types INTERVAL_YEAR_MONTH / INTERVAL_DAY_TIME
// and encoding no source pins, comparisons, arithmetic, functions), any
// other value stored into it (interval constants, numbers, other
// columns), DEFAULT or IDENTITY on it, and DESCRIBE, SHOW COLUMNS,
// INFORMATION_SCHEMA.COLUMNS' DATA_TYPE, GET_DDL and COPY INTO of such a
// table (none of them is documented for an interval column).

// ivColumnMarker is the declared type text kept for a column of qualifier
// q: every precision written out, so it reads back to q (ivColumnType).
func ivColumnMarker(q ivQualifier) string {
	switch {
	case q.lead == "SECOND":
		return fmt.Sprintf("INTERVAL SECOND(%d, %d)", q.prec, q.frac)
	case q.trail == q.lead:
		return fmt.Sprintf("INTERVAL %s(%d)", q.lead, q.prec)
	case q.trail == "SECOND":
		return fmt.Sprintf("INTERVAL %s(%d) TO SECOND(%d)", q.lead, q.prec, q.frac)
	}
	return fmt.Sprintf("INTERVAL %s(%d) TO %s", q.lead, q.prec, q.trail)
}

var ivMarkerShape = regexp.MustCompile(`^INTERVAL (YEAR|MONTH|DAY|HOUR|MINUTE|SECOND)\(([0-9])(?:, ([0-9]))?\)(?: TO (MONTH|HOUR|MINUTE|SECOND)(?:\(([0-9])\))?)?$`)

// ivColumnType reads a column type Options.ColumnTypes reports for an
// interval column (ivColumnMarker); ok is false for any other type.
func ivColumnType(ty string) (q ivQualifier, ok bool) {
	m := ivMarkerShape.FindStringSubmatch(ty)
	if m == nil {
		return q, false
	}
	q.lead, q.trail, q.frac = m[1], m[1], 9
	q.prec, _ = strconv.Atoi(m[2])
	if m[3] != "" {
		q.frac, _ = strconv.Atoi(m[3])
	}
	if m[4] != "" {
		q.trail = m[4]
	}
	if m[5] != "" {
		q.frac, _ = strconv.Atoi(m[5])
	}
	return q, true
}

// isIntervalColumnType reports whether a type Options.ColumnTypes reports
// is DuckDB's INTERVAL, declared (ivColumnMarker) or not (a column a CTAS,
// CLONE or LIKE copied without its qualifier).
func isIntervalColumnType(ty string) bool {
	return ty == "INTERVAL" || strings.HasPrefix(ty, "INTERVAL ")
}

// intervalColumnDef reads a column definition's type INTERVAL <qualifier>
// at the cursor: ok is false (nothing consumed) when the type is not
// INTERVAL.
func (p *parser) intervalColumnDef() (marker string, ok bool, err error) {
	at := p.peek()
	if !at.IsWord("INTERVAL") {
		return "", false, nil
	}
	q, n, valid := p.parseIvQualifier(1, false)
	if n == 0 {
		return "", false, p.unsupported(at, "data type INTERVAL without a qualifier the docs define")
	}
	if !valid {
		return "", false, p.unsupported(at, "data type "+q.name()+" with a precision outside the documented range")
	}
	p.i += 1 + n
	return ivColumnMarker(q), true, nil
}

// ivAssign is the SQL storing value v into a column of interval type q:
// text in the column's interval format, read as ivLiteralValue reads a
// literal's; any other value is refused.
func ivAssign(v string, q ivQualifier) string {
	refuse := func(why string) string {
		return fmt.Sprintf("error('Unsupported feature ''%s'': the local engine does not implement it.')",
			strings.ReplaceAll("a value stored into a column of "+q.name()+": "+why, "'", "''"))
	}
	body, groups := ivTextShape(q)
	re := sqlString(`^\s*([+-]?)\s*` + body + `\s*$`)
	s := "CAST(_sf_iv AS VARCHAR)"
	g := func(i int) string { return fmt.Sprintf("regexp_extract(%s, %s, %d)", s, re, i+2) }
	var b strings.Builder
	fmt.Fprintf(&b, "list_transform([%s], _sf_iv -> CASE WHEN _sf_iv IS NULL THEN NULL", v)
	fmt.Fprintf(&b, " WHEN typeof(_sf_iv) <> 'VARCHAR' THEN %s", refuse("a value other than text in the interval format"))
	fmt.Fprintf(&b, " WHEN NOT regexp_full_match(%s, %s) THEN %s", s, re, refuse("a text not in the format of "+q.name()))
	fmt.Fprintf(&b, " WHEN length(%s) > %d THEN %s", g(0), q.prec, refuse(fmt.Sprintf("a leading field with more digits than the precision %d", q.prec)))
	var sum []string
	for i, f := range groups {
		switch {
		case f == "FRACTION":
			frac := g(i)
			fmt.Fprintf(&b, " WHEN length(%s) > %d THEN %s", frac, q.frac, refuse(fmt.Sprintf("more fraction digits than the fractional seconds precision %d", q.frac)))
			fmt.Fprintf(&b, " WHEN NOT regexp_full_match(%s, '[0-9]{0,6}0*') THEN %s", frac, refuse("nanoseconds"))
			sum = append(sum, fmt.Sprintf("TRY_CAST(left(%s || '000000', 6) AS HUGEINT)", frac))
		case i == 0:
			sum = append(sum, fmt.Sprintf("TRY_CAST(%s AS HUGEINT) * %d", g(i), ivFieldUnit(q, f)))
		default:
			max := ivFieldMax[f]
			if f == "MONTH" {
				max = 11
			}
			fmt.Fprintf(&b, " WHEN length(%[1]s) > 2 OR TRY_CAST(%[1]s AS BIGINT) > %[2]d THEN %[3]s", g(i), max, refuse("a "+strings.ToLower(f)+" field out of range"))
			sum = append(sum, fmt.Sprintf("TRY_CAST(%s AS HUGEINT) * %d", g(i), ivFieldUnit(q, f)))
		}
	}
	total := fmt.Sprintf("(CASE WHEN regexp_extract(%s, %s, 1) = '-' THEN -1 ELSE 1 END * (%s))", s, re, strings.Join(sum, " + "))
	// DuckDB's INTERVAL holds months in 32 bits and microseconds in 64.
	limit, store := "2147483647", "to_months(CAST(%s AS INTEGER))"
	if !q.yearMonth() {
		limit, store = "9223372036854775807", "to_microseconds(CAST(%s AS BIGINT))"
	}
	fmt.Fprintf(&b, " WHEN abs(%s) > %s THEN %s", total, limit, refuse("a value out of the range the engine holds"))
	fmt.Fprintf(&b, " ELSE "+store+" END)[1]", total)
	return b.String()
}

// ivTextShape is the regular expression of a text of type q without its
// sign (ivDayTimeShapes for a day-time type) and the field each of its
// groups holds, FRACTION for the fractional seconds.
func ivTextShape(q ivQualifier) (string, []string) {
	switch {
	case q.lead == "YEAR" && q.trail == "MONTH":
		return `([0-9]+)-([0-9]+)`, []string{"YEAR", "MONTH"}
	case q.yearMonth():
		return `([0-9]+)`, []string{q.lead}
	}
	re := ivDayTimeShapes[q.lead+" "+q.trail].String()
	re = strings.TrimSuffix(strings.TrimPrefix(re, "^"), "$")
	var fields []string
	started := false
	for _, f := range ivFieldOrder {
		if started = started || f == q.lead; started {
			fields = append(fields, f)
		}
		if f == q.trail {
			break
		}
	}
	if q.trail == "SECOND" {
		fields = append(fields, "FRACTION")
	}
	return re, fields
}

// ivFieldUnit is what one of field f counts in q's stored unit: months
// for a year-month type, microseconds for a day-time one.
func ivFieldUnit(q ivQualifier, f string) int64 {
	switch f {
	case "YEAR":
		return 12
	case "MONTH":
		return 1
	}
	return ivFieldMicros[f]
}

// ivColumnText is the SQL of column x's values (a DuckDB INTERVAL of
// type q) in the interval format: ivYearMonthText's form of its months,
// or _SF_IV_DT_TEXT of its microseconds.
func ivColumnText(x string, q ivQualifier) string {
	if !q.yearMonth() {
		return ivDayTimeText(q, "epoch_us("+x+")")
	}
	m := fmt.Sprintf("(datepart('year', %[1]s) * 12 + datepart('month', %[1]s))", x)
	sign := fmt.Sprintf("CASE WHEN %s < 0 THEN '-' ELSE '+' END", m)
	switch {
	case q.lead == "YEAR" && q.trail == "MONTH":
		return fmt.Sprintf("(%[1]s || CAST(abs(%[2]s) // 12 AS VARCHAR) || '-' || lpad(CAST(abs(%[2]s) %% 12 AS VARCHAR), 2, '0'))", sign, m)
	case q.lead == "YEAR":
		return fmt.Sprintf("(%s || CAST(abs(%s) // 12 AS VARCHAR))", sign, m)
	}
	return fmt.Sprintf("(%s || CAST(abs(%s) AS VARCHAR))", sign, m)
}

// intervalColumnRef renders a reference to a column of DuckDB type raw
// (as the scope reports it) when it is an interval column: answered only
// followed by ::VARCHAR (consumed), anything else refused. ok is false for
// a column of another type.
func (p *parser) intervalColumnRef(parts []tok, raw string) (expr, bool, error) {
	if raw == "" {
		raw = p.selfAliasedRaw(parts)
	}
	if !isIntervalColumnType(raw) {
		return expr{}, false, nil
	}
	at := parts[0]
	q, declared := ivColumnType(raw)
	switch {
	case !declared:
		return expr{}, true, p.unsupported(at, "interval data types (a column of an interval data type whose qualifier the engine did not keep: copied by CREATE TABLE ... AS SELECT, LIKE or CLONE)")
	case !p.ivTextTarget(0):
		return expr{}, true, p.unsupported(at, "interval data types (a column of "+q.name()+" other than converted to text with ::VARCHAR: its values' result type, comparisons, arithmetic and functions are not modelled)")
	case !q.textDefined():
		return expr{}, true, p.unsupported(at, "interval data types (the text form of "+q.name()+", which the docs do not print)")
	}
	p.i += 2
	return expr{sql: ivColumnText(renderName(parts), q), typ: "VARCHAR"}, true, nil
}

// selfAliasedRaw is the DuckDB type of the one-part column reference parts
// that the select-list item it heads names with its own name
// (`d::VARCHAR AS d`, as the docs' examples write it), which the scope
// leaves unresolved as a select-list alias: the item's alias cannot be
// what its own expression reads, so the name is the column's. "" for any
// other reference.
func (p *parser) selfAliasedRaw(parts []tok) string {
	sc := p.scope
	if len(parts) != 1 || sc == nil || !p.ivTextTarget(0) {
		return ""
	}
	col := identKey(parts[0])
	k := 2
	if p.peekN(k).IsWord("AS") {
		k++
	}
	if a := p.peekN(k); !sc.aliases[col] || (a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent) || identKey(a) != col ||
		!(p.peekN(k+1).IsOp(",") || p.peekN(k+1).IsWord("FROM")) {
		return ""
	}
	delete(sc.aliases, col)
	defer func() { sc.aliases[col] = true }()
	_, raw := p.columnTypes(parts)
	return raw
}
