package snowlocal_test

import "testing"

// TestUnknownIntegerPrecisionRefused: the integer-valued functions whose
// NUMBER precision neither the docs ("The data type of the return value is
// NUMBER": date_part, datediff) nor the live-verified reference
// mlorek/frostlake give — LEVEL, DATE_PART/EXTRACT of an epoch, a fraction
// of a second or a time zone part, DATEDIFF by the hour or finer of
// operands whose kind is not known — reported NUMBER(38,0) as a result
// column, DuckDB's BIGINT, where Snowflake reports its own precision. As a
// result column (itself, signed, bracketed, in a sum, a conditional, MIN/
// MAX/SUM, a derived table's or CTE's column, a star over one, a CTAS) they
// are refused; a cast names the type in both engines, and inside an
// expression or as an INSERT's value they answer.
func TestUnknownIntegerPrecisionRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, `CREATE DATABASE uw_db`, `CREATE OR REPLACE TABLE uw(t TIMESTAMP_NTZ, d DATE, id INT, parent INT)`)
	mustExec(t, db, `INSERT INTO uw VALUES ('2024-01-01 10:00:00', '2024-01-02', 1, NULL), ('2024-01-01 11:00:00', '2024-01-02', 2, 1)`)
	for _, q := range []string{
		`SELECT DATE_PART(epoch_second, t) FROM uw`,
		`SELECT DATE_PART(nanosecond, t) FROM uw`,
		`SELECT EXTRACT(epoch FROM t) AS e FROM uw`,
		`SELECT -DATE_PART(epoch_second, t) FROM uw`,
		`SELECT (DATE_PART(epoch_millisecond, t)) FROM uw`,
		`SELECT DATE_PART(epoch_second, t) + 1 FROM uw`,
		`SELECT IFF(id = 1, DATE_PART(epoch_second, t), 0) FROM uw`,
		`SELECT MAX(DATE_PART(epoch_second, t)) FROM uw`,
		`SELECT ROUND(DATE_PART(epoch_second, t), -1) FROM uw`,
		`SELECT ABS(DATE_PART(epoch_second, t)) FROM uw`,
		`SELECT AVG(DATE_PART(epoch_second, t)) FROM uw`,
		`SELECT e FROM (SELECT DATE_PART(epoch_second, t) AS e FROM uw)`,
		`WITH c AS (SELECT EXTRACT(epoch FROM t) AS e FROM uw) SELECT * FROM c`,
		`SELECT DATEDIFF(hour, d, t) FROM uw`,
		`SELECT DATEDIFF(hour, a, b) FROM (SELECT d AS a, t AS b FROM uw)`,
		`SELECT (SELECT MAX(DATE_PART(epoch_second, t)) FROM uw)`,
		`SELECT e FROM (SELECT (SELECT MIN(DATE_PART(epoch_second, t)) FROM uw) AS e)`,
		`SELECT DATE_PART(epoch_second, t) FROM uw UNION ALL SELECT 1`,
		`SELECT * EXCLUDE x FROM (SELECT DATE_PART(epoch_second, t) AS e, 1 AS x FROM uw)`,
		`CREATE OR REPLACE TABLE uw2 AS SELECT DATE_PART(epoch_second, t) AS e FROM uw`,
		`SELECT LEVEL FROM uw START WITH parent IS NULL CONNECT BY PRIOR id = parent`,
	} {
		wantRefused(t, db, q, "as a result column")
	}
	for _, c := range []struct{ q, want string }{
		{`SELECT DATE_PART(epoch_second, t)::NUMBER(38, 0) FROM uw ORDER BY 1 LIMIT 1`, "1704103200"},
		{`SELECT COUNT(*) FROM uw WHERE DATE_PART(epoch_second, t) > 1704103200`, "1"},
		{`SELECT IFF(DATE_PART(epoch_second, t) + 0.5::FLOAT > 0, 'y', 'n') FROM uw LIMIT 1`, "y"},
		{`SELECT MAX(LEVEL)::INT FROM uw START WITH parent IS NULL CONNECT BY PRIOR id = parent`, "2"},
		{`SELECT COUNT(*) FROM uw WHERE (SELECT MAX(DATE_PART(epoch_second, t)) FROM uw) > 0`, "2"},
		{`SELECT DATEDIFF(second, MIN(t), MAX(t)) / 60 FROM uw`, "60.000000"},
		// Known precisions still answer: YEAR is a NUMBER(4,0), DATEDIFF
		// by the day a NUMBER(9,0) (types_intfn.go cites the reference).
		{`SELECT YEAR(t) + DATEDIFF(day, d, t) FROM uw LIMIT 1`, "2023"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	mustExec(t, db, `CREATE OR REPLACE TABLE uw3(e INT)`)
	mustExec(t, db, `INSERT INTO uw3 SELECT DATE_PART(epoch_second, t) FROM uw`)
	if got := queryOne(t, db, `SELECT MIN(e) FROM uw3`); got != "1704103200" {
		t.Errorf("INSERT of DATE_PART(epoch_second, …) stored %q", got)
	}

	// DATEDIFF by the hour or finer of a derived table's or CTE's columns
	// (a table function's too): typed by the kind DuckDB binds the operands
	// as, the reference's table (types_intfn.go: intFnWidth).
	for _, c := range []struct {
		q    string
		prec int64
		want string
	}{
		{`WITH s AS (SELECT MIN(t) AS f, MAX(t) AS l FROM uw) SELECT DATEDIFF(minute, f, l) FROM s`, 18, "60"},
		{`SELECT DATEDIFF(hour, a, b) FROM (SELECT MIN(t) AS a, MAX(t) AS b FROM uw)`, 9, "1"},
		{`SELECT DATEDIFF(hour, a, b) FROM (SELECT d AS a, d + 1 AS b FROM uw) LIMIT 1`, 18, "24"},
		// A derived column holding a scalar subquery of a known width
		// (LENGTH: NUMBER(18,0), types_intfn.go) keeps it.
		{`SELECT e FROM (SELECT (SELECT LENGTH('abc')) AS e)`, 18, "3"},
		// MIN/MAX of a TIMESTAMP column is a TIMESTAMP ("the same data type
		// as the input values": docs, min), so DATEDIFF knows its kind.
		{`SELECT DATEDIFF(minute, MIN(t), MAX(t)) + 1 FROM uw`, 19, "61"},
		{`WITH c AS (SELECT (SELECT MAX(YEAR(t)) FROM uw) AS y) SELECT y FROM c`, 4, "2024"},
	} {
		prec, scale, ok, got := lastDecimalResult(t, db, c.q)
		if !ok || prec != c.prec || scale != 0 || got != c.want {
			t.Errorf("%s = %s NUMBER(%d,%d) (decimal %t), want %s NUMBER(%d,0)", c.q, got, prec, scale, ok, c.want, c.prec)
		}
	}
}
