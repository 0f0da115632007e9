package snowlocal_test

import "testing"

// A VARCHAR compared with a DATE, TIME, TIMESTAMP_NTZ or TIMESTAMP_LTZ
// where the rewriter does not see one side's type: a derived table's or
// CTE's column, a set operation's column, a subquery's value. Snowflake
// converts the text as its cast does (docs: data-type-conversion, VARCHAR
// to DATE, TIME and TIMESTAMP are coercible; date-time-examples, the
// timestamps table, whose VARCHAR column < '2014-01-01'::DATE returns the
// three rows before 2014), under the AUTO input format
// (https://docs.snowflake.com/en/sql-reference/date-time-input-output,
// "Supported formats for AUTO detection": MM/DD/YYYY, the RFC timestamps,
// 12-hour times with AM/PM; "If no matching format is found, Snowflake
// returns an error", so '2019/01/02' fails with the date error). The
// engine used DuckDB's own conversion for =, <> and IN ('2019/01/02' was
// 2019-01-02, '01/02/2019' an error, '04:00:00 PM' 04:00) and refused the
// others with 002040 or 002020.
func TestVarcharUnseenComparedWithDate(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database vdu",
		"alter session set timezone = 'UTC'",
		"create table timestamps(timestamp1 string)",
		`insert into timestamps values ('Fri, 05 Apr 2013 00:00:00 -0700'), ('Sat, 06 Apr 2013 00:00:00 -0700'),
		('Sat, 01 Jan 2000 00:00:00 -0800'), ('Wed, 01 Jan 2020 00:00:00 -0800'), (NULL)`,
	)
	for _, c := range []struct{ q, want string }{
		// The docs' example over a derived table and a CTE, both ways round.
		{`SELECT COUNT(*) FROM (SELECT timestamp1 AS x FROM timestamps) WHERE x < '2014-01-01'::DATE`, "3"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE '2014-01-01'::DATE > x`, "3"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x >= '2014-01-01'::DATE`, "1"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x <= '2013-04-05'::DATE`, "2"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x = '2013-04-05'::DATE`, "1"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x <> '2013-04-05'::DATE`, "3"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x != '2013-04-05'::DATE`, "3"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps)
		  SELECT COUNT(*) FROM c WHERE x BETWEEN '2013-01-01'::DATE AND '2013-12-31'::DATE`, "2"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps)
		  SELECT COUNT(*) FROM c WHERE x NOT BETWEEN '2013-01-01'::DATE AND '2013-12-31'::DATE`, "2"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps)
		  SELECT COUNT(*) FROM c WHERE x IN ('2013-04-05'::DATE, '2000-01-01'::DATE)`, "2"},
		// TIMESTAMP_NTZ ignores the text's offset; TIMESTAMP_LTZ is the
		// instant (00:00 -0700 is 07:00 UTC).
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps) SELECT COUNT(*) FROM c WHERE x = '2013-04-05 00:00:00'::TIMESTAMP_NTZ`, "1"},
		{`WITH c AS (SELECT timestamp1 AS x FROM timestamps)
		  SELECT COUNT(*) FROM c WHERE x = '2013-04-05 07:00:00 +00:00'::TIMESTAMP_LTZ`, "1"},
		{`SELECT TO_VARCHAR(x = '2013-04-05 10:00:00'::TIMESTAMP_NTZ) FROM (SELECT '2013-04-05 10:00:00 +02:00' AS x)`, "true"},
		// MM/DD/YYYY is an AUTO date format; a 12-hour time an AUTO time.
		{`WITH c AS (SELECT '01/02/2019' AS s) SELECT TO_VARCHAR(s = '2019-01-02'::DATE) FROM c`, "true"},
		{`WITH c AS (SELECT '04:00:00 PM' AS s) SELECT TO_VARCHAR(s = '16:00:00'::TIME) FROM c`, "true"},
		{`WITH c AS (SELECT '04:00:00 PM' AS s) SELECT TO_VARCHAR(s > '15:00:00'::TIME) FROM c`, "true"},
		// Both sides only DuckDB sees: the text converts to the other's type.
		{`WITH c AS (SELECT '12/17/1980' AS s, '1980-12-17'::DATE AS d) SELECT TO_VARCHAR(s = d) FROM c`, "true"},
		{`WITH c AS (SELECT '12/17/1980' AS s, '1980-12-18'::DATE AS d) SELECT TO_VARCHAR(d > s) FROM c`, "true"},
		{`WITH c AS (SELECT '12/17/1980' AS s, '1980-12-17'::DATE AS d) SELECT TO_VARCHAR(d BETWEEN s AND s) FROM c`, "true"},
		{`WITH c AS (SELECT '12/17/1980' AS s, '1980-12-17'::DATE AS d) SELECT TO_VARCHAR(d IN (s)) FROM c`, "true"},
		{`WITH a AS (SELECT '12/17/1980' AS s), b AS (SELECT '1980-12-17'::DATE AS d) SELECT COUNT(*) FROM a JOIN b ON a.s = b.d`, "1"},
		// IS [NOT] DISTINCT FROM is != or = where neither side is NULL
		// (docs: is-distinct-from).
		{`WITH c AS (SELECT '01/02/2019' AS s, '2019-01-02'::DATE AS d) SELECT TO_VARCHAR(s IS NOT DISTINCT FROM d) FROM c`, "true"},
		{`WITH c AS (SELECT '01/02/2019' AS s) SELECT TO_VARCHAR(s IS DISTINCT FROM '2019-01-02'::DATE) FROM c`, "false"},
		{`WITH c AS (SELECT NULL::VARCHAR AS s) SELECT TO_VARCHAR(s IS DISTINCT FROM '2019-01-02'::DATE) FROM c`, "true"},
		// A subquery's value; a date tested against a subquery's texts.
		{`SELECT TO_VARCHAR('2019-01-02'::DATE = (SELECT '01/02/2019'))`, "true"},
		{`SELECT TO_VARCHAR('2019-01-02'::DATE IN (SELECT '01/02/2019'))`, "true"},
		{`SELECT TO_VARCHAR('2019-01-02'::DATE NOT IN (SELECT '01/02/2019' UNION ALL SELECT '2019-01-03'))`, "false"},
		// A correlated subquery's outer column (the s3_mass_delete_new_ip
		// detection's shape).
		{`WITH r AS (SELECT '2019-01-02 10:00:00'::TIMESTAMP_NTZ AS ts, 'a' AS k), d AS (SELECT k, MIN(ts) AS first FROM r GROUP BY k)
		  SELECT COUNT(*) FROM d WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.k = d.k AND r.ts < DATEADD(hour, -1, d.first))`, "1"},
		{`WITH a AS (SELECT '2019-01-02'::DATE AS d), b AS (SELECT '01/02/2019' AS s)
		  SELECT COUNT(*) FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.s = a.d)`, "1"},
		// A set operation's column.
		{`SELECT COUNT(*) FROM (SELECT '01/02/2019' AS s UNION ALL SELECT '2019-01-02') WHERE s = '2019-01-02'::DATE`, "2"},
		// Texts compared with texts stay texts; other types compare as before.
		{`WITH c AS (SELECT '2019/01/02' AS s, '2019/01/02' AS t) SELECT TO_VARCHAR(s = t) FROM c`, "true"},
		{`WITH c AS (SELECT '2019-01-02'::DATE AS d, '2019-01-02 10:00:00'::TIMESTAMP_NTZ AS ts, 7 AS n)
		  SELECT TO_VARCHAR(d < ts AND d = '2019-01-02'::DATE AND ts >= d AND n = 7) FROM c`, "true"},
	} {
		if got := queryValue(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// Text AUTO does not read fails as its cast would, where DuckDB read
	// it as 2019-01-02.
	for _, q := range []string{
		`WITH c AS (SELECT '2019/01/02' AS s) SELECT s = '2019-01-02'::DATE FROM c`,
		`WITH c AS (SELECT '2019/01/02' AS s) SELECT s <> '2019-01-02'::DATE FROM c`,
		`WITH c AS (SELECT '2019/01/02' AS s) SELECT s IN ('2019-01-02'::DATE) FROM c`,
		`WITH c AS (SELECT '2019/01/02' AS s) SELECT s IS DISTINCT FROM '2019-01-02'::DATE FROM c`,
		`WITH c AS (SELECT '2019/01/02' AS s, '2019-01-02'::DATE AS d) SELECT d = s FROM c`,
		`SELECT * FROM (SELECT '2019/01/02' AS s UNION ALL SELECT '2019-01-02') WHERE s = '2019-01-02'::DATE`,
		`SELECT '2019-01-02'::DATE = (SELECT '2019/01/02')`,
	} {
		wantError(t, db, q, 100040, "Date '2019/01/02' is not recognized")
	}
	// A text beside a date among BETWEEN's operands, or a subquery's
	// values, where neither side's type converts the other: refused.
	wantRefused(t, db, `WITH c AS (SELECT '2019/01/02' AS s) SELECT s BETWEEN '2019-01-01'::DATE AND s FROM c`, "BETWEEN")
	wantRefused(t, db, `WITH c AS (SELECT '2019-01-02'::DATE AS d) SELECT d IN (SELECT '01/02/2019') FROM c`, "IN, ANY or ALL with a subquery")
	// A text tested with IN against dates and texts: Snowflake compares it
	// with each element, as a date with a date and as a text with a text,
	// which one DuckDB comparison cannot.
	wantRefused(t, db, `WITH c AS (SELECT '2019-01-02' AS s, '2019-01-02'::DATE AS d) SELECT s IN ('x', d) FROM c`,
		"a text tested with in against a list of dates and texts")
	wantRefused(t, db, `WITH c AS (SELECT '2019-01-02' AS s, '2019-01-02'::DATE AS d, 'x' AS t) SELECT s IN (d, t) FROM c`,
		"a text tested with in against a list of dates and texts")
}
