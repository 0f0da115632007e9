package snowlocal

import (
	"context"
	"strings"
	"testing"
)

// TestOldDefaultRefusedWhereShown: a column whose DEFAULT has a form
// CREATE TABLE now refuses (a table created before that check) is refused
// wherever its DEFAULT would be shown — DESCRIBE TABLE, SHOW COLUMNS and
// INFORMATION_SCHEMA.COLUMNS' COLUMN_DEFAULT — while queries of the view
// that do not read that row's COLUMN_DEFAULT still answer.
func TestOldDefaultRefusedWhereShown(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s, err := e.NewSession(ctx, "u", "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"create database od", "use schema od.public", "create table t (a date, b int default 3)"} {
		if _, err := s.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Written behind the rewriter's back, as an older engine let it be.
	if _, err := s.conn.ExecContext(ctx, "ALTER TABLE OD.PUBLIC.T ALTER COLUMN A SET DEFAULT current_date"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"describe table t", "show columns in table t",
		"select column_default from information_schema.columns where table_name = 'T'",
		"select * from information_schema.columns"} {
		if _, err := s.Exec(ctx, q, nil); err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "Unsupported feature") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
	r, err := s.Exec(ctx, "select column_name, column_default from information_schema.columns where table_name = 'T' and column_name = 'B'", nil)
	if err != nil || len(r.Rows) != 1 || r.Rows[0][1] == nil || *r.Rows[0][1] != "3" {
		t.Fatalf("COLUMN_DEFAULT of B: %v, %v; want 3", r, err)
	}
	r, err = s.Exec(ctx, "select column_name from information_schema.columns where table_name = 'T' order by ordinal_position", nil)
	if err != nil || len(r.Rows) != 2 {
		t.Fatalf("COLUMN_NAME of T's columns: %v, %v; want A and B", r, err)
	}
}
