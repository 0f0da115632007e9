//go:build cgo

package console

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/warehouse"
)

// engine opens a fresh in-memory local engine through gosnowflake.
func engine(t *testing.T) *sql.DB {
	t.Helper()
	db, err := warehouse.OpenLocal(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.DB
}

func exec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func result(t *testing.T, p *Panel, id string) []map[string]any {
	t.Helper()
	for _, r := range p.Results {
		if r.ID == id {
			if r.Error != "" {
				t.Fatalf("%s: %s\n%s", id, r.Error, r.SQL)
			}
			var out []map[string]any
			for _, row := range r.Rows {
				m := map[string]any{}
				for i, c := range r.Columns {
					m[c] = row[i]
				}
				out = append(out, m)
			}
			return out
		}
	}
	t.Fatalf("no result %s", id)
	return nil
}

// A file with a bad record, loaded with ON_ERROR = CONTINUE, shows as
// partly loaded with its first error (COPY_HISTORY: STATUS 'Partially
// loaded', ERROR_COUNT, FIRST_ERROR_LINE_NUMBER), and its rows count in the
// hour of their event time.
func TestIngestionPanelRejectedRecords(t *testing.T) {
	db := engine(t)
	now := time.Now().UTC().Truncate(time.Hour).Add(-2 * time.Hour)
	csv := filepath.Join(t.TempDir(), "events.csv")
	lines := []string{
		now.Add(5*time.Minute).Format("2006-01-02 15:04:05") + ",1",
		now.Add(6*time.Minute).Format("2006-01-02 15:04:05") + ",not-a-number",
		now.Add(7*time.Minute).Format("2006-01-02 15:04:05") + ",3",
		now.Add(65*time.Minute).Format("2006-01-02 15:04:05") + ",4",
	}
	if err := os.WriteFile(csv, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exec(t, db,
		"create database LAKE",
		"create table LAKE.PUBLIC.EVENTS (t timestamp_ntz, v number)",
		"put file://"+csv+" @LAKE.PUBLIC.%EVENTS",
		"copy into LAKE.PUBLIC.EVENTS from @LAKE.PUBLIC.%EVENTS file_format = (type = csv) on_error = continue")
	s, err := New(Config{DB: db, Database: "LAKE", Schema: "PUBLIC",
		Sources: []Source{{Name: "events", Table: "EVENTS", EventTime: "t", LoadTable: "EVENTS"}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	p := s.ingestion(t.Context())

	tables := result(t, p, "tables")
	if len(tables) != 1 || tables[0]["TABLE_NAME"] != "EVENTS" || fmt.Sprint(tables[0]["ROW_COUNT"]) != "3" ||
		fmt.Sprint(tables[0]["BYTES"]) == "0" || tables[0]["BYTES"] == nil {
		t.Errorf("tables: %v", tables)
	}
	vol := result(t, p, "volume")
	want := map[string]string{now.Format("2006-01-02 15:04:05"): "2", now.Add(time.Hour).Format("2006-01-02 15:04:05"): "1"}
	if len(vol) != 2 {
		t.Errorf("volume: %v", vol)
	}
	for _, v := range vol {
		if want[fmt.Sprint(v["HOUR"])] != fmt.Sprint(v["ROW_COUNT"]) || v["SOURCE"] != "events" {
			t.Errorf("volume row %v, want %v", v, want)
		}
	}
	sum := result(t, p, "copy_summary")
	if len(sum) != 1 || fmt.Sprint(sum[0]["FILES_LOADED"], sum[0]["FILES_PARTIALLY_LOADED"], sum[0]["FILES_FAILED"],
		sum[0]["ROWS_LOADED"], sum[0]["REJECTED_RECORDS"]) != "0 1 0 3 1" {
		t.Errorf("copy summary: %v", sum)
	}
	rej := result(t, p, "rejected")
	if len(rej) != 1 || rej[0]["STATUS"] != "Partially loaded" || fmt.Sprint(rej[0]["ERROR_COUNT"]) != "1" ||
		fmt.Sprint(rej[0]["FIRST_ERROR_LINE_NUMBER"]) != "2" || !strings.Contains(fmt.Sprint(rej[0]["FIRST_ERROR_MESSAGE"]), "not-a-number") {
		t.Errorf("rejected: %v", rej)
	}
	if r := result(t, p, "pipes"); len(r) != 0 {
		t.Errorf("pipes: %v", r)
	}
	for _, id := range []string{"tasks", "task_history", "pipe_usage", "pipe_status"} {
		result(t, p, id) // no error
	}
}

// Open findings are the keys of each detection's latest successful run:
// state rows a run wrote before dying (no "ok" row in DETECTION_RUNS) are
// not findings, nor are keys no longer present.
func TestFindingsPanelReadsTheLatestOKRun(t *testing.T) {
	db := engine(t)
	ctx := t.Context()
	store := &detections.Store{DB: db}
	if err := store.Init(ctx); err != nil {
		t.Fatal(err)
	}
	t0 := time.Now().UTC().Add(-time.Hour).Truncate(time.Second)
	row := func(hash string, present bool) detections.StateRow {
		return detections.StateRow{KeyHash: hash, KeyJSON: `["` + hash + `"]`, RowJSON: `{"HOST":"` + hash + `"}`,
			Present: present, FirstSeen: t0, LastSeen: t0, LastAlerted: t0}
	}
	rec := func(run string, status detections.Status, alerted int) detections.RunRecord {
		return detections.RunRecord{RunID: run, DetectionID: "web_scan", Started: t0, Finished: t0.Add(time.Second),
			Status: status, Rows: 2, Alerted: alerted}
	}
	if err := store.Save(ctx, rec("r1", detections.StatusOK, 2), []detections.StateRow{row("a", true), row("b", true), row("gone", false)}); err != nil {
		t.Fatal(err)
	}
	// A later run wrote its state and died before recording itself.
	exec(t, db, `insert into FLURRY.PUBLIC.DETECTION_STATE (detection_id, key_hash, key_json, row_json, present, first_seen, last_seen, run_id)
values ('web_scan', 'c', '["c"]', '{}', true, current_timestamp(), current_timestamp(), 'r2')`)
	if err := store.Record(ctx, rec("r3", detections.StatusError, 0)); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DB: db, TargetFlags: "--local-dir x", Detections: []*detections.Detection{
		{ID: "web_scan", Title: "Web scan", Severity: detections.High, Key: []string{"HOST"}}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	p := s.findings(ctx)
	var keys []string
	for _, f := range result(t, p, "findings") {
		keys = append(keys, fmt.Sprint(f["KEY_JSON"]))
		if f["SEVERITY"] != "high" || !strings.HasPrefix(fmt.Sprint(f["REPRODUCE"]), "flurry sql --local-dir x --format json -q ") {
			t.Errorf("finding %v", f)
		}
	}
	if strings.Join(keys, " ") != `["a"] ["b"]` {
		t.Errorf("open findings %v, want a and b of the ok run r1", keys)
	}
	over := result(t, p, "findings_over_time")
	if len(over) != 1 || over[0]["SEVERITY"] != "high" || fmt.Sprint(over[0]["NEW_FINDINGS"]) != "2" {
		t.Errorf("findings over time: %v", over)
	}
	d := s.detectionRuns(ctx)
	last := result(t, d, "last_runs")
	if len(last) != 1 || last[0]["STATUS"] != "error" {
		t.Errorf("last runs: %v (the failed run r3 is the latest)", last)
	}
	if runs := result(t, d, "run_history"); len(runs) != 2 {
		t.Errorf("run history: %v, want r1 and r3", runs)
	}
}
