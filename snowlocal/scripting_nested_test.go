package snowlocal_test

import (
	"strconv"
	"strings"
	"testing"
)

// TestNestedProcedures covers what the docs' examples do not: a nested
// procedure sees only the variables declared before it, CALL ... INTO
// takes its value, and the limitations the docs list without Snowflake's
// error text are refused (docs: Writing stored procedures in Snowflake
// Scripting, "Using nested stored procedures").
func TestNestedProcedures(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database nested")
	var got string
	into := "DECLARE\n  double_it PROCEDURE(n NUMBER)\n    RETURNS NUMBER\n    AS\n    BEGIN\n      RETURN n * 2;\n    END;\n  r NUMBER;\nBEGIN\n  CALL double_it(21) INTO :r;\n  RETURN r;\nEND;"
	if err := db.QueryRow(into).Scan(&got); err != nil || got != "42" {
		t.Errorf("CALL nested INTO: %q, %v; want 42", got, err)
	}
	for _, c := range []struct{ sql, code, text string }{
		// "It can't reference variables declared after it in the DECLARE section."
		{"DECLARE\n  p PROCEDURE()\n    RETURNS NUMBER\n    AS\n    BEGIN\n      RETURN later;\n    END;\n  later NUMBER := 1;\nBEGIN\n  CALL p();\nEND;", "2040", ""},
		{"BEGIN\n  FOR i IN 1 TO 2 DO\n    DECLARE\n      p PROCEDURE() RETURNS NUMBER AS\n    BEGIN\n      RETURN 1;\n    END;\n    BEGIN\n      CALL p();\n    END;\n  END FOR;\nEND;", "2040", "inside a control structure"},
		{"DECLARE\n  p PROCEDURE(a NUMBER) RETURNS NUMBER AS\n    BEGIN\n      RETURN a;\n    END;\nBEGIN\n  CALL p(a => 1);\nEND;", "2040", "named arguments to the nested procedure P"},
		{"DECLARE\n  p PROCEDURE(a OUT NUMBER) RETURNS NUMBER AS\n    BEGIN\n      RETURN a;\n    END;\nBEGIN\n  RETURN 1;\nEND;", "2040", "argument mode"},
		{"DECLARE\n  p PROCEDURE(a NUMBER DEFAULT 1) RETURNS NUMBER AS\n    BEGIN\n      RETURN a;\n    END;\nBEGIN\n  RETURN 1;\nEND;", "2040", "optional argument"},
		{"DECLARE\n  p PROCEDURE() RETURNS NUMBER NOT NULL AS\n    BEGIN\n      RETURN 1;\n    END;\nBEGIN\n  RETURN 1;\nEND;", "2040", "NOT NULL"},
		{"DECLARE\n  p PROCEDURE(a NUMBER) RETURNS NUMBER AS\n    BEGIN\n      RETURN a;\n    END;\nBEGIN\n  CALL p();\nEND;", "2040", "different number of arguments"},
	} {
		se := execErr(t, db, c.sql)
		if c.code == "2040" && c.text == "" {
			// an undeclared name is Snowflake's invalid identifier error
			if se.Number != 2003 && se.Number != 2040 && se.Number != 904 {
				t.Errorf("%s\n=> %d %s, want an error for the later variable", c.sql, se.Number, se.Message)
			}
			continue
		}
		if strconv.Itoa(se.Number) != c.code || !strings.Contains(se.Message, c.text) {
			t.Errorf("%s\n=> %d %s, want code %s containing %q", c.sql, se.Number, se.Message, c.code, c.text)
		}
	}
}

// TestAnonymousProcedureRefused: WITH ... AS PROCEDURE ... CALL (docs: CALL
// (with anonymous procedure)) is refused, not read as a query.
func TestAnonymousProcedureRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database anon")
	q := "WITH anonymous_output_message AS PROCEDURE (message VARCHAR)\n  RETURNS VARCHAR NOT NULL\n  LANGUAGE SQL\n  AS\n  $$\n  BEGIN\n    RETURN message;\n  END;\n  $$\nCALL anonymous_output_message('Hello World')"
	se := execErr(t, db, q)
	if se.Number != 2040 || !strings.Contains(se.Message, "anonymous procedure") {
		t.Errorf("%s\n=> %d %s, want 002040 naming the anonymous procedure", q, se.Number, se.Message)
	}
}

// TestScriptingSQLIDRefused: SQLID, the last query's ID (docs: Getting the
// query ID of the last query), is refused rather than read as an unknown
// name.
func TestScriptingSQLIDRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database sqlid")
	q := "DECLARE\n  query_id_1 VARCHAR;\nBEGIN\n  SELECT 1;\n  query_id_1 := SQLID;\n  RETURN query_id_1;\nEND;"
	se := execErr(t, db, q)
	if se.Number != 2040 || !strings.Contains(se.Message, "SQLID") {
		t.Errorf("%s\n=> %d %s, want 002040 naming SQLID", q, se.Number, se.Message)
	}
}
