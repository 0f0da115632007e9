package migrations

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/flurry-dev/flurry/internal/textexec"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Rendered is a script after templating and splitting: what would be sent.
type Rendered struct {
	*Script
	SQL string // rendered SQL, secrets included: what runs
	// Checksum is the sha256 (hex) of the script as written, before its
	// variables are filled in, plus the udfs/ files it includes: what
	// decides drift, as Flyway checksums scripts before placeholder
	// replacement. A changed variable is not a changed script.
	Checksum string
	// RenderedChecksum is the sha256 of SQL: it decides when a repeatable
	// script runs again (a new task schedule must reach the task).
	RenderedChecksum string
	Statements       []sqllex.Statement
	// Vars are the variables the script uses, secrets shown as Redacted:
	// recorded in the history, so that `status` can say which changed.
	Vars map[string]string
	// NoResumeTasks is set by the `-- flurry:no-resume-tasks` directive.
	NoResumeTasks bool
}

// UDFSource returns the source of a function kept in udfs/ for the `udf`
// template helper. It is a variable so the CLI and tests share one lookup.
var UDFSource = udfSource

// Render executes a script's template with vars, checksums it and splits
// the result into statements. Errors name the file and line; every missing
// variable is reported, not only the first.
func Render(s *Script, vars *Vars) (*Rendered, error) {
	r := &Rendered{Script: s}
	if err := r.parseDirectives(); err != nil {
		return nil, err
	}
	var udfs []string
	tmpl, err := textexec.Parse(s.Name, s.Source, funcs(func(name, src string) {
		udfs = append(udfs, "\x00udf:"+name+"\x00"+src)
	}))
	if err != nil {
		return nil, fmt.Errorf("%s: template: %s", s.Path, trimTemplateErr(err.Error(), s.Name))
	}
	used := usedVars(tmpl.Template)
	var missing []error
	r.Vars = map[string]string{}
	for _, u := range used {
		val, ok := vars.Get(u.name)
		if !ok {
			missing = append(missing, fmt.Errorf("%s: line %d: missing variable %q (%s)", s.Path, u.line, u.name, missingHint(u.name)))
			continue
		}
		if vars.IsSecret(u.name) {
			val = Redacted
		}
		r.Vars[u.name] = val
	}
	if len(missing) > 0 {
		return nil, errors.Join(missing...)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, vars.data(false)); err != nil {
		return nil, templateExecError(s, err, vars)
	}
	r.SQL = b.String()
	sum := sha256.Sum256([]byte(r.SQL))
	r.RenderedChecksum = hex.EncodeToString(sum[:])
	sum = sha256.Sum256([]byte(s.Source + strings.Join(udfs, "")))
	r.Checksum = hex.EncodeToString(sum[:])
	stmts, err := sqllex.Split(r.SQL)
	if err != nil {
		var le *sqllex.Error
		if errors.As(err, &le) {
			return nil, fmt.Errorf("%s: line %d, column %d: %s", s.Path, le.Line, le.Col, vars.Redact(le.Msg))
		}
		return nil, fmt.Errorf("%s: %s", s.Path, vars.Redact(err.Error()))
	}
	r.Statements = stmts
	return r, nil
}

type varUse struct {
	name string
	line int
}

// usedVars lists the top-level variables (.name) a template refers to, in
// order of first use, with the line of that use.
func usedVars(tmpl *template.Template) []varUse {
	var out []varUse
	seen := map[string]bool{}
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if n == nil || reflect.ValueOf(n).IsNil() {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			if name := n.Ident[0]; !seen[name] {
				seen[name] = true
				line := 0
				if loc, _ := tmpl.ErrorContext(n); loc != "" {
					if parts := strings.Split(loc, ":"); len(parts) >= 2 {
						line, _ = strconv.Atoi(parts[1])
					}
				}
				out = append(out, varUse{name, line})
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		}
	}
	if tmpl.Tree != nil {
		walk(tmpl.Tree.Root)
	}
	return out
}

// Directives are SQL comments of the form `-- flurry:<name>` on a line of their own.
var knownDirectives = map[string]bool{"no-resume-tasks": true}

func (r *Rendered) parseDirectives() error {
	sc := bufio.NewScanner(strings.NewReader(r.Source))
	sc.Buffer(make([]byte, 64*1024), len(r.Source)+1)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		rest, ok := strings.CutPrefix(t, "--")
		if !ok {
			continue
		}
		d, ok := strings.CutPrefix(strings.TrimSpace(rest), "flurry:")
		if !ok {
			continue
		}
		d = strings.TrimSpace(d)
		if !knownDirectives[d] {
			return fmt.Errorf("%s: line %d: unknown directive %q (known: -- flurry:no-resume-tasks)", r.Path, line, "flurry:"+d)
		}
		if d == "no-resume-tasks" {
			r.NoResumeTasks = true
		}
	}
	return nil
}

