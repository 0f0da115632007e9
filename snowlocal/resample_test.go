package snowlocal_test

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// RESAMPLE (docs: https://docs.snowflake.com/en/sql-reference/constructs/resample
// and the time-series guide, "Using the RESAMPLE clause",
// https://docs.snowflake.com/en/user-guide/querying-time-series-data) was
// refused (002040) in every form. The expected rows are the docs' tables.

func resampleDB(t *testing.T) *sql.DB {
	t.Helper()
	db := open(t)
	mustExec(t, db, "create database sf_resample",
		"CREATE OR REPLACE TABLE march_temps (observed TIMESTAMP, temperature INT, city VARCHAR(20), county VARCHAR(20))",
		`INSERT INTO march_temps VALUES
  ('2025-03-15 09:50:00.000',44,'South Lake Tahoe','El Dorado'),
  ('2025-03-15 09:55:00.000',46,'South Lake Tahoe','El Dorado'),
  ('2025-03-15 10:10:00.000',52,'South Lake Tahoe','El Dorado'),
  ('2025-03-15 10:15:00.000',54,'South Lake Tahoe','El Dorado'),
  ('2025-03-15 09:49:00.000',48,'Big Bear City','San Bernardino'),
  ('2025-03-15 09:55:00.000',49,'Big Bear City','San Bernardino'),
  ('2025-03-15 10:10:00.000',51,'Big Bear City','San Bernardino'),
  ('2025-03-15 10:18:00.000',54,'Big Bear City','San Bernardino')`,
		"CREATE OR REPLACE TABLE sensor_data_unixtime (device_id VARCHAR(10), unixtime NUMBER(38,0), avg_temp NUMBER(6,4), vibration NUMBER (5,4), motor_rpm INT)",
		`INSERT INTO sensor_data_unixtime VALUES
  ('DEVICE3', 1696150802, 36.1103, 0.4226, 1560),
  ('DEVICE3', 1696150803, 35.2987, 0.4326, 1561),
  ('DEVICE3', 1696150804, 40.0001, 0.3221, 1562),
  ('DEVICE3', 1696150805, 38.0422, 0.3333, 1589),
  ('DEVICE3', 1696150807, 33.1524, 0.4865, 1499),
  ('DEVICE3', 1696150808, 32.0422, 0.4221, 1498),
  ('DEVICE3', 1696150809, 31.1519, 0.4751, 1600),
  ('DEVICE3', 1696150810, 29.1524, 0.4639, 1605),
  ('DEVICE3', 1696150812, 35.2987, 0.4336, 1585),
  ('DEVICE3', 1696150813, 40.0000, 0.4226, 1560)`)
	return db
}

// resampleRows runs q and returns its rows as "|"-joined cells, NULL for
// NULL and a timestamp as its wall clock to the second.
func resampleRows(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	r, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out []string
	for r.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		cells := make([]string, len(vals))
		for i, v := range vals {
			switch x := v.(type) {
			case nil:
				cells[i] = "NULL"
			case time.Time:
				cells[i] = x.Format("2006-01-02 15:04:05")
			default:
				cells[i] = fmt.Sprint(x)
			}
		}
		out = append(out, strings.Join(cells, "|"))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func wantResampled(t *testing.T, q string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got %q\nwant %q", q, got, want)
	}
}

