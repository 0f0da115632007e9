// Package console is `flurry console`: a read-only web page over the lake —
// ingestion health per source and pipe, open findings, detection runs and
// migrations — served on a loopback address behind a random token.
//
// Every number on the page comes from a query sent through the caller's
// *sql.DB (gosnowflake, to Snowflake or the local engine), and every query
// is shown next to its answer, so that what the page says can be checked
// in a Snowsight worksheet. The console only reads: query refuses anything
// but SELECT, WITH, SHOW and DESCRIBE.
package console

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/migrations"
)

// Config is what the console shows and how it reaches it.
type Config struct {
	// DB is the connection to the target (warehouse.Open).
	DB *sql.DB
	// Target names the target for humans ("local engine (./.flurry/local)").
	Target string
	// TargetFlags are the flurry flags that reach the same target, for the
	// "reproduce with flurry sql" commands ("--local-dir .flurry/demo/engine").
	TargetFlags string
	// Database and Schema hold the lake (default SECURITY_LAKE.PUBLIC).
	Database, Schema string
	// StateSchema holds DETECTION_STATE and DETECTION_RUNS (default
	// detections.DefaultStateSchema).
	StateSchema string
	// Sources are the lake's log sources (default LakeSources).
	Sources []Source
	// Detections give findings their severity and title (default: none known,
	// every finding is info).
	Detections []*detections.Detection
	// Migrations are the migration sets whose status the page shows.
	Migrations []MigrationSet
	// WindowDays is how far back the charts look (default 7).
	WindowDays int
	// QueryTimeout bounds each query (default 60s).
	QueryTimeout time.Duration
	// Log receives query errors; default slog.Default().
	Log *slog.Logger
}

// MigrationSet is one migrations directory and its history table.
type MigrationSet struct {
	Name string
	// Migrator computes `migrate status`; nil when it could not be built
	// (Err says why), and the panel then shows the history table only.
	Migrator *migrations.Migrator
	// HistoryTable is read for the history rows.
	HistoryTable string
	Err          error
}

func (c *Config) defaults() error {
	if c.DB == nil {
		return errors.New("console: no database connection")
	}
	if c.Database == "" {
		c.Database = "SECURITY_LAKE"
	}
	if c.Schema == "" {
		c.Schema = "PUBLIC"
	}
	if c.StateSchema == "" {
		c.StateSchema = detections.DefaultStateSchema
	}
	if c.Sources == nil {
		c.Sources = LakeSources
	}
	if c.WindowDays <= 0 {
		c.WindowDays = 7
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = time.Minute
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if err := checkIdent("--database", c.Database); err != nil {
		return err
	}
	if err := checkIdent("--schema", c.Schema); err != nil {
		return err
	}
	db, schema, ok := strings.Cut(c.StateSchema, ".")
	if !ok || checkIdent("state schema", db) != nil || checkIdent("state schema", schema) != nil {
		return fmt.Errorf("--state-schema %q: want DATABASE.SCHEMA of plain identifiers", c.StateSchema)
	}
	for _, s := range c.Sources {
		if err := checkIdent("source table", s.Table); err != nil {
			return err
		}
		if err := checkIdent("source load table", s.LoadTable); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) queries() *queries {
	return &queries{db: strings.ToUpper(c.Database), schema: strings.ToUpper(c.Schema), state: strings.ToUpper(c.StateSchema),
		sources: c.Sources, detections: c.Detections, windowDays: c.WindowDays}
}

// Result is one query and what it answered, as the page shows it.
type Result struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	SQL     string   `json:"sql"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	Error   string   `json:"error,omitempty"`
	// Note explains a limitation of what is shown.
	Note    string  `json:"note,omitempty"`
	Seconds float64 `json:"seconds"`
}

// readOnly reports whether a statement only reads: the console never
// changes the lake, whatever a future edit of its queries does.
func readOnly(sqlText string) bool {
	s := strings.TrimSpace(sqlText)
	for strings.HasPrefix(s, "--") {
		_, rest, _ := strings.Cut(s, "\n")
		s = strings.TrimSpace(rest)
	}
	// gosnowflake sends one statement per call (MULTI_STATEMENT_COUNT
	// defaults to 1), so the first word decides.
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '(' })
	if len(words) == 0 {
		return false
	}
	switch strings.ToUpper(words[0]) {
	case "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC":
		return true
	}
	return false
}

// run sends one query and returns its answer; an error is kept in the
// result (the page shows it) rather than failing the panel.
func (s *Server) run(ctx context.Context, id, title, sqlText string) *Result {
	r := &Result{ID: id, Title: title, SQL: sqlText, Columns: []string{}, Rows: [][]any{}}
	if sqlText == "" {
		return r
	}
	if !readOnly(sqlText) {
		r.Error = "refused: the console only sends SELECT, WITH, SHOW and DESCRIBE statements"
		return r
	}
	start := time.Now()
	defer func() { r.Seconds = time.Since(start).Seconds() }()
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	rows, err := s.cfg.DB.QueryContext(ctx, sqlText)
	if err != nil {
		r.Error = err.Error()
		s.cfg.Log.Warn("console query failed", "query", id, "err", err)
		return r
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		r.Error = err.Error()
		return r
	}
	for _, t := range types {
		r.Columns = append(r.Columns, strings.ToUpper(t.Name()))
	}
	for rows.Next() {
		vals := make([]any, len(types))
		ptrs := make([]any, len(types))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			r.Error = err.Error()
			return r
		}
		for i, v := range vals {
			vals[i] = jsonValue(v, types[i].DatabaseTypeName())
		}
		r.Rows = append(r.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		r.Error = err.Error()
	}
	return r
}

// jsonValue turns a driver value into what the page shows: numbers as
// numbers, times as UTC text, everything else as text.
func jsonValue(v any, dbType string) any {
	switch x := v.(type) {
	case nil:
		return nil
	case []byte:
		v = string(x)
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05")
	case bool, int64, float64:
		return x
	}
	if s, ok := v.(string); ok {
		switch dbType {
		case "FIXED", "REAL", "NUMBER", "DECIMAL":
			if n, err := parseNumber(s); err == nil {
				return n
			}
		}
		return s
	}
	return fmt.Sprint(v)
}

func parseNumber(s string) (any, error) {
	var i int64
	if _, err := fmt.Sscan(s, &i); err == nil && fmt.Sprint(i) == s {
		return i, nil
	}
	var f float64
	_, err := fmt.Sscan(s, &f)
	return f, err
}
