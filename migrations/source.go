package migrations

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// Kind is the kind of a migration script, taken from its file name prefix.
type Kind string

const (
	Versioned  Kind = "V" // V<version>__<description>.sql: applied once, in version order
	Repeatable Kind = "R" // R__<description>.sql: re-applied when its rendered checksum changes
	Always     Kind = "A" // A__<description>.sql: applied on every run, last
	// Baseline marks a history row written by `migrate baseline`; no file has this kind.
	Baseline Kind = "BASELINE"
)

// Script is one migration file as found on disk (or in the embedded set),
// before rendering.
type Script struct {
	Kind        Kind
	Version     Version // Versioned only
	Description string  // from the file name, underscores read as spaces
	Name        string  // base file name, e.g. V2__fluentd_apache_access_logs.sql
	Path        string  // path inside the migrations FS
	Source      string  // file contents (a text/template)
}

// Version is a dotted numeric version: V1__, V1_1__ and V1.1__ are 1, 1.1 and 1.1.
type Version []int

// ParseVersion parses "1", "1.2", "1_2", "001".
func ParseVersion(s string) (Version, error) {
	if s == "" {
		return nil, errors.New("empty version")
	}
	parts := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '_' })
	if len(parts) == 0 || strings.HasPrefix(s, ".") || strings.HasPrefix(s, "_") ||
		strings.HasSuffix(s, ".") || strings.HasSuffix(s, "_") || strings.Contains(s, "..") {
		return nil, fmt.Errorf("version %q: want digits separated by '.' or '_'", s)
	}
	v := make(Version, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.TrimLeft(p, "0123456789") != "" {
			return nil, fmt.Errorf("version %q: %q is not a number", s, p)
		}
		v[i] = n
	}
	return v, nil
}

func (v Version) String() string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ".")
}

// Compare orders versions numerically segment by segment; missing trailing
// segments count as zero, so 1 == 1.0.
func (v Version) Compare(w Version) int {
	for i := 0; i < max(len(v), len(w)); i++ {
		a, b := 0, 0
		if i < len(v) {
			a = v[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			if a < b {
				return -1
			}
			return 1
		}
	}
	return 0
}

// NameError is a migration file whose name does not follow the convention.
type NameError struct {
	Path   string
	Reason string
}

func (e *NameError) Error() string {
	return fmt.Sprintf("%s: bad migration file name: %s (want V<version>__<description>.sql, R__<description>.sql or A__<description>.sql)", e.Path, e.Reason)
}

// ParseName parses a migration file name (base name only).
func ParseName(name string) (kind Kind, version Version, description string, err error) {
	if !strings.HasSuffix(name, ".sql") {
		return "", nil, "", &NameError{name, "not a .sql file"}
	}
	stem := strings.TrimSuffix(name, ".sql")
	prefix, rest := stem[:min(1, len(stem))], stem[min(1, len(stem)):]
	sep := strings.Index(rest, "__")
	if sep < 0 {
		return "", nil, "", &NameError{name, "missing the double underscore before the description"}
	}
	ver, desc := rest[:sep], rest[sep+2:]
	desc = strings.TrimSpace(strings.ReplaceAll(desc, "_", " "))
	if desc == "" {
		return "", nil, "", &NameError{name, "empty description"}
	}
	switch prefix {
	case "V":
		v, err := ParseVersion(ver)
		if err != nil {
			return "", nil, "", &NameError{name, err.Error()}
		}
		return Versioned, v, desc, nil
	case "R", "A":
		if ver != "" {
			return "", nil, "", &NameError{name, prefix + " scripts have no version"}
		}
		return Kind(prefix), nil, desc, nil
	default:
		return "", nil, "", &NameError{name, fmt.Sprintf("unknown prefix %q", prefix)}
	}
}

// Load reads every *.sql file under fsys (recursively), checks names and
// versions, and returns the scripts in execution order: versioned by version,
// then repeatable and always scripts by description. Files that are not .sql
// (READMEs, defaults.vars.yaml) are ignored. All problems are reported together.
func Load(fsys fs.FS) ([]*Script, error) {
	var scripts []*Script
	var errs []error
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(strings.ToLower(d.Name()), ".sql") {
			return nil
		}
		kind, ver, desc, err := ParseName(d.Name())
		if err != nil {
			var ne *NameError
			if errors.As(err, &ne) {
				ne.Path = p
			}
			errs = append(errs, err)
			return nil
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		// A checkout with CRLF line endings (git on Windows) or a BOM must
		// not look like drift: normalize before rendering and checksumming.
		src := strings.TrimPrefix(string(b), "\ufeff")
		src = strings.ReplaceAll(src, "\r\n", "\n")
		scripts = append(scripts, &Script{Kind: kind, Version: ver, Description: desc, Name: d.Name(), Path: p, Source: src})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	slices.SortStableFunc(scripts, compareScripts)
	for i := 1; i < len(scripts); i++ {
		a, b := scripts[i-1], scripts[i]
		switch {
		case a.Kind == Versioned && b.Kind == Versioned && a.Version.Compare(b.Version) == 0:
			errs = append(errs, fmt.Errorf("duplicate version %s: %s and %s", a.Version, a.Path, b.Path))
		case a.Kind == b.Kind && a.Kind != Versioned && strings.EqualFold(a.Description, b.Description):
			errs = append(errs, fmt.Errorf("duplicate %s script %q: %s and %s", a.Kind, a.Description, a.Path, b.Path))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return scripts, nil
}

var kindOrder = map[Kind]int{Versioned: 0, Repeatable: 1, Always: 2}

func compareScripts(a, b *Script) int {
	if a.Kind != b.Kind {
		return kindOrder[a.Kind] - kindOrder[b.Kind]
	}
	if a.Kind == Versioned {
		if c := a.Version.Compare(b.Version); c != 0 {
			return c
		}
	}
	if c := strings.Compare(strings.ToLower(a.Description), strings.ToLower(b.Description)); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

// NextVersionedName returns the file name `migrate new` creates: the next
// major version after the highest one in scripts.
func NextVersionedName(scripts []*Script, description string) (string, error) {
	desc := strings.Join(strings.FieldsFunc(strings.TrimSpace(description), func(r rune) bool {
		return r == ' ' || r == '_' || r == '-' || r == '\t'
	}), "_")
	if desc == "" {
		return "", errors.New("migrate new: empty description")
	}
	for _, r := range desc {
		if !(r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", fmt.Errorf("migrate new: description %q: use letters, digits, spaces and underscores", description)
		}
	}
	next := 1
	for _, s := range scripts {
		if s.Kind == Versioned && len(s.Version) > 0 && s.Version[0] >= next {
			next = s.Version[0] + 1
		}
	}
	return fmt.Sprintf("V%d__%s.sql", next, desc), nil
}
