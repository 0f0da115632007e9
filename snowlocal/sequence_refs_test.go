package snowlocal_test

import (
	"fmt"
	"reflect"
	"testing"
)

// Several NEXTVAL references of one sequence in one single-row SELECT
// (https://docs.snowflake.com/en/sql-reference/sql/create-sequence): the
// references take values one increment apart in the order written, and the
// next statement starts N increments above the last value taken (N the
// number of references: "5 * 4, where 5 is the size of the increment and 4
// is the number of NEXTVAL operations in the statement").
func TestSeveralNextvalReferences(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database seqrefs", "create sequence seq_5 start = 1 increment = 5",
		"create sequence down start = 0 increment = -2", "create sequence other", "create table t (i int)")
	for _, c := range []struct {
		q    string
		want [][]string
	}{
		// The docs' two statements.
		{"SELECT seq_5.nextval a, seq_5.nextval b, seq_5.nextval c, seq_5.nextval d", [][]string{{"1", "6", "11", "16"}}},
		{"SELECT seq_5.nextval a, seq_5.nextval b, seq_5.nextval c, seq_5.nextval d", [][]string{{"36", "41", "46", "51"}}},
		// A statement after them starts 20 above 51.
		{"SELECT seq_5.nextval", [][]string{{"71"}}},
		// A descending sequence: the same rule with a negative increment.
		{"select down.nextval, down.nextval as b", [][]string{{"0", "-2"}}},
		{"select down.nextval", [][]string{{"-6"}}},
		// Another sequence referenced once draws as usual beside them.
		{"select distinct seq_5.nextval x, other.nextval y, seq_5.nextval z", [][]string{{"76", "1", "81"}}},
	} {
		if _, got := queryRows(t, db, c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.q, got, c.want)
		}
	}
	// The columns are typed as a single NEXTVAL's.
	types := func(q string) []string {
		r, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer r.Close()
		cts, _ := r.ColumnTypes()
		var out []string
		for _, ct := range cts {
			p, s, _ := ct.DecimalSize()
			out = append(out, fmt.Sprintf("%s(%d,%d)", ct.DatabaseTypeName(), p, s))
		}
		for r.Next() {
		}
		return out
	}
	one, two := types("select other.nextval"), types("select other.nextval a, other.nextval b")
	if len(two) != 2 || two[0] != one[0] || two[1] != one[0] {
		t.Errorf("column types: one reference %v, two %v", one, two)
	}
	// Forms the docs do not show.
	for _, q := range []string{
		"select seq_5.nextval + 1, seq_5.nextval",
		"select seq_5.nextval a, seq_5.nextval b from t",
		"select seq_5.nextval, (select seq_5.nextval)",
		"select seq_5.nextval a, seq_5.nextval b union all select 1, 2",
		"insert into t values (seq_5.nextval), (seq_5.nextval)",
	} {
		wantRefused(t, db, q, "several NEXTVAL references")
	}
}
