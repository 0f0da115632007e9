package rewrite

// Calendar weeks (docs: "Date & time functions — Calendar weeks and
// weekdays"). WEEK_START (0 legacy = Monday, 1-7 Monday-Sunday) sets the
// first day of the week for DAYOFWEEK, DATE_TRUNC/LAST_DAY/DATEDIFF/
// TIME_SLICE by WEEK; WEEK_OF_YEAR_POLICY sets how WEEK/WEEKOFYEAR and
// YEAROFWEEK number weeks: 0, a week belongs to the year holding at least 4
// of its days (ISO-like, with the WEEK_START week); 1, January 1 starts week
// 1 and December 31 is in the year's last week. The *ISO functions and
// parts ignore both parameters.
//
// The parameters are variables of the session's DuckDB connection
// (snowlocal/params_week.go) read by these macros when a statement runs, so
// a view or function follows the querying session's values. With both at 0
// the macros answer as DuckDB's ISO functions did before.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK_START() AS coalesce(TRY_CAST(getvariable('sf_week_start') AS INTEGER), 0)`,
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK_POLICY() AS coalesce(TRY_CAST(getvariable('sf_week_of_year_policy') AS INTEGER), 0)`,
		// Days from Monday to the first day of the week (0 for WEEK_START 0 and 1).
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK_SHIFT() AS CASE WHEN _SF_WEEK_START() = 0 THEN 0 ELSE _SF_WEEK_START() - 1 END`,
		// The first day (a DATE) of the week holding d.
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK_FIRST(d) AS CAST(date_trunc('week', CAST(d AS DATE) - _SF_WEEK_SHIFT()) AS DATE) + _SF_WEEK_SHIFT()`,
		// DAYOFWEEK: 0 (Sunday) to 6 with WEEK_START 0, else 1 (the first day) to 7.
		`CREATE OR REPLACE TEMP MACRO _SF_DAYOFWEEK_BODY(d) AS CASE WHEN _SF_WEEK_START() = 0 THEN dayofweek(d)
		ELSE (isodow(d) - _SF_WEEK_START() + 7) % 7 + 1 END`,
		`CREATE OR REPLACE TEMP MACRO _SF_DAYOFWEEK(d) AS list_transform([CAST(d AS DATE)], lambda _l_sf_dow: _SF_DAYOFWEEK_BODY(_l_sf_dow))[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK_BODY(d) AS CASE WHEN _SF_WEEK_POLICY() = 1
		THEN (dayofyear(d) - 1 + (make_date(year(d), 1, 1) - _SF_WEEK_FIRST(make_date(year(d), 1, 1)))) // 7 + 1
		ELSE (dayofyear(_SF_WEEK_FIRST(d) + 3) - 1) // 7 + 1 END`,
		`CREATE OR REPLACE TEMP MACRO _SF_WEEK(d) AS list_transform([CAST(d AS DATE)], lambda _l_sf_week: _SF_WEEK_BODY(_l_sf_week))[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_YEAROFWEEK_BODY(d) AS CASE WHEN _SF_WEEK_POLICY() = 1 THEN year(d) ELSE year(_SF_WEEK_FIRST(d) + 3) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_YEAROFWEEK(d) AS list_transform([CAST(d AS DATE)], lambda _l_sf_yow: _SF_YEAROFWEEK_BODY(_l_sf_yow))[1]`,
	)
}

// weekShift is the SQL interval from Monday to the session's first day of
// the week: DATE_TRUNC and DATEDIFF by WEEK shift their operands back by
// it, work with Monday weeks, and (DATE_TRUNC) shift the result forward.
const weekShift = "to_days(_SF_WEEK_SHIFT())"

// weekPartFuncs are the functions whose answers follow the week parameters,
// with their macros.
var weekPartFuncs = map[string]string{
	"DAYOFWEEK": "_SF_DAYOFWEEK", "WEEK": "_SF_WEEK", "WEEKOFYEAR": "_SF_WEEK", "YEAROFWEEK": "_SF_YEAROFWEEK",
}

// weekPart renders DAYOFWEEK/WEEK/WEEKOFYEAR/YEAROFWEEK(x) (x already a
// timestamp operand, a TIMESTAMP_TZ's wall clock); ok is false for other
// functions.
func weekPart(name, x string) (expr, bool) {
	m, ok := weekPartFuncs[name]
	if !ok {
		return expr{}, false
	}
	return expr{sql: m + "(" + x + ")"}, true
}
