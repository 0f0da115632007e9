package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	sf "github.com/snowflakedb/gosnowflake"
)

// DefaultHistoryTable is where applied migrations are recorded.
const DefaultHistoryTable = "FLURRY.PUBLIC.MIGRATION_HISTORY"

// Status values of history rows.
const (
	StatusSuccess = "success"
	StatusFailed  = "failed"
)

// Applied is one row of the history table.
type Applied struct {
	Rank        int64  `json:"installed_rank"`
	Version     string `json:"version,omitempty"`
	Description string `json:"description"`
	Script      string `json:"script"`
	Type        Kind   `json:"type"`
	Checksum    string `json:"checksum"`
	// RenderedChecksum, RenderedSQL and Vars are empty on rows written
	// before flurry recorded them; Checksum was then the rendered text's.
	RenderedChecksum string            `json:"rendered_checksum,omitempty"`
	RenderedSQL      string            `json:"-"`
	Vars             map[string]string `json:"vars,omitempty"`
	ExecutionMS      int64             `json:"execution_ms"`
	Status           string            `json:"status"`
	InstalledBy      string            `json:"installed_by"`
	InstalledOn      time.Time         `json:"installed_on"`
	Error            string            `json:"error,omitempty"`
}

// tableName is a parsed, possibly qualified table name.
type tableName struct {
	parts []string // as written: SECURITY_LAKE, "My Schema"
}

func parseTableName(s string) (tableName, error) {
	toks, err := sqllex.Tokenize(strings.TrimSpace(s))
	if err != nil {
		return tableName{}, fmt.Errorf("history table %q: %w", s, err)
	}
	var t tableName
	wantName := true
	for _, tok := range toks {
		switch {
		case wantName && (tok.Kind == sqllex.Word || tok.Kind == sqllex.QuotedIdent):
			t.parts = append(t.parts, tok.Text)
			wantName = false
		case !wantName && tok.IsOp("."):
			wantName = true
		default:
			return tableName{}, fmt.Errorf("history table %q: want [database.]schema.]table", s)
		}
	}
	if wantName || len(t.parts) > 3 {
		return tableName{}, fmt.Errorf("history table %q: want [database.]schema.]table", s)
	}
	return t, nil
}

func (t tableName) String() string { return strings.Join(t.parts, ".") }

// lockTable is the lock table that sits next to the history table.
func (t tableName) lockTable() tableName {
	p := append([]string(nil), t.parts...)
	last := p[len(p)-1]
	if strings.HasPrefix(last, `"`) {
		p[len(p)-1] = last[:len(last)-1] + `_LOCK"`
	} else {
		p[len(p)-1] = last + "_LOCK"
	}
	return tableName{parts: p}
}

// setupSQL creates the history and lock tables (and their database and
// schema when the name is qualified). Every statement is idempotent, so
// concurrent first runs are harmless.
func setupSQL(h tableName) []string {
	var out []string
	switch len(h.parts) {
	case 3:
		out = append(out,
			"CREATE DATABASE IF NOT EXISTS "+h.parts[0],
			"CREATE SCHEMA IF NOT EXISTS "+h.parts[0]+"."+h.parts[1])
	case 2:
		out = append(out, "CREATE SCHEMA IF NOT EXISTS "+h.parts[0])
	}
	out = append(out,
		`CREATE TABLE IF NOT EXISTS `+h.String()+` (
    installed_rank NUMBER(38,0),
    version VARCHAR,
    description VARCHAR,
    script VARCHAR,
    type VARCHAR,
    checksum VARCHAR,
    execution_ms NUMBER(38,0),
    status VARCHAR,
    installed_by VARCHAR,
    installed_on TIMESTAMP_LTZ,
    error VARCHAR,
    rendered_checksum VARCHAR,
    rendered_sql VARCHAR,
    vars VARCHAR
)`,
		`CREATE TABLE IF NOT EXISTS `+h.lockTable().String()+` (
    lock_name VARCHAR,
    owner VARCHAR,
    token VARCHAR,
    acquired_on TIMESTAMP_LTZ,
    expires_at TIMESTAMP_LTZ
)`)
	return out
}

// historyColumnsAdded are the columns later versions of flurry added to the
// history table; ensureTables adds them to a table made before.
var historyColumnsAdded = []string{"rendered_checksum VARCHAR", "rendered_sql VARCHAR", "vars VARCHAR"}

// ensureTables creates the history and lock tables. The table statements
// run first and the database and schema are created only if they are
// missing: a deployer role may create tables in FLURRY.PUBLIC without being
// allowed to create databases, and Snowflake checks that privilege even for
// a CREATE DATABASE IF NOT EXISTS of a database that exists.
func ensureTables(ctx context.Context, db execer, h tableName) error {
	setup := setupSQL(h)
	tables := setup[len(setup)-2:]
	run := func(qs []string) error {
		for _, q := range qs {
			if _, err := db.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("create history table %s: %w", h, err)
			}
		}
		return nil
	}
	if err := run(tables); err != nil {
		if !isNotExist(err) {
			return err
		}
		if err := run(setup); err != nil {
			return err
		}
	}
	for _, c := range historyColumnsAdded {
		if _, err := db.ExecContext(ctx, "ALTER TABLE "+h.String()+" ADD COLUMN IF NOT EXISTS "+c); err != nil {
			return fmt.Errorf("add column %s to history table %s: %w", c, h, err)
		}
	}
	return nil
}

