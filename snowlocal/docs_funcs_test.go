package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// TestArrayRepeat: ARRAY_REPEAT (docs: array_repeat) per row from a table's
// columns, a count of 0 or less gives [], a NULL count NULL; a NULL element,
// whose array the docs do not print, is refused. The engine answered
// "Unknown function ARRAY_REPEAT" before.
func TestArrayRepeat(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ar",
		"create table t (id int, e varchar, n int)",
		"insert into t values (1, 'a', 2), (2, 'b', -1), (3, 'c', NULL), (4, NULL, 0)")
	_, rows := queryRows(t, db, "select id, array_repeat(e, n)::varchar, array_repeat(1.5::float, 2)::varchar from t order by id")
	want := `1,["a","a"],[1.500000000000000e+00,1.500000000000000e+00]|2,[],[1.500000000000000e+00,1.500000000000000e+00]|3,,[1.500000000000000e+00,1.500000000000000e+00]|4,[],[1.500000000000000e+00,1.500000000000000e+00]`
	if got := fmtRows(rows); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	// The column is an ARRAY, as the docs' Returns section says.
	wantColumnsTyped(t, db, "select array_repeat('x', 2), arrays_zip([1], [2])", "ARRAY")
	wantError(t, db, "select array_repeat(NULL, 2)", 2040,
		"SQL compilation error:\nUnsupported feature 'ARRAY_REPEAT of a NULL element': the local engine does not implement it.")
}

// TestArraysZip: ARRAYS_ZIP (docs: arrays_zip) per row from table columns;
// a NULL input gives NULL. The engine refused the function before.
func TestArraysZip(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database az",
		"create table t (id int, a array, b array)",
		"insert into t select 1, [1, 2], ['x']",
		"insert into t select 2, NULL, ['y']")
	_, rows := queryRows(t, db, "select id, arrays_zip(a, b)::varchar from t order by id")
	want := `1,[{"$1":1,"$2":"x"},{"$1":2,"$2":null}]|2,`
	if got := fmtRows(rows); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestAsNumber: AS_NUMBER / AS_DECIMAL (docs: as_decimal-number) cast a
// VARIANT holding a fixed-point number, rounding to the scale asked for;
// a DOUBLE, a string or a JSON null give NULL. The engine refused both
// functions before.
func TestAsNumber(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database an",
		"create table t (id int, v variant)",
		"insert into t select 1, to_variant(2.345)",
		"insert into t select 2, to_variant(2.5)",
		"insert into t select 3, to_variant(15)",
		"insert into t select 4, to_variant(3.21::double)",
		"insert into t select 5, to_variant('7')",
		"insert into t select 6, parse_json('null')")
	_, rows := queryRows(t, db, "select id, as_number(v, 6, 2), as_decimal(v) from t order by id")
	want := "1,2.35,2|2,2.50,3|3,15.00,15|4,,|5,,|6,,"
	if got := fmtRows(rows); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestConcatBoolean: || converts a BOOLEAN literal or column to text but
// not a computed BOOLEAN, which Snowflake fails with 001044 (docs:
// data-types-logical): after a text literal the engine fails it so, else
// refuses it; DuckDB answered 'Afalse'.
func TestConcatBoolean(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database cb",
		"create table t (b boolean, s varchar)",
		"insert into t values (true, 'yes')")
	_, rows := queryRows(t, db, "select 'Text for ' || s || ' is ' || b, 'A' || TO_VARCHAR(0 = 1), 'x' || (b), 'x' || true from t")
	if got, want := fmtRows(rows), "Text for yes is true,Afalse,xtrue,xtrue"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	for _, q := range []string{"select 'A' || (0 = 1)", "select 'x' || (b and b) from t"} {
		if se := execErr(t, db, q); se.Number != 1044 || !strings.Contains(se.Message, "Invalid argument types for function '||': (VARCHAR(1), BOOLEAN)") {
			t.Errorf("%s: got %d %s, want 001044 Invalid argument types for function '||': (VARCHAR(1), BOOLEAN)", q, se.Number, se.Message)
		}
	}
	for _, q := range []string{"select (s is null) || 'x' from t", "select s || (b and b) from t"} {
		if se := execErr(t, db, q); se.Number != 2040 || !strings.Contains(se.Message, "|| with a computed BOOLEAN operand") {
			t.Errorf("%s: got %d %s, want 002040 naming || with a computed BOOLEAN operand", q, se.Number, se.Message)
		}
	}
}

// TestRaiseDefaultException: an exception declared without a number is
// -20000, its uncaught message has no " : " part, and a procedure's lines
// count from the text after AS, the line break after $$ included (docs:
// raise: "-20000 (P0001): Uncaught exception of type 'MY_EXCEPTION' on
// line 5 at position 8"). The engine answered 000000 and line 4.
func TestRaiseDefaultException(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rd",
		"CREATE PROCEDURE thrower()\nRETURNS VARCHAR\nLANGUAGE SQL\nAS\n$$\n    DECLARE\n        MY_EXCEPTION EXCEPTION;\n    BEGIN\n        RAISE MY_EXCEPTION;\n    END;\n$$")
	wantError(t, db, "CALL thrower()", -20000, "Uncaught exception of type 'MY_EXCEPTION' on line 5 at position 8")
	// A handler sees the number as SQLCODE.
	_, rows := queryRows(t, db, "EXECUTE IMMEDIATE $$\nDECLARE\n  e EXCEPTION;\nBEGIN\n  RAISE e;\nEXCEPTION\n  WHEN e THEN RETURN sqlcode;\nEND;\n$$")
	if got := fmtRows(rows); got != "-20000" {
		t.Errorf("SQLCODE of a default exception: got %s, want -20000", got)
	}
}

// wantColumnsTyped requires every result column of q to have the driver
// type name want (ARRAY, OBJECT, ...).
func wantColumnsTyped(t *testing.T, db *sql.DB, q, want string) {
	t.Helper()
	r, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := r.ColumnTypes()
	r.Close()
	for i, ct := range cts {
		if got := ct.DatabaseTypeName(); got != want {
			t.Errorf("%s: column %d typed %s, want %s", q, i+1, got, want)
		}
	}
}
