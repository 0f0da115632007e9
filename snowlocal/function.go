package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	"github.com/flurry-dev/flurry/udfs"
)

// User-defined functions.
//
// SQL UDFs become DuckDB macros in the function's database and schema, their
// bodies rewritten like any statement: scalar functions are expression
// macros (arguments and result cast to the declared types), table functions
// (RETURNS TABLE) are table macros. Python table functions (LANGUAGE PYTHON
// RETURNS TABLE) are kept in the catalog and run by function_udtf.go, for
// real with python3 or by their Go twin (package udfs).

func init() { extensions = append(extensions, installFunctions) }

func installFunctions(ctx context.Context, e *Engine) error {
	e.Register("CREATE FUNCTION", cmdCreateFunction)
	e.Register("DROP FUNCTION", cmdDropFunction)
	e.Register("SHOW FUNCTIONS", cmdShowFunctions)
	e.Register("SHOW USER FUNCTIONS", cmdShowFunctions)
	e.Register("DESC FUNCTION", cmdDescFunction)
	e.Register("DESCRIBE FUNCTION", cmdDescFunction)
	e.SetTableFunctionHook(tableFunctionHook)
	if err := registerScriptUDFExecutor(ctx, e); err != nil {
		return err
	}
	if err := registerMTRandom(ctx, e); err != nil { // random_mt.go
		return err
	}
	return registerUDTFExecutor(ctx, e)
}

// funcArg is one declared argument.
type funcArg struct {
	Name    string `json:"name"`
	Type    string `json:"type"`
	Default string `json:"default,omitempty"` // Snowflake SQL expression
}

// function is a user function's catalog entry.
type function struct {
	Object
	args    []funcArg
	columns []udfs.Column // RETURNS TABLE columns; nil for scalar functions
}

func (f *function) language() string { return f.Props["LANGUAGE"] }
func (f *function) isTable() bool    { return f.Props["IS_TABLE"] == "true" }

// macro is the DuckDB macro of a SQL function, fully qualified and quoted.
func (f *function) macro() string { return qualified(f.Database, f.Schema, f.Name) }

func functionFromObject(o Object) (*function, error) {
	f := &function{Object: o}
	if err := json.Unmarshal([]byte(orDefault(o.Props["ARGUMENTS"], "[]")), &f.args); err != nil {
		return nil, fmt.Errorf("function %s: bad catalog entry: %w", o.Name, err)
	}
	if f.isTable() {
		cols, err := udfs.ParseReturnsTable(o.Props["RETURNS"])
		if err != nil {
			return nil, fmt.Errorf("function %s: bad catalog entry: %w", o.Name, err)
		}
		f.columns = cols
	}
	return f, nil
}

func (e *Engine) getFunction(ctx context.Context, db, schema, name string) (*function, bool, error) {
	o, ok, err := e.GetObject(ctx, "FUNCTION", db, schema, name)
	if err != nil || !ok {
		return nil, false, err
	}
	f, err := functionFromObject(o)
	return f, err == nil, err
}

// columnName is a RETURNS TABLE column's name as Snowflake resolves it.
func columnName(c udfs.Column) string {
	if c.Quoted {
		return c.Name
	}
	return strings.ToUpper(c.Name)
}

// displayType names a declared type the way SHOW FUNCTIONS does.
func displayType(t string) string {
	u := strings.ToUpper(strings.TrimSpace(t))
	base := u
	if i := strings.IndexByte(u, '('); i >= 0 {
		base = strings.TrimSpace(u[:i])
	}
	switch base {
	case "STRING", "TEXT", "VARCHAR", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2":
		return "VARCHAR"
	case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT", "NUMBER", "NUMERIC", "DECIMAL":
		return "NUMBER"
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL":
		return "FLOAT"
	case "DATETIME", "TIMESTAMP":
		return "TIMESTAMP_NTZ"
	}
	return base
}

// mapTimestampAlias is the declared type t with a TIMESTAMP or DATETIME
// base (precision kept) written as mapping, the session's
// TIMESTAMP_TYPE_MAPPING; any other type as it is.
func mapTimestampAlias(t, mapping string) string {
	trimmed := strings.TrimSpace(t)
	base, rest := trimmed, ""
	if i := strings.IndexByte(trimmed, '('); i >= 0 {
		base, rest = strings.TrimSpace(trimmed[:i]), trimmed[i:]
	}
	switch strings.ToUpper(base) {
	case "TIMESTAMP", "DATETIME":
		return mapping + rest
	}
	return t
}

