package snowlocal_test

import (
	"reflect"
	"testing"
)

// TestIntervalDatePartsKeepDate: a DATE plus or minus an interval constant
// of date parts only (years, quarters, months, weeks, days) is a DATE, with
// a time part a timestamp (docs: data-types-datetime, Interval constants:
// TO_DATE('2023-04-15') + INTERVAL '1 year' prints 2024-04-15,
// TO_DATE('2019-02-28') + INTERVAL '1 day, 1 year' 2020-03-01, the example
// with hours a timestamp), wherever the DATE comes from: a CASE, a scalar
// subquery, a sum before the interval, a CTE or derived table column, a
// session variable, an aggregate or window function, a function's result
// in mid-expression, a UNION branch, a view's or CTAS's
// column. Expected values are plain date arithmetic (no day of the month
// moves). Before, only a DATE the rewriter saw starting the expression
// stayed a DATE; elsewhere DuckDB's DATE + INTERVAL gave a TIMESTAMP
// (2024-01-11 00:00:00.000), and a timestamp's sums stay as they were.
func TestIntervalDatePartsKeepDate(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table t(d date, ts timestamp_ntz)",
		"insert into t values ('2024-01-10', '2024-01-10 10:00:00')", "set v = '2024-01-10'::date")
	for q, want := range map[string]string{
		"select (case when true then d + interval '1 day' end)::varchar from t":                             "2024-01-11",
		"select ((select max(d) from t) + interval '1 day')::varchar":                                       "2024-01-11",
		"select (d - 1 + interval '1 day')::varchar from t":                                                 "2024-01-10",
		"with c as (select d from t) select (d + interval '1 day')::varchar from c":                         "2024-01-11",
		"select (x - interval '2 weeks')::varchar from (select d as x from t)":                              "2023-12-27",
		"select (x + interval '1 year, 2 months')::varchar from (select d as x from t)":                     "2025-03-10",
		"select (x - interval '1 quarter')::varchar from (select d as x from t)":                            "2023-10-10",
		"select (last_day(d) + interval '1 day' + interval '1 day')::varchar from t":                        "2024-02-02",
		"select (date_trunc('month', d) + interval '1 week' - interval '1 day')::varchar from t":            "2024-01-07",
		"select (to_date('2024-01-10') + interval '1 q' + interval '1 d')::varchar":                         "2024-04-11",
		"select ($v + interval '1 day')::varchar":                                                           "2024-01-11",
		"select to_varchar(dateadd(day, 1, x + interval '1 day')) from (select d as x from t)":              "2024-01-12",
		"select (x + interval '1 day, 2 hours')::varchar from (select d as x from t)":                       "2024-01-11 02:00:00.000",
		"select (max(x) - interval '1 day')::varchar from (select d as x from t)":                           "2024-01-09",
		"select (max(x) + interval '1 week')::varchar from (select ts as x from t)":                         "2024-01-17 10:00:00.000",
		"select count(*) from (select d as x from t) having max(x) - interval '1 day' < '2024-01-10'":       "1",
		"select (lead(x, 0) over (order by x) + interval '1 day')::varchar from (select d as x from t)":     "2024-01-11",
		"select (x + interval '1 day')::varchar from (select ts as x from t)":                               "2024-01-11 10:00:00.000",
		"select (x - interval '1 month')::varchar from (select ts as x from t)":                             "2023-12-10 10:00:00.000",
		"select count(*) over (order by d range between interval '1 day' preceding and current row) from t": "1",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// Result column types, current_date among them.
	rows, err := db.Query(`select x + interval '1 day' a, current_date + interval '1 day' + interval '1 day' b,
		(select max(d) from t) - interval '1 y' c, y + interval '1 day' e, x + interval '1 hour' f
		from (select d as x, ts as y from t)`)
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	rows.Close()
	var types []string
	for _, ct := range cts {
		types = append(types, ct.DatabaseTypeName())
	}
	if want := []string{"DATE", "DATE", "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_NTZ"}; !reflect.DeepEqual(types, want) {
		t.Errorf("types %v, want %v", types, want)
	}
	// A UNION branch whose DATE only DuckDB sees.
	_, got := queryRows(t, db, "select u::varchar from (select x + interval '1 day' as u from (select d as x from t) union all select d from t) order by 1")
	if want := [][]string{{"2024-01-10"}, {"2024-01-11"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("union: %v, want %v", got, want)
	}
	// A view's and a CTAS's columns.
	mustExec(t, db,
		"create view v as with c as (select d as x from t) select x + interval '1 day' a, (select max(d) from t) - interval '1 week' b, ts + interval '1 day' c from c, t",
		"create table x as select case when true then d + interval '2 days' end a, (select max(d) from t) + interval '1 year' b from t")
	if got, want := describeTypes(t, db, "describe view v"), map[string]string{"A": "DATE", "B": "DATE", "C": "TIMESTAMP_NTZ(9)"}; !reflect.DeepEqual(got, want) {
		t.Errorf("describe view v: %v, want %v", got, want)
	}
	if got, want := describeTypes(t, db, "describe table x"), map[string]string{"A": "DATE", "B": "DATE"}; !reflect.DeepEqual(got, want) {
		t.Errorf("describe table x: %v, want %v", got, want)
	}
	if got := queryValue(t, db, "select a::varchar || ' ' || b::varchar from x"); got != "2024-01-12 2025-01-10" {
		t.Errorf("CTAS values %q, want 2024-01-12 2025-01-10", got)
	}
	// Where the operand the interval is added to cannot be isolated, its
	// type cannot be followed: refused.
	const alone = "of date parts only (a DATE plus or minus it is a DATE) not added to or subtracted from an operand before it"
	for q, part := range map[string]string{
		"select interval '1 day' + d from t":                  alone,
		"select d + (interval '1 day') from t":                alone,
		"select -interval '1 day' + d from t":                 alone,
		"select d + interval '1 day' * 2 from t":              "followed by *",
		"select x + interval '1 day' from (select null as x)": `+("NULL", INTERVAL)`,
		"select (select max(d) from t) + interval '1' day":    "interval data types",
		"select d - 1 + interval '1' month from t":            "interval data types",
	} {
		wantRefused(t, db, q, part)
	}
}
