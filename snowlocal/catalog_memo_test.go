package snowlocal

import (
	"context"
	"slices"
	"testing"
)

// TestColumnTypeCache: the rewriter's column-type lookups are answered from
// the session's cache until a statement that may change the catalog runs, in
// this session, another one, or inside a Snowflake Scripting block.
func TestColumnTypeCache(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s1, err := e.NewSession(ctx, "u", "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer s1.Close()
	s2, err := e.NewSession(ctx, "u", "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	exec := func(s *Session, q string) {
		t.Helper()
		if _, err := s.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cols := func(s *Session) []string {
		t.Helper()
		names, _, err := s.columnTypes("T", nil)
		if err != nil {
			t.Fatal(err)
		}
		return names
	}
	for _, s := range []*Session{s1, s2} {
		exec(s, "create database if not exists d")
		exec(s, "use schema d.public")
	}
	exec(s1, "create table t (a int)")
	if got := cols(s1); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("columns %v, want [A]", got)
	}
	// Changed behind the engine's back: the cached answer stands, which
	// shows the lookup is not repeated.
	if _, err := s1.conn.ExecContext(ctx, "ALTER TABLE T ADD COLUMN HIDDEN INTEGER"); err != nil {
		t.Fatal(err)
	}
	if got := cols(s1); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("columns %v, want the cached [A]", got)
	}
	exec(s1, "select * from t") // a query keeps the cache
	if got := cols(s1); !slices.Equal(got, []string{"A"}) {
		t.Fatalf("after a query: columns %v, want the cached [A]", got)
	}
	exec(s2, "alter table t add column b varchar") // another session's DDL
	if got := cols(s1); !slices.Equal(got, []string{"A", "HIDDEN", "B"}) {
		t.Fatalf("after another session's ALTER: columns %v, want [A HIDDEN B]", got)
	}
	// Inside a block: the INSERT after the ALTER converts the VARIANT for
	// the new VARCHAR column (no JSON quotes), which needs its new type.
	exec(s1, `begin
  insert into t (a) values (1);
  alter table t add column c varchar;
  insert into t (a, c) select 2, parse_json('{"k":"x"}'):k;
end`)
	rows, err := s1.conn.QueryContext(ctx, "SELECT C FROM T WHERE A = 2")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var c string
	for rows.Next() {
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
	}
	if c != "x" {
		t.Errorf("C = %q, want x (the VARIANT string converted as ::VARCHAR)", c)
	}
}
