package snowlocal_test

import (
	"strings"
	"testing"
)

// TestTextToBooleanAsDocumented: https://docs.snowflake.com/en/sql-reference/data-types-logical,
// "Explicit conversion": "Strings converted to TRUE: 'true', 't', 'yes',
// 'y', 'on', '1'. Strings converted to FALSE: 'false', 'f', 'no', 'n',
// 'off', '0'. Conversion is case-insensitive. Other text strings can't be
// converted to BOOLEAN values." DuckDB's cast failed on 'on' and 'off'
// (100037), also for a text column and a VARIANT string.
func TestTextToBooleanAsDocumented(t *testing.T) {
	db := open(t)
	mustExec(t, db, `CREATE DATABASE bool_db`, `CREATE OR REPLACE TABLE bt(s VARCHAR, v VARIANT)`,
		`INSERT INTO bt SELECT column1, PARSE_JSON(column2) FROM VALUES ('on', '{"ok": "On"}'), ('OFF', '{"ok": "off"}')`)
	for _, c := range []struct{ q, want string }{
		{`SELECT 'on'::BOOLEAN`, "1"},
		{`SELECT 'OFF'::BOOLEAN`, "0"},
		{`SELECT TO_BOOLEAN('On')`, "1"},
		{`SELECT CAST('off' AS BOOLEAN)`, "0"},
		{`SELECT TRY_TO_BOOLEAN('oFf')`, "0"},
		{`SELECT TRY_TO_BOOLEAN('maybe')`, "<null>"},
		{`SELECT LISTAGG(s::BOOLEAN::VARCHAR, ',') WITHIN GROUP (ORDER BY s) FROM bt`, "false,true"},
		{`SELECT LISTAGG(v:ok::BOOLEAN::VARCHAR, ',') WITHIN GROUP (ORDER BY s) FROM bt`, "false,true"},
		{`SELECT COUNT(*) FROM bt WHERE v:ok::BOOLEAN = FALSE`, "1"},
		// Unchanged: the other strings, numbers, a JSON boolean.
		{`SELECT 'Yes'::BOOLEAN AND 't'::BOOLEAN AND '1'::BOOLEAN AND NOT 'n'::BOOLEAN`, "1"},
		{`SELECT PARSE_JSON('true')::BOOLEAN AND PARSE_JSON('2.5')::BOOLEAN AND NOT PARSE_JSON('0')::BOOLEAN`, "1"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	for _, q := range []string{`SELECT 'maybe'::BOOLEAN`, `SELECT PARSE_JSON('"nope"')::BOOLEAN`} {
		if _, err := db.Exec(q); err == nil || !strings.Contains(err.Error(), "100037") {
			t.Errorf("%s: err %v, want 100037 Boolean value … is not recognized", q, err)
		}
	}
}
