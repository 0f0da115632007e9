package snowlocal_test

import (
	"context"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// CURRENT_STATEMENT() is the text of the statement the client sent, as
// sent (docs: current_statement prints "SELECT 2.71, CURRENT_STATEMENT();"
// with its semicolon). Where the engine does not know which text Snowflake
// would name (a statement of a multi-statement request, a block, a view's
// definition) it refuses.
func TestCurrentStatement(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"SELECT 2.71, CURRENT_STATEMENT();",
		"select current_statement()",
		"  select 'it''s', current_statement() -- a comment\n",
	} {
		cols, rows := queryRows(t, db, q)
		got := rows[0][len(cols)-1]
		if got != q {
			t.Errorf("CURRENT_STATEMENT() of %q = %q", q, got)
		}
	}
	mustExec(t, db, "create database d")
	ctx, err := sf.WithMultiStatement(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"create view v as select current_statement() as s",
		"execute immediate $$ begin return (select current_statement()); end; $$",
	} {
		if err := queryErr(db, q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
	rows, err := db.QueryContext(ctx, "select 1; select current_statement()")
	if err == nil {
		for rows.Next() {
		}
		for rows.NextResultSet() {
			for rows.Next() {
			}
		}
		err = rows.Err()
		rows.Close()
	}
	if err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("multi-statement request: err = %v, want 002040", err)
	}
}
