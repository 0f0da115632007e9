package sigma

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// jsonString writes s as a JSON string for a fixture line. Braces are
// escaped (\u007b, \u007d) because test files are Go templates: a rule's
// "{{" must reach the lake as text, not run as a template action.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	return strings.NewReplacer("{", `\u007b`, "}", `\u007d`).Replace(out)
}

// apacheWriter writes Fluentd apache2 records into LOGS (TIME<TAB>TAG<TAB>
// JSON, detections.LoadFixture), the webserver mapping's table. Fields map
// to record keys as the mapping's expressions say (record:KEY::string; the
// URI stem is the path before '?').
type apacheWriter struct {
	key  map[string]string // field SQL -> record key
	stem map[string]bool   // field SQL reading the path before '?'
	// exprs of every mapped field, to report what the row holds.
	exprs []string
}

var (
	recordKeyExpr = regexp.MustCompile(`^record:([A-Za-z_][A-Za-z0-9_]*)::string$`)
	stemExpr      = regexp.MustCompile(`^split_part\(record:path::string, '\?', 1\)$`)
)

var apacheKeys = []string{"host", "user", "method", "path", "code", "size", "referer", "agent"}

func newApacheWriter(m *Mapping) (*apacheWriter, error) {
	w := &apacheWriter{key: map[string]string{}, stem: map[string]bool{}}
	for _, e := range m.Fields {
		switch {
		case recordKeyExpr.MatchString(e):
			w.key[e] = recordKeyExpr.FindStringSubmatch(e)[1]
		case stemExpr.MatchString(e):
			w.stem[e] = true
		default:
			continue // such a field gets no fixture value: a rule using it fails to generate
		}
		w.exprs = append(w.exprs, e)
	}
	return w, nil
}

func (w *apacheWriter) table() string { return "logs" }

// apacheIP is a row's client address: 10.0.0.0/8 numbered by the row.
func apacheIP(id int) string {
	return fmt.Sprintf("10.%d.%d.%d", id>>16&255, id>>8&255, id&255)
}

func (w *apacheWriter) alternatives(expr string, id int) []string {
	switch w.key[expr] {
	case "host":
		// The row's own address, in two networks: rows stay apart.
		return []string{apacheIP(id), fmt.Sprintf("172.%d.%d.%d", 16+id>>16&15, id>>8&255, id&255)}
	case "method":
		return []string{"GET", "POST", "HEAD", "PUT", "OPTIONS"}
	case "code":
		return []string{"200", "404", "500", "302"}
	}
	return nil
}

