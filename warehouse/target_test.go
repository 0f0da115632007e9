package warehouse

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Connection files used by the resolution tests. prod is in connections.toml
// and (differently) in config.toml, which connections.toml must win.
const (
	testConnectionsTOML = `
[prod]
account = "acme-prod"
user = "svc_flurry"
private_key_file = "~/keys/prod.p8"
private_key_file_pwd = "file-pass"
role = "SECURITY_ADMIN"
warehouse = "SECURITY_WH"
database = "SECURITY_LAKE"
schema = "PUBLIC"

[pw]
account = "acme-dev"
user = "alice"
password = "file-password"
port = 8443
host = "acme-dev.example.com"

[noaccount]
user = "bob"

[keycontent]
account = "acme"
user = "carol"
private_key_raw = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"

[badport]
account = "acme"
port = "http"

[badtype]
account = "acme"
user = 42
`
	testConfigTOML = `
default_connection_name = "dev"

[connections.prod]
account = "WRONG-from-config-toml"

[connections.dev]
account = "acme-dev"
user = "dave"
authenticator = "programmatic_access_token"
`
)

// snowHome makes a home directory with ~/.snowflake holding the test files.
func snowHome(t *testing.T, connections, config string) string {
	t.Helper()
	home := t.TempDir()
	dir := filepath.Join(home, ".snowflake")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if connections != "" {
		if err := os.WriteFile(filepath.Join(dir, "connections.toml"), []byte(connections), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if config != "" {
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home
}

func fakeEnv(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

// summarize flattens a resolved target to "value <- origin" per setting, so a
// test states both what was chosen and where it came from.
func summarize(t Target) map[string]string {
	out := map[string]string{}
	add := func(key, v string) {
		if v != "" {
			out[key] = v + " <- " + t.Origin(key)
		}
	}
	for _, k := range stringFields {
		add(k, *t.stringField(k))
	}
	if t.Port != 0 {
		add("port", strconv.Itoa(t.Port))
	}
	add("connection", t.Connection)
	add("local_dir", t.LocalDir)
	return out
}

func TestResolve(t *testing.T) {
	t.Parallel()
	home := snowHome(t, testConnectionsTOML, testConfigTOML)
	otherHome := snowHome(t, "[elsewhere]\naccount = \"other\"\nuser = \"eve\"\npassword = \"x\"\n", "")
	emptyHome := t.TempDir()
	connFile := filepath.Join(home, ".snowflake", "connections.toml")
	cfgFile := filepath.Join(home, ".snowflake", "config.toml")
	inConn := func(name, key string) string {
		return `connection "` + name + `" in ` + connFile + ", key " + key
	}

	tests := []struct {
		name    string
		flags   Target
		env     map[string]string
		home    string
		want    map[string]string
		source  Source
		local   bool
		wantErr string
	}{
		{
			name:   "nothing given: local engine in ./.flurry/local",
			home:   emptyHome,
			source: SourceDefault, local: true,
			want: map[string]string{"local_dir": ".flurry/local <- default"},
		},
		{
			name:   "FLURRY_LOCAL_DIR moves the local engine",
			env:    map[string]string{"FLURRY_LOCAL_DIR": "/data/lake"},
			home:   emptyHome,
			source: SourceDefault, local: true,
			want: map[string]string{"local_dir": "/data/lake <- FLURRY_LOCAL_DIR"},
		},
		{
			name:   "--local-dir beats FLURRY_LOCAL_DIR and SNOWFLAKE_ACCOUNT",
			flags:  Target{LocalDir: "here"},
			env:    map[string]string{"FLURRY_LOCAL_DIR": "/data/lake", "SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_DATABASE": "DB1"},
			home:   emptyHome,
			source: SourceDefault, local: true,
			want: map[string]string{"local_dir": "here <- --local-dir", "database": "DB1 <- SNOWFLAKE_DATABASE"},
		},
		{
			name:   "context settings apply to the local engine, flags over env",
			flags:  Target{Schema: "RAW"},
			env:    map[string]string{"SNOWFLAKE_DATABASE": "SECURITY_LAKE", "SNOWFLAKE_SCHEMA": "PUBLIC", "SNOWFLAKE_USER": "ignored"},
			home:   emptyHome,
			source: SourceDefault, local: true,
			want: map[string]string{
				"local_dir": ".flurry/local <- default", "database": "SECURITY_LAKE <- SNOWFLAKE_DATABASE", "schema": "RAW <- --schema",
			},
		},
		{
			name:   "default_connection_name alone does not leave the local engine",
			home:   home,
			source: SourceDefault, local: true,
			want: map[string]string{"local_dir": ".flurry/local <- default"},
		},
		{
			name:   "env selects Snowflake",
			env:    map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "alice", "SNOWFLAKE_PASSWORD": "pw", "SNOWFLAKE_ROLE": "R"},
			home:   emptyHome,
			source: SourceEnv,
			want: map[string]string{
				"account": "acme <- SNOWFLAKE_ACCOUNT", "user": "alice <- SNOWFLAKE_USER",
				"password": "pw <- SNOWFLAKE_PASSWORD", "role": "R <- SNOWFLAKE_ROLE",
			},
		},
		{
			name:   "flags beat env",
			flags:  Target{Account: "flag-acct", User: "flag-user", Port: 9999},
			env:    map[string]string{"SNOWFLAKE_ACCOUNT": "env-acct", "SNOWFLAKE_USER": "env-user", "SNOWFLAKE_PASSWORD": "pw", "SNOWFLAKE_PORT": "1234"},
			home:   emptyHome,
			source: SourceFlags,
			want: map[string]string{
				"account": "flag-acct <- --account", "user": "flag-user <- --user",
				"password": "pw <- SNOWFLAKE_PASSWORD", "port": "9999 <- --port",
			},
		},
		{
			name:   "named connection from connections.toml, not config.toml",
			flags:  Target{Connection: "prod"},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection":             "prod <- --connection",
				"account":                "acme-prod <- " + inConn("prod", "account"),
				"user":                   "svc_flurry <- " + inConn("prod", "user"),
				"private_key_file":       "~/keys/prod.p8 <- " + inConn("prod", "private_key_file"),
				"private_key_passphrase": "file-pass <- " + inConn("prod", "private_key_file_pwd"),
				"authenticator":          "snowflake_jwt <- inferred from " + inConn("prod", "private_key_file"),
				"role":                   "SECURITY_ADMIN <- " + inConn("prod", "role"),
				"warehouse":              "SECURITY_WH <- " + inConn("prod", "warehouse"),
				"database":               "SECURITY_LAKE <- " + inConn("prod", "database"),
				"schema":                 "PUBLIC <- " + inConn("prod", "schema"),
			},
		},
		{
			name:  "flags > env > connection file, field by field",
			flags: Target{Connection: "prod", Role: "FLAG_ROLE"},
			env: map[string]string{
				"SNOWFLAKE_ROLE": "ENV_ROLE", "SNOWFLAKE_WAREHOUSE": "ENV_WH",
				"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "env-pass",
			},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection":             "prod <- --connection",
				"account":                "acme-prod <- " + inConn("prod", "account"),
				"user":                   "svc_flurry <- " + inConn("prod", "user"),
				"private_key_file":       "~/keys/prod.p8 <- " + inConn("prod", "private_key_file"),
				"private_key_passphrase": "env-pass <- SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
				"authenticator":          "snowflake_jwt <- inferred from " + inConn("prod", "private_key_file"),
				"role":                   "FLAG_ROLE <- --role",
				"warehouse":              "ENV_WH <- SNOWFLAKE_WAREHOUSE",
				"database":               "SECURITY_LAKE <- " + inConn("prod", "database"),
				"schema":                 "PUBLIC <- " + inConn("prod", "schema"),
			},
		},
		{
			name:   "a private key in a higher layer replaces the file's, content or path",
			flags:  Target{Connection: "keycontent"},
			env:    map[string]string{"SNOWFLAKE_PRIVATE_KEY_PATH": "/keys/env.p8"},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection":       "keycontent <- --connection",
				"account":          "acme <- " + inConn("keycontent", "account"),
				"user":             "carol <- " + inConn("keycontent", "user"),
				"private_key_file": "/keys/env.p8 <- SNOWFLAKE_PRIVATE_KEY_PATH",
				"authenticator":    "snowflake_jwt <- inferred from SNOWFLAKE_PRIVATE_KEY_PATH",
			},
		},
		{
			name:   "SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> beats the generic variable",
			flags:  Target{Connection: "pw"},
			env:    map[string]string{"SNOWFLAKE_PASSWORD": "generic", "SNOWFLAKE_CONNECTIONS_PW_PASSWORD": "specific"},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection": "pw <- --connection",
				"account":    "acme-dev <- " + inConn("pw", "account"),
				"user":       "alice <- " + inConn("pw", "user"),
				"password":   "specific <- SNOWFLAKE_CONNECTIONS_PW_PASSWORD",
				"host":       "acme-dev.example.com <- " + inConn("pw", "host"),
				"port":       "8443 <- " + inConn("pw", "port"),
			},
		},
		{
			name:   "SNOWFLAKE_DEFAULT_CONNECTION_NAME selects a connection, config.toml ones too",
			env:    map[string]string{"SNOWFLAKE_DEFAULT_CONNECTION_NAME": "dev", "SNOWFLAKE_TOKEN": "pat"},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection":    "dev <- SNOWFLAKE_DEFAULT_CONNECTION_NAME",
				"account":       "acme-dev <- connection \"dev\" in " + cfgFile + ", key account",
				"user":          "dave <- connection \"dev\" in " + cfgFile + ", key user",
				"authenticator": "programmatic_access_token <- connection \"dev\" in " + cfgFile + ", key authenticator",
				"token":         "pat <- SNOWFLAKE_TOKEN",
			},
		},
		{
			name:   "with an account from env, config.toml's default connection fills in below env",
			env:    map[string]string{"SNOWFLAKE_ACCOUNT": "acme-other", "SNOWFLAKE_TOKEN": "pat"},
			home:   home,
			source: SourceEnv,
			want: map[string]string{
				"connection":    "dev <- default_connection_name in " + cfgFile,
				"account":       "acme-other <- SNOWFLAKE_ACCOUNT",
				"user":          "dave <- connection \"dev\" in " + cfgFile + ", key user",
				"authenticator": "programmatic_access_token <- connection \"dev\" in " + cfgFile + ", key authenticator",
				"token":         "pat <- SNOWFLAKE_TOKEN",
			},
		},
		{
			name:   "SNOWFLAKE_HOME moves the connection files",
			flags:  Target{Connection: "elsewhere"},
			env:    map[string]string{"SNOWFLAKE_HOME": filepath.Join(otherHome, ".snowflake")},
			home:   home,
			source: SourceConnection,
			want: map[string]string{
				"connection": "elsewhere <- --connection",
				"account":    "other <- connection \"elsewhere\" in " + filepath.Join(otherHome, ".snowflake", "connections.toml") + ", key account",
				"user":       "eve <- connection \"elsewhere\" in " + filepath.Join(otherHome, ".snowflake", "connections.toml") + ", key user",
				"password":   "x <- connection \"elsewhere\" in " + filepath.Join(otherHome, ".snowflake", "connections.toml") + ", key password",
			},
		},
		{
			name:   "--dsn: flags override it, env fills its missing password",
			flags:  Target{DSN: "alice@acme/SECURITY_LAKE/PUBLIC?warehouse=WH&role=R1", Role: "R2"},
			env:    map[string]string{"SNOWFLAKE_PASSWORD": "pw", "SNOWFLAKE_USER": "ignored", "SNOWFLAKE_WAREHOUSE": "ignored"},
			home:   home,
			source: SourceDSN,
			want: map[string]string{
				"account": "acme <- --dsn", "user": "alice <- --dsn", "password": "pw <- SNOWFLAKE_PASSWORD",
				"database": "SECURITY_LAKE <- --dsn", "schema": "PUBLIC <- --dsn", "warehouse": "WH <- --dsn",
				"role": "R2 <- --role", "host": "acme.snowflakecomputing.com <- --dsn", "protocol": "https <- --dsn",
				"port": "443 <- --dsn",
			},
		},
		{
			name:   "--dsn for a local engine over http, key-pair authenticator",
			flags:  Target{DSN: "flurry@127.0.0.1:8765?account=local&protocol=http&authenticator=SNOWFLAKE_JWT"},
			env:    map[string]string{"SNOWFLAKE_PRIVATE_KEY_FILE": "/k.p8"},
			home:   emptyHome,
			source: SourceDSN,
			want: map[string]string{
				"account": "local <- --dsn", "user": "flurry <- --dsn", "host": "127.0.0.1 <- --dsn", "port": "8765 <- --dsn",
				"protocol": "http <- --dsn", "authenticator": "snowflake_jwt <- --dsn",
				"private_key_file": "/k.p8 <- SNOWFLAKE_PRIVATE_KEY_FILE",
			},
		},

		// Errors name the source of the bad value.
		{name: "--dsn with --connection", flags: Target{DSN: "a:b@c", Connection: "prod"}, home: home,
			wantErr: "--dsn and --connection both choose a target"},
		{name: "--local-dir with --account", flags: Target{LocalDir: "x", Account: "acme"}, home: home,
			wantErr: "--local-dir chooses the local engine but --account chooses Snowflake"},
		{name: "--user without an account", flags: Target{User: "alice"}, home: emptyHome,
			wantErr: "--user needs a Snowflake target"},
		{name: "--private-key-file without an account", flags: Target{PrivateKeyFile: "/k"}, home: emptyHome,
			wantErr: "--private-key-file needs a Snowflake target"},
		{name: "unknown connection", flags: Target{Connection: "nope"}, home: home,
			wantErr: `--connection=nope: connection "nope" not found in ` + connFile + ` or ` + cfgFile +
				` [connections.nope] (defined connections: badport, badtype, dev, keycontent, noaccount, prod, pw)`},
		{name: "unknown default connection", env: map[string]string{"SNOWFLAKE_DEFAULT_CONNECTION_NAME": "ghost"}, home: emptyHome,
			wantErr: `SNOWFLAKE_DEFAULT_CONNECTION_NAME=ghost: connection "ghost" not found in ` +
				filepath.Join(emptyHome, ".snowflake", "connections.toml") + ` or ` + filepath.Join(emptyHome, ".snowflake", "config.toml") +
				` [connections.ghost] (no connections are defined there)`},
		{name: "connection without account", flags: Target{Connection: "noaccount"}, home: home,
			wantErr: "--connection=noaccount: connection has no account"},
		{name: "bad port in env", env: map[string]string{"SNOWFLAKE_ACCOUNT": "a", "SNOWFLAKE_PORT": "80x"}, home: emptyHome,
			wantErr: `SNOWFLAKE_PORT="80x": not a port number (1-65535)`},
		{name: "bad port in file", flags: Target{Connection: "badport"}, home: home,
			wantErr: inConn("badport", "port") + `="http": not a port number`},
		{name: "bad value type in file", flags: Target{Connection: "badtype"}, home: home,
			wantErr: inConn("badtype", "user") + ": want a string, got the number 42"},
		{name: "unknown authenticator in env", env: map[string]string{"SNOWFLAKE_ACCOUNT": "a", "SNOWFLAKE_AUTHENTICATOR": "kerberos"}, home: emptyHome,
			wantErr: `SNOWFLAKE_AUTHENTICATOR="kerberos": unknown authenticator`},
		{name: "conflicting env aliases", env: map[string]string{"SNOWFLAKE_ACCOUNT": "a",
			"SNOWFLAKE_PRIVATE_KEY_FILE": "/a", "SNOWFLAKE_PRIVATE_KEY_PATH": "/b"}, home: emptyHome,
			wantErr: "SNOWFLAKE_PRIVATE_KEY_FILE and SNOWFLAKE_PRIVATE_KEY_PATH are both set and differ"},
		{name: "bad dsn", flags: Target{DSN: "user:secretpw@"}, home: emptyHome, wantErr: "--dsn: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, src, err := Resolve(tt.flags, fakeEnv(tt.env), tt.home)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v\nwant it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secretpw") {
					t.Fatalf("error leaks a secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if src != tt.source {
				t.Errorf("source = %q, want %q", src, tt.source)
			}
			if got.IsLocal() != tt.local {
				t.Errorf("IsLocal = %v, want %v", got.IsLocal(), tt.local)
			}
			if diff := cmp.Diff(tt.want, summarize(got)); diff != "" {
				t.Errorf("resolved target (-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolveLocalHintNamesDefaultConnection(t *testing.T) {
	t.Parallel()
	home := snowHome(t, "", testConfigTOML)
	got, _, err := Resolve(Target{}, fakeEnv(nil), home)
	if err != nil {
		t.Fatal(err)
	}
	if h := got.LocalHint(); !strings.Contains(h, `default_connection_name = "dev"`) || !strings.Contains(h, "--connection dev") {
		t.Fatalf("LocalHint = %q", h)
	}
}

func TestResolveConnectionFileProblems(t *testing.T) {
	t.Parallel()
	t.Run("writable by others", func(t *testing.T) {
		home := snowHome(t, "[a]\naccount = \"x\"\n", "")
		path := filepath.Join(home, ".snowflake", "connections.toml")
		if err := os.Chmod(path, 0o666); err != nil {
			t.Fatal(err)
		}
		_, _, err := Resolve(Target{Connection: "a"}, fakeEnv(nil), home)
		if err == nil || !strings.Contains(err.Error(), path+" is writable by group or others") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("toml syntax error names file and line", func(t *testing.T) {
		home := snowHome(t, "[a]\naccount = \"x\"\nuser = \n", "")
		_, _, err := Resolve(Target{Connection: "a"}, fakeEnv(nil), home)
		path := filepath.Join(home, ".snowflake", "connections.toml")
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 3") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("platform config dir when ~/.snowflake is absent", func(t *testing.T) {
		home := t.TempDir()
		dir := filepath.Join(home, "xdg", "snowflake")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "connections.toml"), []byte("[x]\naccount = \"xdg\"\nuser = \"u\"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		got, _, err := Resolve(Target{Connection: "x"}, fakeEnv(map[string]string{"XDG_CONFIG_HOME": filepath.Join(home, "xdg")}), home)
		if err != nil {
			t.Fatal(err)
		}
		if got.Account != "xdg" {
			t.Fatalf("account = %q", got.Account)
		}
	})
}

func TestDescribeNamesNoSecret(t *testing.T) {
	t.Parallel()
	tgt, _, err := Resolve(Target{DSN: "alice:hunter2@acme?authenticator=oauth&token=tok-secret"},
		fakeEnv(map[string]string{"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "pass-secret"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	d := tgt.Describe()
	for _, secret := range []string{"hunter2", "tok-secret", "pass-secret"} {
		if strings.Contains(d, secret) {
			t.Fatalf("Describe() = %q leaks %q", d, secret)
		}
	}
	for _, want := range []string{`"acme"`, `"alice"`, "acme.snowflakecomputing.com", "OAUTH"} {
		if !strings.Contains(d, want) {
			t.Errorf("Describe() = %q, want it to name %s", d, want)
		}
	}
}
