package console

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Panel is one tab of the page: its queries and their answers.
type Panel struct {
	Name    string    `json:"name"`
	Results []*Result `json:"results"`
	// Detections describe the known detections (findings panel).
	Detections []DetectionInfo `json:"detections,omitempty"`
	// Summary holds the panel's headline counts.
	Summary map[string]any `json:"summary,omitempty"`
	At      string         `json:"at"`
}

// DetectionInfo is what the page says about a detection.
type DetectionInfo struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Key      []string `json:"key"`
	SQL      string   `json:"sql"`
	Path     string   `json:"path"`
}

func (p *Panel) add(r *Result) *Result {
	p.Results = append(p.Results, r)
	return r
}

func newPanel(name string) *Panel {
	return &Panel{Name: name, Summary: map[string]any{}, At: time.Now().UTC().Format("2006-01-02 15:04:05")}
}

// col returns the index of a column by name, -1 if absent.
func (r *Result) col(name string) int { return slices.Index(r.Columns, strings.ToUpper(name)) }

func (s *Server) ingestion(ctx context.Context) *Panel {
	p := newPanel("ingestion")
	q := s.cfg.queries()
	p.add(s.run(ctx, "tables", "Rows and bytes per table", q.tables()))
	p.add(s.run(ctx, "volume", fmt.Sprintf("Rows per source per hour (event time, last %d days)", q.windowDays), q.volume()))
	pipes := p.add(s.run(ctx, "pipes", "Pipes", q.showPipes()))
	if i := pipes.col("name"); i >= 0 {
		for _, row := range pipes.Rows {
			if name, ok := row[i].(string); ok {
				q.pipes = append(q.pipes, name)
			}
		}
	}
	st := s.run(ctx, "pipe_status", "Pipe status, last file and lag (SYSTEM$PIPE_STATUS)", q.pipeStatus())
	if len(q.pipes) == 0 {
		st.Note = "no pipes in " + q.db + "." + q.schema
	}
	p.add(st)
	p.add(s.run(ctx, "copy_summary", fmt.Sprintf("Files loaded and failed per table (COPY_HISTORY, last %d days)", min(q.windowDays, 14)), q.copySummary()))
	p.add(s.run(ctx, "pipe_usage", "Files and bytes loaded per pipe (PIPE_USAGE_HISTORY)", q.pipeUsage()))
	p.add(s.run(ctx, "rejected", "Rejected records and their first error (COPY_HISTORY)", q.rejected()))
	p.add(s.run(ctx, "tasks", "Tasks", q.showTasks()))
	p.add(s.run(ctx, "task_history", "Task runs (TASK_HISTORY)", q.taskHistory()))
	return p
}

func (s *Server) findings(ctx context.Context) *Panel {
	p := newPanel("findings")
	q := s.cfg.queries()
	f := p.add(s.run(ctx, "findings", "Open findings (each detection's latest successful run)", q.findings()))
	// Each finding's own flurry sql command: its state row.
	id, hash := f.col("detection_id"), f.col("key_hash")
	if id >= 0 && hash >= 0 {
		f.Columns = append(f.Columns, "REPRODUCE")
		for i, row := range f.Rows {
			d, _ := row[id].(string)
			h, _ := row[hash].(string)
			f.Rows[i] = append(row, reproduce(s.cfg.TargetFlags, q.state, d, h))
		}
	}
	p.add(s.run(ctx, "findings_over_time", fmt.Sprintf("New findings per day by severity (last %d days)", q.windowDays), q.findingsOverTime()))
	for _, d := range s.cfg.Detections {
		p.Detections = append(p.Detections, DetectionInfo{ID: d.ID, Title: d.Title, Severity: d.Severity.String(), Key: d.Key, SQL: d.SQL, Path: d.Path})
	}
	slices.SortFunc(p.Detections, func(a, b DetectionInfo) int { return strings.Compare(a.ID, b.ID) })
	return p
}

func (s *Server) detectionRuns(ctx context.Context) *Panel {
	p := newPanel("detections")
	q := s.cfg.queries()
	p.add(s.run(ctx, "last_runs", "Latest run of each detection", q.lastRuns()))
	p.add(s.run(ctx, "run_history", "Run history (one line per flurry detect run)", q.runHistory()))
	return p
}

// migrationsPanel is `flurry migrate status` for each migration set, and
// the history table it compares the scripts with.
func (s *Server) migrationsPanel(ctx context.Context) *Panel {
	p := newPanel("migrations")
	q := s.cfg.queries()
	for _, set := range s.cfg.Migrations {
		status := &Result{ID: "status:" + set.Name, Title: "flurry migrate status: " + set.Name,
			Columns: []string{"TYPE", "VERSION", "SCRIPT", "STATE", "INSTALLED_ON", "ERROR"}, Rows: [][]any{},
			SQL: "-- flurry migrate status compares the scripts with this history table:\n" + q.migrationHistory(set.HistoryTable)}
		counts := map[string]int{}
		switch {
		case set.Migrator == nil:
			status.Note = fmt.Sprintf("pending scripts unknown: %v", set.Err)
		default:
			ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
			st, err := set.Migrator.Status(ctx)
			cancel()
			if err != nil {
				status.Error = err.Error()
				break
			}
			if !st.HistoryExists {
				status.Note = "no history table yet: nothing was applied"
			}
			for _, e := range st.Entries {
				on, errText := "", ""
				if e.Applied != nil {
					if !e.Applied.InstalledOn.IsZero() {
						on = e.Applied.InstalledOn.UTC().Format("2006-01-02 15:04:05")
					}
					errText = e.Applied.Error
				}
				state := string(e.State)
				if e.Reason != "" {
					state += " (" + e.Reason + ")"
				}
				status.Rows = append(status.Rows, []any{string(e.Type), e.Version, e.Script, state, on, errText})
				counts[string(e.State)]++
			}
			if l := st.Lock; l != nil {
				status.Note = fmt.Sprintf("migration lock held by %s since %s", l.Owner, l.AcquiredOn.UTC().Format(time.RFC3339))
			}
		}
		p.add(status)
		p.Summary[set.Name] = counts
		p.add(s.run(ctx, "history:"+set.Name, "History table "+set.HistoryTable, q.migrationHistory(set.HistoryTable)))
	}
	return p
}
