package snowlocal_test

import "testing"

// TestSystemTypeofCasts: SYSTEM$TYPEOF of casts, text and DATE columns,
// decimal literals, IFNULL of literals and select-list aliases of them
// answers as the docs print it (functions/cast, each example's DATA_TYPE
// column; data-type-conversion, IFNULL(12.3, 0) and IFNULL(NULL, 0)) and as
// mlorek/frostlake's live-verified SystemTypeOfTest, ConstantConversionTagTest
// and WidthlessStringTypeTest give it (engine/src/test/java/dev/frostlake/
// functions/SystemTypeOfTest.java, .../functions/ConstantConversionTagTest.java,
// .../types/WidthlessStringTypeTest.java):
// a NUMBER's suffix is the fewest bytes holding its unscaled value, a cast
// from text's the declared precision's; a timestamp difference is an
// INTERVAL DAY(9) TO SECOND(9)[SB16] (docs: data-types-datetime; frostlake
// engine/src/test/java/dev/frostlake/functions/TimestampDifferenceIntervalTest.java). The engine refused every one of
// these before.
func TestSystemTypeofCasts(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database stc",
		`CREATE OR REPLACE TABLE test_data_type_conversion (
		  varchar_value VARCHAR,
		  number_value NUMBER(5, 4),
		  timestamp_value TIMESTAMP)`,
		`INSERT INTO test_data_type_conversion VALUES ('9.8765', 1.2345, '2024-05-09 14:32:29.135 -0700')`,
		"create table tf (s varchar(5), d date, n102 number(10,2), i int)",
		"insert into tf values ('abc', '2020-01-01', 1.00, 1)",
		"create view v as select s, cast(s as varchar(7)) x from tf")
	for _, c := range []struct{ q, want string }{
		// docs: functions/cast
		{`SELECT CAST(varchar_value AS NUMBER(5,2)) AS varchar_to_number1, SYSTEM$TYPEOF(varchar_to_number1) AS data_type
		  FROM test_data_type_conversion`, "9.88,NUMBER(5,2)[SB4]"},
		{`SELECT varchar_value::NUMBER(6,5) AS varchar_to_number2, SYSTEM$TYPEOF(varchar_to_number2) AS data_type
		  FROM test_data_type_conversion`, "9.87650,NUMBER(6,5)[SB4]"},
		{`SELECT CAST(number_value AS INTEGER) AS number_to_integer, SYSTEM$TYPEOF(number_to_integer) AS data_type
		  FROM test_data_type_conversion`, "1,NUMBER(38,0)[SB1]"},
		{`SELECT CAST(number_value AS VARCHAR) AS number_to_varchar, SYSTEM$TYPEOF(number_to_varchar) AS data_type
		  FROM test_data_type_conversion`, "1.2345,VARCHAR[LOB]"},
		{`SELECT varchar_value, SYSTEM$TYPEOF(varchar_value) AS data_type_source,
		       CAST(varchar_value AS VARCHAR(9)) AS converted_varchar, SYSTEM$TYPEOF(converted_varchar) AS data_type_converted
		  FROM test_data_type_conversion`, "9.8765,VARCHAR(16777216)[LOB],9.8765,VARCHAR(9)[LOB]"},
		{`SELECT CAST(timestamp_value AS DATE) AS timestamp_to_date, SYSTEM$TYPEOF(timestamp_to_date) AS data_type
		  FROM test_data_type_conversion`, "2024-05-09T00:00:00Z,DATE[SB4]"}, // gosnowflake reads a DATE as a time.Time
		// docs: data-type-conversion
		{`SELECT SYSTEM$TYPEOF(IFNULL(12.3, 0)), SYSTEM$TYPEOF(IFNULL(NULL, 0))`, "NUMBER(3,1)[SB1],NUMBER(1,0)[SB1]"},
		// frostlake SystemTypeOfTest: the tag follows the unscaled value
		{`select system$typeof(cast(1.00 as number(10,2))), system$typeof(cast(1000.00 as number(10,2))),
		  system$typeof(cast(127 as number(38,0))), system$typeof(cast(128 as number(38,0))),
		  system$typeof(cast(32767 as number(38,0))), system$typeof(cast(32768 as number(38,0))),
		  system$typeof(cast(99999999999 as number(38,0))), system$typeof(cast(99999999999999999999999999 as number(38,0)))`,
			"NUMBER(10,2)[SB1],NUMBER(10,2)[SB4],NUMBER(38,0)[SB1],NUMBER(38,0)[SB2],NUMBER(38,0)[SB2],NUMBER(38,0)[SB4],NUMBER(38,0)[SB8],NUMBER(38,0)[SB16]"},
		{`select system$typeof(cast(null as number(10,2))), system$typeof(cast(null as date)),
		  system$typeof(cast(null as varchar(7))), system$typeof(d), system$typeof(s), system$typeof(tf.s),
		  system$typeof(s::varchar(20)) from tf`,
			"NUMBER(10,2)[SB1],DATE[SB4],VARCHAR(7)[LOB],DATE[SB4],VARCHAR(5)[LOB],VARCHAR(5)[LOB],VARCHAR(20)[LOB]"},
		// frostlake ConstantConversionTagTest: a cast from a text column is the declared width's
		{`select system$typeof(s::number), system$typeof(1.5::number(10,2)) from tf`, "NUMBER(38,0)[SB16],NUMBER(10,2)[SB2]"},
		// frostlake WidthlessStringTypeTest: a cast to a bare VARCHAR
		{`select system$typeof(cast(1 as varchar)), system$typeof(1::string), system$typeof('a'::text),
		  system$typeof(null::varchar), system$typeof(cast('abc' as varchar(5)))`,
			"VARCHAR[LOB],VARCHAR[LOB],VARCHAR[LOB],VARCHAR[LOB],VARCHAR(5)[LOB]"},
		// docs: data-types-datetime; frostlake TimestampDifferenceIntervalTest
		{`SELECT SYSTEM$TYPEOF(TO_TIMESTAMP('2025-10-05 01:02:03') - TO_TIMESTAMP('2025-09-15 11:36:22')) AS type,
		  SYSTEM$TYPEOF(TO_TIMESTAMP_LTZ('2025-10-05 01:02:03') - TO_TIMESTAMP_NTZ('2025-09-15 11:36:22.5'))`,
			"INTERVAL DAY(9) TO SECOND(9)[SB16],INTERVAL DAY(9) TO SECOND(9)[SB16]"},
		// docs: system_typeof; frostlake WidthlessStringTypeTest ('a' || 'b')
		{`select system$typeof(concat('every', 'body')), system$typeof('a' || 'b')`, "VARCHAR(9)[LOB],VARCHAR(2)[LOB]"},
		// a decimal literal: its unscaled value (NUMBER(2,1): 15)
		{`select system$typeof(1.5), system$typeof(12.80)`, "NUMBER(2,1)[SB1],NUMBER(4,2)[SB2]"},
	} {
		_, rows := queryRows(t, db, c.q)
		if got := fmtRows(rows); got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.q, got, c.want)
		}
	}
	for _, q := range []string{
		"select system$typeof(n102) from tf",                                                     // a NUMBER column: its values decide
		"select system$typeof(n102::int) from tf",                                                // up to 100000000: its values decide
		"select system$typeof(i::number(12,3)) from tf",                                          // an INT column
		"select system$typeof(s) from v",                                                         // a view's column
		"select system$typeof(x) from v",                                                         // a view's column
		"select system$typeof(cast(1.234 as number(10,2)))",                                      // rounded
		"select system$typeof(cast(1000 as number(3,0)))",                                        // fails in Snowflake
		"select system$typeof('5'::number)",                                                      // a text constant is folded to its value
		"select system$typeof(1.5::float::number)",                                               // not a cast of a literal or column
		"select system$typeof('' || 'b')",                                                        // an empty literal's length
		"select system$typeof(ifnull(1, 100000))",                                                // SB1 or SB4 by the value
		"select system$typeof(ifnull(1, 12.3))",                                                  // the result type or the fold
		"select system$typeof(ifnull(null, null))",                                               // no type
		"select system$typeof(to_timestamp('2025-10-05') - to_timestamp('2025-09-15 11:36:22'))", // not a date and time
		"select s as d, system$typeof(d) from tf",                                                // an alias that is also a column
	} {
		wantRefused(t, db, q, "function SYSTEM$TYPEOF of an expression whose storage type the engine does not know")
	}
}
