package snowlocal_test

import (
	"reflect"
	"testing"
)

// TestIntervalColumnsDocs: columns of interval data types hold the text
// stored into them and print it in interval format cast to VARCHAR (docs:
// data-types-datetime, https://docs.snowflake.com/en/sql-reference/data-types-datetime,
// "Inserting and querying year-month interval data" and "Inserting and
// querying day-time interval data": the tables, inserts and results are
// the page's). The third table is the page's "Copying interval data into a
// table" one, its file's values stored by INSERT; -1-3 stored into a YEAR
// TO MONTH column is minus fifteen months in snowflake-connector-python's
// test_select_year_month_interval (test/integ/test_interval_types.py).
func TestIntervalColumnsDocs(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d",
		`CREATE OR REPLACE TABLE candidates (
  name_first VARCHAR,
  name_last VARCHAR,
  duration_of_experience INTERVAL YEAR(2) TO MONTH)`,
		`INSERT INTO candidates VALUES ('Jane', 'Smith', '14-4')`,
		`INSERT INTO candidates VALUES ('Robert', 'Adams', '0-3')`,
		`INSERT INTO candidates VALUES ('Mary', 'Jones', '5-11')`,
		`CREATE OR REPLACE TABLE feature_timeouts (
  feature VARCHAR,
  timeout_duration INTERVAL HOUR(2) TO SECOND(0))`,
		`INSERT INTO feature_timeouts VALUES ('Feature1', '00:00:30')`,
		`INSERT INTO feature_timeouts VALUES ('Feature2', '00:10:00')`,
		`INSERT INTO feature_timeouts VALUES ('Feature3', '01:00:00')`,
		`CREATE OR REPLACE TABLE sample_interval_values(
  c1 STRING,
  c2 INTERVAL YEAR(1) TO MONTH,
  c3 INTERVAL DAY(2) TO SECOND(3))`,
		`INSERT INTO sample_interval_values VALUES ('1', '1-2', '28 16:15:14.0'), ('2', '-3-2', '-54 16:15:14.123')`,
		`CREATE TABLE connector_cases (c1 INTERVAL YEAR TO MONTH)`,
		`INSERT INTO connector_cases VALUES ('0-0'), ('1-2'), ('-1-3')`)
	for _, c := range []struct {
		q    string
		cols []string
		rows [][]string
	}{
		{`SELECT name_first,
       name_last,
       duration_of_experience::VARCHAR AS duration_of_experience
  FROM candidates`, []string{"NAME_FIRST", "NAME_LAST", "DURATION_OF_EXPERIENCE"},
			[][]string{{"Jane", "Smith", "+14-04"}, {"Robert", "Adams", "+0-03"}, {"Mary", "Jones", "+5-11"}}},
		{`SELECT feature,
       timeout_duration::VARCHAR AS timeout_duration
  FROM feature_timeouts`, []string{"FEATURE", "TIMEOUT_DURATION"},
			[][]string{{"Feature1", "+0:00:30"}, {"Feature2", "+0:10:00"}, {"Feature3", "+1:00:00"}}},
		{`SELECT c1, c2::VARCHAR AS YEAR_TO_MONTH, c3::VARCHAR AS DAY_TO_SECOND FROM sample_interval_values ORDER BY c1`,
			[]string{"C1", "YEAR_TO_MONTH", "DAY_TO_SECOND"},
			[][]string{{"1", "+1-02", "+28 16:15:14.000"}, {"2", "-3-02", "-54 16:15:14.123"}}},
		{`SELECT c1::VARCHAR FROM connector_cases`, []string{"C1::VARCHAR"}, [][]string{{"+0-00"}, {"+1-02"}, {"-1-03"}}},
	} {
		cols, rows := queryRows(t, db, c.q)
		if !reflect.DeepEqual(cols, c.cols) || !reflect.DeepEqual(rows, c.rows) {
			t.Errorf("%s\n got %q %q\nwant %q %q", c.q, cols, rows, c.cols, c.rows)
		}
	}
	// An UPDATE stores text as an INSERT does; the text is a VARCHAR.
	mustExec(t, db, "UPDATE feature_timeouts SET timeout_duration = '02:00:00' WHERE feature = 'Feature1'")
	if got := queryValue(t, db, "select timeout_duration::varchar from feature_timeouts where feature = 'Feature1'"); got != "+2:00:00" {
		t.Errorf("updated value = %q, want +2:00:00", got)
	}
	rows, err := db.Query("select duration_of_experience::varchar from candidates")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	rows.Close()
	if got := cts[0].DatabaseTypeName(); got != "TEXT" {
		t.Errorf("type of col::VARCHAR = %s, want TEXT", got)
	}
}

