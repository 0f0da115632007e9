package stagefs

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// EnvStageMap is the environment variable holding the default stage map.
const EnvStageMap = "FLURRY_LOCAL_STAGE_MAP"

// Map resolves external stage URLs (s3://bucket/prefix/...) to stores. Each
// entry maps a URL prefix to a target:
//
//	file:///abs/dir                      a local directory
//	http://[key:secret@]host:port/bucket[/prefix][?region=r]
//	https://...                          an S3-compatible endpoint (path style)
//	s3://bucket[/prefix][?region=r]      AWS S3 itself (default credentials)
//
// The longest matching prefix wins; the rest of the URL becomes a path under
// the target. Credentials in a target URL are for local test servers; prefer
// the AWS default chain (AWS_ACCESS_KEY_ID, profiles, ...).
type Map struct {
	entries []mapEntry

	mu     sync.Mutex
	stores map[string]Store // by target
}

type mapEntry struct{ from, to string }

// ParseMap reads the FLURRY_LOCAL_STAGE_MAP syntax: entries
// "s3://bucket/prefix/=target" separated by commas or newlines.
func ParseMap(text string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		m := entryRe.FindStringSubmatch(item)
		if m == nil {
			return nil, fmt.Errorf("stage map entry %q: want s3://bucket/prefix/=file:///dir or =http(s)://host:port/bucket", item)
		}
		out[strings.TrimSpace(m[1])] = strings.TrimSpace(m[2])
	}
	return out, nil
}

// The target starts at the first "=" followed by a scheme, so a source may
// contain "=" (Hive-style "dt=2024/" prefixes).
var entryRe = regexp.MustCompile(`^(.+?)=((?:file|https?|s3)://.*)$`)

// NewMap validates entries (source URL prefix -> target).
func NewMap(entries map[string]string) (*Map, error) {
	m := &Map{stores: map[string]Store{}}
	for from, to := range entries {
		u, err := url.Parse(from)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("stage map source %q: want a URL such as s3://bucket/prefix/", from)
		}
		if _, err := parseTarget(to); err != nil {
			return nil, fmt.Errorf("stage map %s: %w", from, err)
		}
		m.entries = append(m.entries, mapEntry{from: from, to: to})
	}
	sort.Slice(m.entries, func(i, j int) bool { return len(m.entries[i].from) > len(m.entries[j].from) })
	return m, nil
}

// Entries lists the map as "source=target" (secrets in targets redacted).
func (m *Map) Entries() []string {
	var out []string
	for _, e := range m.entries {
		t := e.to
		if u, err := url.Parse(t); err == nil && u.User != nil {
			u.User = url.User("REDACTED")
			t = u.String()
		}
		out = append(out, e.from+"="+t)
	}
	return out
}

// NotMappedError is returned for an external URL no entry covers.
type NotMappedError struct{ URL string }

func (e *NotMappedError) Error() string {
	return fmt.Sprintf("external location %s is not mapped to local storage: set %s (or snowlocal.Config.StageMap), "+
		"e.g. %s='%s=file:///path/to/dir' or '%s=http://127.0.0.1:7070/bucket' for an S3-compatible server",
		e.URL, EnvStageMap, EnvStageMap, mapSourceExample(e.URL), mapSourceExample(e.URL))
}

func mapSourceExample(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Scheme + "://" + p.Host + "/"
	}
	return u
}

// Resolve finds the store holding url and the path prefix of url within it.
func (m *Map) Resolve(ctx context.Context, rawURL string) (Store, string, error) {
	for _, e := range m.entries {
		from := e.from
		match := strings.HasPrefix(rawURL, from)
		if !match && !strings.HasSuffix(from, "/") && rawURL == from {
			match = true
		}
		if !match && strings.HasSuffix(from, "/") && rawURL+"/" == from {
			match = true
		}
		if !match {
			continue
		}
		rest := ""
		if len(rawURL) > len(from) {
			rest = rawURL[len(from):]
		}
		if !strings.HasSuffix(from, "/") {
			rest = strings.TrimPrefix(rest, "/")
		}
		rest, err := CleanPath(rest)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", rawURL, err)
		}
		st, err := m.store(ctx, e.to)
		if err != nil {
			return nil, "", err
		}
		return st, rest, nil
	}
	return nil, "", &NotMappedError{URL: rawURL}
}

func (m *Map) store(ctx context.Context, target string) (Store, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if st, ok := m.stores[target]; ok {
		return st, nil
	}
	t, err := parseTarget(target)
	if err != nil {
		return nil, err
	}
	var st Store
	if t.dir != "" {
		st, err = NewDir(t.dir)
	} else {
		st, err = NewS3(ctx, t.s3)
	}
	if err != nil {
		return nil, err
	}
	m.stores[target] = st
	return st, nil
}

type target struct {
	dir string
	s3  S3Options
}

func parseTarget(to string) (target, error) {
	u, err := url.Parse(to)
	if err != nil {
		return target{}, fmt.Errorf("target %q: %w", to, err)
	}
	switch u.Scheme {
	case "file":
		if u.Host != "" && u.Host != "localhost" {
			return target{}, fmt.Errorf("target %q: file URLs must be file:///absolute/dir", to)
		}
		p := filepath.FromSlash(u.Path)
		if !filepath.IsAbs(p) {
			return target{}, fmt.Errorf("target %q: file URLs must name an absolute directory", to)
		}
		return target{dir: p}, nil
	case "http", "https", "s3":
		o := S3Options{Region: u.Query().Get("region")}
		path := strings.TrimPrefix(u.Path, "/")
		if u.Scheme == "s3" {
			o.Bucket = u.Host
		} else {
			o.Endpoint = u.Scheme + "://" + u.Host
			bucket, rest, _ := strings.Cut(path, "/")
			o.Bucket, path = bucket, rest
		}
		if o.Bucket == "" {
			return target{}, fmt.Errorf("target %q: no bucket (want %s://host:port/bucket[/prefix])", to, u.Scheme)
		}
		o.Prefix = path
		if u.User != nil {
			o.AccessKey = u.User.Username()
			o.SecretKey, _ = u.User.Password()
		}
		return target{s3: o}, nil
	}
	return target{}, fmt.Errorf("target %q: scheme must be file, http, https or s3", to)
}