// argType is one argument's type as a signature names it (displayType)
// and whether it is optional (has a DEFAULT).
type argType struct {
	typ      string
	optional bool
}

func argTypes(args []funcArg) []argType {
	var out []argType
	for _, a := range args {
		out = append(out, argType{displayType(a.Type), a.Default != ""})
	}
	return out
}

// checkOverload checks creating kind name with argument types next where
// one of that name with types old exists. The same types are the same
// signature (replaced, or "already exists"). Types that differ only by
// optional arguments are Snowflake's error: "Cannot overload FUNCTION
// 'MY_UDF_B' as it would cause ambiguous FUNCTION overloading." (docs:
// Defining arguments for UDFs and stored procedures). Other types make an
// overload in Snowflake, which keeps both signatures: the local engine keeps
// one object per name, so that is refused rather than replacing (or
// rejecting) the existing one.
func checkOverload(kind, name string, old, next []argType) error {
	required := func(ts []argType) []string {
		var out []string
		for _, t := range ts {
			if !t.optional {
				out = append(out, t.typ)
			}
		}
		return out
	}
	all := func(ts []argType) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.typ)
		}
		return out
	}
	switch {
	case slices.Equal(all(old), all(next)):
		return nil
	case slices.Equal(required(old), required(next)):
		return Errorf("000949", "42723", "SQL compilation error:\nCannot overload %s '%s' as it would cause ambiguous %s overloading.", kind, strings.ToUpper(name), kind)
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'overloading %s %s' (another signature of that name exists): the local engine keeps one signature per name.", kind, strings.ToUpper(name))
}

// signature is "NAME(VARCHAR, NUMBER) RETURN BOOLEAN", as SHOW FUNCTIONS' arguments column.
func (f *function) signature() string {
	var types []string
	for _, a := range f.args {
		types = append(types, displayType(a.Type))
	}
	return f.Name + "(" + strings.Join(types, ", ") + ") RETURN " + f.returnsDisplay()
}

func (f *function) returnsDisplay() string {
	if !f.isTable() {
		return displayType(f.Props["RETURNS"])
	}
	var cols []string
	for _, c := range f.columns {
		cols = append(cols, columnName(c)+" "+displayType(c.Type))
	}
	return "TABLE (" + strings.Join(cols, ", ") + ")"
}

// createFunction is a parsed CREATE FUNCTION statement.
type createFunction struct {
	orReplace, ifNotExists bool
	name                   objectName
	args                   []funcArg
	returns                string // type, or "(col type, ...)" for tables
	isTable                bool
	props                  map[string]string // LANGUAGE, HANDLER, RUNTIME_VERSION, PACKAGES, COMMENT, ...
	body                   string
}

// functionOptionWords end a RETURNS type.
var functionOptionWords = map[string]bool{"NOT": true, "NULL": true, "LANGUAGE": true, "CALLED": true, "RETURNS": true,
	"STRICT": true, "VOLATILE": true, "IMMUTABLE": true, "COMMENT": true, "RUNTIME_VERSION": true, "PACKAGES": true,
	"IMPORTS": true, "HANDLER": true, "AS": true, "MEMOIZABLE": true, "COPY": true, "EXTERNAL_ACCESS_INTEGRATIONS": true,
	"SECRETS": true, "TARGET_PATH": true}

func syntaxError(c *cursor, expected string) error {
	return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s; expected %s", c.where(), expected)
}

// span reads tokens up to (not including) a ',' or ')' at depth 0, or a
// word for which stop is true, and returns their text.
func (c *cursor) span(stop func(word string) bool) string {
	start, end := -1, -1
	depth := 0
	for !c.done() {
		t := c.toks[c.pos]
		if depth == 0 && (t.IsOp(",") || t.IsOp(")") || (stop != nil && t.Kind == sqllex.Word && stop(strings.ToUpper(t.Text)))) {
			break
		}
		if t.IsOp("(") {
			depth++
		} else if t.IsOp(")") {
			depth--
		}
		if start < 0 {
			start = t.Pos
		}
		end = t.Pos + len(t.Text)
		c.pos++
	}
	if start < 0 {
		return ""
	}
	return c.text[start:end]
}

