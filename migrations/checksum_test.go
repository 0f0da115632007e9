package migrations

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A changed variable is not drift (Flyway checksums scripts before
// placeholder replacement): the V script stays applied, status names the
// variable, and the rendered text of the run is in the history.
func TestChangedVariableIsNotDrift(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("V1__table.sql", "CREATE DATABASE IF NOT EXISTS CK;\nCREATE TABLE IF NOT EXISTS CK.PUBLIC.{{ ident .table }} (x INTEGER);\n")
	m, out := newMigrator(t, db, dir, map[string]string{"table": "FIRST"}, nil)
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up: %v\n%s", err, out)
	}
	if got := queryStrings(t, db, "SELECT rendered_sql FROM FLURRY.PUBLIC.MIGRATION_HISTORY WHERE version = '1'"); len(got) != 1 ||
		!strings.Contains(got[0], "CREATE TABLE IF NOT EXISTS CK.PUBLIC.FIRST") {
		t.Fatalf("rendered_sql = %q", got)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "V1__table.sql"))
	sum := sha256.Sum256(src)
	if got := queryStrings(t, db, "SELECT checksum FROM FLURRY.PUBLIC.MIGRATION_HISTORY WHERE version = '1'"); len(got) != 1 || got[0] != hex.EncodeToString(sum[:]) {
		t.Fatalf("checksum = %q, want the sha256 of the file as written", got)
	}

	m2, out2 := newMigrator(t, db, dir, map[string]string{"table": "SECOND"}, nil)
	st, err := m2.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := st.Entries[0]
	if e.State != StateApplied || !slices.Equal(e.ChangedVars, []string{"table"}) {
		t.Fatalf("V1 after changing a variable: state %s, changed %v", e.State, e.ChangedVars)
	}
	res, err := m2.Up(ctx)
	if err != nil || len(res.Scripts) != 0 {
		t.Fatalf("up after changing a variable: %v %s\n%s", err, scriptNames(res), out2)
	}

	// Editing the file is drift, whatever the variables.
	write("V1__table.sql", "CREATE DATABASE IF NOT EXISTS CK;\nCREATE TABLE IF NOT EXISTS CK.PUBLIC.{{ ident .table }} (x INTEGER, y INTEGER);\n")
	st, err = m.Status(ctx)
	if err != nil || st.Entries[0].State != StateDrifted {
		t.Fatalf("edited V1: %v %s", err, states(st))
	}
}

// Rows written before flurry checksummed scripts before rendering hold the
// rendered text's checksum: an unchanged script must still read as applied,
// not drifted, after the upgrade.
func TestLegacyHistoryRowsStayApplied(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := t.TempDir()
	src := "CREATE DATABASE IF NOT EXISTS LG;\nCREATE TABLE IF NOT EXISTS LG.PUBLIC.{{ ident .table }} (x INTEGER);\n"
	if err := os.WriteFile(filepath.Join(dir, "V1__table.sql"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rendered := strings.ReplaceAll(src, "{{ ident .table }}", "T")
	sum := sha256.Sum256([]byte(rendered))
	for _, q := range []string{
		"CREATE DATABASE IF NOT EXISTS FLURRY",
		// The history table as flurry made it before (no rendered_* or vars).
		`CREATE TABLE FLURRY.PUBLIC.MIGRATION_HISTORY (installed_rank NUMBER(38,0), version VARCHAR, description VARCHAR,
    script VARCHAR, type VARCHAR, checksum VARCHAR, execution_ms NUMBER(38,0), status VARCHAR, installed_by VARCHAR,
    installed_on TIMESTAMP_LTZ, error VARCHAR)`,
		"INSERT INTO FLURRY.PUBLIC.MIGRATION_HISTORY VALUES (1, '1', 'table', 'V1__table.sql', 'V', '" +
			hex.EncodeToString(sum[:]) + "', 5, 'success', 'ME', CURRENT_TIMESTAMP(), NULL)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	m, out := newMigrator(t, db, dir, map[string]string{"table": "T"}, nil)
	st, err := m.Status(ctx)
	if err != nil || st.Entries[0].State != StateApplied {
		t.Fatalf("legacy row: %v %s", err, states(st))
	}
	if res, err := m.Up(ctx); err != nil || len(res.Scripts) != 0 {
		t.Fatalf("up on a legacy history: %v %s\n%s", err, scriptNames(res), out)
	}
}
