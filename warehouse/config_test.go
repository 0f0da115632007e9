package warehouse

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// writeKeys writes the shared test key as PKCS#1, PKCS#8 and encrypted PKCS#8
// files into a fresh home's keys/ directory.
func writeKeys(t *testing.T) (home string, pems keyPEMs) {
	t.Helper()
	home = t.TempDir()
	pems = encodeKey(t, testKey(t), testPassphrase)
	dir := filepath.Join(home, "keys")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"pkcs1.pem": pems.pkcs1, "plain.p8": pems.pkcs8, "rsa_key.p8": pems.encrypted} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return home, pems
}

// resolveConfig resolves flags+env and builds the gosnowflake config.
func resolveConfig(t *testing.T, flags Target, env map[string]string, home string) (*sf.Config, error) {
	t.Helper()
	tgt, _, err := Resolve(flags, fakeEnv(env), home)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	return tgt.Config()
}

func TestConfigKeyPair(t *testing.T) {
	t.Parallel()
	home, pems := writeKeys(t)
	want := testKey(t)
	keys := filepath.Join(home, "keys")
	base := map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "svc"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}

	ok := []struct {
		name  string
		flags Target
		env   map[string]string
	}{
		{"PKCS#1 file", Target{}, with("SNOWFLAKE_PRIVATE_KEY_FILE", filepath.Join(keys, "pkcs1.pem"))},
		{"PKCS#8 file", Target{}, with("SNOWFLAKE_PRIVATE_KEY_PATH", filepath.Join(keys, "plain.p8"))},
		{"encrypted PKCS#8 file", Target{}, with("SNOWFLAKE_PRIVATE_KEY_FILE", filepath.Join(keys, "rsa_key.p8"),
			"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", testPassphrase)},
		{"encrypted PKCS#8, passphrase via FILE_PWD alias", Target{PrivateKeyFile: filepath.Join(keys, "rsa_key.p8")},
			with("SNOWFLAKE_PRIVATE_KEY_FILE_PWD", testPassphrase)},
		{"encrypted PKCS#8 content in env", Target{}, with("SNOWFLAKE_PRIVATE_KEY", string(pems.encrypted),
			"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", testPassphrase)},
		{"key path with ~/", Target{}, with("SNOWFLAKE_PRIVATE_KEY_FILE", "~/keys/plain.p8")},
	}
	for _, tt := range ok {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := resolveConfig(t, tt.flags, tt.env, home)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Authenticator != sf.AuthTypeJwt {
				t.Errorf("authenticator = %v, want SNOWFLAKE_JWT (inferred from the key)", cfg.Authenticator)
			}
			if cfg.PrivateKey == nil || !cfg.PrivateKey.Equal(want) {
				t.Error("private key not loaded")
			}
		})
	}

	missing := filepath.Join(keys, "missing.p8")
	bad := []struct {
		name    string
		flags   Target
		env     map[string]string
		wantErr string
		is      error
	}{
		{name: "missing file names the env var", env: with("SNOWFLAKE_PRIVATE_KEY_FILE", missing),
			wantErr: "SNOWFLAKE_PRIVATE_KEY_FILE=" + missing + ": open " + missing + ": no such file or directory"},
		{name: "missing file names the flag", flags: Target{PrivateKeyFile: missing}, env: base,
			wantErr: "--private-key-file=" + missing + ": open " + missing},
		{name: "wrong passphrase names key and passphrase sources",
			env: with("SNOWFLAKE_PRIVATE_KEY_FILE", filepath.Join(keys, "rsa_key.p8"), "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", "wrong-pass"),
			wantErr: "SNOWFLAKE_PRIVATE_KEY_FILE=" + filepath.Join(keys, "rsa_key.p8") +
				": wrong passphrase for encrypted private key (passphrase from SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)",
			is: ErrWrongPassphrase},
		{name: "no passphrase and no prompt", env: with("SNOWFLAKE_PRIVATE_KEY_FILE", filepath.Join(keys, "rsa_key.p8")),
			wantErr: "set SNOWFLAKE_PRIVATE_KEY_PASSPHRASE", is: ErrPassphraseRequired},
		{name: "key content errors do not print the content", env: with("SNOWFLAKE_PRIVATE_KEY", "c2VjcmV0LWtleS1ieXRlcw=="),
			wantErr: "SNOWFLAKE_PRIVATE_KEY (key content): parse PKCS#8 private key"},
		{name: "jwt without key", env: with("SNOWFLAKE_AUTHENTICATOR", "SNOWFLAKE_JWT"),
			wantErr: "authenticator SNOWFLAKE_JWT (SNOWFLAKE_AUTHENTICATOR) needs a private key"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := resolveConfig(t, tt.flags, tt.env, home)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v\nwant it to contain %q", err, tt.wantErr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Fatalf("err = %v, want errors.Is %v", err, tt.is)
			}
			for _, secret := range []string{"wrong-pass", "c2VjcmV0", "BEGIN"} {
				if strings.Contains(err.Error(), secret) {
					t.Fatalf("error leaks secret %q: %v", secret, err)
				}
			}
		})
	}

	t.Run("prompts for a missing passphrase", func(t *testing.T) {
		var asked []string
		tgt, _, err := Resolve(Target{Prompt: func(what string) (string, error) {
			asked = append(asked, what)
			return testPassphrase, nil
		}}, fakeEnv(with("SNOWFLAKE_PRIVATE_KEY_FILE", filepath.Join(keys, "rsa_key.p8"))), home)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := tgt.Config()
		if err != nil {
			t.Fatal(err)
		}
		if !cfg.PrivateKey.Equal(want) {
			t.Fatal("wrong key")
		}
		if len(asked) != 1 || !strings.Contains(asked[0], "passphrase for private key SNOWFLAKE_PRIVATE_KEY_FILE=") {
			t.Fatalf("prompts = %q", asked)
		}
	})
}

