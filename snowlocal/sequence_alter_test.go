package snowlocal_test

import (
	"reflect"
	"testing"
)

// ALTER SEQUENCE ... SET INCREMENT was refused. The querying-sequences
// page (https://docs.snowflake.com/en/user-guide/querying-sequences,
// reversing a sequence's direction) inserts 1, 2, 3 through a column
// DEFAULT seq.nextval, sets INCREMENT = -4 and inserts two more rows: 4,
// then 0 (the first value after the ALTER was calculated before it).
func TestAlterSequenceSetIncrement(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database seqalt",
		"CREATE OR REPLACE SEQUENCE test_sequence_wraparound_low START = 1 INCREMENT = 1",
		"CREATE OR REPLACE TABLE test_seq_wrap_low (i int, j int default test_sequence_wraparound_low.nextval)",
		"INSERT INTO test_seq_wrap_low (i) VALUES (1), (2), (3)",
		"ALTER SEQUENCE test_sequence_wraparound_low SET INCREMENT = -4",
		"INSERT INTO test_seq_wrap_low (i) VALUES (4), (5)")
	_, rows := queryRows(t, db, "SELECT * FROM test_seq_wrap_low ORDER BY i")
	want := [][]string{{"1", "1"}, {"2", "2"}, {"3", "3"}, {"4", "4"}, {"5", "0"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got %v, want %v", rows, want)
	}
	// A sequence never drawn from starts at its START.
	mustExec(t, db, "CREATE SEQUENCE fresh START = 10", "ALTER SEQUENCE fresh SET INCREMENT BY 5")
	for _, want := range []string{"10", "15"} {
		if got := queryOne(t, db, "SELECT fresh.nextval"); got != want {
			t.Errorf("fresh sequence: got %s, want %s", got, want)
		}
	}
	wantRefused(t, db, "ALTER SEQUENCE fresh RENAME TO other", "ALTER SEQUENCE other than SET INCREMENT")
}