// TestResampleGuideExamples: the guide's two RESAMPLE queries over
// march_temps, with the rows it prints (the unpartitioned one compared as a
// set of rows: its ORDER BY leaves ties), and the columns keep the table's
// types: TIMESTAMP_NTZ, NUMBER(38,0), VARCHAR(20).
func TestResampleGuideExamples(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	q := "SELECT * FROM march_temps RESAMPLE (USING observed INCREMENT BY INTERVAL '5 minutes') ORDER BY observed, city"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2025-03-15 09:45:00|NULL|NULL|NULL",
		"2025-03-15 09:49:00|48|Big Bear City|San Bernardino",
		"2025-03-15 09:50:00|44|South Lake Tahoe|El Dorado",
		"2025-03-15 09:55:00|49|Big Bear City|San Bernardino",
		"2025-03-15 09:55:00|46|South Lake Tahoe|El Dorado",
		"2025-03-15 10:00:00|NULL|NULL|NULL",
		"2025-03-15 10:05:00|NULL|NULL|NULL",
		"2025-03-15 10:10:00|51|Big Bear City|San Bernardino",
		"2025-03-15 10:10:00|52|South Lake Tahoe|El Dorado",
		"2025-03-15 10:15:00|54|South Lake Tahoe|El Dorado",
		"2025-03-15 10:18:00|54|Big Bear City|San Bernardino",
	})
	q = "SELECT * FROM march_temps RESAMPLE (USING observed INCREMENT BY INTERVAL '5 minutes' PARTITION BY city, county) ORDER BY city, county, observed"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2025-03-15 09:45:00|NULL|Big Bear City|San Bernardino",
		"2025-03-15 09:49:00|48|Big Bear City|San Bernardino",
		"2025-03-15 09:50:00|NULL|Big Bear City|San Bernardino",
		"2025-03-15 09:55:00|49|Big Bear City|San Bernardino",
		"2025-03-15 10:00:00|NULL|Big Bear City|San Bernardino",
		"2025-03-15 10:05:00|NULL|Big Bear City|San Bernardino",
		"2025-03-15 10:10:00|51|Big Bear City|San Bernardino",
		"2025-03-15 10:15:00|NULL|Big Bear City|San Bernardino",
		"2025-03-15 10:18:00|54|Big Bear City|San Bernardino",
		"2025-03-15 09:50:00|44|South Lake Tahoe|El Dorado",
		"2025-03-15 09:55:00|46|South Lake Tahoe|El Dorado",
		"2025-03-15 10:00:00|NULL|South Lake Tahoe|El Dorado",
		"2025-03-15 10:05:00|NULL|South Lake Tahoe|El Dorado",
		"2025-03-15 10:10:00|52|South Lake Tahoe|El Dorado",
		"2025-03-15 10:15:00|54|South Lake Tahoe|El Dorado",
	})
	r, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := r.ColumnTypes()
	r.Close()
	var types []string
	for _, ct := range cts {
		s := ct.DatabaseTypeName()
		if p, sc, ok := ct.DecimalSize(); ok && s == "FIXED" {
			s += fmt.Sprintf("(%d,%d)", p, sc)
		}
		if n, ok := ct.Length(); ok && s == "TEXT" {
			s += fmt.Sprintf("(%d)", n)
		}
		types = append(types, s)
	}
	if got := strings.Join(types, ","); got != "TIMESTAMP_NTZ,FIXED(38,0),TEXT(20),TEXT(20)" {
		t.Errorf("%s: types %s", q, got)
	}
	// The guide's CTAS keeps the table's column types.
	mustExec(t, db, "CREATE OR REPLACE TABLE march_temps_every_five_mins AS SELECT * FROM march_temps "+
		"RESAMPLE (USING observed INCREMENT BY INTERVAL '5 minutes' PARTITION BY city, county) ORDER BY city, county, observed")
	q = "describe table march_temps_every_five_mins"
	_, rows := queryRows(t, db, q)
	var desc []string
	for _, r := range rows {
		desc = append(desc, r[0]+" "+r[1])
	}
	if got := strings.Join(desc, ", "); got != "OBSERVED TIMESTAMP_NTZ(9), TEMPERATURE NUMBER(38,0), CITY VARCHAR(20), COUNTY VARCHAR(20)" {
		t.Errorf("%s: %s", q, got)
	}
	if n := queryValue(t, db, "select count(*) from march_temps_every_five_mins where temperature is null"); n != "7" {
		t.Errorf("generated rows of the CTAS: %s, the guide says seven", n)
	}
}

