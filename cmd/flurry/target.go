package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/flurry-dev/flurry/warehouse"
	"github.com/urfave/cli/v2"
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
	}
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
	t, src, err := warehouse.Resolve(flags, env, home)
	if err != nil {
		return warehouse.Target{}, err
	}
	if hint := t.LocalHint(); hint != "" {
		slog.Info(hint)
	}
	slog.Debug("target", "source", string(src), "target", t.Describe())
	return t, nil
}
