package snowlocal

import (
	"context"
	"strings"
	"testing"
)

// TestMillisScale reads the scale the rowtype gives a TIMESTAMP_LTZ column
// (gosnowflake's ColumnTypes report none for one) and its wire values.
// Expected: INFORMATION_SCHEMA's CREATED, LAST_ALTERED and LAST_DDL are
// TIMESTAMP_LTZ(3) (mlorek/frostlake, live-verified,
// engine/src/main/java/dev/frostlake/system/SystemViews.java colLtz: "A
// creation or alteration instant -- TIMESTAMP_LTZ(3) on the account"), as
// is every SHOW listing's created_on and SHOW TASKS' last_suspended_on
// (frostlake declares them ShowResultHelpers.CREATED_ON, the same type; a
// SHOW OBJECTS cursor.description recorded from Snowflake by a dbt
// record/replay fixture, package balto.adapters.snowflake.record, reads
// created_on type_code 6 (TIMESTAMP_LTZ), scale 3); MIN and MAX return "the
// same data type as the input values" (docs: MIN / MAX), COALESCE, IFF and
// GREATEST of values of one type are one of them; a column keeps its type
// through a subquery, a CTE and * (docs: SELECT). SHOW WAREHOUSES'
// resumed_on and updated_on and SHOW USERS' expires_at_time and
// locked_until_time are the same instants (frostlake's ShowResultHelpers:
// "declared TIMESTAMP_LTZ"), here at created_on's scale 3.
func TestMillisScale(t *testing.T) {
	ctx := context.Background()
	_, s := openSession(t)
	for _, q := range []string{"create database msc", "create table t (a int)", "create view v as select a from t",
		"create task tk schedule = '60 minute' as select 1", "alter task tk resume", "alter task tk suspend",
		"create warehouse mwh", "create user mu"} {
		if _, err := s.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const tables = " from information_schema.tables where table_schema = 'PUBLIC'"
	for _, tc := range []struct {
		q    string
		cols []string // the columns that are TIMESTAMP_LTZ(3)
	}{
		{"select created, last_altered, last_ddl" + tables, []string{"CREATED", "LAST_ALTERED", "LAST_DDL"}},
		{"select * from information_schema.views where table_schema = 'PUBLIC'", []string{"CREATED", "LAST_ALTERED", "LAST_DDL"}},
		{"select created, last_altered from information_schema.schemata", []string{"CREATED", "LAST_ALTERED"}},
		{"select created, last_altered from information_schema.databases", []string{"CREATED", "LAST_ALTERED"}},
		{"select max(created) m, min(last_ddl) n" + tables, []string{"M", "N"}},
		{"select coalesce(last_ddl, created) c, iff(true, created, last_altered) i, greatest(created, last_altered) g" + tables, []string{"C", "I", "G"}},
		{"select c from (select created c" + tables + ")", []string{"C"}},
		{"with w as (select *" + tables + ") select last_altered from w", []string{"LAST_ALTERED"}},
		{"show tables", []string{"created_on"}},
		{"show terse objects", []string{"created_on"}},
		{"show views", []string{"created_on"}},
		{"show schemas like 'PUBLIC'", []string{"created_on"}},
		{"show databases", []string{"created_on"}},
		{"show tasks", []string{"created_on", "last_committed_on", "last_suspended_on"}},
		{"show warehouses", []string{"created_on", "resumed_on", "updated_on"}},
		{"show users like 'MU'", []string{"created_on", "expires_at_time", "locked_until_time"}},
	} {
		wantMillisColumns(ctx, t, s, tc.q, tc.cols)
	}
}

// wantMillisColumns runs q, which must return rows, and checks that its
// columns named in cols are TIMESTAMP_LTZ(3) whose values have three
// digits of fraction. It returns the result for further checks.
func wantMillisColumns(ctx context.Context, t *testing.T, s *Session, q string, cols []string) *Result {
	t.Helper()
	res, err := s.Exec(ctx, q, nil)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if len(res.Rows) == 0 {
		t.Fatalf("%s: no rows", q)
	}
	want := map[string]bool{}
	for _, c := range cols {
		want[c] = true
	}
	for k, c := range res.Columns {
		if !want[c.Name] {
			continue
		}
		delete(want, c.Name)
		if c.Type != "timestamp_ltz" || c.Scale != 3 {
			t.Errorf("%s: %s is %s scale %d, want timestamp_ltz scale 3", q, c.Name, c.Type, c.Scale)
		}
		for _, row := range res.Rows {
			if v := row[k]; v != nil {
				if _, frac, _ := strings.Cut(*v, "."); len(frac) != 3 {
					t.Errorf("%s: %s value %q, want three digits of fraction", q, c.Name, *v)
				}
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("%s: no columns %v", q, want)
	}
	return res
}
