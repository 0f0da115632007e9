package warehouse

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// The Snowflake CLI and connectors keep connections in $SNOWFLAKE_HOME
// (default ~/.snowflake): connections.toml holds one table per connection
// ([prod]), config.toml holds [connections.prod] tables and the top-level
// default_connection_name. flurry reads both, connections.toml first.

// connectionKeys maps each key flurry understands in a connection definition
// (as the Snowflake CLI and Python connector spell them) to the Target field
// key it sets. Keys are matched case-insensitively.
var connectionKeys = map[string]string{
	"account":                "account",
	"user":                   "user",
	"username":               "user",
	"password":               "password",
	"role":                   "role",
	"warehouse":              "warehouse",
	"database":               "database",
	"schema":                 "schema",
	"authenticator":          "authenticator",
	"host":                   "host",
	"port":                   "port",
	"protocol":               "protocol",
	"token":                  "token",
	"token_file_path":        "token_file_path",
	"private_key":            "private_key",
	"private_key_raw":        "private_key",
	"private_key_file":       "private_key_file",
	"private_key_path":       "private_key_file",
	"private_key_file_pwd":   "private_key_passphrase",
	"private_key_passphrase": "private_key_passphrase",
}

// snowflakeDir returns the directory holding config.toml and connections.toml
// and a description of why it was chosen. Like the Snowflake CLI it honours
// SNOWFLAKE_HOME, then ~/.snowflake if it exists, then the platform's config
// directory.
func snowflakeDir(env func(string) string, home string) (dir, why string) {
	if d := env("SNOWFLAKE_HOME"); d != "" {
		return expandHome(d, home), "SNOWFLAKE_HOME=" + d
	}
	dot := filepath.Join(home, ".snowflake")
	if _, err := os.Stat(dot); err == nil {
		return dot, ""
	}
	var platform string
	switch runtime.GOOS {
	case "darwin":
		platform = filepath.Join(home, "Library", "Application Support", "snowflake")
	case "windows":
		if a := env("LOCALAPPDATA"); a != "" {
			platform = filepath.Join(a, "snowflake")
		}
	default:
		xdg := env("XDG_CONFIG_HOME")
		if xdg == "" {
			xdg = filepath.Join(home, ".config")
		}
		platform = filepath.Join(xdg, "snowflake")
	}
	if platform != "" {
		if _, err := os.Stat(platform); err == nil {
			return platform, ""
		}
	}
	return dot, ""
}

// connectionFiles are the parsed TOML files of one Snowflake config directory.
type connectionFiles struct {
	dir         string
	connections map[string]any // connections.toml, nil if absent
	config      map[string]any // config.toml, nil if absent
}

func (f *connectionFiles) connectionsPath() string { return filepath.Join(f.dir, "connections.toml") }
func (f *connectionFiles) configPath() string      { return filepath.Join(f.dir, "config.toml") }

func readConnectionFiles(dir string) (*connectionFiles, error) {
	f := &connectionFiles{dir: dir}
	var err error
	if f.connections, err = readTOML(f.connectionsPath()); err != nil {
		return nil, err
	}
	if f.config, err = readTOML(f.configPath()); err != nil {
		return nil, err
	}
	return f, nil
}

// readTOML decodes path; a missing file is not an error (nil map).
func readTOML(path string) (map[string]any, error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" {
		perm := info.Mode().Perm()
		// The file may hold passwords: refuse one anybody can rewrite (as the
		// Snowflake connectors do) and warn about one anybody can read.
		if perm&0o022 != 0 {
			return nil, fmt.Errorf("%s is writable by group or others (mode %#o): run `chmod 0600 %s`", path, perm, path)
		}
		if perm&0o044 != 0 {
			slog.Warn("connection file is readable by group or others; run chmod 0600", "file", path, "mode", fmt.Sprintf("%#o", perm))
		}
	}
	m := map[string]any{}
	if _, err := toml.DecodeFile(path, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// defaultConnectionName is config.toml's top-level default_connection_name.
func (f *connectionFiles) defaultConnectionName() (string, error) {
	v, ok := f.config["default_connection_name"]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: default_connection_name: want a string, got %T", f.configPath(), v)
	}
	return s, nil
}

// connection returns the settings of the named connection, each with its
// origin ("connection \"prod\" in /home/u/.snowflake/connections.toml, key private_key_file").
func (f *connectionFiles) connection(name string) (map[string]setting, string, error) {
	table, file := f.lookup(name)
	if table == nil {
		names := f.names()
		hint := "no connections are defined there"
		if len(names) > 0 {
			hint = "defined connections: " + strings.Join(names, ", ")
		}
		return nil, "", fmt.Errorf("connection %q not found in %s or %s [connections.%s] (%s)",
			name, f.connectionsPath(), f.configPath(), name, hint)
	}
	out := map[string]setting{}
	keys := make([]string, 0, len(table))
	for k := range table {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field, ok := connectionKeys[strings.ToLower(k)]
		if !ok {
			// Other tools' keys (client_session_keep_alive, ...) live here too.
			slog.Debug("ignoring connection setting flurry does not use", "connection", name, "file", file, "key", k)
			continue
		}
		origin := fmt.Sprintf("connection %q in %s, key %s", name, file, k)
		var s string
		switch v := table[k].(type) {
		case string:
			s = v
		case int64:
			if field != "port" {
				return nil, "", fmt.Errorf("%s: want a string, got the number %d", origin, v)
			}
			s = strconv.FormatInt(v, 10)
		default:
			return nil, "", fmt.Errorf("%s: want a string, got %T", origin, v)
		}
		if prev, dup := out[field]; dup && prev.value != s {
			return nil, "", fmt.Errorf("%s conflicts with %s", origin, prev.origin)
		}
		out[field] = setting{value: s, origin: origin}
	}
	return out, file, nil
}

func (f *connectionFiles) lookup(name string) (map[string]any, string) {
	if t, ok := f.connections[name].(map[string]any); ok {
		return t, f.connectionsPath()
	}
	if conns, ok := f.config["connections"].(map[string]any); ok {
		if t, ok := conns[name].(map[string]any); ok {
			return t, f.configPath()
		}
	}
	return nil, ""
}

func (f *connectionFiles) names() []string {
	var names []string
	for k, v := range f.connections {
		if _, ok := v.(map[string]any); ok {
			names = append(names, k)
		}
	}
	if conns, ok := f.config["connections"].(map[string]any); ok {
		for k, v := range conns {
			if _, ok := v.(map[string]any); ok {
				names = append(names, k)
			}
		}
	}
	sort.Strings(names)
	return slices.Compact(names)
}

func expandHome(p, home string) string {
	if p == "~" {
		return home
	}
	if strings.HasPrefix(p, "~/") {
		return filepath.Join(home, p[2:])
	}
	return p
}
