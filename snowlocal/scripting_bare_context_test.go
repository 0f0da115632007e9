package snowlocal_test

import "testing"

// Context functions page: a Snowflake Scripting variable set to a context
// function called without parentheses does not compile ("000904 (42000):
// SQL compilation error: error line 5 at position 11 invalid identifier
// 'CURRENT_DATE'"); with the parentheses, or inside a query, it runs
// (https://docs.snowflake.com/en/sql-reference/functions-context).
func TestScriptingBareContextFunctionIsInvalidIdentifier(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, err := db.Exec("EXECUTE IMMEDIATE\n$$\nDECLARE\n  today DATE;\nBEGIN\n  today := CURRENT_DATE;\n  RETURN today;\nEND;\n$$\n;")
	snowflakeError(t, err, 904, "error line 5 at position 11\ninvalid identifier 'CURRENT_DATE'")
	for _, block := range []string{
		"BEGIN\n  LET ts TIMESTAMP_LTZ := CURRENT_TIMESTAMP;\n  RETURN 1;\nEND;",
		"DECLARE\n  u VARCHAR DEFAULT CURRENT_USER;\nBEGIN\n  RETURN 1;\nEND;",
	} {
		_, err := db.Exec("EXECUTE IMMEDIATE $$" + block + "$$")
		snowflakeError(t, err, 904, "invalid identifier")
	}
	for _, block := range []string{
		"DECLARE\n  today DATE;\nBEGIN\n  today := CURRENT_DATE();\n  RETURN IFF(today = CURRENT_DATE(), 'same', 'other');\nEND;",
		"DECLARE\n  currdate DATE;\nBEGIN\n  SELECT CURRENT_DATE INTO currdate;\n  RETURN IFF(currdate = CURRENT_DATE(), 'same', 'other');\nEND;",
		"DECLARE\n  y DATE DEFAULT (SELECT CURRENT_DATE);\nBEGIN\n  RETURN IFF(y = CURRENT_DATE(), 'same', 'other');\nEND;",
	} {
		var got string
		if err := db.QueryRow("EXECUTE IMMEDIATE $$" + block + "$$").Scan(&got); err != nil || got != "same" {
			t.Errorf("%s: got %q, %v; want same", block, got, err)
		}
	}
}
