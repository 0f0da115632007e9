package snowlocal_test

import (
	"os"
	"path/filepath"
	"testing"
)

// A COPY transformation loads METADATA$ columns as "Query metadata for
// staged files" documents them (METADATA$START_SCAN_TIME is a
// TIMESTAMP_LTZ), and $1 of a JSON file is the parsed value, an OBJECT.
func TestCopyTransformationMetadataAndVariant(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "events.json"), []byte(`{"a":{"b":1}}`+"\n"+`{"a":{"b":2}}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db,
		"create database md", "create schema md.s", "use schema md.s",
		"create stage st",
		"create table t (record variant, filename string, file_row_number number, loaded_at timestamp_ltz)")
	mustExec(t, db, "put file://"+filepath.Join(dir, "events.json")+" @st auto_compress = false")
	mustExec(t, db, `copy into t (record, filename, file_row_number, loaded_at)
  from (select $1, metadata$filename, metadata$file_row_number, metadata$start_scan_time from @st)
  file_format = (type = json)`)
	rows, err := db.Query("select record:a.b::int, typeof(record), filename, file_row_number, loaded_at is not null, loaded_at <= current_timestamp() from t order by file_row_number")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var b, row int
		var typ, file string
		var hasTime, notFuture bool
		if err := rows.Scan(&b, &typ, &file, &row, &hasTime, &notFuture); err != nil {
			t.Fatal(err)
		}
		n++
		if b != n || typ != "OBJECT" || file != "events.json" || row != n || !hasTime || !notFuture {
			t.Errorf("row %d: b=%d typeof=%s file=%s row=%d scan time set %v, not in the future %v", n, b, typ, file, row, hasTime, notFuture)
		}
	}
	if n != 2 {
		t.Fatalf("%d rows, want 2", n)
	}
	cols, err := db.Query("select metadata$start_scan_time from @st limit 1")
	if err != nil {
		t.Fatal(err)
	}
	defer cols.Close()
	ct, err := cols.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	if got := ct[0].DatabaseTypeName(); got != "TIMESTAMP_LTZ" {
		t.Errorf("METADATA$START_SCAN_TIME is %s, want TIMESTAMP_LTZ", got)
	}
}