// TestResampleBeforeWhere: "The RESAMPLE clause is evaluated before WHERE
// clause conditions are applied": unpartitioned, the generated rows'
// city and county are NULL and the WHERE clause drops them all;
// partitioned by city and county it keeps Big Bear City's (docs: resample,
// usage notes).
func TestResampleBeforeWhere(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	q := "SELECT observed, temperature FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '5 minutes') " +
		"WHERE city = 'Big Bear City' AND county = 'San Bernardino' ORDER BY observed"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2025-03-15 09:49:00|48", "2025-03-15 09:55:00|49", "2025-03-15 10:10:00|51", "2025-03-15 10:18:00|54",
	})
	q = "SELECT m.observed, m.temperature FROM march_temps AS m RESAMPLE(USING observed INCREMENT BY INTERVAL '5 minutes' PARTITION BY city, county) " +
		"WHERE m.city = 'Big Bear City' AND county = 'San Bernardino' ORDER BY observed"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2025-03-15 09:45:00|NULL", "2025-03-15 09:49:00|48", "2025-03-15 09:50:00|NULL", "2025-03-15 09:55:00|49",
		"2025-03-15 10:00:00|NULL", "2025-03-15 10:05:00|NULL", "2025-03-15 10:10:00|51", "2025-03-15 10:15:00|NULL",
		"2025-03-15 10:18:00|54",
	})
}

// TestResampleNumeric: a numeric USING column takes a numeric increment,
// slices aligned from 0; the page's sensor_data_unixtime table partitioned
// by its one device gives the rows the page prints (1696150806 and
// 1696150811 generated, DEVICE3 beside them). Unpartitioned, the page's
// example prints DEVICE3 in the generated rows where its usage notes say
// a column that is not partitioned is NULL: refused. An INTERVAL increment
// is the page's error 009954 (42601).
func TestResampleNumeric(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	q := "SELECT device_id, unixtime, avg_temp, motor_rpm FROM sensor_data_unixtime " +
		"RESAMPLE(USING unixtime INCREMENT BY 1 PARTITION BY device_id) ORDER BY unixtime"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"DEVICE3|1696150802|36.1103|1560", "DEVICE3|1696150803|35.2987|1561", "DEVICE3|1696150804|40.0001|1562",
		"DEVICE3|1696150805|38.0422|1589", "DEVICE3|1696150806|NULL|NULL", "DEVICE3|1696150807|33.1524|1499",
		"DEVICE3|1696150808|32.0422|1498", "DEVICE3|1696150809|31.1519|1600", "DEVICE3|1696150810|29.1524|1605",
		"DEVICE3|1696150811|NULL|NULL", "DEVICE3|1696150812|35.2987|1585", "DEVICE3|1696150813|40.0000|1560",
	})
	// Slices of 4 from 0: 1696150800 is the first one's start.
	q = "SELECT unixtime FROM sensor_data_unixtime RESAMPLE(USING unixtime INCREMENT BY 4 PARTITION BY device_id) " +
		"WHERE avg_temp IS NULL ORDER BY unixtime"
	wantResampled(t, q, resampleRows(t, db, q), []string{"1696150800"})
	q = "SELECT * FROM sensor_data_unixtime RESAMPLE(USING unixtime INCREMENT BY INTERVAL '1 second') ORDER BY unixtime"
	err := queryErr(db, q)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 9954 || se.SQLState != "42601" ||
		!strings.Contains(se.Message, "RESAMPLE INCREMENT BY has to be numeric type when USING parameter is numeric.") {
		t.Errorf("%s: want 009954 (42601), got %v", q, err)
	}
	wantRefused(t, db, "SELECT * FROM sensor_data_unixtime RESAMPLE(USING unixtime INCREMENT BY 1) ORDER BY unixtime",
		"RESAMPLE of a numeric USING column without PARTITION BY")
}

