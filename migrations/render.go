package migrations

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/template"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Rendered is a script after templating and splitting: what would be sent.
type Rendered struct {
	*Script
	SQL        string // rendered SQL, secrets included: what runs
	Checksum   string // sha256 of SQL, hex
	Statements []sqllex.Statement
	// NoResumeTasks is set by the `-- flurry:no-resume-tasks` directive.
	NoResumeTasks bool
}

// UDFSource returns the source of a function kept in udfs/ for the `udf`
// template helper. It is a variable so the CLI and tests share one lookup.
var UDFSource = udfSource

// Render executes a script's template with vars, checksums the result and
// splits it into statements. Errors name the file and line.
func Render(s *Script, vars *Vars) (*Rendered, error) {
	r := &Rendered{Script: s}
	if err := r.parseDirectives(); err != nil {
		return nil, err
	}
	tmpl, err := template.New(s.Name).Option("missingkey=error").Funcs(funcs()).Parse(s.Source)
	if err != nil {
		return nil, fmt.Errorf("%s: template: %s", s.Path, trimTemplateErr(err.Error(), s.Name))
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, vars.data(false)); err != nil {
		return nil, templateExecError(s, err, vars)
	}
	r.SQL = b.String()
	sum := sha256.Sum256([]byte(r.SQL))
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

func funcs() template.FuncMap {
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
