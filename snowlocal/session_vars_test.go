package snowlocal_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/warehouse"
)

// TestSessionVariables: SET, UNSET and $name as the session-variables page
// (https://docs.snowflake.com/en/sql-reference/session-variables) and the
// SET page (https://docs.snowflake.com/en/sql-reference/sql/set) describe
// them: a variable keeps its value's type, is named case-insensitively, is
// used wherever a literal is and, wrapped in IDENTIFIER(), as a table name.
func TestSessionVariables(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database sv", "use database sv",
		"create table emp (name varchar, age number, salary number(10, 2))",
		"insert into emp values ('a', 30, 100), ('b', 45, 200), ('c', 60, 300), ('d', 75, 400)",
		// The page's examples: constants, several at once, a query.
		"SET my_variable1 = 10",
		"SET my_variable2 = 'example'",
		"SET (min, max)=(40, 70)",
		"SET id_threshold = (SELECT COUNT(*)/2 FROM emp)",
		"SET ratio = 1.50",
		"SET d = '2024-02-29'::date",
		"SET my_table_name='emp'",
		"SET quoted = 'it''s \\\\ here'",
	)
	for _, c := range []struct {
		q    string
		cols []string
		rows [][]string
	}{
		{"SELECT $min", []string{"$MIN"}, [][]string{{"40"}}},
		{"select $MIN, $Max", []string{"$MIN", "$MAX"}, [][]string{{"40", "70"}}},
		{"SELECT AVG(salary) FROM emp WHERE age BETWEEN $min AND $max", nil, nil}, // as with 40 and 70
		// Typed: a number plus a number, a string, a NUMBER(3,2) keeps its
		// scale, a DATE is a date.
		{"select $my_variable1 + 1, $my_variable2 || '!'", []string{"$MY_VARIABLE1 + 1", "$MY_VARIABLE2 || '!'"}, [][]string{{"11", "example!"}}},
		{"select $ratio * 2 as r", []string{"R"}, [][]string{{"3.00"}}},
		{"select dateadd(day, 1, $d) as next, $id_threshold as t", []string{"NEXT", "T"}, [][]string{{"2024-03-01T00:00:00Z", "2.000000"}}},
		{"select $quoted", nil, [][]string{{`it's \ here`}}},
		{"SELECT count(*) FROM IDENTIFIER($my_table_name)", nil, [][]string{{"4"}}},
		{"SELECT count(*) FROM TABLE($my_table_name)", nil, [][]string{{"4"}}},
		// A string variable compared with a column.
		{"select name from emp where name = $my_variable2 or age = $max - 10", nil, [][]string{{"c"}}},
	} {
		cols, rows := queryRows(t, db, c.q)
		if c.rows == nil {
			lit := strings.NewReplacer("$min", "40", "$max", "70").Replace(c.q)
			_, c.rows = queryRows(t, db, lit)
		}
		if c.cols != nil && strings.Join(cols, "|") != strings.Join(c.cols, "|") {
			t.Errorf("%s: columns %q, want %q", c.q, cols, c.cols)
		}
		if !equalRows(rows, c.rows) {
			t.Errorf("%s = %q, want %q", c.q, rows, c.rows)
		}
	}

	// SET evaluates every expression before it assigns (the SET page).
	mustExec(t, db, "SET (min, max) = (50, 2 * $min)")
	if _, rows := queryRows(t, db, "select $min, $max"); !equalRows(rows, [][]string{{"50", "80"}}) {
		t.Errorf("after SET (min, max) = (50, 2 * $min): %q, want 50, 80", rows)
	}

	// UNSET drops a variable; using it then is Snowflake's error.
	mustExec(t, db, "UNSET my_variable1", "unset (min, max)")
	for _, q := range []string{"select $my_variable1", "select $min + 1", "select * from emp where age > $nope"} {
		wantNoVariable(t, db, q)
	}
	// DML reads variables too.
	mustExec(t, db, "insert into emp (name, age) values ($my_variable2, $id_threshold)")
	if _, rows := queryRows(t, db, "select age from emp where name = 'example'"); !equalRows(rows, [][]string{{"2"}}) {
		t.Errorf("inserted $id_threshold: %q, want 2", rows)
	}

	// A procedure reads session variables only with caller's rights; an
	// owner's rights one (the default) fails with an error the docs do not
	// show: refused.
	mustExec(t, db, `create procedure p() returns varchar language sql as $$ begin return (select $my_variable2); end $$`)
	wantRefused(t, db, "call p()", "session variable $my_variable2 in an owner's rights stored procedure")
	mustExec(t, db, `create procedure p_owner() returns varchar language sql execute as owner as begin set x = 1; return 'x'; end`)
	wantRefused(t, db, "call p_owner()", "SET in an owner's rights stored procedure")
	mustExec(t, db, `create procedure p_caller() returns varchar language sql execute as caller as begin return $my_variable2; end`)
	if _, rows := queryRows(t, db, "call p_caller()"); !equalRows(rows, [][]string{{"example"}}) {
		t.Errorf("caller's rights procedure reading $my_variable2: %q, want example", rows)
	}

	// Refused: definitions that may keep the variable, and what SET
	// cannot keep exactly.
	for q, part := range map[string]string{
		"create view v as select $my_variable2 as x": "session variable $my_variable2 in a CREATE VIEW statement",
		"SET b = to_binary('41', 'HEX')":             "type BINARY",
		"SET o = object_construct('a', 1)":           "type OBJECT",
		"SET long = repeat('x', 257)":                "257 bytes",
		"select * from table($ratio)":                "TABLE($ratio) of a variable of type FIXED",
		"SET (a, b) = (1)":                           "SET of 2 variables to 1 values",
		"UNSET never_set":                            "UNSET of the undefined variable NEVER_SET",
		`SET "quoted name" = 1`:                      "double-quoted variable name",
		"SET current = 1":                            "reserved variable name CURRENT",
	} {
		wantRefused(t, db, q, part)
	}
}