// TestResampleRefusals: what the docs leave open is refused (002040), not
// answered: METADATA_COLUMNS, weeks (TIME_SLICE aligns them by
// WEEK_START), the intervals the usage notes forbid (their errors are not
// documented), a subquery, a TIMESTAMP column with a numeric increment and
// a PARTITION BY column that is the USING one.
func TestResampleRefusals(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	for _, tc := range []struct{ q, part string }{
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '5 minutes' METADATA_COLUMNS IS_GENERATED())", "METADATA_COLUMNS"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '1 week')", "weeks"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '1 week, 3 days')", "weeks"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '3 months, 1 day')", "two groups"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '500 milliseconds')", "RESAMPLE INCREMENT BY"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY 5)", "RESAMPLE INCREMENT BY a number"},
		{"SELECT * FROM (SELECT * FROM march_temps) RESAMPLE(USING observed INCREMENT BY INTERVAL '1 hour')", "RESAMPLE of a subquery"},
		{"SELECT * FROM march_temps RESAMPLE(USING observed INCREMENT BY INTERVAL '1 hour' PARTITION BY city, observed)", "PARTITION BY the USING column"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}

// TestResampleDate: a DATE column takes an INTERVAL of days or more; slices
// aligned from 1970-01-01 as TIME_SLICE's (2024-01-03 is day 19725, in the
// two-day slice from 2024-01-02); a part below a day is refused (docs:
// "you can't specify a unit in the interval that is more granular than
// day").
func TestResampleDate(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	mustExec(t, db, "create table days (d date, v int)", "insert into days values ('2024-01-03', 1), ('2024-01-09', 2)")
	q := "select d, v from days resample(using d increment by interval '2 days') order by d"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2024-01-02 00:00:00|NULL", "2024-01-03 00:00:00|1", "2024-01-04 00:00:00|NULL", "2024-01-06 00:00:00|NULL",
		"2024-01-08 00:00:00|NULL", "2024-01-09 00:00:00|2",
	})
	wantRefused(t, db, "select * from days resample(using d increment by interval '25 hours')", "RESAMPLE INCREMENT BY")
}

// TestResampleKeepsColumnTypes: a resample has its table's columns and
// their types (docs: "Returns a data set that includes both input rows and
// generated rows"), so the engine reads them through it as through the
// table: a VARCHAR(20) concatenated with one character is a VARCHAR(21)
// (it was the default length), and a TIMESTAMP_LTZ compared with a
// TIMESTAMP_TZ compares instants (DuckDB's cast error before).
func TestResampleKeepsColumnTypes(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	mustExec(t, db, "create table r_len as select t.city || '!' as c from march_temps t "+
		"resample(using observed increment by interval '5 minutes')")
	_, rows := queryRows(t, db, "describe table r_len")
	if len(rows) != 1 || rows[0][1] != "VARCHAR(21)" {
		t.Errorf("describe table r_len: %v, want C VARCHAR(21)", rows)
	}
	mustExec(t, db, "create table tz2 (ts timestamp, l timestamp_ltz, z timestamp_tz)",
		"insert into tz2 values ('2024-01-01 00:00:00', '2024-01-02 03:04:05 +02:00', '2024-01-02 03:04:05 +02:00'), "+
			"('2024-01-01 00:02:00', '2024-01-02 03:04:05 +02:00', '2024-01-02 03:04:05 +03:00')")
	q := "select ts, iff(l = z, 'same', 'other') from tz2 resample(using ts increment by interval '1 minute') order by ts"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2024-01-01 00:00:00|same", "2024-01-01 00:01:00|other", "2024-01-01 00:02:00|other",
	})
}

// TestResampleView: a view is an object reference RESAMPLE takes as a
// table (docs: "the name of a table or another object reference").
func TestResampleView(t *testing.T) {
	t.Parallel()
	db := resampleDB(t)
	mustExec(t, db, "create view tahoe as select observed, temperature from march_temps where city = 'South Lake Tahoe'")
	q := "select * from tahoe resample(using observed increment by interval '5 minutes') order by observed"
	wantResampled(t, q, resampleRows(t, db, q), []string{
		"2025-03-15 09:50:00|44", "2025-03-15 09:55:00|46", "2025-03-15 10:00:00|NULL", "2025-03-15 10:05:00|NULL",
		"2025-03-15 10:10:00|52", "2025-03-15 10:15:00|54",
	})
}
