package snowlocal_test

import (
	"database/sql"
	"testing"
)

// TestStructuredNullCast: NULL cast to a structured type is a NULL of the
// type: MAP_ENTRIES(NULL::MAP(VARCHAR, INT)) is NULL, an ARRAY column
// (docs: map_entries, "Return NULL for a NULL input"). The engine refused
// the cast before.
func TestStructuredNullCast(t *testing.T) {
	t.Parallel()
	db := open(t)
	var v sql.NullString
	if err := db.QueryRow(`SELECT MAP_ENTRIES(NULL::MAP(VARCHAR, INT)) AS entries`).Scan(&v); err != nil || v.Valid {
		t.Errorf("MAP_ENTRIES(NULL::MAP(VARCHAR, INT)): got %v %v, want NULL", v, err)
	}
	wantColumnsTyped(t, db, `SELECT MAP_ENTRIES(NULL::MAP(VARCHAR, INT)) AS entries`, "ARRAY")
}
