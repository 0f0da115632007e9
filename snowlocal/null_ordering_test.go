package snowlocal_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestDefaultNullOrdering: DEFAULT_NULL_ORDERING = FIRST sorts NULLs first
// ascending and last descending, NULLS FIRST/LAST still win, UNSET brings
// back LAST (the ORDER BY page's examples,
// https://docs.snowflake.com/en/sql-reference/constructs/order-by), and the
// parameter is the session's: another session keeps LAST. With FIRST, an ORDER BY in OVER or
// WITHIN GROUP (where the docs do not say the parameter applies) is refused.
func TestDefaultNullOrdering(t *testing.T) {
	ctx := context.Background()
	a, b := twoSessions(t)
	sorted := func(conn *sql.Conn, dir string) string {
		rows, err := conn.QueryContext(ctx, "select column1 from values (1), (null), (2) order by column1 "+dir)
		if err != nil {
			t.Fatalf("order by %s: %v", dir, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var v *string
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			if v == nil {
				out = append(out, "NULL")
			} else {
				out = append(out, *v)
			}
		}
		return strings.Join(out, ",")
	}
	if _, err := a.ExecContext(ctx, "alter session set default_null_ordering = 'FIRST'"); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{"": "NULL,1,2", "asc": "NULL,1,2", "desc": "2,1,NULL", "nulls last": "1,2,NULL", "desc nulls first": "NULL,2,1"} {
		if got := sorted(a, dir); got != want {
			t.Errorf("FIRST: order by column1 %s = %s, want %s", dir, got, want)
		}
	}
	if got := sorted(b, ""); got != "1,2,NULL" {
		t.Errorf("another session: order by column1 = %s, want 1,2,NULL", got)
	}
	for _, stmt := range []string{
		"select row_number() over (order by column1) from values (1), (null)",
		"select listagg(column1, ',') within group (order by column1) from values ('a'), (null)",
	} {
		_, err := a.QueryContext(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "DEFAULT_NULL_ORDERING = FIRST") {
			t.Errorf("%s with FIRST: %v, want 002040", stmt, err)
		}
	}
	if _, err := a.ExecContext(ctx, "alter session unset default_null_ordering"); err != nil {
		t.Fatal(err)
	}
	if got := sorted(a, ""); got != "1,2,NULL" {
		t.Errorf("after UNSET: order by column1 = %s, want 1,2,NULL", got)
	}
}