// TestIntervalColumnsRefused: what no source pins about an interval column
// is refused (002040): its value as a result column (the page prints the
// months a client shows, not the wire type INTERVAL_YEAR_MONTH's encoding),
// any other use of it, a stored value outside the column's precision (the
// page: "precision is the total number of digits that is allowed"; the
// error is not printed), another kind of value stored into it, DEFAULT,
// and DESCRIBE, SHOW COLUMNS, INFORMATION_SCHEMA.COLUMNS' DATA_TYPE,
// GET_DDL and COPY INTO of such a table, which print no type for it.
func TestIntervalColumnsRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d",
		"create table candidates (name_first varchar, duration_of_experience interval year(2) to month, t interval hour(2) to second(0), s interval second(2, 9))",
		"insert into candidates values ('Jane', '14-4', '00:00:30', '1.5')",
		"create table copied as select * from candidates")
	for q, what := range map[string]string{
		"select name_first, duration_of_experience as months_of_experience from candidates": "interval data types",
		"select * from candidates": "INTERVAL",
		"select name_first from candidates where duration_of_experience is null":           "interval data types",
		"select t::varchar from candidates where t > '00:00:10'":                           "interval data types",
		"select 'a' || t from candidates":                                                  "interval data types",
		"select x::varchar from (select * from candidates) c(n, x, y, z)":                  "interval data type",
		"select duration_of_experience::varchar from copied":                               "qualifier the engine did not keep",
		"insert into candidates (duration_of_experience) values ('100-1')":                 "more digits than the precision 2",
		"insert into candidates (duration_of_experience) values ('1-12')":                  "month field out of range",
		"insert into candidates (duration_of_experience) values ('1 year')":                "not in the format",
		"insert into candidates (t) values ('00:00:30.5')":                                 "fractional seconds precision 0",
		"insert into candidates (t) values ('00:60:00')":                                   "minute field out of range",
		"insert into candidates (s) values ('1.0000001')":                                  "nanoseconds",
		"insert into candidates (t) values (5)":                                            "other than text",
		"insert into candidates (t) values (interval '1' hour)":                            "interval data types",
		"insert into candidates (duration_of_experience) values ('999999999-11')":          "more digits than the precision 2",
		"create table w (i interval year(2) to month default '1-0')":                       "DEFAULT",
		"create table w2 (i interval day(2)) as select '1'":                                "CREATE TABLE ... AS SELECT",
		"describe table candidates":                                                        "DESCRIBE TABLE",
		"show columns in table candidates":                                                 "SHOW COLUMNS",
		"select get_ddl('table', 'candidates')":                                            "GET_DDL",
		"select data_type from information_schema.columns where table_name = 'CANDIDATES'": "DATA_TYPE",
		"insert into candidates values ('a', default, '00:00:01', '1.5')":                  "INSERT ... DEFAULT",
		"merge into candidates c using (select 'x' a) s on false when not matched then insert (name_first, duration_of_experience) values ('x', '1-2')": "MERGE",
		"copy into candidates from @~/none":            "COPY INTO",
		"create table iv (c interval day(2) to month)": "INTERVAL",
	} {
		wantRefused(t, db, q, what)
	}
}