func TestConfigAuthenticators(t *testing.T) {
	t.Parallel()
	home := t.TempDir()
	tests := []struct {
		name    string
		flags   Target
		env     map[string]string
		check   func(t *testing.T, cfg *sf.Config)
		wantErr string
	}{
		{
			name: "password",
			env:  map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u", "SNOWFLAKE_PASSWORD": "pw"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Authenticator != sf.AuthTypeSnowflake || cfg.Password != "pw" || cfg.User != "u" || cfg.Account != "acme" {
					t.Errorf("cfg = %+v", cfg)
				}
				if cfg.Application != "flurry" {
					t.Errorf("application = %q", cfg.Application)
				}
			},
		},
		{
			name: "oauth token",
			env:  map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_AUTHENTICATOR": "oauth", "SNOWFLAKE_TOKEN": "tok"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Authenticator != sf.AuthTypeOAuth || cfg.Token != "tok" {
					t.Errorf("authenticator %v token %q", cfg.Authenticator, cfg.Token)
				}
			},
		},
		{
			name: "programmatic access token",
			env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u",
				"SNOWFLAKE_AUTHENTICATOR": "PROGRAMMATIC_ACCESS_TOKEN", "SNOWFLAKE_TOKEN": "pat"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Authenticator != sf.AuthTypePat || cfg.Token != "pat" {
					t.Errorf("authenticator %v token %q", cfg.Authenticator, cfg.Token)
				}
			},
		},
		{
			name: "programmatic access token in the password variable",
			env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u",
				"SNOWFLAKE_AUTHENTICATOR": "programmatic_access_token", "SNOWFLAKE_PASSWORD": "pat"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Token != "pat" {
					t.Errorf("token %q", cfg.Token)
				}
			},
		},
		{
			name: "okta URL",
			env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u", "SNOWFLAKE_PASSWORD": "p",
				"SNOWFLAKE_AUTHENTICATOR": "https://acme.okta.com"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Authenticator != sf.AuthTypeOkta || cfg.OktaURL.Host != "acme.okta.com" {
					t.Errorf("authenticator %v url %v", cfg.Authenticator, cfg.OktaURL)
				}
			},
		},
		{
			name:  "http engine: host, port, protocol; no OCSP, no telemetry",
			flags: Target{Account: "local", Host: "127.0.0.1", Port: 8765, Protocol: "http", User: "flurry"},
			env:   map[string]string{"SNOWFLAKE_PASSWORD": "pw"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Host != "127.0.0.1" || cfg.Port != 8765 || cfg.Protocol != "http" || !cfg.DisableOCSPChecks || !cfg.DisableTelemetry {
					t.Errorf("cfg = %+v", cfg)
				}
			},
		},
		{
			name:  "dsn: params kept, flags override",
			flags: Target{DSN: "u:p@acme/DB/SCH?warehouse=WH&role=R&loginTimeout=42", Database: "OTHER"},
			check: func(t *testing.T, cfg *sf.Config) {
				if cfg.Database != "OTHER" || cfg.Schema != "SCH" || cfg.Warehouse != "WH" || cfg.Role != "R" ||
					cfg.LoginTimeout.Seconds() != 42 || cfg.Password != "p" {
					t.Errorf("cfg = %+v", cfg)
				}
			},
		},
		{name: "no password", env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u"},
			wantErr: `no password for user "u" on account "acme": set SNOWFLAKE_PASSWORD`},
		{name: "no user", env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_PASSWORD": "p"},
			wantErr: `no user for account "acme"`},
		{name: "oauth without token", env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_AUTHENTICATOR": "oauth"},
			wantErr: "authenticator OAUTH (SNOWFLAKE_AUTHENTICATOR) needs a token"},
		{name: "pat without token", env: map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_AUTHENTICATOR": "programmatic_access_token"},
			wantErr: "needs a token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := resolveConfig(t, tt.flags, tt.env, home)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v\nwant it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, cfg)
		})
	}

	t.Run("prompts for a missing password", func(t *testing.T) {
		t.Parallel()
		tgt, _, err := Resolve(Target{Prompt: func(what string) (string, error) { return "typed", nil }},
			fakeEnv(map[string]string{"SNOWFLAKE_ACCOUNT": "acme", "SNOWFLAKE_USER": "u"}), home)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := tgt.Config()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Password != "typed" {
			t.Fatalf("password = %q", cfg.Password)
		}
	})
}
