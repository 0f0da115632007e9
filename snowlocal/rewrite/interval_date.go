package rewrite

// A DATE plus or minus an interval constant of date parts only (years,
// quarters, months, weeks, days) is a DATE; with a time part it is a
// timestamp (docs: Date & time data types, Interval constants: the page
// prints TO_DATE('2023-04-15') + INTERVAL '1 year' as 2024-04-15 and
// TO_DATE('2019-02-28') + INTERVAL '1 day, 1 year' as 2020-03-01, its
// example with hours as a timestamp). DuckDB's DATE + INTERVAL is a
// TIMESTAMP whatever the interval holds.
//
// Where a DATE starts the expression the rewriter renders the sum itself
// (dateIntervalConstant). Elsewhere the operand's type may be known only to
// DuckDB (a CTE or derived table column, a scalar subquery, a CASE, a
// function's result, a sum before the interval), so intervalSum renders
// x + INTERVAL '1 day' as _SF_PLUS_DATE_PARTS(x, iv): a macro whose overload
// DuckDB picks by x's type when it binds the statement. For a DATE it is
// the sum cast back to a DATE (exact: date parts keep midnight); for any
// other type the plain x + iv of before, which the macro's expansion leaves
// as it was, so a timestamp's sum costs what it did and a TIMESTAMP_LTZ
// keeps DuckDB's calendar arithmetic across DST changes. The TIME overload
// is the plain sum too; it is there so that an untyped NULL (a derived
// table's NULL column) matches two overloads and is refused, as DuckDB's
// own NULL + INTERVAL is, rather than bound as a DATE.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_PLUS_DATE_PARTS(x DATE, iv INTERVAL) AS CAST(x + iv AS DATE), (x TIME, iv INTERVAL) AS x + iv, (x, iv) AS x + iv`,
		`CREATE OR REPLACE TEMP MACRO _SF_MINUS_DATE_PARTS(x DATE, iv INTERVAL) AS CAST(x - iv AS DATE), (x TIME, iv INTERVAL) AS x - iv, (x, iv) AS x - iv`,
	)
}

// datePartsOnly reports whether an interval constant holds date parts only
// (years, quarters, months, weeks, days).
func datePartsOnly(incs []intervalIncrement) bool {
	for _, inc := range incs {
		if inc.unit.rank >= 2 {
			return false
		}
	}
	return true
}

// datePartsSum renders x op iv (op + or -, iv an interval of date parts
// only): a DATE where x is one, else x op iv.
func datePartsSum(x, op, iv string) string {
	name := "_SF_PLUS_DATE_PARTS"
	if op == "-" {
		name = "_SF_MINUS_DATE_PARTS"
	}
	return name + "(" + x + ", " + iv + ")"
}
