package snowlocal_test

import "testing"

// TestTimePrecisionOtherThanNine: TIME and the timestamps take "an optional
// precision parameter for fractional seconds … from 0 (seconds) to 9
// (nanoseconds)" (docs: data-types-datetime), which the value and the
// column's described type keep. The engine kept microseconds whatever the
// precision and described every such column as (9):
// '2024-01-01 10:00:00.123456'::TIMESTAMP_NTZ(3) = '… 10:00:00.123' was
// FALSE, a TIME(0) column held 10:00:00.7. Refused now; (9) and no
// precision answer.
func TestTimePrecisionOtherThanNine(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tprec")
	for _, q := range []string{
		"select '2024-01-01 10:00:00.123456'::timestamp_ntz(3)",
		"select cast('10:00:00.7' as time(0))",
		"create table t3 (a timestamp_ltz(6))",
		"create table t4 (a timestamp(0), b int)",
		"create table t5 (a datetime(3))",
	} {
		wantRefused(t, db, q, "precision other than 9")
	}
	mustExec(t, db, "create table t9 (a timestamp_ntz(9), b time(9), c timestamp_tz(9), d time)",
		"insert into t9 values ('2024-01-01 10:00:00.123456', '10:00:00.5', '2024-01-01 10:00:00 +0100', '10:00:00')")
	if got := queryValue(t, db, "select count(*) from t9 where a = '2024-01-01 10:00:00.123456'::timestamp_ntz(9)"); got != "1" {
		t.Errorf("TIMESTAMP_NTZ(9) lost its microseconds: %s", got)
	}
}
