package output

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// SnowflakeConfig configures a Snowflake internal stage output.
type SnowflakeConfig struct {
	// DB is a gosnowflake connection pool (real Snowflake or the local
	// engine); the caller owns it.
	DB *sql.DB
	// Stage is "@name", "@db.schema.name", "@~" or "@%table".
	Stage string
	// Prefix inside the stage.
	Prefix string
	// CopyInto, when set, names the table loaded with COPY INTO right after
	// each PUT, using FileFormat (a named file format).
	CopyInto   string
	FileFormat string
	// CopyColumns and CopySelect (comma-separated SQL lists), when set,
	// make that COPY a transformation loading the table's CopyColumns from
	// the SELECT list CopySelect, e.g.
	// $1 and METADATA$FILENAME, METADATA$FILE_ROW_NUMBER,
	// METADATA$START_SCAN_TIME (ingestion metadata; see "Transforming data
	// during a load"): COPY INTO t (cols) FROM (SELECT exprs FROM @stage/dir).
	CopyColumns string
	CopySelect  string
	// Pipe, when set, is refreshed (ALTER PIPE ... REFRESH) after each PUT
	// so that rows land without S3 event notifications.
	Pipe string
	// TmpDir holds the per-upload file named like the object (PUT keeps
	// the local file name). Default os.TempDir().
	TmpDir string
}

// Snowflake PUTs chunks into an internal stage through gosnowflake.
type Snowflake struct {
	cfg SnowflakeConfig
}

var (
	stageRe = regexp.MustCompile(`^@(~|%[A-Za-z_][A-Za-z0-9_$]*|([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")(\.([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")){0,2})$`)
	identRe = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")(\.([A-Za-z_][A-Za-z0-9_$]*|"[^"]+")){0,2}$`)
)

// ParseStageURL splits snowflake://@stage/prefix into stage and prefix.
func ParseStageURL(u string) (stage, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "snowflake://")
	if !ok || !strings.HasPrefix(rest, "@") {
		return "", "", fmt.Errorf("%q: want snowflake://@stage/prefix", u)
	}
	// The stage name ends at the first slash outside double quotes.
	inQuote := false
	end := len(rest)
	for i, c := range rest {
		if c == '"' {
			inQuote = !inQuote
		}
		if c == '/' && !inQuote {
			end = i
			break
		}
	}
	stage, prefix = rest[:end], strings.Trim(rest[end:], "/")
	if !stageRe.MatchString(stage) {
		return "", "", fmt.Errorf("%q: stage %q is not a stage name (@name, @db.schema.name, @~ or @%%table)", u, stage)
	}
	if prefix != "" {
		if err := ValidKey(prefix); err != nil {
			return "", "", fmt.Errorf("%q: prefix: %w", u, err)
		}
	}
	return stage, prefix, nil
}

// NewSnowflake validates the configuration.
func NewSnowflake(c SnowflakeConfig) (*Snowflake, error) {
	if c.DB == nil {
		return nil, errors.New("snowflake output: no connection")
	}
	if !stageRe.MatchString(c.Stage) {
		return nil, fmt.Errorf("snowflake output: stage %q is not a stage name", c.Stage)
	}
	if c.CopyInto != "" {
		if !identRe.MatchString(c.CopyInto) {
			return nil, fmt.Errorf("snowflake output: copy_into %q is not a table name", c.CopyInto)
		}
		if !identRe.MatchString(c.FileFormat) {
			return nil, fmt.Errorf("snowflake output: copy_into needs file_format, a named file format (got %q)", c.FileFormat)
		}
	} else if c.FileFormat != "" {
		return nil, errors.New("snowflake output: file_format is only used with copy_into")
	}
	if err := checkCopyTransform(c); err != nil {
		return nil, err
	}
	if c.Pipe != "" && !identRe.MatchString(c.Pipe) {
		return nil, fmt.Errorf("snowflake output: pipe %q is not a pipe name", c.Pipe)
	}
	if c.TmpDir == "" {
		c.TmpDir = os.TempDir()
	}
	return &Snowflake{cfg: c}, nil
}

func (o *Snowflake) String() string {
	return "snowflake://" + o.cfg.Stage + "/" + o.cfg.Prefix
}

// Statements returns the SQL Put runs for key and the local file local.
func (o *Snowflake) Statements(key, local string) []string {
	full := joinPrefix(o.cfg.Prefix, key)
	dir, base := path.Split(full)
	location := o.cfg.Stage
	if dir = strings.TrimSuffix(dir, "/"); dir != "" {
		location += "/" + dir
	}
	compression, _ := Compression(key)
	stmts := []string{fmt.Sprintf("PUT 'file://%s' %s AUTO_COMPRESS=FALSE SOURCE_COMPRESSION=%s OVERWRITE=TRUE", filepath.ToSlash(local), location, compression)}
	if o.cfg.CopyInto != "" {
		stmts = append(stmts, fmt.Sprintf("COPY INTO %s FROM %s FILES = ('%s') FILE_FORMAT = (FORMAT_NAME = %s)", o.copyTarget(), o.copySource(location), base, o.cfg.FileFormat))
	}
	if o.cfg.Pipe != "" {
		stmts = append(stmts, fmt.Sprintf("ALTER PIPE %s REFRESH", o.cfg.Pipe))
	}
	return stmts
}

// Put stages the chunk with PUT ... OVERWRITE=TRUE (a repeated PUT replaces
// the file with identical content), then loads it if configured; COPY's load
// history keeps a repeated COPY from loading a file twice.
func (o *Snowflake) Put(ctx context.Context, key, file string, size int64) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	dir, err := os.MkdirTemp(o.cfg.TmpDir, "flurry-put-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	local := filepath.Join(dir, path.Base(key))
	if err := linkOrCopy(file, local); err != nil {
		return err
	}
	for _, stmt := range o.Statements(key, local) {
		if _, err := o.cfg.DB.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("%s: %w", stmt, err)
		}
	}
	return nil
}

func linkOrCopy(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
