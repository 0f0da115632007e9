package snowlocal_test

import (
	"reflect"
	"testing"
)

// RANDOM(seed) over a GENERATOR draws the seed's MT19937-64 sequence, one
// value a row, and two calls with one seed give one value per row
// (https://docs.snowflake.com/en/sql-reference/functions/random: RANDOM(4711)
// over GENERATOR(ROWCOUNT => 3)).
func TestRandomSeedIsSnowflakesSequence(t *testing.T) {
	t.Parallel()
	db := open(t)
	want := [][]string{{"-3581185414942383166"}, {"1570543588041465562"}, {"-6684111782596764647"}}
	if _, _, got := queryAll(t, db, "SELECT RANDOM(4711) FROM TABLE(GENERATOR(ROWCOUNT => 3))"); !reflect.DeepEqual(got, want) {
		t.Errorf("RANDOM(4711) = %v, want %v", got, want)
	}
	_, _, got := queryAll(t, db, "SELECT RANDOM(4711), RANDOM(4711) FROM TABLE(GENERATOR(ROWCOUNT => 3))")
	for i, r := range got {
		if len(r) != 2 || i >= len(want) || r[0] != want[i][0] || r[1] != want[i][0] {
			t.Errorf("RANDOM(4711), RANDOM(4711) row %d = %v, want %s twice", i, r, want[min(i, len(want)-1)][0])
		}
	}
	// Past DuckDB's first chunks the sequence goes on: the reference
	// MT19937-64's 5000th value for seed 4711 is 4762889835869483110.
	_, _, last := queryAll(t, db, "SELECT MAX_BY(r, i) FROM (SELECT SEQ4() i, RANDOM(4711) r FROM TABLE(GENERATOR(ROWCOUNT => 5000)))")
	if len(last) != 1 || last[0][0] != "4762889835869483110" {
		t.Errorf("RANDOM(4711), row 5000: %v, want 4762889835869483110", last)
	}
	// UNIFORM would draw from that sequence in a way no source gives.
	wantRefused(t, db, "SELECT UNIFORM(1, 10, RANDOM(42)) FROM TABLE(GENERATOR(ROWCOUNT => 3))", "UNIFORM with RANDOM(seed)")
}
