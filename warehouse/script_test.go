package warehouse

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

func TestRunScript(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	db, err := OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// USE in statement 2 must hold for statements 3-5: one session throughout.
	script := `create database script_db;
use database script_db;
create table t (n int, s string);
insert into t values (1, 'a;b'), (2, null); -- a ';' inside a string does not split
select n, s from t order by n;
`
	var got [][]string
	err = db.RunScript(ctx, "setup.sql", script, func(st sqllex.Statement, rows *sql.Rows) error {
		if st.Index != 5 {
			return nil
		}
		for rows.Next() {
			var n int
			var s sql.NullString
			if err := rows.Scan(&n, &s); err != nil {
				return err
			}
			got = append(got, []string{strings.Repeat("x", n), s.String})
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0][1] != "a;b" || got[1][0] != "xx" {
		t.Fatalf("rows = %q", got)
	}

	t.Run("failing statement names script, number, line and Snowflake code", func(t *testing.T) {
		err := db.RunScript(ctx, "hunt.sql", "select 1;\n\n-- comment\nselect *\n  from no_such_table;\nselect 2;", nil)
		var se *StatementError
		if !errors.As(err, &se) {
			t.Fatalf("err = %v (%T), want *StatementError", err, err)
		}
		if se.Script != "hunt.sql" || se.Index != 2 || se.Line != 4 || SnowflakeCode(err) != "002003" {
			t.Fatalf("got %+v code %q", se, SnowflakeCode(err))
		}
		if !strings.HasPrefix(err.Error(), "hunt.sql: statement 2 (line 4): 002003 (") {
			t.Fatalf("message = %q", err)
		}
	})
	t.Run("unterminated string names line and column", func(t *testing.T) {
		err := db.RunScript(ctx, "bad.sql", "select 1;\nselect 'oops;\n", nil)
		if err == nil || !strings.HasPrefix(err.Error(), "bad.sql:2:8: ") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("empty script", func(t *testing.T) {
		err := db.RunScript(ctx, "<stdin>", " -- nothing\n ; ", nil)
		if err == nil || err.Error() != "<stdin>: no SQL statements" {
			t.Fatalf("err = %v", err)
		}
	})
}