func parseCreateFunction(c *cursor) (*createFunction, error) {
	cf := &createFunction{props: map[string]string{}}
	cf.orReplace, cf.ifNotExists = createFlags(c, "FUNCTION")
	var err error
	if cf.name, err = c.objectName(); err != nil {
		return nil, err
	}
	if !c.acceptOp("(") {
		return nil, syntaxError(c, "'(' opening the argument list")
	}
	for !c.acceptOp(")") {
		var a funcArg
		if a.Name, err = c.ident(); err != nil {
			return nil, err
		}
		a.Type = c.span(func(w string) bool { return w == "DEFAULT" })
		if a.Type == "" {
			return nil, syntaxError(c, "the type of argument "+a.Name)
		}
		if err := refuseStructuredSignature("argument "+a.Name, a.Type); err != nil { // structured_signature.go
			return nil, err
		}
		if c.accept("DEFAULT") {
			a.Default = c.span(nil)
		}
		cf.args = append(cf.args, a)
		if c.acceptOp(",") {
			continue
		}
		if t, ok := c.peek(0); !ok || !t.IsOp(")") {
			return nil, syntaxError(c, "',' or ')' in the argument list")
		}
	}
	// COPY GRANTS sits between the arguments and RETURNS (CREATE FUNCTION's
	// syntax); the options loop below also takes it where older scripts put it.
	c.accept("COPY", "GRANTS")
	if !c.accept("RETURNS") {
		return nil, syntaxError(c, "RETURNS")
	}
	if c.accept("TABLE") {
		t, ok := c.peek(0)
		if !ok || !t.IsOp("(") {
			return nil, syntaxError(c, "'(' opening the RETURNS TABLE columns")
		}
		cf.isTable = true
		cf.returns = c.value() // the parenthesized column list
	} else {
		cf.returns = c.span(func(w string) bool { return functionOptionWords[w] })
		if cf.returns == "" {
			return nil, syntaxError(c, "the return type")
		}
	}
	if err := refuseStructuredSignature("the result", cf.returns); err != nil {
		return nil, err
	}
	for !c.done() && !c.accept("AS") {
		switch {
		case c.accept("LANGUAGE"):
			cf.props["LANGUAGE"] = c.word(0)
			c.pos++
		case c.accept("NOT", "NULL"), c.accept("NULL"), c.accept("STRICT"), c.accept("VOLATILE"), c.accept("IMMUTABLE"), c.accept("MEMOIZABLE"):
		case c.accept("CALLED", "ON", "NULL", "INPUT"):
		case c.accept("RETURNS", "NULL", "ON", "NULL", "INPUT"):
		case c.accept("COPY", "GRANTS"):
		default:
			t, _ := c.peek(0)
			if t.Kind != sqllex.Word {
				return nil, syntaxError(c, "a function option or AS")
			}
			name := strings.ToUpper(t.Text)
			c.pos++
			if !c.acceptOp("=") {
				return nil, syntaxError(c, "'=' after "+name)
			}
			cf.props[name] = c.value()
		}
	}
	body, ok := c.stringLit()
	if lang := cf.props["LANGUAGE"]; !ok && (lang == "" || lang == "SQL") && (c.word(0) == "DECLARE" || c.word(0) == "BEGIN") {
		// A Snowflake Scripting UDF's block may follow AS unquoted, as a
		// procedure's does (docs: Understanding blocks in Snowflake
		// Scripting, "Using a block in a user-defined function (UDF)").
		body, ok = c.rest(), true
		c.pos = len(c.toks)
	}
	if !ok {
		return nil, syntaxError(c, "the function body ($$...$$ or a string) after AS")
	}
	if !c.done() {
		return nil, syntaxError(c, "the end of the statement after the function body")
	}
	cf.body = body
	if cf.props["LANGUAGE"] == "" {
		cf.props["LANGUAGE"] = "SQL"
	}
	return cf, nil
}

