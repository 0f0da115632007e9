package warehouse

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	sf "github.com/snowflakedb/gosnowflake"
)

// DefaultLocalDir is where the local engine keeps its data when no Snowflake
// target is given and neither --local-dir nor FLURRY_LOCAL_DIR says otherwise.
const DefaultLocalDir = ".flurry/local"

// MemoryDir as a local directory keeps the local engine's data in memory.
const MemoryDir = ":memory:"

// Target says which warehouse to connect to and how: a Snowflake account (or
// anything speaking its protocol, such as `flurry local serve`) or, when none
// is chosen, the in-process local engine.
//
// Resolve builds a Target from flags, SNOWFLAKE_* environment variables and
// the Snowflake connection files, in that order of precedence.
type Target struct {
	// Connection names a connection in connections.toml or config.toml.
	Connection string
	// DSN is a gosnowflake DSN (user:password@account/database/schema?warehouse=wh&role=r).
	DSN string

	Account   string
	User      string
	Role      string
	Warehouse string
	Database  string
	Schema    string
	// Authenticator is one of snowflake (the default: user and password),
	// snowflake_jwt (key pair), oauth, programmatic_access_token,
	// username_password_mfa, externalbrowser, oauth_client_credentials,
	// oauth_authorization_code, workload_identity or an https:// Okta URL.
	// Left empty with a private key given, it becomes snowflake_jwt.
	Authenticator string
	Host          string
	Port          int
	Protocol      string // https (default) or http

	// Secrets. They never appear in Describe, errors or logs.
	Password      string
	Token         string // OAuth access token or programmatic access token
	TokenFilePath string // file holding the token
	// PrivateKey is the PEM text (or base64 DER) of the key-pair private key;
	// PrivateKeyFile names a file holding it. At most one is used.
	PrivateKey           string
	PrivateKeyFile       string
	PrivateKeyPassphrase string

	// LocalDir is the local engine's data directory ("" or ":memory:" keeps
	// the data in memory); only used when the target is the local engine.
	LocalDir string

	// Prompt, when set, asks the user for a missing secret (a private key
	// passphrase or a password); what says which. Nil means never prompt.
	Prompt func(what string) (string, error)

	home    string // for ~/ in file paths from connection files
	origins map[string]string
}

// Source says which layer selected a target.
type Source string

const (
	SourceFlags      Source = "flags"      // --account and friends
	SourceDSN        Source = "dsn"        // --dsn
	SourceEnv        Source = "env"        // SNOWFLAKE_ACCOUNT and friends
	SourceConnection Source = "connection" // --connection or SNOWFLAKE_DEFAULT_CONNECTION_NAME
	SourceDefault    Source = "default"    // nothing chosen: the local engine
)

// IsLocal reports whether t is the in-process local engine: it names no
// account and no DSN. The zero Target is the local engine in memory.
func (t Target) IsLocal() bool { return t.Account == "" && t.DSN == "" }

// Origin names where the setting key (account, user, private_key_file, ...)
// came from, e.g. "SNOWFLAKE_PRIVATE_KEY_FILE" or "--account", or "" if unset.
func (t Target) Origin(key string) string { return t.origins[key] }

