package main

import (
	"fmt"
	"log/slog"
	"os"
	"regexp"

	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/warehouse"
	"golang.org/x/term"
)

const targetCategory = "Target (flags > SNOWFLAKE_* env > connections.toml > local engine)"

// targetFlags are the flags choosing the warehouse a command talks to. There
// are deliberately no password or passphrase flags: secrets on a command
// line end up in shell history and ps output. They come from SNOWFLAKE_*
// variables, the connection file, or a prompt.
func targetFlags() []cli.Flag {
	str := func(name, usage string) cli.Flag {
		return &cli.StringFlag{Name: name, Usage: usage, Category: targetCategory}
	}
	return []cli.Flag{
		str("connection", "use connection `NAME` from ~/.snowflake/connections.toml or config.toml"),
		str("dsn", "connect with a gosnowflake `DSN`: user[:password]@account/database/schema?warehouse=WH&role=ROLE"),
		str("account", "Snowflake `ACCOUNT` identifier, e.g. myorg-myaccount (env SNOWFLAKE_ACCOUNT)"),
		str("user", "Snowflake `USER` (env SNOWFLAKE_USER)"),
		str("role", "`ROLE` for the session (env SNOWFLAKE_ROLE)"),
		str("warehouse", "`WAREHOUSE` for the session (env SNOWFLAKE_WAREHOUSE)"),
		str("database", "`DATABASE` for the session (env SNOWFLAKE_DATABASE)"),
		str("schema", "`SCHEMA` for the session (env SNOWFLAKE_SCHEMA)"),
		str("authenticator", "`AUTHENTICATOR`: snowflake (password), snowflake_jwt (key pair), oauth, programmatic_access_token, externalbrowser, ... (env SNOWFLAKE_AUTHENTICATOR)"),
		str("private-key-file", "`FILE` with the key-pair private key, PEM PKCS#8 (encrypted or not) or PKCS#1; passphrase from env SNOWFLAKE_PRIVATE_KEY_PASSPHRASE or a prompt"),
		str("host", "`HOST` to connect to instead of ACCOUNT.snowflakecomputing.com (env SNOWFLAKE_HOST)"),
		&cli.IntFlag{Name: "port", Usage: "`PORT` to connect to (env SNOWFLAKE_PORT)", DefaultText: "443", Category: targetCategory},
		str("protocol", "`PROTOCOL`: https (default), or http for a \"flurry local serve\" engine (env SNOWFLAKE_PROTOCOL)"),
		str("local-dir", "use the local engine with its data in `DIR`, or :memory: (env FLURRY_LOCAL_DIR; default ./.flurry/local)"),
		&cli.BoolFlag{Name: "local", Category: targetCategory,
			Usage: "use the local engine even if SNOWFLAKE_* settings name an account; with CI=true the local engine is only used with --local or --local-dir"},
	}
}

// envLookupKey is the App.Metadata key of a func(string) (string, bool)
// environment lookup (tests set it); without it the process environment is
// asked, when the app runs on it (processEnv).
const envLookupKey = "envLookup"

// processEnv is set by main: the app's environment is the process's, so a
// variable set to "" can be told from one not set at all.
var processEnv bool

func envLookup(c *cli.Context) func(string) (string, bool) {
	if f, ok := c.App.Metadata[envLookupKey].(func(string) (string, bool)); ok && f != nil {
		return f
	}
	if processEnv {
		return os.LookupEnv
	}
	return nil
}

// openTarget resolves the target from the command's flags, the environment
// and the connection files, and connects to it.
func openTarget(c *cli.Context) (*warehouse.DB, error) {
	t, err := resolveTarget(c)
	if err != nil {
		return nil, err
	}
	db, err := warehouse.Open(c.Context, t)
	if err != nil {
		if t.IsLocal() {
			return nil, engineInUse(t.LocalDir, err)
		}
		return nil, err
	}
	slog.Debug("connected", "target", db.Describe)
	return db, nil
}

// resolveTarget is openTarget without connecting.
func resolveTarget(c *cli.Context) (warehouse.Target, error) {
	env := getenv(c)
	flags := warehouse.Target{
		Connection:     c.String("connection"),
		DSN:            c.String("dsn"),
		Account:        c.String("account"),
		User:           c.String("user"),
		Role:           c.String("role"),
		Warehouse:      c.String("warehouse"),
		Database:       c.String("database"),
		Schema:         c.String("schema"),
		Authenticator:  c.String("authenticator"),
		PrivateKeyFile: c.String("private-key-file"),
		Host:           c.String("host"),
		Port:           c.Int("port"),
		Protocol:       c.String("protocol"),
		LocalDir:       c.String("local-dir"),
	}
	if f, ok := c.App.Reader.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		flags.Prompt = func(what string) (string, error) {
			fmt.Fprintf(c.App.ErrWriter, "%s: ", what)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(c.App.ErrWriter)
			return string(b), err
		}
	}
	home := env("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	explicitLocal := flags.LocalDir != "" || c.Bool("local")
	if c.Bool("local") {
		for _, f := range []string{"dsn", "connection", "account"} {
			if c.String(f) != "" {
				return warehouse.Target{}, fmt.Errorf("--local chooses the local engine but --%s chooses Snowflake: give one", f)
			}
		}
		if flags.LocalDir == "" {
			flags.LocalDir = env("FLURRY_LOCAL_DIR")
		}
		if flags.LocalDir == "" {
			flags.LocalDir = warehouse.DefaultLocalDir
		}
	} else if err := warehouse.CheckAccountSet(envLookup(c)); err != nil {
		return warehouse.Target{}, err
	}
	t, src, err := warehouse.Resolve(flags, env, home)
	if err != nil {
		return warehouse.Target{}, err
	}
	if err := warehouse.CheckCIDefault(src, env, explicitLocal); err != nil {
		return warehouse.Target{}, err
	}
	if hint := t.LocalHint(); hint != "" {
		slog.Info(hint)
	}
	slog.Debug("target", "source", string(src), "target", t.Describe())
	return t, nil
}

// duckLockRE matches DuckDB's message when another process has the engine's
// database file open.
var duckLockRE = regexp.MustCompile(`Could not set lock on file "[^"]*": Conflicting lock is held in (.*?) \(PID (\d+)\)`)

// engineInUse turns DuckDB's file-lock error into what it means here: the
// local engine's directory is in use by another flurry (a second `migrate
// up`, a `flurry local serve`).
func engineInUse(dir string, err error) error {
	m := duckLockRE.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	return fmt.Errorf("local engine in use: %s is open in another process (PID %s, %s). The in-process engine "+
		"serves one command at a time: wait for that one to finish, or run `flurry local serve --dir %s` and point "+
		"every command at it with the flags it prints, or use another --local-dir", dir, m[2], m[1], dir)
}
