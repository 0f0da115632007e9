package sigma

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed mappings/*.yaml
var builtinMappings embed.FS

// Mapping places one Sigma log source in the lake, like a pySigma
// processing pipeline: the table and base filters a detection reads, the
// columns it returns, and the SQL expression of every Sigma field. It is a
// YAML file (mappings/*.yaml; users add their own with --mappings).
type Mapping struct {
	// Name is the file's base name without .yaml.
	Name string `yaml:"-"`
	Path string `yaml:"-"`
	// LogSource is the Sigma logsource this mapping serves: a rule matches
	// when its category, product and service equal these exactly.
	LogSource LogSource `yaml:"logsource"`
	// From is the query's FROM clause (tables, joins, LATERAL FLATTEN).
	From string `yaml:"from"`
	// Where are base filters ANDed before the rule's condition, such as the
	// run window on _loaded_at ($loaded_after, $loaded_until).
	Where []string `yaml:"where"`
	// Select are the result columns ("expr as name").
	Select []string `yaml:"select"`
	// Key lists the result columns identifying one finding.
	Key []string `yaml:"key"`
	// Schedule and Lookback become the detection's header fields.
	Schedule string `yaml:"schedule"`
	Lookback string `yaml:"lookback"`
	// Keywords are the expressions holding the event's raw text, searched
	// by keyword (unbound) searches.
	Keywords []string `yaml:"keywords"`
	// Fields maps Sigma field names to SQL expressions yielding a string,
	// NULL when the event lacks the field.
	Fields map[string]string `yaml:"fields"`
	// Placeholders gives the values of %name% placeholders (expand modifier).
	Placeholders map[string][]string `yaml:"placeholders"`
	// Fixture names the format `flurry detect sigma import` writes generated
	// test rows in: apache_access (Fluentd apache2 records in LOGS) or
	// go_audit (go-audit lines in GO_AUDIT). Without it, no test cases are
	// generated for the mapping's rules.
	Fixture string `yaml:"fixture"`
}

// Field implements Fields. Names match exactly, else case-insensitively
// (Sigma field names are case-sensitive, but rules spell auditd's fields
// both ways: SYSCALL, syscall).
func (m *Mapping) Field(name string) (string, error) {
	if e, ok := m.Fields[name]; ok {
		return e, nil
	}
	for k, e := range m.Fields {
		if strings.EqualFold(k, name) {
			return e, nil
		}
	}
	return "", fmt.Errorf("field %q is not mapped for log source %s (mapping %s)", name, m.LogSource, m.Path)
}

// KeywordFields implements Fields.
func (m *Mapping) KeywordFields() []string { return m.Keywords }

// Placeholder implements Fields.
func (m *Mapping) Placeholder(name string) ([]string, bool) {
	v, ok := m.Placeholders[name]
	return v, ok
}

// Serves reports whether the mapping is for the rule's log source.
func (m *Mapping) Serves(ls LogSource) bool {
	return strings.EqualFold(m.LogSource.Category, ls.Category) &&
		strings.EqualFold(m.LogSource.Product, ls.Product) &&
		strings.EqualFold(m.LogSource.Service, ls.Service)
}

// ParseMapping parses one mapping file and checks its required parts.
func ParseMapping(path string, src []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(strings.NewReader(string(src)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", path, err)
	}
	m.Path = path
	m.Name = strings.TrimSuffix(filepath.Base(path), ".yaml")
	var missing []string
	if m.LogSource.Category == "" && m.LogSource.Product == "" && m.LogSource.Service == "" {
		missing = append(missing, "logsource")
	}
	if m.From == "" {
		missing = append(missing, "from")
	}
	if len(m.Select) == 0 {
		missing = append(missing, "select")
	}
	if len(m.Key) == 0 {
		missing = append(missing, "key")
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("mapping %s: missing %s", path, strings.Join(missing, ", "))
	}
	if m.Schedule == "" {
		m.Schedule = "1h"
	}
	if m.Lookback == "" {
		m.Lookback = m.Schedule
	}
	return &m, nil
}

// Mappings is an ordered set of mappings; later ones override earlier ones
// serving the same log source.
type Mappings []*Mapping

// BuiltinMappings returns the mappings shipped with flurry.
func BuiltinMappings() (Mappings, error) {
	return loadMappings(builtinMappings, "mappings")
}

// LoadMappings returns the builtin mappings followed by the *.yaml files in
// dirs (a user's own tables, or overrides of the builtin ones).
func LoadMappings(dirs ...string) (Mappings, error) {
	ms, err := BuiltinMappings()
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		more, err := loadMappings(os.DirFS(d), ".")
		if err != nil {
			return nil, fmt.Errorf("mappings in %s: %w", d, err)
		}
		for _, m := range more {
			m.Path = filepath.Join(d, m.Path)
		}
		ms = append(ms, more...)
	}
	return ms, nil
}

func loadMappings(fsys fs.FS, dir string) (Mappings, error) {
	names, err := fs.Glob(fsys, filepath.ToSlash(filepath.Join(dir, "*.yaml")))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var ms Mappings
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		m, err := ParseMapping(n, src)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// For returns the mapping serving a log source (the last one loaded wins).
func (ms Mappings) For(ls LogSource) (*Mapping, error) {
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].Serves(ls) {
			return ms[i], nil
		}
	}
	var known []string
	for _, m := range ms {
		known = append(known, m.LogSource.String())
	}
	return nil, unsupported(fmt.Sprintf("log source %s (no mapping; mapped: %s)", ls, strings.Join(known, ", ")))
}