// Describe names the target for humans: account, user, host and
// authenticator, never a secret.
func (t Target) Describe() string {
	if t.IsLocal() {
		if t.LocalDir == "" || t.LocalDir == MemoryDir {
			return "local engine (in memory)"
		}
		return "local engine (" + t.LocalDir + ")"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Snowflake account %q", t.Account)
	if t.User != "" {
		fmt.Fprintf(&b, " as user %q", t.User)
	}
	if t.Host != "" {
		b.WriteString(" at ")
		if t.Protocol != "" {
			b.WriteString(t.Protocol + "://")
		}
		b.WriteString(t.Host)
		if t.Port != 0 {
			fmt.Fprintf(&b, ":%d", t.Port)
		}
	}
	if t.Authenticator != "" {
		fmt.Fprintf(&b, " (authenticator %s)", strings.ToUpper(t.Authenticator))
	}
	switch {
	case t.DSN != "":
		b.WriteString(" from --dsn")
	case t.Connection != "":
		fmt.Fprintf(&b, " from connection %q", t.Connection)
	}
	return b.String()
}

// setting is one value and the place it came from.
type setting struct {
	value  string
	origin string
}

// Field keys, as connections.toml spells them. flagNames maps those that have
// a command-line flag to it; secrets deliberately have none (a flag would end
// up in shell history and ps output).
var (
	stringFields = []string{
		"account", "user", "role", "warehouse", "database", "schema", "authenticator", "host", "protocol",
		"password", "token", "token_file_path", "private_key", "private_key_file", "private_key_passphrase",
	}
	flagNames = map[string]string{
		"connection": "--connection", "dsn": "--dsn", "account": "--account", "user": "--user", "role": "--role",
		"warehouse": "--warehouse", "database": "--database", "schema": "--schema",
		"authenticator": "--authenticator", "private_key_file": "--private-key-file", "host": "--host",
		"port": "--port", "protocol": "--protocol", "local_dir": "--local-dir",
	}
	// envNames lists the environment variables for each key, preferred first.
	envNames = map[string][]string{
		"account":                {"SNOWFLAKE_ACCOUNT"},
		"user":                   {"SNOWFLAKE_USER"},
		"password":               {"SNOWFLAKE_PASSWORD"},
		"role":                   {"SNOWFLAKE_ROLE"},
		"warehouse":              {"SNOWFLAKE_WAREHOUSE"},
		"database":               {"SNOWFLAKE_DATABASE"},
		"schema":                 {"SNOWFLAKE_SCHEMA"},
		"authenticator":          {"SNOWFLAKE_AUTHENTICATOR"},
		"host":                   {"SNOWFLAKE_HOST"},
		"port":                   {"SNOWFLAKE_PORT"},
		"protocol":               {"SNOWFLAKE_PROTOCOL"},
		"token":                  {"SNOWFLAKE_TOKEN"},
		"token_file_path":        {"SNOWFLAKE_TOKEN_FILE_PATH"},
		"private_key":            {"SNOWFLAKE_PRIVATE_KEY", "SNOWFLAKE_PRIVATE_KEY_RAW"},
		"private_key_file":       {"SNOWFLAKE_PRIVATE_KEY_FILE", "SNOWFLAKE_PRIVATE_KEY_PATH"},
		"private_key_passphrase": {"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "SNOWFLAKE_PRIVATE_KEY_FILE_PWD"},
	}
	secretFields = map[string]bool{"password": true, "token": true, "private_key": true, "private_key_passphrase": true}
	// contextFields say where to work, not who is connecting; they apply to
	// the local engine too.
	contextFields = map[string]bool{"role": true, "warehouse": true, "database": true, "schema": true}
)

func (t *Target) stringField(key string) *string {
	switch key {
	case "account":
		return &t.Account
	case "user":
		return &t.User
	case "role":
		return &t.Role
	case "warehouse":
		return &t.Warehouse
	case "database":
		return &t.Database
	case "schema":
		return &t.Schema
	case "authenticator":
		return &t.Authenticator
	case "host":
		return &t.Host
	case "protocol":
		return &t.Protocol
	case "password":
		return &t.Password
	case "token":
		return &t.Token
	case "token_file_path":
		return &t.TokenFilePath
	case "private_key":
		return &t.PrivateKey
	case "private_key_file":
		return &t.PrivateKeyFile
	case "private_key_passphrase":
		return &t.PrivateKeyPassphrase
	}
	panic("warehouse: unknown target field " + key)
}

// Resolve decides the target. Precedence, highest first:
//
//  1. flags: the fields of flags (--account, --user, ..., --connection, --dsn, --local-dir);
//  2. environment: SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> for the chosen connection,
//     then SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER, ... (see envNames);
//  3. the connection file: the connection named by --connection, else
//     SNOWFLAKE_DEFAULT_CONNECTION_NAME, else (only when flags or environment
//     name an account) config.toml's default_connection_name;
//  4. default: the local engine in --local-dir, FLURRY_LOCAL_DIR or ./.flurry/local.
//
// Each setting is taken from the highest layer that has it; a private key
// given as a file or as content counts as one setting. A Snowflake target is
// chosen by --dsn, --connection, --account, SNOWFLAKE_ACCOUNT or
// SNOWFLAKE_DEFAULT_CONNECTION_NAME; --local-dir forces the local engine.
// With --dsn the DSN is complete: only flags override its fields, and only
// its missing secrets are read from the environment.
//
// env looks up environment variables (os.Getenv); home is the user's home
// directory, where ~/.snowflake lives.
func Resolve(flags Target, env func(string) string, home string) (Target, Source, error) {
	if env == nil {
		env = func(string) string { return "" }
	}
	fl := flagSettings(flags)

	// Conflicting selections on the command line are errors, not precedence.
	if flags.DSN != "" && flags.Connection != "" {
		return Target{}, "", fmt.Errorf("--dsn and --connection both choose a target: give one")
	}
	if flags.LocalDir != "" {
		for _, k := range []string{"dsn", "connection", "account"} {
			if _, ok := fl[k]; ok {
				return Target{}, "", fmt.Errorf("--local-dir chooses the local engine but %s chooses Snowflake: give one", flagNames[k])
			}
		}
		return resolveLocal(flags, fl, env)
	}
	if flags.DSN != "" {
		return resolveDSN(flags, fl, env, home)
	}

	name, nameOrigin := flags.Connection, "--connection"
	if name == "" {
		name, nameOrigin = env("SNOWFLAKE_DEFAULT_CONNECTION_NAME"), "SNOWFLAKE_DEFAULT_CONNECTION_NAME"
	}
	envSet, err := envSettings(env, name)
	if err != nil {
		return Target{}, "", err
	}
	_, accountFlag := fl["account"]
	_, accountEnv := envSet["account"]
	if name == "" && !accountFlag && !accountEnv {
		if hint := defaultConnectionHint(env, home); hint != "" {
			// Never reach a real account by surprise: say how to, and stay local.
			fl["local_hint"] = setting{value: hint}
		}
		return resolveLocal(flags, fl, env)
	}

	var fileSet map[string]setting
	dir, dirWhy := snowflakeDir(env, home)
	files, err := readConnectionFiles(dir)
	if err != nil {
		return Target{}, "", err
	}
	if name == "" {
		if name, err = files.defaultConnectionName(); err != nil {
			return Target{}, "", err
		}
		nameOrigin = "default_connection_name in " + files.configPath()
		if name != "" {
			if envSet, err = envSettings(env, name); err != nil {
				return Target{}, "", err
			}
		}
	}
	if name != "" {
		fileSet, _, err = files.connection(name)
		if err != nil {
			if dirWhy != "" {
				err = fmt.Errorf("%w (directory from %s)", err, dirWhy)
			}
			return Target{}, "", fmt.Errorf("%s=%s: %w", nameOrigin, name, err)
		}
	}

	t := Target{Connection: name, Prompt: flags.Prompt, home: home, origins: map[string]string{}}
	if name != "" {
		t.origins["connection"] = nameOrigin
	}
	merge(&t, fl, envSet, fileSet)
	if err := t.parsePort(fl, envSet, fileSet); err != nil {
		return Target{}, "", err
	}
	if t.Account == "" {
		return Target{}, "", fmt.Errorf("%s=%s: connection has no account", nameOrigin, name)
	}
	if err := t.checkAuthenticator(); err != nil {
		return Target{}, "", err
	}
	src := SourceConnection
	switch {
	case flags.Connection != "" || (name != "" && !accountFlag && !accountEnv):
		src = SourceConnection
	case accountFlag:
		src = SourceFlags
	case accountEnv:
		src = SourceEnv
	}
	return t, src, nil
}

func flagSettings(flags Target) map[string]setting {
	out := map[string]setting{}
	add := func(key, v string) {
		if v == "" {
			return
		}
		origin := flagNames[key]
		if origin == "" {
			origin = "caller-supplied " + key // secrets have no flag; a Go caller may set them
		}
		out[key] = setting{value: v, origin: origin}
	}
	add("connection", flags.Connection)
	add("dsn", flags.DSN)
	add("local_dir", flags.LocalDir)
	for _, k := range stringFields {
		add(k, *flags.stringField(k))
	}
	if flags.Port != 0 {
		add("port", strconv.Itoa(flags.Port))
	}
	return out
}

// envSettings reads SNOWFLAKE_* variables; for a named connection,
// SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> wins over the generic variable.
func envSettings(env func(string) string, connection string) (map[string]setting, error) {
	out := map[string]setting{}
	keys := append([]string{"port"}, stringFields...)
	for _, k := range keys {
		var names []string
		if connection != "" {
			prefix := "SNOWFLAKE_CONNECTIONS_" + strings.ToUpper(connection) + "_"
			for alias, field := range connectionKeys {
				if field == k {
					names = append(names, prefix+strings.ToUpper(alias))
				}
			}
			sort.Strings(names)
		}
		names = append(names, envNames[k]...)
		for _, n := range names {
			v := env(n)
			if v == "" {
				continue
			}
			if prev, ok := out[k]; ok {
				if prev.value != v && strings.HasPrefix(prev.origin, "SNOWFLAKE_CONNECTIONS_") == strings.HasPrefix(n, "SNOWFLAKE_CONNECTIONS_") {
					return nil, fmt.Errorf("%s and %s are both set and differ: unset one", prev.origin, n)
				}
				continue
			}
			out[k] = setting{value: v, origin: n}
		}
	}
	return out, nil
}

// merge fills t from the layers, highest first. The private key (content or
// file) is one setting: the highest layer giving either wins outright.
func merge(t *Target, layers ...map[string]setting) {
	keyLayer := -1
	for i, l := range layers {
		_, content := l["private_key"]
		_, file := l["private_key_file"]
		if content || file {
			keyLayer = i
			break
		}
	}
	for _, k := range stringFields {
		for i, l := range layers {
			s, ok := l[k]
			if !ok {
				continue
			}
			if (k == "private_key" || k == "private_key_file") && i != keyLayer {
				continue
			}
			*t.stringField(k) = s.value
			t.origins[k] = s.origin
			break
		}
	}
}

func (t *Target) parsePort(layers ...map[string]setting) error {
	for _, l := range layers {
		s, ok := l["port"]
		if !ok {
			continue
		}
		p, err := strconv.Atoi(strings.TrimSpace(s.value))
		if err != nil || p <= 0 || p > 65535 {
			return fmt.Errorf("%s=%q: not a port number (1-65535)", s.origin, s.value)
		}
		t.Port = p
		t.origins["port"] = s.origin
		return nil
	}
	return nil
}

// checkAuthenticator validates the authenticator and infers SNOWFLAKE_JWT
// from a private key.
func (t *Target) checkAuthenticator() error {
	if t.Authenticator == "" {
		if t.PrivateKey != "" || t.PrivateKeyFile != "" {
			t.Authenticator = "snowflake_jwt"
			key := "private_key_file"
			if t.PrivateKey != "" {
				key = "private_key"
			}
			t.origins["authenticator"] = "inferred from " + t.origins[key]
		}
		return nil
	}
	if _, _, err := authType(t.Authenticator); err != nil {
		return fmt.Errorf("%s=%q: %w", t.origins["authenticator"], t.Authenticator, err)
	}
	return nil
}

// authType maps an authenticator name to gosnowflake's, as the Snowflake
// connectors spell them (case-insensitive).
func authType(name string) (sf.AuthType, *url.URL, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "snowflake":
		return sf.AuthTypeSnowflake, nil, nil
	case "snowflake_jwt":
		return sf.AuthTypeJwt, nil, nil
	case "oauth":
		return sf.AuthTypeOAuth, nil, nil
	case "programmatic_access_token":
		return sf.AuthTypePat, nil, nil
	case "username_password_mfa":
		return sf.AuthTypeUsernamePasswordMFA, nil, nil
	case "externalbrowser":
		return sf.AuthTypeExternalBrowser, nil, nil
	case "oauth_client_credentials":
		return sf.AuthTypeOAuthClientCredentials, nil, nil
	case "oauth_authorization_code":
		return sf.AuthTypeOAuthAuthorizationCode, nil, nil
	case "workload_identity":
		return sf.AuthTypeWorkloadIdentityFederation, nil, nil
	case "tokenaccessor":
		return sf.AuthTypeTokenAccessor, nil, nil
	}
	if u, err := url.Parse(name); err == nil && u.Scheme == "https" && u.Host != "" {
		return sf.AuthTypeOkta, u, nil
	}
	return 0, nil, fmt.Errorf("unknown authenticator: want snowflake, snowflake_jwt, oauth, programmatic_access_token, " +
		"username_password_mfa, externalbrowser, oauth_client_credentials, oauth_authorization_code, " +
		"workload_identity or an https:// Okta URL")
}

func resolveLocal(flags Target, fl map[string]setting, env func(string) string) (Target, Source, error) {
	// Who-is-connecting flags make no sense for the local engine: a user who
	// typed them expected Snowflake.
	for _, k := range []string{"user", "authenticator", "private_key_file", "host", "port", "protocol",
		"password", "token", "token_file_path", "private_key", "private_key_passphrase"} {
		if s, ok := fl[k]; ok {
			return Target{}, "", fmt.Errorf("%s needs a Snowflake target: add --account, --connection or --dsn "+
				"(with none of them flurry uses the local engine)", s.origin)
		}
	}
	t := Target{Prompt: flags.Prompt, origins: map[string]string{}}
	envSet, err := envSettings(env, "")
	if err != nil {
		return Target{}, "", err
	}
	for k := range contextFields {
		for _, l := range []map[string]setting{fl, envSet} {
			if s, ok := l[k]; ok {
				*t.stringField(k) = s.value
				t.origins[k] = s.origin
				break
			}
		}
	}
	switch {
	case flags.LocalDir != "":
		t.LocalDir, t.origins["local_dir"] = flags.LocalDir, "--local-dir"
	case env("FLURRY_LOCAL_DIR") != "":
		t.LocalDir, t.origins["local_dir"] = env("FLURRY_LOCAL_DIR"), "FLURRY_LOCAL_DIR"
	default:
		t.LocalDir, t.origins["local_dir"] = DefaultLocalDir, "default"
	}
	if h, ok := fl["local_hint"]; ok {
		t.origins["local_hint"] = h.value
	}
	return t, SourceDefault, nil
}

// LocalHint is, for a local target chosen by default while a Snowflake CLI
// default connection exists, a sentence telling the user how to use it.
func (t Target) LocalHint() string { return t.origins["local_hint"] }

func defaultConnectionHint(env func(string) string, home string) string {
	dir, _ := snowflakeDir(env, home)
	files, err := readConnectionFiles(dir)
	if err != nil {
		return ""
	}
	name, err := files.defaultConnectionName()
	if err != nil || name == "" {
		return ""
	}
	return fmt.Sprintf("%s sets default_connection_name = %q; flurry still defaults to the local engine: "+
		"pass --connection %s (or set SNOWFLAKE_DEFAULT_CONNECTION_NAME) to use it", files.configPath(), name, name)
}

func resolveDSN(flags Target, fl map[string]setting, env func(string) string, home string) (Target, Source, error) {
	cfg, err := parseDSN(flags.DSN)
	if err != nil {
		// The DSN may hold a password: never echo it.
		return Target{}, "", fmt.Errorf("--dsn: %w", err)
	}
	t := Target{DSN: flags.DSN, Prompt: flags.Prompt, home: home, origins: map[string]string{"dsn": "--dsn"}}
	// Describe and Origin report what the DSN says, overridden by flags.
	fromDSN := map[string]string{
		"account": cfg.Account, "user": cfg.User, "role": cfg.Role, "warehouse": cfg.Warehouse,
		"database": cfg.Database, "schema": cfg.Schema, "host": cfg.Host, "protocol": cfg.Protocol,
		"password": cfg.Password, "token": cfg.Token, "token_file_path": cfg.TokenFilePath,
	}
	dsnSet := map[string]setting{}
	for k, v := range fromDSN {
		if v != "" {
			dsnSet[k] = setting{value: v, origin: "--dsn"}
		}
	}
	if cfg.Authenticator != sf.AuthTypeSnowflake {
		dsnSet["authenticator"] = setting{value: strings.ToLower(cfg.Authenticator.String()), origin: "--dsn"}
		if cfg.Authenticator == sf.AuthTypeOkta && cfg.OktaURL != nil {
			dsnSet["authenticator"] = setting{value: cfg.OktaURL.String(), origin: "--dsn"}
		}
	}
	if cfg.PrivateKey != nil {
		dsnSet["private_key"] = setting{value: "(in DSN)", origin: "--dsn"}
	}
	if cfg.Port != 0 {
		dsnSet["port"] = setting{value: strconv.Itoa(cfg.Port), origin: "--dsn"}
	}
	// Secrets the DSN leaves out may come from the environment (keeping them
	// out of the DSN keeps them out of shell history).
	envSet, err := envSettings(env, "")
	if err != nil {
		return Target{}, "", err
	}
	secrets := map[string]setting{}
	for k := range secretFields {
		if s, ok := envSet[k]; ok {
			secrets[k] = s
		}
	}
	if s, ok := envSet["private_key_file"]; ok {
		secrets["private_key_file"] = s
	}
	merge(&t, fl, dsnSet, secrets)
	if t.PrivateKey == "(in DSN)" {
		t.PrivateKey = ""
	}
	if err := t.parsePort(fl, dsnSet); err != nil {
		return Target{}, "", err
	}
	if err := t.checkAuthenticator(); err != nil {
		return Target{}, "", err
	}
	return t, SourceDSN, nil
}

// parseDSN is sf.ParseDSN, except that a DSN without a password parses: the
// password may come from SNOWFLAKE_PASSWORD or a prompt (keeping it out of
// shell history), which the caller checks later.
func parseDSN(dsn string) (*sf.Config, error) {
	cfg, err := sf.ParseDSN(dsn)
	var se *sf.SnowflakeError
	if err == nil || !errors.As(err, &se) ||
		(se.Number != sf.ErrCodeEmptyPasswordCode && se.Number != sf.ErrCodeEmptyPasswordAndToken) {
		return cfg, err
	}
	at := strings.Index(dsn, "@")
	if at <= 0 || strings.Contains(dsn[:at], ":") {
		return nil, err
	}
	const placeholder = "flurry-placeholder"
	cfg, err = sf.ParseDSN(dsn[:at] + ":" + placeholder + dsn[at:])
	if err != nil {
		return nil, err
	}
	cfg.Password = ""
	return cfg, nil
}