func (w *apacheWriter) render(ev *genEvent, id int) (*fixtureRow, error) {
	ip := apacheIP(id)
	rec := map[string]*string{}
	str := func(s string) *string { return &s }
	rec["host"], rec["method"], rec["path"], rec["code"], rec["size"], rec["agent"] =
		str(ip), str("GET"), str("/"), str("200"), str("512"), str("Mozilla/5.0 (flurry fixture)")
	exprs := make([]string, 0, len(ev.set)+len(ev.absent))
	for e := range ev.set {
		exprs = append(exprs, e)
	}
	for e := range ev.absent {
		exprs = append(exprs, e)
	}
	sort.Strings(exprs)
	setKeys := map[string]bool{}
	var stem *string
	for _, e := range exprs {
		v, present := ev.set[e]
		switch {
		case w.stem[e]:
			if present {
				stem = str(v)
			} else {
				return nil, fmt.Errorf("the URI stem cannot be missing while the request has a path")
			}
			continue
		case w.key[e] == "":
			return nil, fmt.Errorf("field %s has no place in an Apache access record", e)
		}
		k := w.key[e]
		if setKeys[k] && ((rec[k] != nil) != present || present && *rec[k] != v) {
			return nil, fmt.Errorf("two fields read record key %s with different values", k)
		}
		setKeys[k] = true
		if present {
			rec[k] = str(v)
		} else {
			rec[k] = nil
		}
	}
	if stem != nil {
		if !setKeys["path"] {
			rec["path"], setKeys["path"] = stem, true
		} else if rec["path"] == nil {
			return nil, fmt.Errorf("the URI stem %q is set but the request has no path", *stem)
		} else if strings.SplitN(*rec["path"], "?", 2)[0] != *stem {
			// The query fields read the whole URI: put the stem before it
			// (the Go-side check then sees whether both still match).
			rec["path"] = str(*stem + "?" + *rec["path"])
		}
	}
	if rec["host"] == nil {
		return nil, fmt.Errorf("the client address (record key host) cannot be missing: the mapping reads only records with one")
	}
	if ev.keyword != "" {
		placed := false
		for _, k := range []string{"agent", "referer", "path"} {
			if !setKeys[k] {
				rec[k], placed = str(ev.keyword), true
				break
			}
		}
		if !placed {
			return nil, fmt.Errorf("no free field of the record for the keyword text %q", ev.keyword)
		}
	}
	var b strings.Builder
	b.WriteString(`{{ago "10m"}}` + "\ts3.apache.access\t{")
	for i, k := range apacheKeys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"` + k + `":`)
		switch v := rec[k]; {
		case v == nil:
			b.WriteString("null")
		case (k == "code" || k == "size") && isJSONInt(*v):
			b.WriteString(*v)
		default:
			b.WriteString(jsonString(*v))
		}
	}
	b.WriteByte('}')
	seen := &event{values: map[string]string{}}
	for _, e := range w.exprs {
		if w.stem[e] {
			if p := rec["path"]; p != nil {
				seen.values[e] = strings.SplitN(*p, "?", 2)[0]
			}
			continue
		}
		if v := rec[w.key[e]]; v != nil {
			seen.values[e] = *v
		}
	}
	for _, k := range []string{"path", "referer", "agent"} {
		if rec[k] != nil {
			seen.keywords = append(seen.keywords, *rec[k])
		}
	}
	return &fixtureRow{line: b.String(), seen: seen,
		expect: map[string]string{"client_ip": *rec["host"]}, expectKeys: []string{"client_ip"}}, nil
}

// goAuditWriter writes go-audit JSON lines into GO_AUDIT, one message (one
// audit record) per line, the auditd mapping's table. Fields are read as
// the mapping's expressions read them: the record type by its decode()
// table, the syscall by number, and key=value pairs of the record's text by
// the regular expressions (run here in Go to see what the row holds).
type goAuditWriter struct {
	typeExpr    string
	typeNames   map[string]string // name -> number
	typeNums    map[string]string // number -> name
	sysExpr     string
	sysNames    map[string]string
	sysNums     map[string]string
	dataKey     map[string]string // field SQL -> key in the record text
	quoted      map[string]bool   // the key's value may be written "quoted"
	bare        map[string]bool   // ... or bare
	extractions map[string][]*regexp.Regexp
	nullIf      map[string]string
}

var (
	typeDecode   = regexp.MustCompile(`^decode\(m\.value:type::int,`)
	typePair     = regexp.MustCompile(`(\d+), '([A-Za-z_]+)'`)
	sysPair      = regexp.MustCompile(`'(\d+)', '([a-z_0-9]+)'`)
	dataKeyExpr  = regexp.MustCompile(`'\(\^\|(?: |\[ ''\])\)([A-Za-z0-9_]+)=`)
	substrExpr   = regexp.MustCompile(`regexp_substr\(m\.value:data::string, '((?:[^']|'')*)', 1, 1, 'e', 2\)`)
	nullIfSuffix = regexp.MustCompile(`, '((?:[^']|'')*)'\)\)$`)
)

func newGoAuditWriter(m *Mapping) (*goAuditWriter, error) {
	w := &goAuditWriter{dataKey: map[string]string{}, quoted: map[string]bool{}, bare: map[string]bool{},
		extractions: map[string][]*regexp.Regexp{}, nullIf: map[string]string{}}
	for _, e := range m.Fields {
		switch {
		case typeDecode.MatchString(e):
			w.typeExpr = e
			w.typeNames, w.typeNums = pairs(typePair, e)
		case strings.Contains(e, "syscall="):
			w.sysExpr = e
			w.sysNames, w.sysNums = pairs(sysPair, e)
		case dataKeyExpr.MatchString(e):
			key := dataKeyExpr.FindStringSubmatch(e)[1]
			w.dataKey[e] = key
			w.quoted[e] = strings.Contains(e, key+`="`)
			w.bare[e] = strings.Contains(e, key+`=([^ `) || strings.Contains(e, key+`=([0-9`) || strings.Contains(e, key+`=([a-z`)
			for _, mm := range substrExpr.FindAllStringSubmatch(e, -1) {
				re, err := regexp.Compile(strings.ReplaceAll(mm[1], "''", "'"))
				if err != nil {
					return nil, noFixture("mapping %s: field expression %s: %v", m.Path, e, err)
				}
				w.extractions[e] = append(w.extractions[e], re)
			}
			if strings.HasPrefix(e, "coalesce(") && strings.Contains(e, "nullif(") {
				if mm := nullIfSuffix.FindStringSubmatch(e); mm != nil {
					w.nullIf[e] = strings.ReplaceAll(mm[1], "''", "'")
				}
			}
		}
	}
	return w, nil
}

func pairs(re *regexp.Regexp, e string) (byName, byNum map[string]string) {
	byName, byNum = map[string]string{}, map[string]string{}
	for _, mm := range re.FindAllStringSubmatch(e, -1) {
		byName[strings.ToUpper(mm[2])] = mm[1]
		byNum[mm[1]] = mm[2]
	}
	return byName, byNum
}

func (w *goAuditWriter) table() string { return "go_audit" }

func (w *goAuditWriter) alternatives(expr string, _ int) []string {
	var names map[string]string
	switch expr {
	case w.typeExpr:
		names = w.typeNums
	case w.sysExpr:
		names = w.sysNums
	default:
		return nil
	}
	var out []string
	for _, n := range names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (w *goAuditWriter) render(ev *genEvent, id int) (*fixtureRow, error) {
	typ := "1300"
	var parts []string
	exprs := make([]string, 0, len(ev.set))
	for e := range ev.set {
		exprs = append(exprs, e)
	}
	sort.Strings(exprs)
	for e := range ev.absent {
		if e == w.typeExpr {
			return nil, fmt.Errorf("an audit record always has a type")
		}
		if w.dataKey[e] == "" && e != w.sysExpr {
			return nil, fmt.Errorf("field %s has no place in a go-audit record", e)
		}
		// A missing key=value pair is simply not written.
	}
	for _, e := range exprs {
		v := ev.set[e]
		switch e {
		case w.typeExpr:
			n, ok := w.typeNames[strings.ToUpper(v)]
			if !ok && isJSONInt(v) {
				n, ok = v, true
			}
			if !ok {
				return nil, fmt.Errorf("record type %q is neither a number nor a name the mapping knows", v)
			}
			typ = n
			continue
		case w.sysExpr:
			n, ok := w.sysNames[strings.ToUpper(v)]
			if !ok && isJSONInt(v) {
				n, ok = v, true
			}
			if !ok {
				return nil, fmt.Errorf("syscall %q is neither a number nor a name the mapping knows", v)
			}
			parts = append(parts, "syscall="+n)
			continue
		}
		key := w.dataKey[e]
		switch {
		case key == "":
			return nil, fmt.Errorf("field %s has no place in a go-audit record", e)
		case w.quoted[e] && !strings.ContainsAny(v, "\"\n"):
			parts = append(parts, key+`="`+v+`"`)
		case w.bare[e] && v != "" && !strings.ContainsAny(v, "\" \n'"):
			parts = append(parts, key+"="+v)
		default:
			return nil, fmt.Errorf("value %q cannot be written as %s= in an audit record (auditd hex-encodes such values)", v, key)
		}
	}
	data := strings.Join(parts, " ")
	if ev.keyword != "" {
		if data != "" {
			data += " "
		}
		data += ev.keyword
	}
	seq := 1_000_000_000 + id
	line := fmt.Sprintf(`{"sequence":%d,"timestamp":"{{(ago "10m").Epoch}}","messages":[{"type":%s,"data":%s}],"uid_map":{"0":"root"}}`,
		seq, typ, jsonString(data))
	seen := &event{values: map[string]string{}, keywords: []string{data}}
	if name, ok := w.typeNums[typ]; ok {
		seen.values[w.typeExpr] = name
	} else {
		seen.values[w.typeExpr] = typ
	}
	if w.sysExpr != "" {
		if mm := regexp.MustCompile(`(^| )syscall=([0-9]+)`).FindStringSubmatch(data); mm != nil {
			if name, ok := w.sysNums[mm[2]]; ok {
				seen.values[w.sysExpr] = name
			} else {
				seen.values[w.sysExpr] = mm[2]
			}
		}
	}
	for e, res := range w.extractions {
		for _, re := range res { // coalesce: the first that finds something
			if mm := re.FindStringSubmatch(data); mm != nil && len(mm) > 2 {
				seen.values[e] = mm[2]
				break
			}
		}
		if v, ok := seen.values[e]; ok && w.nullIf[e] != "" && v == w.nullIf[e] {
			delete(seen.values, e)
		}
	}
	return &fixtureRow{line: line, seen: seen,
		expect:     map[string]string{"sequence": strconv.Itoa(seq), "message_index": "0"},
		expectKeys: []string{"sequence", "message_index"}}, nil
}
