package migrations

import (
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Vars are the template variables of a run. Later sources override earlier
// ones: defaults.vars.yaml in the migrations directory, the --vars file,
// FLURRY_VAR_* / FLURRY_SECRET_* environment variables, then --var flags.
type Vars struct {
	values map[string]string
	secret map[string]bool
	origin map[string]string // where each value came from, for messages
}

// NewVars returns an empty set of variables.
func NewVars() *Vars {
	return &Vars{values: map[string]string{}, secret: map[string]bool{}, origin: map[string]string{}}
}

// Set sets a variable. A variable is secret if marked so or if its name
// says it is (see IsSecretName); a variable once secret stays secret.
func (v *Vars) Set(name, value, origin string, secret bool) {
	v.values[name] = value
	v.origin[name] = origin
	if secret || IsSecretName(name) {
		v.secret[name] = true
	}
}

// Get returns a variable's value.
func (v *Vars) Get(name string) (string, bool) {
	s, ok := v.values[name]
	return s, ok
}

// Names returns the variable names, sorted.
func (v *Vars) Names() []string {
	names := make([]string, 0, len(v.values))
	for k := range v.values {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// IsSecret reports whether name holds a secret.
func (v *Vars) IsSecret(name string) bool { return v.secret[name] }

// IsSecretName reports whether a variable name marks a secret by itself:
// names containing secret, password or key (case-insensitive).
func IsSecretName(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "secret") || strings.Contains(n, "password") || strings.Contains(n, "key")
}

// Redacted is how secret values appear in plans, logs and errors.
const Redacted = "****"

// data returns the template data: real values, or secrets replaced by Redacted.
func (v *Vars) data(redact bool) map[string]any {
	m := make(map[string]any, len(v.values))
	for k, s := range v.values {
		if redact && v.secret[k] {
			s = Redacted
		}
		m[k] = s
	}
	return m
}

// Redact replaces every secret value occurring in s by Redacted, in any
// letter case: Snowflake upper-cases unquoted identifiers in its messages
// ("Object 'S3CRET' does not exist"), so a secret used as a name comes back
// upper-cased in errors.
func (v *Vars) Redact(s string) string {
	if v == nil {
		return s
	}
	var secrets []string
	for k := range v.secret {
		if val := v.values[k]; val != "" {
			// The value as written, and as the ident and literal helpers escape it.
			lit := QuoteLiteral(val)
			secrets = append(secrets, val, lit[1:len(lit)-1], strings.ReplaceAll(val, `"`, `""`))
		}
	}
	if len(secrets) == 0 {
		return s
	}
	// Longest first, so a secret containing another is replaced whole.
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	alts := make([]string, len(secrets))
	for i, val := range secrets {
		alts[i] = regexp.QuoteMeta(val)
	}
	return regexp.MustCompile("(?i)(?:"+strings.Join(alts, "|")+")").ReplaceAllLiteralString(s, Redacted)
}

// LoadFile reads a YAML vars file: top-level scalar keys are variables, and
// the keys of a top-level `secrets:` mapping are secret variables.
//
//	database: SECURITY_LAKE
//	fluentd_bucket: acme-fluentd-logs
//	secrets:
//	  splunk_token: abc
func (v *Vars) LoadFile(fsys fs.FS, name string) error {
	var b []byte
	var err error
	if fsys == nil {
		b, err = os.ReadFile(name)
	} else {
		b, err = fs.ReadFile(fsys, name)
	}
	if err != nil {
		return fmt.Errorf("read vars file: %w", err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("vars file %s: %w", name, err)
	}
	for k, val := range doc {
		if k == "secrets" {
			m, ok := val.(map[string]any)
			if !ok && val != nil {
				return fmt.Errorf("vars file %s: secrets: want a mapping of name: value", name)
			}
			for sk, sv := range m {
				s, err := scalar(sv)
				if err != nil {
					return fmt.Errorf("vars file %s: secrets.%s: %w", name, sk, err)
				}
				v.Set(sk, s, name, true)
			}
			continue
		}
		s, err := scalar(val)
		if err != nil {
			return fmt.Errorf("vars file %s: %s: %w", name, k, err)
		}
		v.Set(k, s, name, false)
	}
	return nil
}

func scalar(val any) (string, error) {
	switch x := val.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(x), nil
	default:
		return "", fmt.Errorf("want a string, number or boolean, got %T", val)
	}
}

// EnvVarPrefix and EnvSecretPrefix name the environment variables read as
// template variables: FLURRY_VAR_FLUENTD_BUCKET sets fluentd_bucket.
const (
	EnvVarPrefix    = "FLURRY_VAR_"
	EnvSecretPrefix = "FLURRY_SECRET_"
)

// LoadEnv reads FLURRY_VAR_<NAME> and FLURRY_SECRET_<NAME> from environ
// (os.Environ() form); names are lower-cased.
func (v *Vars) LoadEnv(environ []string) {
	for _, kv := range environ {
		k, val, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		switch {
		case strings.HasPrefix(k, EnvVarPrefix) && len(k) > len(EnvVarPrefix):
			v.Set(strings.ToLower(k[len(EnvVarPrefix):]), val, "$"+k, false)
		case strings.HasPrefix(k, EnvSecretPrefix) && len(k) > len(EnvSecretPrefix):
			v.Set(strings.ToLower(k[len(EnvSecretPrefix):]), val, "$"+k, true)
		}
	}
}

// SetFlag parses one --var name=value.
func (v *Vars) SetFlag(kv string) error {
	k, val, ok := strings.Cut(kv, "=")
	k = strings.TrimSpace(k)
	if !ok || k == "" {
		return fmt.Errorf("--var %q: want name=value", kv)
	}
	v.Set(k, val, "--var", false)
	return nil
}

// missingHint tells the user how to provide a missing variable.
func missingHint(name string) string {
	return fmt.Sprintf("set it in the vars file (--vars), with --var %s=..., or in $%s%s",
		name, EnvVarPrefix, strings.ToUpper(name))
}

// DefaultsFile is read from the migrations directory, when present, as the
// lowest-precedence vars.
const DefaultsFile = "defaults.vars.yaml"

// LoadVars assembles a run's variables in precedence order: DefaultsFile in
// fsys, the vars file (may be ""), FLURRY_VAR_*/FLURRY_SECRET_* in environ,
// then --var flags.
func LoadVars(fsys fs.FS, file string, environ []string, flags []string) (*Vars, error) {
	v := NewVars()
	if fsys != nil {
		if _, err := fs.Stat(fsys, DefaultsFile); err == nil {
			if err := v.LoadFile(fsys, DefaultsFile); err != nil {
				return nil, err
			}
		}
	}
	if file != "" {
		if err := v.LoadFile(nil, file); err != nil {
			return nil, err
		}
	}
	v.LoadEnv(environ)
	for _, f := range flags {
		if err := v.SetFlag(f); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// under returns a copy of v with fsys's DefaultsFile beneath it: names v
// does not set take their default from fsys.
func (v *Vars) under(fsys fs.FS) (*Vars, error) {
	out := NewVars()
	if _, err := fs.Stat(fsys, DefaultsFile); err == nil {
		if err := out.LoadFile(fsys, DefaultsFile); err != nil {
			return nil, err
		}
	}
	for k, val := range v.values {
		out.Set(k, val, v.origin[k], v.secret[k])
	}
	return out, nil
}
