package snowlocal_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTimestampTypeMapping: TIMESTAMP_TYPE_MAPPING "specifies the
// TIMESTAMP_* variation that the TIMESTAMP data type alias maps to" (docs:
// parameters), and TO_TIMESTAMP "maps to one of the other timestamp
// functions, based on the TIMESTAMP_TYPE_MAPPING session parameter" (docs:
// to_timestamp). Setting it was refused; the date-time-examples page's
// LTZ example answers 2024-05-01 00:00:00.000 -0500 in America/Chicago.
func TestTimestampTypeMapping(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tsmap",
		"alter session set timestamp_type_mapping = 'TIMESTAMP_LTZ'",
		"alter session set timezone = 'America/Chicago'",
		"create table ltz (ts timestamp, dt datetime)",
		"insert into ltz values ('2024-05-01 00:00:00.000', '2024-04-30 19:00:00.000 -0800')")
	_, rows := queryRows(t, db, "select to_varchar(ts), to_varchar(dt) from ltz")
	if diff := cmp.Diff([][]string{{"2024-05-01 00:00:00.000 -0500", "2024-04-30 22:00:00.000 -0500"}}, rows); diff != "" {
		t.Errorf("LTZ columns (-want +got):\n%s", diff)
	}
	types := func(q string) []string {
		r, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer r.Close()
		cts, _ := r.ColumnTypes()
		var out []string
		for _, c := range cts {
			out = append(out, c.DatabaseTypeName())
		}
		return out
	}
	q := "select ts, '2024-01-15 10:30:00'::timestamp, to_timestamp('2024-01-15 10:30:00'), timestamp '2024-01-15 10:30:00', " +
		"cast('2024-01-15' as datetime), '2024-01-15'::timestamp_ntz, to_timestamp_ntz('2024-01-15') from ltz"
	want := []string{"TIMESTAMP_LTZ", "TIMESTAMP_LTZ", "TIMESTAMP_LTZ", "TIMESTAMP_LTZ", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ"}
	if diff := cmp.Diff(want, types(q)); diff != "" {
		t.Errorf("LTZ mapping types (-want +got):\n%s", diff)
	}
	mustExec(t, db, "alter session set timestamp_type_mapping = 'TIMESTAMP_TZ'")
	if diff := cmp.Diff([]string{"TIMESTAMP_TZ", "TIMESTAMP_TZ"}, types("select '2024-01-15 10:30:00 +0300'::timestamp, to_timestamp('2024-01-15 10:30:00 +0300')")); diff != "" {
		t.Errorf("TZ mapping types (-want +got):\n%s", diff)
	}
	if got := queryValue(t, db, "select to_varchar('2024-01-15 10:30:00 +0300'::timestamp)"); got != "2024-01-15 10:30:00.000 +0300" {
		t.Errorf("TZ mapping keeps the offset: %s", got)
	}
	mustExec(t, db, "alter session unset timestamp_type_mapping")
	if diff := cmp.Diff([]string{"TIMESTAMP_NTZ", "TIMESTAMP_NTZ"}, types("select '2024-01-15'::timestamp, to_timestamp('2024-01-15')")); diff != "" {
		t.Errorf("default mapping types (-want +got):\n%s", diff)
	}
}

// TestTimestampTypeMappingFunctionSignature: a function created under
// TIMESTAMP_TYPE_MAPPING = TIMESTAMP_LTZ declares TIMESTAMP_LTZ for a
// TIMESTAMP argument and result ("the TIMESTAMP_* variation that the
// TIMESTAMP data type alias maps to", docs: TIMESTAMP_TYPE_MAPPING), and
// keeps it after the parameter is unset; SHOW FUNCTIONS' arguments column
// showed TIMESTAMP_NTZ before.
func TestTimestampTypeMappingFunctionSignature(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tsmapf", "alter session set timestamp_type_mapping = 'TIMESTAMP_LTZ'",
		"create function ftm(x timestamp, y datetime(3), z timestamp_ntz) returns timestamp as 'x'",
		"alter session unset timestamp_type_mapping")
	_, rows := queryRows(t, db, "show user functions like 'FTM'")
	if len(rows) != 1 {
		t.Fatalf("show user functions: %v", rows)
	}
	const want = "FTM(TIMESTAMP_LTZ, TIMESTAMP_LTZ, TIMESTAMP_NTZ) RETURN TIMESTAMP_LTZ"
	if !slices.Contains(rows[0], want) {
		t.Errorf("SHOW USER FUNCTIONS row %v lacks %q", rows[0], want)
	}
}