var (
	missingKeyRE = regexp.MustCompile(`map has no entry for key "([^"]*)"`)
	tmplPosRE    = regexp.MustCompile(`^template: [^:]*:(\d+)(?::(\d+))?: `)
)

func templateExecError(s *Script, err error, vars *Vars) error {
	msg := err.Error()
	line := ""
	if m := tmplPosRE.FindStringSubmatch(msg); m != nil {
		line = " line " + m[1] + ":"
	}
	if m := missingKeyRE.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("%s:%s missing variable %q (%s)", s.Path, line, m[1], missingHint(m[1]))
	}
	return fmt.Errorf("%s: template: %s", s.Path, vars.Redact(trimTemplateErr(msg, s.Name)))
}

func trimTemplateErr(msg, name string) string {
	msg = strings.TrimPrefix(msg, "template: ")
	return strings.TrimPrefix(msg, name+":")
}

// funcs are the template helpers; included is told of every udfs/ file
// placed in the script, which is part of its checksum.
func funcs(included func(name, src string)) template.FuncMap {
	return template.FuncMap{
		"ident":   QuoteIdent,
		"literal": QuoteLiteral,
		"s3url":   S3URL,
		"word":    bareWord,
		"number":  number,
		"upper":   strings.ToUpper,
		"lower":   strings.ToLower,
		"udf": func(name string) (string, error) {
			src, err := UDFSource(name)
			if err != nil {
				return "", fmt.Errorf("udf %q: %w", name, err)
			}
			if strings.Contains(src, "$$") {
				return "", fmt.Errorf("udf %q contains $$ and cannot be placed in a $$ body", name)
			}
			included(name, src)
			return strings.TrimRight(src, "\n"), nil
		},
	}
}

// S3URL renders the quoted 's3://bucket/prefix/' location of a stage or an
// integration's allowed locations, with exactly one slash between parts and
// the trailing slash Snowflake wants for a prefix.
func S3URL(bucket, prefix string) (string, error) {
	if bucket == "" || strings.ContainsAny(bucket, "/ '\\") {
		return "", fmt.Errorf("s3url: bucket %q: want a bucket name (no slashes, quotes or spaces)", bucket)
	}
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		return QuoteLiteral("s3://" + bucket + "/"), nil
	}
	return QuoteLiteral("s3://" + bucket + "/" + prefix + "/"), nil
}

var (
	bareWordRE = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	numberRE   = regexp.MustCompile(`^[0-9]+$`)
)

// bareWord passes a keyword-like value (MEDIUM, X-SMALL as X_SMALL...) and
// rejects anything that could change the statement.
func bareWord(s string) (string, error) {
	if !bareWordRE.MatchString(s) {
		return "", fmt.Errorf("word: %q is not a bare word (letters, digits, _)", s)
	}
	return s, nil
}

func number(s string) (string, error) {
	if !numberRE.MatchString(s) {
		return "", fmt.Errorf("number: %q is not a whole number", s)
	}
	return s, nil
}

var unquotedIdentRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// reserved are Snowflake reserved words that must be quoted as identifiers.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT
		CONNECTION CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER
		DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP GSCLUSTER HAVING
		ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL LEFT LIKE LOCALTIME LOCALTIMESTAMP
		MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE
		SCHEMA SELECT SET SOME START TABLE TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING
		VALUES VIEW WHEN WHENEVER WHERE WITH`) {
		reserved[w] = true
	}
}

// QuoteIdent renders one identifier part safely: a plain identifier
// (letters, digits, _ and $, not reserved) is left unquoted so Snowflake
// resolves it case-insensitively as usual; anything else is double-quoted
// with embedded quotes doubled, so a value can never end the identifier.
func QuoteIdent(name string) string {
	if unquotedIdentRE.MatchString(name) && !reserved[strings.ToUpper(name)] {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// QuoteLiteral renders a single-quoted Snowflake string literal. Snowflake
// reads backslash escapes inside '...', so backslashes are doubled as well as
// quotes.
func QuoteLiteral(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// StatementLabel names a statement of a script for messages.
func StatementLabel(r *Rendered, st sqllex.Statement) string {
	return r.Path + ": statement " + strconv.Itoa(st.Index) + " (line " + strconv.Itoa(st.Line) + ")"
}
