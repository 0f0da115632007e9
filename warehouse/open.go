package warehouse

import (
	"context"
	"crypto/rsa"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"
)

// Open connects to t through gosnowflake. For the local engine it starts the
// engine in-process on 127.0.0.1 first (see OpenLocal). The connection is
// checked with a ping, so a wrong password fails here, with Snowflake's error.
func Open(ctx context.Context, t Target) (*DB, error) {
	if t.IsLocal() {
		dir := t.LocalDir
		if dir == MemoryDir {
			dir = ""
		}
		return openLocalTarget(ctx, dir, func(cfg *sf.Config) {
			cfg.Role, cfg.Warehouse, cfg.Database, cfg.Schema = t.Role, t.Warehouse, t.Database, t.Schema
		})
	}
	cfg, err := t.Config()
	if err != nil {
		return nil, err
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", t.Describe(), err)
	}
	return &DB{DB: db, Describe: t.Describe()}, nil
}

// Config is the gosnowflake configuration for a Snowflake target. It reads
// the private key and asks t.Prompt (if set) for a missing passphrase or
// password. Errors name the setting's source, never a secret's value.
func (t Target) Config() (*sf.Config, error) {
	if t.IsLocal() {
		return nil, errors.New("the local engine target has no fixed configuration: use Open")
	}
	cfg := &sf.Config{Params: map[string]*string{}}
	if t.DSN != "" {
		parsed, err := parseDSN(t.DSN)
		if err != nil {
			return nil, fmt.Errorf("--dsn: %w", err)
		}
		cfg = parsed
	}
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&cfg.Account, t.Account}, {&cfg.User, t.User}, {&cfg.Password, t.Password}, {&cfg.Role, t.Role},
		{&cfg.Warehouse, t.Warehouse}, {&cfg.Database, t.Database}, {&cfg.Schema, t.Schema},
		{&cfg.Host, t.Host}, {&cfg.Protocol, t.Protocol}, {&cfg.Token, t.Token},
		{&cfg.TokenFilePath, expandHome(t.TokenFilePath, t.home)},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
	if t.Port != 0 {
		cfg.Port = t.Port
	}
	if cfg.Application == "" || cfg.Application == "Go" {
		cfg.Application = "flurry"
	}
	if strings.EqualFold(cfg.Protocol, "http") {
		// Plain http is only ever a local engine (`flurry local serve`): it has
		// no OCSP responder and no telemetry sink.
		cfg.DisableOCSPChecks = true
		cfg.DisableTelemetry = true
	}
	if t.Authenticator != "" {
		auth, okta, err := authType(t.Authenticator)
		if err != nil {
			return nil, fmt.Errorf("%s=%q: %w", t.Origin("authenticator"), t.Authenticator, err)
		}
		cfg.Authenticator, cfg.OktaURL = auth, okta
	}

	if t.PrivateKey != "" || t.PrivateKeyFile != "" {
		key, err := t.privateKey()
		if err != nil {
			return nil, err
		}
		cfg.PrivateKey = key
	}
	switch cfg.Authenticator {
	case sf.AuthTypeJwt:
		if cfg.PrivateKey == nil {
			return nil, fmt.Errorf("authenticator SNOWFLAKE_JWT (%s) needs a private key: "+
				"set --private-key-file, SNOWFLAKE_PRIVATE_KEY_FILE or private_key_file in the connection", t.Origin("authenticator"))
		}
	case sf.AuthTypeSnowflake, sf.AuthTypeUsernamePasswordMFA:
		if cfg.User != "" && cfg.Password == "" {
			if t.Prompt == nil {
				return nil, fmt.Errorf("no password for user %q on account %q: set SNOWFLAKE_PASSWORD or password in the connection, "+
					"or use key-pair authentication (--private-key-file)", cfg.User, cfg.Account)
			}
			pw, err := t.Prompt(fmt.Sprintf("password for %s on %s", cfg.User, cfg.Account))
			if err != nil {
				return nil, fmt.Errorf("read password: %w", err)
			}
			cfg.Password = pw
		}
	case sf.AuthTypeOAuth:
		if cfg.Token == "" && cfg.TokenFilePath == "" {
			return nil, fmt.Errorf("authenticator OAUTH (%s) needs a token: set SNOWFLAKE_TOKEN, SNOWFLAKE_TOKEN_FILE_PATH "+
				"or token in the connection", t.Origin("authenticator"))
		}
	case sf.AuthTypePat:
		if cfg.Token == "" && cfg.TokenFilePath == "" {
			if cfg.Password == "" {
				return nil, fmt.Errorf("authenticator PROGRAMMATIC_ACCESS_TOKEN (%s) needs a token: set SNOWFLAKE_TOKEN "+
					"or token in the connection", t.Origin("authenticator"))
			}
			// The Snowflake connectors accept a PAT in the password field too.
			cfg.Token = cfg.Password
		}
	}
	if cfg.User == "" && cfg.Authenticator != sf.AuthTypeOAuth && cfg.Authenticator != sf.AuthTypePat &&
		cfg.Authenticator != sf.AuthTypeExternalBrowser && cfg.Authenticator != sf.AuthTypeWorkloadIdentityFederation &&
		cfg.Authenticator != sf.AuthTypeOAuthClientCredentials && cfg.Authenticator != sf.AuthTypeOAuthAuthorizationCode &&
		cfg.Authenticator != sf.AuthTypeTokenAccessor {
		return nil, fmt.Errorf("no user for account %q: set --user, SNOWFLAKE_USER or user in the connection", cfg.Account)
	}
	return cfg, nil
}

// privateKey reads and decrypts the key-pair private key.
func (t Target) privateKey() (*rsa.PrivateKey, error) {
	var (
		data  []byte
		where string // names the key's source for errors, without its content
	)
	if t.PrivateKey != "" {
		data, where = []byte(t.PrivateKey), t.Origin("private_key")+" (key content)"
	} else {
		path := expandHome(t.PrivateKeyFile, t.home)
		where = t.Origin("private_key_file") + "=" + t.PrivateKeyFile
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	key, err := ParsePrivateKey(data, []byte(t.PrivateKeyPassphrase))
	if errors.Is(err, ErrPassphraseRequired) && t.Prompt != nil {
		pass, perr := t.Prompt("passphrase for private key " + where)
		if perr != nil {
			return nil, fmt.Errorf("read passphrase: %w", perr)
		}
		key, err = ParsePrivateKey(data, []byte(pass))
	}
	switch {
	case errors.Is(err, ErrPassphraseRequired):
		return nil, fmt.Errorf("%s: %w: set SNOWFLAKE_PRIVATE_KEY_PASSPHRASE or private_key_file_pwd in the connection", where, err)
	case errors.Is(err, ErrWrongPassphrase) && t.PrivateKeyPassphrase != "":
		return nil, fmt.Errorf("%s: %w (passphrase from %s)", where, err, t.Origin("private_key_passphrase"))
	case err != nil:
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return key, nil
}