// TestSessionVariablesPerSession: variables are private to a session ("no
// one can access user-defined variables that have been set in another
// session").
func TestSessionVariablesPerSession(t *testing.T) {
	ctx := context.Background()
	a, b := twoSessions(t)
	if _, err := a.ExecContext(ctx, "set x = 1"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.QueryRowContext(ctx, "select $x").Scan(&n); err != nil || n != 1 {
		t.Fatalf("select $x in its session = %d, %v", n, err)
	}
	err := b.QueryRowContext(ctx, "select $x").Scan(&n)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2211 || !strings.Contains(se.Message, "Session variable '$X' does not exist") {
		t.Errorf("select $x in another session: %v, want 002211 Session variable '$X' does not exist", err)
	}
}

// wantNoVariable: a query naming an undefined variable fails with
// Snowflake's "Session variable '$X' does not exist".
func wantNoVariable(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	var v any
	err := db.QueryRow(q).Scan(&v)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2211 || !strings.Contains(se.Message, "Session variable '$") || !strings.Contains(se.Message, "' does not exist") {
		t.Errorf("%s: %v, want 002211 Session variable ... does not exist", q, err)
	}
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "\x00") != strings.Join(b[i], "\x00") {
			return false
		}
	}
	return true
}

// twoSessions opens a fresh local engine and two sessions of it, closed
// when the test ends.
func twoSessions(t *testing.T) (a, b *sql.Conn) {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, c := range []**sql.Conn{&a, &b} {
		if *c, err = db.Conn(ctx); err != nil {
			t.Fatal(err)
		}
		conn := *c
		t.Cleanup(func() { conn.Close() })
	}
	return a, b
}

