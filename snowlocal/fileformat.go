package snowlocal

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// fileFormat is a resolved Snowflake file format: its type and the options
// that apply to it (defaults filled in).
type fileFormat struct {
	Type string            // CSV, JSON, PARQUET (AVRO, ORC, XML are refused at load time)
	opts map[string]string // option -> value; strings unescaped, enums upper-cased
}

// ffOption describes one format option: its DESC type, default and the
// format types it applies to.
type ffOption struct {
	name, typ, dflt string
	types           string
}

var ffOptions = []ffOption{
	{"TYPE", "String", "CSV", "CSV JSON PARQUET AVRO ORC XML"},
	{"RECORD_DELIMITER", "String", "\n", "CSV"},
	{"FIELD_DELIMITER", "String", ",", "CSV"},
	{"FILE_EXTENSION", "String", "", "CSV JSON"},
	{"SKIP_HEADER", "Integer", "0", "CSV"},
	{"PARSE_HEADER", "Boolean", "false", "CSV"},
	{"DATE_FORMAT", "String", "AUTO", "CSV JSON"},
	{"TIME_FORMAT", "String", "AUTO", "CSV JSON"},
	{"TIMESTAMP_FORMAT", "String", "AUTO", "CSV JSON"},
	{"BINARY_FORMAT", "String", "HEX", "CSV JSON"},
	{"ESCAPE", "String", "NONE", "CSV"},
	{"ESCAPE_UNENCLOSED_FIELD", "String", `\`, "CSV"},
	{"TRIM_SPACE", "Boolean", "false", "CSV JSON PARQUET"},
	{"FIELD_OPTIONALLY_ENCLOSED_BY", "String", "NONE", "CSV"},
	{"NULL_IF", "List", `[\N]`, "CSV JSON PARQUET"},
	{"COMPRESSION", "String", "AUTO", "CSV JSON PARQUET AVRO ORC XML"},
	{"ERROR_ON_COLUMN_COUNT_MISMATCH", "Boolean", "true", "CSV"},
	{"VALIDATE_UTF8", "Boolean", "true", "CSV"},
	{"SKIP_BLANK_LINES", "Boolean", "false", "CSV"},
	{"REPLACE_INVALID_CHARACTERS", "Boolean", "false", "CSV JSON PARQUET"},
	{"EMPTY_FIELD_AS_NULL", "Boolean", "true", "CSV"},
	{"SKIP_BYTE_ORDER_MARK", "Boolean", "true", "CSV JSON"},
	{"ENCODING", "String", "UTF8", "CSV"},
	{"MULTI_LINE", "Boolean", "true", "CSV JSON"},
	{"ENABLE_OCTAL", "Boolean", "false", "JSON"},
	{"ALLOW_DUPLICATE", "Boolean", "false", "JSON"},
	{"STRIP_OUTER_ARRAY", "Boolean", "false", "JSON"},
	{"STRIP_NULL_VALUES", "Boolean", "false", "JSON"},
	{"IGNORE_UTF8_ERRORS", "Boolean", "false", "JSON"},
	{"BINARY_AS_TEXT", "Boolean", "true", "PARQUET"},
	{"USE_LOGICAL_TYPE", "Boolean", "false", "PARQUET"},
	{"USE_VECTORIZED_SCANNER", "Boolean", "false", "PARQUET"},
}

var ffOptionByName = func() map[string]ffOption {
	m := map[string]ffOption{}
	for _, o := range ffOptions {
		m[o.name] = o
	}
	return m
}()

var ffCompressions = map[string]bool{"AUTO": true, "GZIP": true, "BZ2": true, "BROTLI": true, "ZSTD": true,
	"DEFLATE": true, "RAW_DEFLATE": true, "NONE": true, "SNAPPY": true, "LZO": true}

// newFileFormat validates options (as read by cursor.properties, keys upper
// case) and fills in defaults.
func newFileFormat(options map[string]string) (*fileFormat, error) {
	typ := strings.ToUpper(options["TYPE"])
	if typ == "" {
		typ = "CSV"
	}
	if o := ffOptionByName["TYPE"]; !strings.Contains(" "+o.types+" ", " "+typ+" ") {
		return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'TYPE'", options["TYPE"])
	}
	ff := &fileFormat{Type: typ, opts: map[string]string{"TYPE": typ}}
	for _, o := range ffOptions {
		if strings.Contains(" "+o.types+" ", " "+typ+" ") && o.name != "TYPE" {
			ff.opts[o.name] = o.dflt
		}
	}
	if typ == "JSON" || typ == "PARQUET" {
		// A JSON or PARQUET format's NULL_IF starts empty, while DESC's
		// default column still reads [\\N] (docs: DESCRIBE FILE FORMAT's
		// my_json_format and my_parquet_format; mlorek/frostlake's
		// account-measured FileFormatSurfaces.java).
		ff.opts["NULL_IF"] = "[]"
	}
	for k, v := range options {
		switch k {
		case "TYPE", "COMMENT", "FORMAT_NAME":
			continue
		}
		o, ok := ffOptionByName[k]
		if !ok {
			return nil, Errorf("001008", "22023", "SQL compilation error:\ninvalid file format option '%s'", k)
		}
		if !strings.Contains(" "+o.types+" ", " "+typ+" ") {
			return nil, Errorf("001008", "22023", "SQL compilation error:\nFile format option '%s' is not valid for file format type %s.", k, typ)
		}
		switch o.typ {
		case "Boolean":
			b := strings.ToUpper(v)
			if b != "TRUE" && b != "FALSE" {
				return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter '%s'", v, k)
			}
			v = strings.ToLower(b)
		case "Integer":
			if _, err := strconv.Atoi(v); err != nil {
				return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter '%s'", v, k)
			}
		case "List":
			v = encodeList(parseStringList(v))
		}
		switch k {
		case "COMPRESSION":
			v = strings.ToUpper(v)
			if !ffCompressions[v] {
				return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'COMPRESSION'", v)
			}
		case "FIELD_OPTIONALLY_ENCLOSED_BY", "ESCAPE", "ESCAPE_UNENCLOSED_FIELD":
			if strings.EqualFold(v, "NONE") {
				v = "NONE"
			} else if len(v) != 1 {
				return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter '%s': a single character or NONE", v, k)
			}
		case "FIELD_DELIMITER", "RECORD_DELIMITER":
			if strings.EqualFold(v, "NONE") {
				v = "NONE"
			} else if v == "" {
				return nil, Errorf("002023", "22023", "SQL compilation error:\nempty value for parameter '%s' (use NONE)", k)
			} else {
				v = decodeDelimiter(v)
			}
		}
		ff.opts[k] = v
	}
	if typ == "CSV" && ff.opts["FIELD_DELIMITER"] != "NONE" && ff.opts["FIELD_DELIMITER"] == ff.opts["RECORD_DELIMITER"] {
		return nil, Errorf("002023", "22023", "SQL compilation error:\nFIELD_DELIMITER and RECORD_DELIMITER cannot be the same.")
	}
	return ff, nil
}

// decodeDelimiter accepts the hex forms Snowflake allows ('0x09').
func decodeDelimiter(v string) string {
	if strings.HasPrefix(strings.ToLower(v), "0x") && len(v) > 2 {
		if n, err := strconv.ParseUint(v[2:], 16, 8); err == nil {
			return string(rune(n))
		}
	}
	return v
}

func encodeList(items []string) string {
	b, _ := json.Marshal(items)
	return string(b)
}

func (ff *fileFormat) get(k string) string { return ff.opts[k] }
func (ff *fileFormat) bool(k string) bool  { return ff.opts[k] == "true" }
func (ff *fileFormat) int(k string) int    { n, _ := strconv.Atoi(ff.opts[k]); return n }

// char is a single-character option, 0 for NONE.
func (ff *fileFormat) char(k string) byte {
	v := ff.opts[k]
	if v == "NONE" || v == "" {
		return 0
	}
	return v[0]
}

// delimiter is FIELD_DELIMITER / RECORD_DELIMITER, "" for NONE.
func (ff *fileFormat) delimiter(k string) string {
	v := ff.opts[k]
	if v == "NONE" {
		return ""
	}
	return v
}

func (ff *fileFormat) nullIf() []string {
	v := ff.opts["NULL_IF"]
	if strings.HasPrefix(v, "[") {
		var out []string
		if json.Unmarshal([]byte(v), &out) == nil {
			return out
		}
		if v == `[\N]` {
			return []string{`\N`}
		}
	}
	return nil
}

type ffProperty struct{ name, typ, value, dflt string }

// describe lists the format's options as DESC FILE FORMAT shows them.
func (ff *fileFormat) describe() []ffProperty {
	var out []ffProperty
	for _, o := range ffOptions {
		v, ok := ff.opts[o.name]
		if !ok {
			continue
		}
		dflt := o.dflt
		if o.name == "TYPE" {
			dflt = "CSV"
		}
		if o.typ == "List" {
			v = listDisplay(v)
			dflt = listDisplay(dflt)
		}
		out = append(out, ffProperty{o.name, o.typ, describeOption(v), describeOption(dflt)})
	}
	return out
}

func listDisplay(v string) string {
	var items []string
	if json.Unmarshal([]byte(v), &items) != nil {
		return v
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// escapeOption shows control characters as Snowflake does (\t, \n).
func escapeOption(v string) string {
	return strings.NewReplacer("\t", `\t`, "\n", `\n`, "\r", `\r`).Replace(v)
}

// describeOption shows a property's value as DESC FILE FORMAT and DESC
// STAGE do: escaped, a backslash doubled too (ESCAPE_UNENCLOSED_FIELD's
// default prints as \\ and NULL_IF's as [\\N]: docs, DESCRIBE FILE FORMAT
// and DESCRIBE STAGE; mlorek/frostlake's account-measured
// FileFormatSurfaces.java).
func describeOption(v string) string {
	return escapeOption(strings.ReplaceAll(v, `\`, `\\`))
}

// formatOptionsJSON is SHOW FILE FORMATS' format_options column.
func (ff *fileFormat) formatOptionsJSON() string {
	m := map[string]any{}
	for k, v := range ff.opts {
		o := ffOptionByName[k]
		switch o.typ {
		case "Boolean":
			m[k] = v == "true"
		case "Integer":
			n, _ := strconv.Atoi(v)
			m[k] = n
		case "List":
			var items []string
			_ = json.Unmarshal([]byte(v), &items)
			m[k] = items
		default:
			m[k] = v
		}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// fileFormatSpec is a FILE_FORMAT value: a named format or inline options.
type fileFormatSpec struct {
	name    string // FORMAT_NAME (possibly qualified), or ""
	options map[string]string
}

func (f fileFormatSpec) empty() bool { return f.name == "" && len(f.options) == 0 }

// parseFileFormatSpec reads "(TYPE = CSV ...)", "(FORMAT_NAME = 'x')" or a
// bare name as stored by cursor.properties.
func parseFileFormatSpec(v string) (fileFormatSpec, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return fileFormatSpec{}, nil
	}
	if !strings.HasPrefix(v, "(") {
		return fileFormatSpec{name: v}, nil
	}
	c, err := newCursor(strings.TrimSuffix(strings.TrimPrefix(v, "("), ")"))
	if err != nil {
		return fileFormatSpec{}, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid FILE_FORMAT %s: %v", v, err)
	}
	props := c.properties()
	if n := props["FORMAT_NAME"]; n != "" {
		return fileFormatSpec{name: n}, nil
	}
	if _, err := newFileFormat(props); err != nil {
		return fileFormatSpec{}, err
	}
	return fileFormatSpec{options: props}, nil
}

// resolveFileFormat turns a spec into a format; named formats are looked up
// relative to the session (db.schema.name, schema.name or name).
func (l *loading) resolveFileFormat(ctx context.Context, s *Session, spec fileFormatSpec) (*fileFormat, error) {
	if spec.name == "" {
		return newFileFormat(spec.options)
	}
	o, err := l.lookupFileFormat(ctx, s, splitQualified(spec.name))
	if err != nil {
		return nil, err
	}
	return newFileFormat(o.Props)
}

func (l *loading) lookupFileFormat(ctx context.Context, s *Session, parts []string) (Object, error) {
	db, schema, n, err := s.Resolve(objectName{parts: parts})
	if err != nil {
		return Object{}, err
	}
	for _, cand := range []string{n, strings.ToUpper(n)} {
		o, ok, err := l.e.GetObject(ctx, "FILE_FORMAT", db, schema, cand)
		if err != nil {
			return Object{}, err
		}
		if ok {
			return o, nil
		}
	}
	return Object{}, Errorf(CodeNotExist, "02000", "SQL compilation error:\nFile format '%s' does not exist or not authorized.", strings.Join(parts, "."))
}

// splitQualified splits a dotted name (as cursor.value renders it).
func splitQualified(name string) []string {
	c, err := newCursor(name)
	if err == nil {
		if n, err := c.objectName(); err == nil && c.done() {
			return n.parts
		}
	}
	return strings.Split(name, ".")
}

// ---- commands ----

func cmdCreateFileFormat(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "FILE", "FORMAT")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	if err := s.e.requireSchema(ctx, db, schema); err != nil {
		return nil, err
	}
	props := c.properties()
	if _, err := newFileFormat(props); err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	_, exists, err := s.e.GetObject(ctx, "FILE_FORMAT", db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	if err := s.e.PutObject(ctx, Object{Kind: "FILE_FORMAT", Database: db, Schema: schema, Name: name, Props: props, SQL: c.text, Owner: s.Role}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("File format %s successfully created.", name)), nil
}

func fileFormatNotExist(name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nFile format '%s' does not exist or not authorized.", name)
}

func cmdAlterFileFormat(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "FILE", "FORMAT")
	ifExists := c.accept("IF", "EXISTS")
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	o, ok, err := s.e.GetObject(ctx, "FILE_FORMAT", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return alterMissing(ifExists, fileFormatNotExist(n.String()))
	}
	switch {
	case c.accept("SET"):
		props := map[string]string{}
		for k, v := range o.Props {
			props[k] = v
		}
		for k, v := range c.properties() {
			props[k] = v
		}
		if _, err := newFileFormat(props); err != nil {
			return nil, err
		}
		o.Props = props
	case c.accept("RENAME", "TO"):
		_, ndb, nschema, nname, err := s.objectArg(c)
		if err != nil {
			return nil, err
		}
		if _, err := s.e.DeleteObject(ctx, "FILE_FORMAT", db, schema, name); err != nil {
			return nil, err
		}
		o.Database, o.Schema, o.Name = ndb, nschema, nname
	}
	if err := s.e.PutObject(ctx, o); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdDropFileFormat(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "FILE", "FORMAT")
	ifExists := c.accept("IF", "EXISTS")
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	return s.e.dropObject(ctx, "FILE_FORMAT", db, schema, name, ifExists, fileFormatNotExist(n.String()))
}

func cmdShowFileFormats(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "FILE", "FORMATS")
	sc, err := parseShowScope(s, c, true)
	if err != nil {
		return nil, err
	}
	if err := sc.refuseStartsWith("FILE FORMATS"); err != nil {
		return nil, err
	}
	objs, err := s.e.showObjects(ctx, "FILE_FORMAT", sc)
	if err != nil {
		return nil, err
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Name < objs[j].Name })
	t := newTable("created_on", "name", "database_name", "schema_name", "type", "owner", "comment", "format_options", "owner_role_type")
	for _, o := range objs {
		ff, err := newFileFormat(o.Props)
		if err != nil {
			return nil, fmt.Errorf("file format %s: %w", o.Name, err)
		}
		t.add(o.CreatedOn, o.Name, o.Database, o.Schema, ff.Type, orDefault(o.Owner, "ACCOUNTADMIN"), o.Props["COMMENT"], ff.formatOptionsJSON(), "ROLE")
	}
	return t.result(), nil
}

func cmdDescFileFormat(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("FILE", "FORMAT")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	o, err := s.e.loading.lookupFileFormat(ctx, s, n.parts)
	if err != nil {
		return nil, err
	}
	ff, err := newFileFormat(o.Props)
	if err != nil {
		return nil, err
	}
	t := newTable("property", "property_type", "property_value", "property_default")
	for _, p := range ff.describe() {
		t.add(p.name, p.typ, p.value, p.dflt)
	}
	return t.result(), nil
}
