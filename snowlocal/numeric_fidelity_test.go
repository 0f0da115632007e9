package snowlocal_test

import (
	"testing"
)

// TestNumberTextOnlyDecimal: a text converts to a NUMBER as Snowflake writes
// a number, `[+-][digits][.digits][e[+-]digits]` (docs: Numeric data types,
// "Numeric constants",
// https://docs.snowflake.com/en/sql-reference/data-types-numeric; SQL format
// models, "Default formats for parsing": TM9 for a DECIMAL,
// https://docs.snowflake.com/en/sql-reference/sql-format-models). DuckDB's
// cast read a hexadecimal, binary or underscore-grouped text: '0x10'::INT
// answered 16, '0b101'::INT 5, TO_NUMBER('1_000') 1000 and
// TRY_CAST('0x10' AS INT) 16. They are not recognized now (NULL under TRY_),
// and decimal texts still convert. So do TO_DOUBLE's text
// ('1_0' answered 10) and a text column compared with a number (a row
// holding '0x1F' matched 31).
func TestNumberTextOnlyDecimal(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database nt", "create table x (s varchar)", "insert into x values ('0x1F')")
	for _, tc := range []struct{ q, text string }{
		{"select '0x10'::int", "0x10"},
		{"select '0b101'::integer", "0b101"},
		{"select cast('1_000' as number)", "1_000"},
		{"select to_number('1_000')", "1_000"},
		{"select to_decimal('0o17', 10, 0)", "0o17"},
		{"select s::int from x", "0x1F"},
		{"select to_double('1_0')", "1_0"},
		{"select s from x where s = 31", "0x1F"},
	} {
		wantError(t, db, tc.q, 100038, "Numeric value '"+tc.text+"' is not recognized")
	}
	for _, tc := range []struct{ q, want string }{
		{"select try_cast('0x10' as int)", "NULL"},
		{"select try_to_number('1_000')", "NULL"},
		{"select parse_json('{\"a\": \"12\"}'):a::int", "12"},
		{"select to_double(' 1.5 ')", "1.5"},
		{"select '1e2'::int", "100"},
		{"select ' +12 '::number", "12"},
		{"select '-.5'::number(3,1)", "-0.5"},
		{"select '2.5'::int", "3"},
		{"select to_number('12.3', 10, 1)", "12.3"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestWidthBucketArguments: WIDTH_BUCKET "returns … null (if any input is
// null)", its end points must "not be equal" and its count "must be a
// positive integer" (docs: width_bucket,
// https://docs.snowflake.com/en/sql-reference/functions/width_bucket). The
// engine answered 0 for WIDTH_BUCKET(-1, 0, 10, NULL) (below the range), 1
// for a count of 0 and 0 for equal end points; the first is NULL now and
// the others are refused (the docs give no error text).
func TestWidthBucketArguments(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select width_bucket(5, 0, 10, 0)",
		"select width_bucket(5, 0, 10, -2)",
		"select width_bucket(5, 0, 0, 5)",
	} {
		wantRefused(t, db, q, "WIDTH_BUCKET")
	}
	for _, tc := range []struct{ q, want string }{
		{"select width_bucket(-1, 0, 10, null)", "NULL"},
		{"select width_bucket(11, 0, null, 5)", "NULL"},
		{"select width_bucket(null, 0, 10, 5)", "NULL"},
		{"select width_bucket(399999.99, 200000, 600000, 4)", "2"},
		{"select width_bucket(600000, 200000, 600000, 4)", "5"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestRandomSameSeedRefused: "If a SQL statement calls RANDOM more than once
// with the same seed for the same row, then RANDOM returns the same value
// for each call for that row" (docs: random, usage notes,
// https://docs.snowflake.com/en/sql-reference/functions/random). The engine
// drew each call anew (RANDOM(1) = RANDOM(1) was FALSE); a second call with
// the same seed is refused now, while different seeds and unseeded calls
// still draw. (Over a GENERATOR alone a literal seed draws Snowflake's
// sequence, one value a row: TestRandomSeedIsSnowflakesSequence.)
func TestRandomSameSeedRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select random(1) = random(1)",
		"select uniform(1, 10, random(42)), random(42)",
	} {
		wantRefused(t, db, q, "RANDOM called twice with the same seed")
	}
	_, rows := queryRows(t, db, "select random(42), random(43), random(), random() from table(generator(rowcount => 3))")
	if len(rows) != 3 {
		t.Errorf("different seeds: got %v", rows)
	}
}

// TestModByZeroRefused: the docs say what MOD and % answer (the remainder
// of truncation-based division, docs: mod,
// https://docs.snowflake.com/en/sql-reference/functions/mod; Arithmetic
// operators) but not for a zero divisor; the engine answered DuckDB's NULL
// (NaN of a FLOAT). A remainder by zero is refused now when a row reaches
// it; a NULL operand stays NULL and the docs' examples still answer.
func TestModByZeroRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database md", "create table n (a int, f float, z int)", "insert into n values (7, 7.5, 0)")
	for _, q := range []string{
		"select mod(7, 0)",
		"select 7 % 0",
		"select a % z from n",
		"select mod(f, z) from n",
	} {
		wantRefused(t, db, q, "remainder (MOD, %) by zero")
	}
	for _, tc := range []struct{ q, want string }{
		{"select mod(3, 2)", "1"},
		{"select mod(4.5, 1.2)::number(38, 1)", "0.9"}, // refused uncast: intwidth_leftovers_test.go
		{"select mod(-3, 2)", "-1"},
		{"select null % 0", "NULL"},
		{"select mod(a, z) from n where a > 100", ""},
	} {
		if tc.want == "" {
			if _, rows := queryRows(t, db, tc.q); len(rows) != 0 {
				t.Errorf("%s: got %v, want no rows", tc.q, rows)
			}
			continue
		}
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestFloatTextRefusedWhereUnpinned: the docs do not pin how Snowflake
// prints a FLOAT as text: its default output format is TME (docs: SQL
// format models, "Default formats for printing",
// https://docs.snowflake.com/en/sql-reference/sql-format-models),
// TO_VARCHAR(LOG(3,4)) shows 1.261859507 (docs: to_char,
// https://docs.snowflake.com/en/sql-reference/functions/to_char) and a FLOAT
// column 1.23456789012346e+28 and inf (docs: Numeric data types,
// https://docs.snowflake.com/en/sql-reference/data-types-numeric). The
// engine printed DuckDB's shortest text: '1.2618595071429148',
// '0.30000000000000004', '1e21', 'Infinity', and 1.0::FLOAT concatenated with an empty string gave
// '1.0' where TO_VARCHAR gave '1'. Where those readings agree (a finite
// value of at most 15 significant digits between 1e-4 and 1e15, or zero)
// the text is given, without trailing fraction zeros ("5.000 … '5'", docs:
// Data type conversion), by every conversion alike; any other is refused.
func TestFloatTextRefusedWhereUnpinned(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select to_varchar(log(3, 4))",
		"select to_varchar(0.1::float + 0.2::float)",
		"select to_varchar(1e21::float)",
		"select ('inf'::float)::varchar",
		"select 'NaN'::float || ''",
		"select to_char(0.00001::float)",
		"select concat(pi(), '')",
	} {
		wantRefused(t, db, q, "the text of a FLOAT")
	}
	for _, tc := range []struct{ q, want string }{
		{"select 1.0::float || ''", "1"},
		{"select concat(2.0::float, 'a')", "2a"},
		{"select to_varchar(5.000::float)", "5"},
		{"select (1.5::float)::varchar", "1.5"},
		{"select to_varchar(-0.0::float)", "-0"},
		{"select to_varchar(123456789012345::float)", "123456789012345"},
		{"select to_varchar(0.0001::float)", "0.0001"},
		{"select to_varchar(null::float)", "NULL"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestToCharFloatTieRefused: a FLOAT such as 1.005 "is stored as a number
// very slightly smaller than 1.005" and ROUND(f, 2) gives 1 (docs: round,
// https://docs.snowflake.com/en/sql-reference/functions/round), while the
// engine's TO_CHAR rounded its shortest text, '1.005', to ' 1.01' under
// '9.99'. Which the docs do not say for TO_CHAR: a FLOAT whose digits end in
// a 5 just past the model's fraction digits is refused; the docs' FLOAT
// examples (SQL format models,
// https://docs.snowflake.com/en/sql-reference/sql-format-models) still print.
func TestToCharFloatTieRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select to_char(1.005::float, '9.99')",
		"select to_varchar(2.5::float, '9')",
		"select to_char(-0.125::float, 'FM0.00')",
	} {
		wantRefused(t, db, q, "tie just past the format's fraction digits")
	}
	for _, tc := range []struct{ q, want string }{
		{"select to_varchar(1234.56::float, 'S000,000.000')", "+001,234.560"},
		{"select to_varchar(-123456.789::float, 'FM999,999.999')", "-123,456.789"},
		{"select to_char(1.006::float, '9.99')", " 1.01"},
		{"select to_char(1.005, '9.99')", " 1.01"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestNonFiniteMathRefused: the docs give POWER, EXP and SIGN no answer for
// a result that is not finite or a NaN argument (docs: power,
// https://docs.snowflake.com/en/sql-reference/functions/pow; exp; sign,
// https://docs.snowflake.com/en/sql-reference/functions/sign: "-1 if the
// argument is negative, 1 if it is positive, 0 if it is 0"). The engine
// answered DuckDB's NaN for POWER(-8, 0.5), infinity for EXP(1000) and
// POWER(0, -1), and 0 for SIGN('NaN'::FLOAT); those are refused now, and
// finite results still answer.
func TestNonFiniteMathRefused(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, part string }{
		{"select power(-8, 0.5)", "POWER with a result that is not finite"},
		{"select pow(0, -1)", "POW with a result that is not finite"},
		{"select exp(1000)", "EXP with a result that is not finite"},
		{"select sign('NaN'::float)", "SIGN of NaN"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
	for _, tc := range []struct{ q, want string }{
		{"select power(2, 10)", "1024"},
		{"select sign(-1.35e-10)", "-1"},
		{"select sign(0)", "0"},
		{"select exp(0)", "1"},
		{"select power(null, 2)", "NULL"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestUniformFloatBounds: "If either or both of min or max is a
// floating-point number, UNIFORM returns a floating-point number" (docs:
// uniform, https://docs.snowflake.com/en/sql-reference/functions/uniform:
// UNIFORM(0::FLOAT, 1::FLOAT, RANDOM()) gives 0.1180758313 …). The engine
// drew integers whatever the bounds, so that example answered only 0 or 1;
// FLOAT bounds draw a FLOAT now, integer bounds an integer, and a bound of
// another type (a NUMBER with a scale, for which the docs give no rule) is
// refused.
func TestUniformFloatBounds(t *testing.T) {
	db := open(t)
	_, rows := queryRows(t, db, "select uniform(0::float, 1::float, random()) from table(generator(rowcount => 20))")
	fraction := false
	for _, r := range rows {
		if r[0] != "0" && r[0] != "1" {
			fraction = true
		}
	}
	if len(rows) != 20 || !fraction {
		t.Errorf("UNIFORM(0::FLOAT, 1::FLOAT, RANDOM()): got %v, want fractions", rows)
	}
	_, rows = queryRows(t, db, "select uniform(1, 10, random()) from table(generator(rowcount => 20))")
	for _, r := range rows {
		if len(r[0]) > 2 || r[0] < "1" {
			t.Errorf("UNIFORM(1, 10, RANDOM()) = %q, want an integer from 1 to 10", r[0])
		}
	}
	wantRefused(t, db, "select uniform(0.0, 1.0, random())", "neither an integer nor a float")
}