// TestGetVariable: GETVARIABLE('NAME') returns a session variable's value
// as a string, NULL for a name written in lower case ("Snowflake stores
// variables with all uppercase letters") or never set, as the
// session-variables page shows; a non-text variable is refused (the page
// does not say how a number is written), as is GETVARIABLE in a view;
// SESSION_CONTEXT('NAME') likewise.
func TestGetVariable(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database gv", "use database gv", "SET var_artist_name = 'Jackson Browne'", "SET n = 5")
	cols, rows := queryRows(t, db, "SELECT GETVARIABLE('VAR_ARTIST_NAME'), getvariable('var_artist_name') IS NULL AS lower_null, GETVARIABLE('NEVER_SET') IS NULL AS unset_null")
	if strings.Join(cols, "|") != "GETVARIABLE('VAR_ARTIST_NAME')|LOWER_NULL|UNSET_NULL" {
		t.Errorf("columns %q", cols)
	}
	if !equalRows(rows, [][]string{{"Jackson Browne", "1", "1"}}) {
		t.Errorf("rows %q", rows)
	}
	wantRefused(t, db, "select getvariable('N')", "GETVARIABLE of a variable of type FIXED")
	wantRefused(t, db, "create view v as select getvariable('VAR_ARTIST_NAME') as x", "GETVARIABLE in a CREATE VIEW statement")
	// SESSION_CONTEXT('NAME') reads a variable the same way (the
	// getvariable page prints both side by side).
	cols, rows = queryRows(t, db, "SELECT SESSION_CONTEXT('VAR_ARTIST_NAME'), session_context('var_artist_name') IS NULL AS lower_null")
	if strings.Join(cols, "|") != "SESSION_CONTEXT('VAR_ARTIST_NAME')|LOWER_NULL" || !equalRows(rows, [][]string{{"Jackson Browne", "1"}}) {
		t.Errorf("SESSION_CONTEXT: columns %q rows %q", cols, rows)
	}
	wantRefused(t, db, "select session_context('N')", "SESSION_CONTEXT of a variable of type FIXED")
	wantRefused(t, db, "create view v as select session_context('VAR_ARTIST_NAME') as x", "SESSION_CONTEXT in a CREATE VIEW statement")
}

// TestIdentifierInDDL: CREATE TABLE IDENTIFIER($name) and INSERT INTO
// IDENTIFIER($name) make and fill the table the variable names (the
// session-variables page), and the engine's bookkeeping (creation time,
// owner) records that table, not one named IDENTIFIER.
func TestIdentifierInDDL(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database idd", "use database idd", "SET my_table_name='table1'",
		"CREATE TABLE IDENTIFIER($my_table_name) (i INTEGER)",
		"INSERT INTO IDENTIFIER($my_table_name) (i) VALUES (42)",
		`create table identifier('"Mixed"') (a int)`)
	_, rows := queryRows(t, db, "show tables")
	var got [][]string
	for _, r := range rows { // name, rows, owner
		got = append(got, []string{r[1], r[7], r[9]})
	}
	if !equalRows(got, [][]string{{"Mixed", "0", "ACCOUNTADMIN"}, {"TABLE1", "1", "ACCOUNTADMIN"}}) {
		t.Errorf("show tables: %q", got)
	}
	_, rows = queryRows(t, db, "select * from table1")
	if !equalRows(rows, [][]string{{"42"}}) {
		t.Errorf("table1: %q", rows)
	}

	// A single name (a database) read through IDENTIFIER(): the database
	// made is MY_DB, not IDENTIFIER; USE SCHEMA IDENTIFIER($v) and a
	// function called as IDENTIFIER($v)() (the identifier-literal page).
	if got := queryOne(t, db, "CREATE DATABASE IDENTIFIER('my_db')"); got != "Database MY_DB successfully created." {
		t.Errorf("create database identifier('my_db'): %q", got)
	}
	mustExec(t, db, "create schema s2", "create function speed_of_light() returns integer as $$ 299792458 $$",
		"SET schema_name = 'my_db.s2'", "SET fn = 'speed_of_light'")
	if cols, rows := queryRows(t, db, "SELECT IDENTIFIER($fn)()"); cols[0] != "IDENTIFIER($FN)()" || !equalRows(rows, [][]string{{"299792458"}}) {
		t.Errorf("IDENTIFIER($fn)(): %q %q", cols, rows)
	}
	mustExec(t, db, "USE SCHEMA IDENTIFIER($schema_name)")
	if got := queryOne(t, db, "select current_database() || '.' || current_schema()"); got != "MY_DB.S2" {
		t.Errorf("after USE SCHEMA IDENTIFIER($schema_name): %s", got)
	}
	wantRefused(t, db, "USE SCHEMA $schema_name", "session variable $schema_name in a USE SCHEMA statement")
}
