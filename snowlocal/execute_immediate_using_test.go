package snowlocal_test

import "testing"

// EXECUTE IMMEDIATE '<statement>' USING (a, b) as a statement of a block
// binds the USING variables: ? takes the next one and :n the nth, reused as
// often as the statement names it (docs: Bind variables, the
// snowflake_scripting_bind_demo block, which returns one row 1, SnowFlake1).
func TestExecuteImmediateUsingNumberedBinds(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database immediate_using")
	var id int
	var value string
	err := db.QueryRow(`EXECUTE IMMEDIATE $$
DECLARE
  i INTEGER DEFAULT 1;
  v VARCHAR DEFAULT 'SnowFlake';
  r RESULTSET;
BEGIN
  CREATE OR REPLACE TABLE snowflake_scripting_bind_demo (id INTEGER, value VARCHAR);
  EXECUTE IMMEDIATE 'INSERT INTO snowflake_scripting_bind_demo (id, value)
    SELECT :1, (:2 || :1)' USING (i, v);
  r := (SELECT * FROM snowflake_scripting_bind_demo);
  RETURN TABLE(r);
END;
$$`).Scan(&id, &value)
	if err != nil || id != 1 || value != "SnowFlake1" {
		t.Fatalf("numbered binds: %d %q, %v; want 1 SnowFlake1", id, value, err)
	}
	// The ? form as a statement: each ? takes the next USING variable.
	var n int
	err = db.QueryRow(`EXECUTE IMMEDIATE $$
DECLARE
  a INTEGER DEFAULT 2;
  b INTEGER DEFAULT 5;
  c INTEGER;
BEGIN
  CREATE OR REPLACE TABLE using_demo (x INTEGER);
  EXECUTE IMMEDIATE 'INSERT INTO using_demo (x) SELECT ? * ?' USING (a, b);
  SELECT x INTO :c FROM using_demo;
  RETURN c;
END;
$$`).Scan(&n)
	if err != nil || n != 10 {
		t.Fatalf("? binds in a statement: %d, %v; want 10", n, err)
	}
}
