package rewrite

import (
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A column's DuckDB comment records what DuckDB's catalog does not keep of a
// Snowflake column: its declared type where DuckDB's differs (OBJECT, ARRAY,
// VARCHAR(n), BINARY(n)), its PRIMARY KEY and UNIQUE flags (Snowflake does
// not enforce them, DuckDB would) and the user's comment. DESCRIBE TABLE,
// SHOW COLUMNS and INFORMATION_SCHEMA.COLUMNS report them (snowlocal/show.go).
// The comment follows the column through renames and goes with the table.
//
// The form is "flurry:" + type, then "|pk", "|uk", "|a=" + the type's name
// as declared (INFORMATION_SCHEMA.COLUMNS' DATA_TYPE_ALIAS), "|co=" + the
// column's collation specification as written (collate_column.go), "|ud" when
// values with undefined array elements may be stored in it (undefined_stored.go), and last "|c=" +
// the user's comment (which may hold any character). A type alone keeps the
// form older databases were written with ("flurry:VARCHAR(30)").

// ColumnMeta is what a column's DuckDB comment records.
type ColumnMeta struct {
	Type       string // declared Snowflake type DuckDB does not keep, or ""
	PrimaryKey bool
	Unique     bool
	// Alias is the column's type as declared when it is one upper-case
	// name (BIGINT, STRING): DATA_TYPE_ALIAS (info_schema.go). "" for any
	// other declaration, a column of a query, and older tables.
	Alias string
	// Collation is the column's collation specification as written in
	// its COLLATE clause (collate_column.go), "" for none.
	Collation string
	// Undefined: values holding undefined array elements may have been
	// stored in the column (undefined_stored.go), so every reference to it
	// reads them through the engine's decoding.
	Undefined  bool
	Comment    string
	HasComment bool // COMMENT set (an empty comment is a comment)
}

const metaPrefix = "flurry:"

// ParseColumnMeta reads a column's DuckDB comment. A comment not written by
// the engine is the user's.
func ParseColumnMeta(s string) ColumnMeta {
	rest, ok := strings.CutPrefix(s, metaPrefix)
	if !ok {
		if s == "" {
			return ColumnMeta{}
		}
		return ColumnMeta{Comment: s, HasComment: true}
	}
	var m ColumnMeta
	if i := strings.Index(rest, "|c="); i >= 0 {
		m.Comment, m.HasComment = rest[i+3:], true
		rest = rest[:i]
	}
	parts := strings.Split(rest, "|")
	m.Type = parts[0]
	for _, f := range parts[1:] {
		switch f {
		case "pk":
			m.PrimaryKey = true
		case "uk":
			m.Unique = true
		case "ud":
			m.Undefined = true
		default:
			if a, ok := strings.CutPrefix(f, "a="); ok {
				m.Alias = a
			} else if co, ok := strings.CutPrefix(f, "co="); ok {
				m.Collation = co
			}
		}
	}
	return m
}

// String is the DuckDB comment recording m, "" when there is nothing to
// record.
func (m ColumnMeta) String() string {
	if m.Type == "" && !m.PrimaryKey && !m.Unique && m.Alias == "" && m.Collation == "" && !m.Undefined && !m.HasComment {
		return ""
	}
	s := metaPrefix + m.Type
	if m.PrimaryKey {
		s += "|pk"
	}
	if m.Unique {
		s += "|uk"
	}
	if m.Alias != "" {
		s += "|a=" + m.Alias
	}
	if m.Collation != "" {
		s += "|co=" + m.Collation
	}
	if m.Undefined {
		s += "|ud"
	}
	if m.HasComment {
		s += "|c=" + m.Comment
	}
	return s
}

// TypeMarker is the type-only marker (SemiTypeComment) within a column's
// DuckDB comment, or "" when it records no declared type.
func TypeMarker(comment string) string {
	if t := ParseColumnMeta(comment).Type; t != "" {
		return SemiTypeComment(t)
	}
	return ""
}

// commentSQL is the statement that sets table's column col (rendered names)
// to record m: COMMENT ... IS NULL when m is empty.
func commentSQL(table, col string, m ColumnMeta) string {
	v := "NULL"
	if s := m.String(); s != "" {
		v = sqlString(s)
	}
	return "COMMENT ON COLUMN " + table + "." + col + " IS " + v
}

// columnMetas is table's (a rendered name) column comments by column name
// (Options.ColumnComments), ok false when they cannot be read.
func (p *parser) columnMetas(table string) (map[string]ColumnMeta, bool) {
	if p.opts.ColumnComments == nil {
		return nil, false
	}
	raw, err := p.opts.ColumnComments(table)
	if err != nil || len(raw) == 0 {
		return nil, false
	}
	out := make(map[string]ColumnMeta, len(raw))
	for k, v := range raw {
		out[k] = ParseColumnMeta(v)
	}
	return out, true
}

// metaOf finds column c (a token) among metas: by its rendered name, or
// case-insensitively for an unquoted one.
func metaOf(metas map[string]ColumnMeta, c tok) (string, ColumnMeta, bool) {
	name := strings.ToUpper(c.Text)
	if c.Kind == sqllex.QuotedIdent {
		name = strings.ReplaceAll(c.Text[1:len(c.Text)-1], `""`, `"`)
	}
	if m, ok := metas[name]; ok {
		return name, m, true
	}
	if c.Kind == sqllex.Word {
		for k, m := range metas {
			if strings.EqualFold(k, c.Text) {
				return k, m, true
			}
		}
	}
	return "", ColumnMeta{}, false
}

// commentOn rewrites COMMENT [IF EXISTS] ON {TABLE | VIEW | COLUMN} name IS
// 'text'. A column's comment is merged into what its DuckDB comment records;
// a table's or view's is DuckDB's own (SHOW TABLES and SHOW VIEWS show it).
// Comments on other objects are refused.
func (p *parser) commentOn() (string, error) {
	start := p.next() // COMMENT
	if p.ifExists() {
		return "", p.unsupported(start, "COMMENT IF EXISTS")
	}
	if err := p.expectWord("ON"); err != nil {
		return "", err
	}
	kind := p.next()
	k := strings.ToUpper(kind.Text)
	if k != "TABLE" && k != "VIEW" && k != "COLUMN" {
		return "", p.unsupported(kind, "COMMENT ON "+k)
	}
	name, parts, err := p.objectName()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("IS"); err != nil {
		return "", err
	}
	lit := p.next()
	if lit.Kind != sqllex.String {
		return "", p.unexpected(lit)
	}
	text := StringValue(lit.Text)
	if !p.eof() {
		return "", p.unexpected(p.peek())
	}
	if k != "COLUMN" {
		return "COMMENT ON " + k + " " + name + " IS " + sqlString(text), nil
	}
	if len(parts) < 2 {
		return "", p.unexpected(lit)
	}
	col := parts[len(parts)-1]
	table := renderName(parts[:len(parts)-1])
	return p.columnComment(table, kind, col, text, true, "COMMENT ON COLUMN")
}

// columnComment is the DuckDB statement setting (has) or removing the
// comment of column col of table, keeping what else its DuckDB comment
// records; what names the statement in a refusal.
func (p *parser) columnComment(table string, at, col tok, text string, has bool, what string) (string, error) {
	metas, ok := p.columnMetas(table)
	if !ok {
		return "", p.unsupported(at, what+" of a table not found")
	}
	c, m, ok := metaOf(metas, col)
	if !ok {
		return "", p.unsupported(col, what+" of a column not found")
	}
	m.Comment, m.HasComment = text, has
	return commentSQL(table, quoteIdent(c), m), nil
}

// declaredAlias is the type just parsed from token at on, as
// INFORMATION_SCHEMA.COLUMNS' DATA_TYPE_ALIAS shows it: "the original data
// type name that was specified for the column", BIGINT for BIGINT and NUMBER
// for NUMBER in the docs' examples
// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2025_07/bcr-2061).
// "" (DATA_TYPE_ALIAS NULL) for a name written otherwise — in lower or
// mixed case, of several words, or with arguments — whose shown spelling
// the docs do not give.
func (p *parser) declaredAlias(at int) string {
	if at != p.i-1 || at < 0 || at >= len(p.toks) {
		return ""
	}
	t := p.toks[at]
	if t.Kind != sqllex.Word || t.Text != strings.ToUpper(t.Text) || strings.ContainsAny(t.Text, "|$") {
		return ""
	}
	return t.Text
}

// metadataOf copies to table, made by CREATE TABLE ... LIKE or CLONE of
// src, what src's comments record: each column's declared type, PRIMARY
// KEY and UNIQUE flags, collation and comment (not its type alias), and the table's
// comment (constraints-overview: "When you copy a table by using CREATE
// TABLE ... LIKE or CREATE TABLE ... CLONE, all existing constraints on
// the table ... are copied"; a collation is part of the column's type; the
// comments go with them). Statements that follow the CREATE, each starting
// ";\n". Without the column comments, only the declared lengths are kept.
func (p *parser) metadataOf(table, src string) string {
	metas, ok := p.columnMetas(src)
	if !ok {
		return p.lengthCommentsOf(table, src)
	}
	names := make([]string, 0, len(metas))
	for n := range metas {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		m := metas[n]
		m.Undefined = false // LIKE copies no rows; a CLONE of such a column is refused
		// DATA_TYPE_ALIAS of a copied column is not documented: with no
		// alias recorded, INFORMATION_SCHEMA.COLUMNS refuses to show one.
		m.Alias = ""
		if m.String() != "" {
			b.WriteString(";\n" + commentSQL(table, quoteIdent(n), m))
		}
	}
	if p.opts.TableComment != nil {
		if c, ok, err := p.opts.TableComment(src); err == nil && ok {
			b.WriteString(";\nCOMMENT ON TABLE " + table + " IS " + sqlString(c))
		}
	}
	return b.String()
}
