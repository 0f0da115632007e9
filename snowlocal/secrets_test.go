package snowlocal

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// Planted values: a stage's CREDENTIALS, an ENCRYPTION master key and a
// user's password must not appear in plain text in any file of the engine
// directory nor in its logs at debug level, nor in DESC/SHOW output.
const (
	plantedKeyID     = "AKIAPLANTEDKEYID4711"
	plantedSecret    = "planted/Secret+Key/0815/wJalrXUtnFEMI"
	plantedMasterKey = "cGxhbnRlZC1tYXN0ZXIta2V5LTQ3MTEtNDcxMQ=="
	plantedPassword  = "planted-user-password-4711"
	// plantedVisible is stored in the same catalog column in plain text: the
	// proof that a plain-text search of the files can find catalog values.
	plantedVisible = "planted-visible-comment-4711"
)

func TestCatalogSecretsSealedAtRest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "engine")
	files := t.TempDir()
	if err := os.WriteFile(filepath.Join(files, "a.csv"), []byte("1,x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	stageMap := map[string]string{"s3://planted-bucket/p/": "file://" + filepath.ToSlash(files)}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	start := func() (*Server, *sql.DB) {
		srv, err := Start(context.Background(), Config{Dir: dir, User: "flurry", Password: "pw", StageMap: stageMap, Logger: logger})
		if err != nil {
			t.Fatal(err)
		}
		host, portText, _ := net.SplitHostPort(srv.Addr())
		port, _ := strconv.Atoi(portText)
		db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: "local", User: "flurry", Password: "pw",
			Host: host, Port: port, Protocol: "http", DisableOCSPChecks: true, DisableTelemetry: true}))
		db.SetMaxOpenConns(1)
		return srv, db
	}
	exec := func(db *sql.DB, stmts ...string) {
		t.Helper()
		for _, s := range stmts {
			if _, err := db.Exec(s); err != nil {
				t.Fatalf("%s: %v", s, err)
			}
		}
	}
	// text collects every value a query returns.
	text := func(db *sql.DB, q string) string {
		t.Helper()
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		var b strings.Builder
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				b.WriteString(v.String + "|")
			}
			b.WriteString("\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	secrets := []string{plantedKeyID, plantedSecret, plantedMasterKey, plantedPassword}
	noSecret := func(where, s string) {
		t.Helper()
		for _, p := range secrets {
			if strings.Contains(s, p) {
				t.Errorf("%s shows the planted secret %q", where, p)
			}
		}
	}
	grepDir := func(when string) {
		t.Helper()
		visible := false
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			visible = visible || bytes.Contains(b, []byte(plantedVisible))
			noSecret(when+": file "+p, string(b))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !visible {
			t.Fatalf("%s: the plain comment %q is in no file of %s: the search cannot see catalog values", when, plantedVisible, dir)
		}
	}

	srv, db := start()
	exec(db, "create database d",
		"create stage d.public.s url = 's3://planted-bucket/p/' credentials = (aws_key_id = '"+plantedKeyID+"' aws_secret_key = '"+plantedSecret+"')"+
			" encryption = (type = 'AWS_SSE_S3') comment = '"+plantedVisible+"'",
		"create stage d.public.e url = 's3://planted-bucket/p/' encryption = (type = 'AWS_CSE' master_key = '"+plantedMasterKey+"')",
		"create user bob password = '"+plantedPassword+"'")
	for _, q := range []string{"show stages in database d", "desc stage d.public.s", "desc stage d.public.e", "show users"} {
		noSecret(q, text(db, q))
	}
	if got := text(db, "show stages like 'S' in database d"); !strings.Contains(got, "|Y|") {
		t.Errorf("SHOW STAGES: want has_credentials Y, got %s", got)
	}
	if got := text(db, "list @d.public.s"); !strings.Contains(got, "a.csv") {
		t.Errorf("LIST @s before restart: %s", got)
	}
	grepDir("running engine")
	db.Close()
	srv.Close()
	grepDir("stopped engine")
	if st, err := os.Stat(filepath.Join(dir, secretKeyFile)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("%s: %v, mode %v; want 0600", secretKeyFile, err, st.Mode().Perm())
	}

	// After a restart the stage works and its credentials read back.
	srv, db = start()
	defer srv.Close()
	defer db.Close()
	if got := text(db, "list @d.public.s"); !strings.Contains(got, "a.csv") {
		t.Errorf("LIST @s after restart: %s", got)
	}
	if got := text(db, "select $1 from @d.public.s"); !strings.Contains(got, "1|") {
		t.Errorf("SELECT from @s after restart: %s", got)
	}
	o, ok, err := srv.Engine().GetObject(context.Background(), "STAGE", "D", "PUBLIC", "S")
	if err != nil || !ok {
		t.Fatalf("stage S after restart: %v %v", ok, err)
	}
	if !strings.Contains(o.Props["CREDENTIALS"], plantedSecret) || !strings.Contains(o.SQL, plantedKeyID) {
		t.Errorf("stage S after restart: credentials %q, statement %q; want the planted values back", o.Props["CREDENTIALS"], o.SQL)
	}
	noSecret("debug log", logs.String())
	if !strings.Contains(logs.String(), "create stage") {
		t.Errorf("the debug log does not show the statements, so it proves nothing:\n%s", logs.String())
	}
}

// A catalog written before sealing existed is sealed at the next start.
func TestPlainCatalogSealedAtStart(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Exec(`INSERT INTO `+e.meta+`.OBJECTS (KIND, DATABASE_NAME, SCHEMA_NAME, NAME, PROPERTIES, SQL_TEXT, OWNER) VALUES (?,?,?,?,?,?,?)`,
		"STAGE", "D", "PUBLIC", "OLD", `{"CREDENTIALS":"(AWS_SECRET_KEY='`+plantedSecret+`')"}`,
		"create stage old credentials = (aws_secret_key = '"+plantedSecret+"')", "SYSADMIN"); err != nil {
		t.Fatal(err)
	}
	e.Close()
	e, err = Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var props, text string
	if err := e.db.QueryRow(`SELECT CAST(PROPERTIES AS VARCHAR), SQL_TEXT FROM `+e.meta+`.OBJECTS WHERE NAME = 'OLD'`).Scan(&props, &text); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(props+text, plantedSecret) || !strings.Contains(props, sealedPrefix) || !strings.HasPrefix(text, sealedPrefix) {
		t.Errorf("stored row after restart: %s / %s; want both sealed", props, text)
	}
	o, ok, err := e.GetObject(context.Background(), "STAGE", "D", "PUBLIC", "OLD")
	if err != nil || !ok || !strings.Contains(o.Props["CREDENTIALS"], plantedSecret) {
		t.Errorf("GetObject: %v %v %q", ok, err, o.Props["CREDENTIALS"])
	}
}
