package sfunc

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// PARSE_URL (docs: parse_url) as the documented examples show it: the
// scheme keeps its letter case; host is the whole authority before the
// port, user information included ("USER:PASS@EXAMPLE.INT"); port is a
// string; path has no leading '/' ("" for "https://www.snowflake.com/");
// query is the text after '?', parameters its key=value pairs; a URL
// without a scheme is error 100139 (permissive: {"error": ...}). Shapes
// the docs do not show (an authority with no path at all, a parameter
// without '=' or given twice) are refused rather than guessed.

func parseURLFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_PARSE_URL(url, permissive): the OBJECT as JSON text.
		"_SF_GO_PARSE_URL": {in: []duckdb.Type{text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			return ParseURL(a[0].(string), a[1].(int64) == 1)
		}},
	}
}

var reURLScheme = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*):`)

// ParseURL returns PARSE_URL's object as compact JSON with sorted keys.
func ParseURL(u string, permissive bool) (string, error) {
	fields, msg, err := parseURL(u)
	if err != nil {
		return "", err
	}
	if msg != "" {
		if !permissive {
			return "", fmt.Errorf("100139 (22000): Error parsing URL: %s", msg)
		}
		return marshalSorted(map[string]any{"error": msg})
	}
	return marshalSorted(fields)
}

func parseURL(u string) (map[string]any, string, error) {
	m := reURLScheme.FindStringSubmatch(u)
	if m == nil {
		return nil, "scheme not specified", nil
	}
	f := map[string]any{"fragment": nil, "host": nil, "parameters": nil, "path": nil, "port": nil, "query": nil, "scheme": m[1]}
	rest := u[len(m[0]):]
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		f["fragment"] = rest[i+1:]
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		q := rest[i+1:]
		rest = rest[:i]
		f["query"] = q
		params := map[string]any{}
		for _, kv := range strings.Split(q, "&") {
			if kv == "" {
				continue
			}
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, "", &UnsupportedError{What: fmt.Sprintf("PARSE_URL of a query parameter without a name or '=' (%q)", kv)}
			}
			if _, dup := params[k]; dup {
				return nil, "", &UnsupportedError{What: fmt.Sprintf("PARSE_URL of a query parameter given twice (%q)", k)}
			}
			params[k] = v
		}
		if len(params) > 0 {
			f["parameters"] = params
		}
	}
	if strings.HasPrefix(rest, "//") {
		auth := rest[2:]
		path := ""
		i := strings.IndexByte(auth, '/')
		if i < 0 {
			return nil, "", &UnsupportedError{What: "PARSE_URL of a URL whose authority is not followed by a '/' path"}
		}
		auth, path = auth[:i], auth[i+1:]
		host := auth
		if j := strings.LastIndexByte(auth, ':'); j > strings.LastIndexByte(auth, '@') && j > strings.LastIndexByte(auth, ']') {
			port := auth[j+1:]
			if port == "" || strings.Trim(port, "0123456789") != "" {
				return nil, "", &UnsupportedError{What: fmt.Sprintf("PARSE_URL of a URL with port %q", port)}
			}
			host, f["port"] = auth[:j], port
		}
		if host != "" {
			f["host"] = host
		}
		f["path"] = path
		return f, "", nil
	}
	f["path"] = strings.TrimPrefix(rest, "/")
	return f, "", nil
}

// marshalSorted is compact JSON without HTML escaping (map keys sort).
func marshalSorted(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSpace(b.String()), nil
}
