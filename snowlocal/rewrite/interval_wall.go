package rewrite

// An interval constant with days or larger parts added to (or subtracted
// from) a TIMESTAMP_LTZ in a session whose zone has transitions: DuckDB
// adds its months, then its days, to the wall clock and reads the result
// back in the session's zone (picking an instant silently for a wall
// clock in a gap or an overlap), then adds its time parts as elapsed time.
// _SF_WALL_SUM(x, iv, r) does the same with the wall clock checked
// (_SF_WALL_LTZ, wallclock.go) where x is a TIMESTAMP_LTZ as DuckDB binds
// it (an interval whose days TIMESTAMP_DAY_IS_ALWAYS_24H made hours moves
// no wall clock: DuckDB's sum), and is r (the sum as written before) for
// any other type: the field not taken folds to NULL.
func init() {
	prelude = append(prelude,
		// The months and days of interval iv.
		`CREATE OR REPLACE TEMP MACRO _SF_IV_DATE(iv) AS to_months(CAST(datepart('year', iv) * 12 + datepart('month', iv) AS INTEGER))
		+ to_days(CAST(datepart('day', iv) AS INTEGER))`,
		`CREATE OR REPLACE TEMP MACRO _SF_WALL_SUM(x, iv, r) AS CASE WHEN x IS NULL AND FALSE THEN NULL ELSE struct_extract({
		'w': CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN CASE WHEN _SF_IV_DATE(iv) = INTERVAL 0 DAY THEN x + iv
			ELSE _SF_WALL_LTZ(CAST(x AS TIMESTAMP) + _SF_IV_DATE(iv)) + (iv - _SF_IV_DATE(iv)) END END,
		'r': r}, CASE WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN 'w' ELSE 'r' END) END`,
	)
}

// hasDayParts reports whether an interval constant holds days or larger
// parts (which move a wall clock, not an instant).
func hasDayParts(incs []intervalIncrement) bool {
	for _, inc := range incs {
		if inc.unit.rank < 2 {
			return true
		}
	}
	return false
}

// wallSum renders x op iv (op + or -, iv the rendered interval), r being
// that sum as written for an operand that is no TIMESTAMP_LTZ.
func wallSum(x, op, iv, r string) string {
	if op == "-" {
		iv = "-(" + iv + ")"
	}
	return "_SF_WALL_SUM(" + x + ", " + iv + ", " + r + ")"
}