func cmdCreateFunction(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	cf, err := parseCreateFunction(c)
	if err != nil {
		return nil, err
	}
	db, schema, name, err := s.Resolve(cf.name)
	if err != nil {
		return nil, err
	}
	if m, _ := s.Parameter("TIMESTAMP_TYPE_MAPPING"); m != "" && m != "TIMESTAMP_NTZ" {
		// TIMESTAMP (and DATETIME) "maps to" the session's variation when
		// the function is created (docs: TIMESTAMP_TYPE_MAPPING), as a
		// table's column does: the signature keeps the mapped type.
		for k := range cf.args {
			cf.args[k].Type = mapTimestampAlias(cf.args[k].Type, m)
		}
		if !cf.isTable {
			cf.returns = mapTimestampAlias(cf.returns, m)
		}
	}
	argsJSON, _ := json.Marshal(cf.args)
	props := cf.props
	props["ARGUMENTS"] = string(argsJSON)
	props["RETURNS"] = cf.returns
	props["IS_TABLE"] = fmt.Sprint(cf.isTable)
	props["BODY"] = cf.body
	f, err := functionFromObject(Object{Kind: "FUNCTION", Database: db, Schema: schema, Name: name, Props: props, SQL: c.text, Owner: s.Role})
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}

	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if _, ok, err := s.e.lookupDatabase(ctx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	old, exists, err := s.e.getFunction(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if err := checkOverload("FUNCTION", name, argTypes(old.args), argTypes(f.args)); err != nil {
			return nil, err
		}
		if r, err := alreadyExists(name, cf.orReplace, cf.ifNotExists); r != nil || err != nil {
			return r, err
		}
	}

	var macro string
	switch lang := f.language(); {
	case lang == "SQL" && scriptingBody.MatchString(f.Props["BODY"]):
		// A Snowflake Scripting UDF: a DECLARE or BEGIN block as the body
		// (function_scripting.go).
		if macro, err = s.scriptingFunctionMacro(ctx, f); err != nil {
			return nil, err
		}
	case lang == "SQL":
		if macro, err = s.sqlFunctionMacro(f); err != nil {
			return nil, err
		}
	case lang == "PYTHON" && f.isTable():
		if err := s.checkPythonUDTF(ctx, f); err != nil {
			return nil, err
		}
	case lang == "PYTHON":
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nPython scalar functions are not supported by the local engine (Python table functions are); rewrite %s as a SQL function.", name)
	default:
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nLANGUAGE %s functions are not supported by the local engine (SQL functions and Python table functions are).", lang)
	}

	// The macro is created (and its body bound) in the function's schema.
	err = s.e.inSchema(ctx, db, schema, func(tx *sql.Tx) error {
		if exists && old.language() == "SQL" {
			if _, err := tx.ExecContext(ctx, dropMacroSQL(old)); err != nil {
				return duckError(err)
			}
		}
		if macro != "" {
			if _, err := tx.ExecContext(ctx, macro); err != nil {
				msg := duckError(err).(*Error).Message
				return Errorf(CodeSyntax, "42000", "SQL compilation error:\nin the body of function %s: %s", name, strings.TrimPrefix(msg, "SQL compilation error:\n"))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := s.e.PutObject(ctx, f.Object); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Function %s successfully created.", strings.ToUpper(name))), nil
}

// inSchema runs fn in a transaction on a pool connection whose current
// schema is db.schema, and points the connection back at the engine's own
// catalog afterwards.
func (e *Engine) inSchema(ctx context.Context, db, schema string, fn func(tx *sql.Tx) error) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	home := e.home
	if _, err := conn.ExecContext(ctx, "USE "+quoteIdent(db)+"."+quoteIdent(schema)); err != nil {
		return duckError(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "USE "+home)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func dropMacroSQL(f *function) string {
	if f.isTable() {
		return "DROP MACRO TABLE IF EXISTS " + f.macro()
	}
	return "DROP MACRO IF EXISTS " + f.macro()
}

var queryBody = regexp.MustCompile(`(?is)^\s*(\(\s*)*(SELECT|WITH)\b`)

// scriptingBody matches the body of a Snowflake Scripting UDF: a block,
// opened by DECLARE or BEGIN, where a SQL UDF has an expression or a query
// (docs: developer-guide/udf/sql/udf-sql-procedural-functions).
var scriptingBody = regexp.MustCompile(`(?is)^\s*(DECLARE|BEGIN)\b`)

// sqlFunctionMacro builds the CREATE MACRO statement of a SQL function. The
// body is rewritten as Snowflake SQL in which each argument reference is cast
// to its declared type and the result to the return type, as Snowflake
// coerces them.
func (s *Session) sqlFunctionMacro(f *function) (string, error) {
	body, err := s.e.qualifyRelations(context.Background(), f.Props["BODY"], f.Database, f.Schema)
	if err != nil {
		return "", err
	}
	if body, err = castArgumentRefs(body, f.args); err != nil {
		return "", err
	}
	fail := func(err error) error { return bodyError(f, err) }
	head, err := s.macroHead(f)
	if err != nil {
		return "", err
	}
	opts := s.storedRewriteOptions()
	opts.UDFBody = true // rewrite/udf_value.go
	if !f.isTable() {
		expr, err := rewrite.Rewrite(checkedUDFValue("("+body+")", f.Props["RETURNS"], "result"), opts)
		if err != nil {
			return "", fail(err)
		}
		return head + "(" + expr + ")", nil
	}
	if !queryBody.MatchString(body) {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nthe body of SQL table function %s must be a query", f.Name)
	}
	q, err := rewrite.Rewrite(body, opts)
	if err != nil {
		return "", fail(err)
	}
	// Name and type the query's columns as declared, by position.
	var outs, aliases []string
	for i, col := range f.columns {
		a := fmt.Sprintf("_c%d", i+1)
		aliases = append(aliases, a)
		cast, err := castSQL(a, col.Type)
		if err != nil {
			return "", fail(err)
		}
		outs = append(outs, cast+" AS "+quoteIdent(columnName(col)))
	}
	return fmt.Sprintf("%sTABLE SELECT %s FROM (%s) AS _q(%s)", head, strings.Join(outs, ", "), q, strings.Join(aliases, ", ")), nil
}

// bodyError is a SQL function's body failing to rewrite.
func bodyError(f *function, err error) error {
	msg := err.Error()
	if re, ok := err.(*rewrite.Error); ok {
		msg = strings.TrimPrefix(re.Message, "SQL compilation error:\n")
	}
	return Errorf(CodeSyntax, "42000", "SQL compilation error:\nin the body of function %s: %s", f.Name, msg)
}

// macroHead is "CREATE MACRO name(params) AS " for a SQL function: its
// arguments, optional ones with their defaults cast to the declared types.
func (s *Session) macroHead(f *function) (string, error) {
	var params []string
	for _, a := range f.args {
		p := quoteIdent(a.Name)
		if a.Default != "" {
			d, err := rewrite.Rewrite("CAST(("+a.Default+") AS "+a.Type+")", s.storedRewriteOptions())
			if err != nil {
				return "", bodyError(f, err)
			}
			p += " := " + d
		}
		params = append(params, p)
	}
	return "CREATE MACRO " + f.macro() + "(" + strings.Join(params, ", ") + ") AS ", nil
}

// qualifyRelations qualifies the tables and views a function body reads
// (names after FROM, JOIN, USING or a comma that name an existing relation
// of the function's schema, or database) so that they resolve there, as in
// Snowflake, and not in the schema of the session calling the function.
func (e *Engine) qualifyRelations(ctx context.Context, body, db, schema string) (string, error) {
	toks, err := sqllex.Tokenize(body)
	if err != nil {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nfunction body: %v", err)
	}
	var sig []int // indexes of significant tokens
	for i, t := range toks {
		if t.Significant() {
			sig = append(sig, i)
		}
	}
	isIdent := func(k int) bool {
		return k < len(sig) && (toks[sig[k]].Kind == sqllex.Word || toks[sig[k]].Kind == sqllex.QuotedIdent)
	}
	var b strings.Builder
	last := 0
	for k := 1; k < len(sig); k++ {
		prev := toks[sig[k-1]]
		if !(prev.IsOp(",") || (prev.Kind == sqllex.Word && relationWords[strings.ToUpper(prev.Text)])) || !isIdent(k) {
			continue
		}
		parts := []string{identText(toks[sig[k]])}
		j := k
		for j+2 < len(sig) && toks[sig[j+1]].IsOp(".") && isIdent(j+2) {
			parts = append(parts, identText(toks[sig[j+2]]))
			j += 2
		}
		if len(parts) > 2 || (j+1 < len(sig) && toks[sig[j+1]].IsOp("(")) {
			continue
		}
		rdb, rschema, name := db, schema, parts[len(parts)-1]
		if len(parts) == 2 {
			rschema = parts[0]
		}
		kind, err := e.relationKind(ctx, rdb, rschema, name)
		if err != nil {
			return "", err
		}
		if kind == "" {
			continue
		}
		start, end := toks[sig[k]].Pos, toks[sig[j]].Pos+len(toks[sig[j]].Text)
		b.WriteString(body[last:start])
		b.WriteString(qualified(rdb, rschema, name))
		last = end
		k = j
	}
	b.WriteString(body[last:])
	return b.String(), nil
}

// castArgumentRefs wraps each reference to an argument in a Snowflake body
// in CAST(arg AS type). References are identifiers naming an argument that
// are not qualified (x.arg), qualifiers (arg.x), function names or paths.
func castArgumentRefs(body string, args []funcArg) (string, error) {
	if len(args) == 0 {
		return body, nil
	}
	toks, err := sqllex.Tokenize(body)
	if err != nil {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nfunction body: %v", err)
	}
	types := map[string]string{}
	for _, a := range args {
		types[a.Name] = a.Type
	}
	sig := func(i, step int) sqllex.Token {
		for i += step; i >= 0 && i < len(toks); i += step {
			if toks[i].Significant() {
				return toks[i]
			}
		}
		return sqllex.Token{}
	}
	var b strings.Builder
	for i, t := range toks {
		if t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent {
			typ, ok := types[identText(t)]
			prev, next := sig(i, -1), sig(i, 1)
			if ok && !prev.IsOp(".") && !prev.IsOp(":") && !next.IsOp(".") && !next.IsOp("(") && !next.IsOp("=>") {
				b.WriteString(checkedUDFValue(t.Text, typ, "argument "+identText(t)))
				continue
			}
		}
		b.WriteString(t.Text)
	}
	return b.String(), nil
}

// checkedUDFValue is v, a SQL function's argument reference or body,
// cast to its declared type typ. Snowflake ignores a NUMBER type's
// precision and scale and a VARCHAR type's length there, so a value the
// cast would change (round, or reject as too long) is refused when the
// function runs (rewrite/udf_value.go).
func checkedUDFValue(v, typ, what string) string {
	cast := "CAST(" + v + " AS " + typ + ")"
	quotedWhat := "'" + strings.ReplaceAll(what+" of type "+typ, "'", "''") + "'"
	switch displayType(typ) {
	case "NUMBER":
		return rewrite.UDFValueFunc + "(" + cast + ", " + v + ", " + quotedWhat + ")"
	case "VARCHAR":
		n, ok := writtenLength(typ)
		if !ok {
			return cast
		}
		// The cast of the first n characters never fails; it equals the
		// value as text when the value fits.
		text := "CAST(" + v + " AS VARCHAR)"
		return rewrite.UDFValueFunc + "(CAST(LEFT(" + text + ", " + strconv.Itoa(n) + ") AS " + typ + "), " + text + ", " + quotedWhat + ")"
	}
	return cast
}

// writtenLength is the length written in a type such as VARCHAR(10).
func writtenLength(typ string) (int, bool) {
	i, j := strings.IndexByte(typ, '('), strings.LastIndexByte(typ, ')')
	if i < 0 || j < i {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(typ[i+1 : j]))
	return n, err == nil
}

// castSQL casts a DuckDB expression to a declared Snowflake type, with the
// rewriter's conversions (so a function's columns convert like a table's).
func castSQL(duckExpr, sfType string) (string, error) {
	switch displayType(sfType) {
	case "VARCHAR":
		return "CAST(" + duckExpr + " AS VARCHAR)", nil
	}
	const placeholder = "__FLURRY_CAST_ARG"
	out, err := rewrite.Rewrite("CAST("+placeholder+" AS "+sfType+")", rewrite.Options{})
	if err != nil {
		return "", fmt.Errorf("type %s: %w", sfType, err)
	}
	for _, p := range []string{`"` + placeholder + `"`, placeholder} {
		if strings.Contains(out, p) {
			return strings.ReplaceAll(out, p, "("+duckExpr+")"), nil
		}
	}
	return "", fmt.Errorf("type %s: cannot build a cast (rewriter returned %q)", sfType, out)
}

func parseFunctionRef(s *Session, c *cursor) (db, schema, name string, n objectName, err error) {
	if n, db, schema, name, err = s.objectArg(c); err != nil {
		return
	}
	// An argument type list, as Snowflake requires to pick an overload.
	if c.acceptOp("(") {
		c.span(nil)
		for c.acceptOp(",") {
			c.span(nil)
		}
		if !c.acceptOp(")") {
			err = syntaxError(c, "')' closing the argument types")
		}
	}
	return
}

func functionNotExist(n objectName) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nFunction '%s' does not exist or not authorized.", n)
}

func cmdDropFunction(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "FUNCTION")
	ifExists := c.accept("IF", "EXISTS")
	db, schema, name, n, err := parseFunctionRef(s, c)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	f, ok, err := s.e.getFunction(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return dropMissing(name, ifExists, functionNotExist(n))
	}
	if f.language() == "SQL" {
		if _, err := s.e.db.ExecContext(ctx, dropMacroSQL(f)); err != nil {
			return nil, duckError(err)
		}
	}
	if _, err := s.e.DeleteObject(ctx, "FUNCTION", db, schema, name); err != nil {
		return nil, err
	}
	return dropped(strings.ToUpper(name)), nil
}

func cmdShowFunctions(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW")
	if !c.accept("USER") {
		// SHOW FUNCTIONS lists the built-in functions too, 1134 rows on a
		// real account besides the user functions in scope, whatever the
		// scope (mlorek/frostlake, live-verified: "SHOW FUNCTIONS = SHOW
		// BUILTIN FUNCTIONS plus the user functions in scope, exactly");
		// the engine has no such catalog.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'SHOW FUNCTIONS (its rows of the built-in functions; SHOW USER FUNCTIONS lists the user functions)' in the local engine.")
	}
	c.accept("FUNCTIONS")
	sc, err := parseShowScopeInDatabase(s, c)
	if err != nil {
		return nil, err
	}
	objs, err := s.e.ListObjects(ctx, "FUNCTION", sc.database, sc.schema)
	if err != nil {
		return nil, err
	}
	// The 21 columns of the live-measured reference mlorek/frostlake
	// (ShowRoutineExecutor functionColumns: "is_ai_function is the final
	// column"), N for a user function.
	t := newTable("created_on", "name", "schema_name", "is_builtin", "is_aggregate", "is_ansi", "min_num_arguments",
		"max_num_arguments", "arguments", "description", "catalog_name", "is_table_function", "valid_for_clustering",
		"is_secure", "secrets", "external_access_integrations", "is_external_function", "language", "is_memoizable", "is_data_metric",
		"is_ai_function")
	for _, o := range objs {
		if !sc.match(o.Name) {
			continue
		}
		f, err := functionFromObject(o)
		if err != nil {
			return nil, err
		}
		minArgs := 0
		for _, a := range f.args {
			if a.Default == "" {
				minArgs++
			}
		}
		t.add(f.CreatedOn, f.Name, f.Schema, "N", "N", "N", minArgs, len(f.args), f.signature(),
			orDefault(f.Props["COMMENT"], "user-defined function"), f.Database, boolYN(f.isTable(), "Y", "N"), "N",
			boolYN(strings.Contains(strings.ToUpper(firstLine(f.SQL)), "SECURE"), "Y", "N"), "", "", "N", f.language(), "N", "N", "N")
	}
	return t.result(), nil
}

func cmdDescFunction(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("FUNCTION")
	db, schema, name, n, err := parseFunctionRef(s, c)
	if err != nil {
		return nil, err
	}
	f, ok, err := s.e.getFunction(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, functionNotExist(n)
	}
	var sig []string
	for _, a := range f.args {
		sig = append(sig, a.Name+" "+displayType(a.Type))
	}
	t := newTable("property", "value")
	t.add("signature", "("+strings.Join(sig, ", ")+")")
	t.add("returns", f.returnsDisplay())
	t.add("language", f.language())
	t.add("null handling", "CALLED ON NULL INPUT")
	t.add("volatility", "VOLATILE")
	t.add("body", f.Props["BODY"])
	if f.language() == "PYTHON" {
		t.add("imports", "[]")
		t.add("handler", f.Props["HANDLER"])
		t.add("runtime_version", f.Props["RUNTIME_VERSION"])
		t.add("packages", orDefault(f.Props["PACKAGES"], "[]"))
		t.add("installed_packages", "[]")
	}
	return t.result(), nil
}
