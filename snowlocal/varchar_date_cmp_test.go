package snowlocal_test

import "testing"

// A VARCHAR column compared with a DATE, TIME or timestamp: Snowflake
// converts the text to the other operand's type (docs: data-type-conversion,
// VARCHAR to DATE, TIME and TIMESTAMP are coercible; date-time-examples, the
// timestamps table, whose VARCHAR column < '2014-01-01'::DATE returns the
// three rows before 2014, and < '2014-01-01' none). The text is read as its
// cast reads it under AUTO (date-time-input-output: the RFC form
// 'Fri, 05 Apr 2013 00:00:00 -0700'; a TIMESTAMP_NTZ ignores the offset, a
// TIMESTAMP_LTZ is the instant), and text AUTO does not read fails as the
// cast does. The engine refused these comparisons (002040).

func TestVarcharColumnComparedWithDate(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database vdc",
		"alter session set timezone = 'UTC'",
		"create table timestamps(timestamp1 string)",
		`insert into timestamps values ('Fri, 05 Apr 2013 00:00:00 -0700'), ('Sat, 06 Apr 2013 00:00:00 -0700'),
		('Sat, 01 Jan 2000 00:00:00 -0800'), ('Wed, 01 Jan 2020 00:00:00 -0800'), (NULL)`,
		"create table typed(s varchar, d date, tm time)",
		`insert into typed values ('2013-04-05', '2013-04-05', '11:00:00'), ('12/17/1980', '1980-12-18', '11:00:00'),
		(NULL, '2000-01-01', '11:00:00')`,
		"create table clock(s varchar, tm time)",
		"insert into clock values ('10:30:00', '11:00:00'), ('04:01:07 PM', '11:00:00')",
	)
	for _, c := range []struct{ q, want string }{
		// The docs' example, both ways round, and the comparison of texts.
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 < '2014-01-01'::DATE`, "3"},
		{`SELECT COUNT(*) FROM timestamps WHERE '2014-01-01'::DATE > timestamp1`, "3"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 < '2014-01-01'`, "0"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 >= '2014-01-01'::DATE`, "1"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 = '2013-04-05'::DATE`, "1"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 <> '2013-04-05'::DATE`, "3"},
		// BETWEEN, and NOT BETWEEN (the NULL row is neither).
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 BETWEEN '2013-01-01'::DATE AND '2013-12-31'::DATE`, "2"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 NOT BETWEEN '2013-01-01'::DATE AND '2013-12-31'::DATE`, "2"},
		// TIMESTAMP_NTZ ignores the text's offset: midnight of 5 April.
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 = '2013-04-05 00:00:00'::TIMESTAMP_NTZ`, "1"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 = '2013-04-05 07:00:00'::TIMESTAMP_NTZ`, "0"},
		// TIMESTAMP_LTZ is the instant: 00:00 -0700 is 07:00 UTC.
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 = '2013-04-05 07:00:00 +00:00'::TIMESTAMP_LTZ`, "1"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 < '2013-04-05 07:00:00 +00:00'::TIMESTAMP_LTZ`, "1"},
		// In the select list; a NULL text compares as NULL.
		{`SELECT TO_VARCHAR(timestamp1 < '2014-01-01'::DATE) FROM timestamps WHERE timestamp1 LIKE 'Wed%'`, "false"},
		{`SELECT TO_VARCHAR(timestamp1 < '2014-01-01'::DATE) FROM timestamps WHERE timestamp1 LIKE 'Fri%'`, "true"},
		{`SELECT TO_VARCHAR(timestamp1 < '2014-01-01'::DATE) FROM timestamps WHERE timestamp1 IS NULL`, "<null>"},
		{`SELECT COUNT(*) FROM typed WHERE s > '1970-01-01'::DATE OR s <= '1970-01-01'::DATE`, "2"},
		// Two columns: the text converts to the DATE (AUTO reads
		// MM/DD/YYYY), to the TIME (AUTO's 12-hour form).
		{`SELECT COUNT(*) FROM typed WHERE s = d`, "1"},
		{`SELECT COUNT(*) FROM typed WHERE d > s`, "1"},
		{`SELECT COUNT(*) FROM typed WHERE d BETWEEN s AND s`, "1"},
		{`SELECT COUNT(*) FROM clock WHERE tm > s`, "1"},
		{`SELECT COUNT(*) FROM clock WHERE s > tm`, "1"},
		// IS [NOT] DISTINCT FROM is = or != where neither side is NULL
		// (docs: is-distinct-from); a NULL text is distinct from a date.
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 IS NOT DISTINCT FROM '2013-04-05'::DATE`, "1"},
		{`SELECT COUNT(*) FROM timestamps WHERE '2013-04-05'::DATE IS DISTINCT FROM timestamp1`, "4"},
		{`SELECT COUNT(*) FROM typed WHERE s IS NOT DISTINCT FROM d`, "1"},
		// IN lists: a text against date literals, a date against a text
		// column; texts against texts compare as texts.
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 IN ('2013-04-05'::DATE, '2000-01-01'::DATE)`, "2"},
		{`SELECT COUNT(*) FROM timestamps WHERE timestamp1 NOT IN ('2013-04-05'::DATE)`, "3"},
		{`SELECT COUNT(*) FROM typed WHERE d IN (s, '1999-01-01'::DATE)`, "1"},
		{`SELECT COUNT(*) FROM typed WHERE s IN ('2013-04-05', '12/17/1980')`, "2"},
		{`SELECT COUNT(*) FROM typed WHERE d IN (d)`, "3"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// Text AUTO does not read fails as its cast would.
	mustExec(t, db, "insert into typed values ('not a date', '2000-01-01', '11:00:00')")
	_, err := db.Exec(`SELECT COUNT(*) FROM typed WHERE s < '2014-01-01'::DATE`)
	snowflakeError(t, err, 100040, "Date 'not a date' is not recognized")
	_, err = db.Exec(`SELECT COUNT(*) FROM typed WHERE s < '2014-01-01 00:00:00'::TIMESTAMP_NTZ`)
	snowflakeError(t, err, 100035, "Timestamp 'not a date' is not recognized")
	mustExec(t, db, "insert into clock values ('not a time', '11:00:00')")
	_, err = db.Exec(`SELECT COUNT(*) FROM clock WHERE s < tm`)
	snowflakeError(t, err, 100108, "Time 'not a time' is not recognized")
	// (A text whose type the rewriter does not see, a derived table's
	// column: varchar_date_unseen_test.go.)
}