// execer is a *sql.DB or a *sql.Conn.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// isNotExist reports whether err is Snowflake's "object does not exist".
func isNotExist(err error) bool {
	var se *sf.SnowflakeError
	if errors.As(err, &se) && se.Number == 2003 {
		return true
	}
	return err != nil && strings.Contains(err.Error(), "does not exist")
}

// readHistory returns all history rows in installation order; a missing
// history table reads as empty. A table made by an older flurry, without
// the rendered_* and vars columns, reads with those empty.
func readHistory(ctx context.Context, db execer, h tableName) ([]Applied, bool, error) {
	const cols = `installed_rank, version, description, script, type, checksum,
    execution_ms, status, installed_by, installed_on, error`
	rows, err := db.QueryContext(ctx, `SELECT `+cols+`, rendered_checksum, vars FROM `+h.String()+` ORDER BY installed_rank`)
	if err != nil && !isNotExist(err) && strings.Contains(strings.ToLower(err.Error()), "invalid identifier") {
		rows, err = db.QueryContext(ctx, `SELECT `+cols+`, NULL, NULL FROM `+h.String()+` ORDER BY installed_rank`)
	}
	if err != nil {
		if isNotExist(err) {
			return nil, false, nil
		}
		return nil, false, fmt.Errorf("read history table %s: %w", h, err)
	}
	defer rows.Close()
	var out []Applied
	for rows.Next() {
		var (
			a                                                    Applied
			rank, ms                                             sql.NullInt64
			version, desc, script, typ, sum, status, by, errText sql.NullString
			rsum, vars                                           sql.NullString
			on                                                   sql.NullTime
		)
		if err := rows.Scan(&rank, &version, &desc, &script, &typ, &sum, &ms, &status, &by, &on, &errText, &rsum, &vars); err != nil {
			return nil, true, fmt.Errorf("read history table %s: %w", h, err)
		}
		a.Rank, a.Version, a.Description, a.Script = rank.Int64, version.String, desc.String, script.String
		a.Type, a.Checksum, a.ExecutionMS, a.Status = Kind(typ.String), sum.String, ms.Int64, status.String
		a.InstalledBy, a.InstalledOn, a.Error = by.String, on.Time, errText.String
		a.RenderedChecksum = rsum.String
		if vars.String != "" {
			if err := json.Unmarshal([]byte(vars.String), &a.Vars); err != nil {
				return nil, true, fmt.Errorf("read history table %s: row %d: vars: %w", h, a.Rank, err)
			}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, true, fmt.Errorf("read history table %s: %w", h, err)
	}
	return out, true, nil
}

// insertHistorySQL appends a row. The rank is computed in the same statement;
// callers hold the migration lock, so ranks do not collide.
func insertHistorySQL(h tableName, a Applied) string {
	vars := ""
	if len(a.Vars) > 0 {
		b, _ := json.Marshal(a.Vars)
		vars = string(b)
	}
	return fmt.Sprintf(`INSERT INTO %s (installed_rank, version, description, script, type, checksum,
    execution_ms, status, installed_by, installed_on, error, rendered_checksum, rendered_sql, vars)
SELECT COALESCE(MAX(installed_rank), 0) + 1, %s, %s, %s, %s, %s, %d, %s, %s, CURRENT_TIMESTAMP(), %s, %s, %s, %s FROM %s`,
		h, nullLiteral(a.Version), QuoteLiteral(a.Description), QuoteLiteral(a.Script), QuoteLiteral(string(a.Type)),
		QuoteLiteral(a.Checksum), a.ExecutionMS, QuoteLiteral(a.Status), QuoteLiteral(a.InstalledBy),
		nullLiteral(a.Error), nullLiteral(a.RenderedChecksum), nullLiteral(a.RenderedSQL), nullLiteral(vars), h)
}

func nullLiteral(s string) string {
	if s == "" {
		return "NULL"
	}
	return QuoteLiteral(s)
}

func insertHistory(ctx context.Context, db execer, h tableName, a Applied) error {
	if _, err := db.ExecContext(ctx, insertHistorySQL(h, a)); err != nil {
		return fmt.Errorf("record %s in history table %s: %w", a.Script, h, err)
	}
	return nil
}

// currentUser is recorded as installed_by.
func currentUser(ctx context.Context, db execer) string {
	var u sql.NullString
	if err := db.QueryRowContext(ctx, "SELECT CURRENT_USER()").Scan(&u); err == nil && u.String != "" {
		return u.String
	}
	return "unknown"
}
