package snowlocal_test

import (
	"strings"
	"testing"
)

// TestBracketedColumnName: a select item that is a column in brackets is
// named as the column: the search page's SELECT DISTINCT(play) prints the
// header PLAY (docs: functions/search). Other bracketed expressions keep
// their text, as an unaliased expression does.
func TestBracketedColumnName(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table lines(play varchar, n int)", "insert into lines values ('Hamlet', 1)")
	rows, err := db.Query("select distinct(play), ((play)), (lines.n), (n + 1), (n) + (n) from lines")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if got, want := strings.Join(cols, "|"), "PLAY|PLAY|N|(N + 1)|(N) + (N)"; got != want {
		t.Errorf("column names %s, want %s", got, want)
	}
}
