package snowlocal

import (
	"context"
	"errors"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// sessionFunction answers Snowflake context functions from session state.
// They are substituted as literals into the rewritten DuckDB SQL, after the
// rewriter has named result columns the Snowflake way (CURRENT_DATABASE()).
func (s *Session) sessionFunction(name string) (string, bool) {
	lit := func(v string) string {
		if v == "" {
			return "NULL"
		}
		return quoteString(v)
	}
	switch name {
	case "CURRENT_DATABASE":
		return lit(s.Database), true
	case "CURRENT_SCHEMA":
		return lit(s.Schema), true
	case "CURRENT_ROLE":
		return lit(s.Role), true
	case "CURRENT_SECONDARY_ROLES":
		return lit(s.currentSecondaryRoles()), true
	case "CURRENT_WAREHOUSE":
		return lit(s.Warehouse), true
	case "CURRENT_USER":
		return lit(strings.ToUpper(s.User)), true
	case "CURRENT_ACCOUNT", "CURRENT_ACCOUNT_NAME":
		return lit("LOCAL"), true
	case "CURRENT_REGION":
		return lit("LOCAL"), true
	case "CURRENT_VERSION":
		return lit(ServerVersion), true
	case "CURRENT_CLIENT":
		return lit("Go"), true
	case "CURRENT_STATEMENT":
		if s.currentStatementKnown() {
			return quoteString(s.clientStatement), true
		}
	}
	return "", false
}

// aliasFollows reports whether the token after a relation is a user alias.
var notAlias = map[string]bool{"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "JOIN": true, "LEFT": true,
	"RIGHT": true, "INNER": true, "FULL": true, "CROSS": true, "ON": true, "UNION": true, "EXCEPT": true, "INTERSECT": true,
	"HAVING": true, "QUALIFY": true, "NATURAL": true, "OFFSET": true, "FETCH": true, "WINDOW": true, "MINUS": true,
	"USING": true, "LATERAL": true, "OUTER": true}

// substitute runs the engine extensions' substitutions (stage loading
// functions, SYSTEM$ functions...) on a statement before it is rewritten.
func (s *Session) substitute(text string) (string, error) {
	s.e.mu.Lock()
	subs := s.e.substitutions
	s.e.mu.Unlock()
	for _, sub := range subs {
		var err error
		if text, err = sub(s, text); err != nil {
			return "", err
		}
	}
	return text, nil
}

// substituteAfterRewrite replaces, in rewritten DuckDB SQL, the
// INFORMATION_SCHEMA views (DuckDB catalog queries the rewriter must not
// see) and the session context functions. A view the session refuses to
// list (show_temporary.go) is returned as the error; SQL that does not
// tokenize is left for DuckDB to report.
func (s *Session) substituteAfterRewrite(duck string) (string, error) {
	out, err := s.substituteInformationSchema(duck)
	var refused *Error
	if errors.As(err, &refused) {
		return "", err
	}
	if err != nil {
		out = duck
	}
	return s.substituteSessionFunctions(out), nil
}

// nextSignificant is the index of the first token at or after i that is
// not space or a comment (len(toks) when there is none).
func nextSignificant(toks []sqllex.Token, i int) int {
	for i < len(toks) && !toks[i].Significant() {
		i++
	}
	return i
}

// substituteInformationSchema replaces [db.]INFORMATION_SCHEMA.<view>
// relations with Snowflake-shaped queries over DuckDB's catalog.
func (s *Session) substituteInformationSchema(text string) (string, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, err
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(toks); i++ {
		db, view, end, ok := s.informationSchemaView(toks, i)
		if !ok {
			b.WriteString(toks[i].Text)
			continue
		}
		// The views list only what the session's roles can see (access_show.go).
		if err := s.temporaryViewRefusal(view); err != nil { // show_temporary.go
			return "", err
		}
		b.WriteString(s.visibleInformationSchema(view, db, informationSchemaViews[view](s, quoteString(db)))) // info_schema.go
		// Alias the view by its name unless the user aliases it.
		userAlias := false
		if n := nextSignificant(toks, end+1); n < len(toks) {
			nt := toks[n]
			userAlias = nt.IsWord("AS") || nt.Kind == sqllex.QuotedIdent ||
				(nt.Kind == sqllex.Word && !notAlias[strings.ToUpper(nt.Text)])
		}
		if !userAlias {
			b.WriteString(" AS " + view)
		}
		i = end
		changed = true
	}
	if !changed {
		return text, nil
	}
	return b.String(), nil
}

// informationSchemaView matches [db.]INFORMATION_SCHEMA.<view> starting at
// toks[i], where <view> is one of informationSchemaViews used as a relation
// (not a table function call). It returns the database the view describes
// (the session's when unqualified), the view and the index of its last token.
func (s *Session) informationSchemaView(toks []sqllex.Token, i int) (db, view string, end int, ok bool) {
	if toks[i].Kind != sqllex.Word {
		return "", "", 0, false
	}
	db = s.Database
	if !toks[i].IsWord("INFORMATION_SCHEMA") {
		dot := nextSignificant(toks, i+1)
		next := nextSignificant(toks, dot+1)
		if next >= len(toks) || !toks[dot].IsOp(".") || !toks[next].IsWord("INFORMATION_SCHEMA") {
			return "", "", 0, false
		}
		db, i = identText(toks[i]), next
	}
	dot := nextSignificant(toks, i+1)
	name := nextSignificant(toks, dot+1)
	if name >= len(toks) || !toks[dot].IsOp(".") || (toks[name].Kind != sqllex.Word && toks[name].Kind != sqllex.QuotedIdent) {
		return "", "", 0, false
	}
	view = strings.ToUpper(identText(toks[name]))
	if _, known := informationSchemaViews[view]; !known {
		return "", "", 0, false
	}
	if call := nextSignificant(toks, name+1); call < len(toks) && toks[call].IsOp("(") {
		return "", "", 0, false // INFORMATION_SCHEMA.COPY_HISTORY(...) and friends belong to extensions
	}
	return db, view, name, true
}

func identText(t sqllex.Token) string {
	if t.Kind == sqllex.QuotedIdent {
		return unquoteIdent(t.Text)
	}
	return strings.ToUpper(t.Text)
}

// Describe answers a describe-only request: the statement's result columns
// without running it (only queries are described).
func (s *Session) Describe(ctx context.Context, text string) (*Result, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	words := commandWords(c)
	if len(words) == 0 || (words[0] != "SELECT" && words[0] != "WITH") {
		return &Result{Columns: []Column{{Name: "status", Type: "text"}}, StatementTypeID: 0x6000}, nil
	}
	s.mu.Lock()
	text, err = s.bindVariables(text, words) // session_vars.go
	if err == nil {
		text, err = s.distinctCaseNames(ctx, text, words) // identcase_distinct.go
	}
	if err == nil {
		err = s.caseContainers(ctx, words, text) // identcase_container.go
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if err := s.checkQuery(ctx, s.authz(), text); err != nil {
		return nil, err
	}
	out, err := s.toDuckDB(text)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.run(ctx, "SELECT * FROM ("+out+") LIMIT 0", []string{"SELECT"}, nil)
	if err != nil {
		return nil, err
	}
	// The result columns' static types, as running the query reports them.
	if err := s.declaredSemiResult(ctx, text, res); err != nil { // result_json.go
		return nil, err
	}
	return res, nil
}

// substituteSessionFunctions replaces CURRENT_DATABASE() and friends in
// rewritten DuckDB SQL with the session's values.
func (s *Session) substituteSessionFunctions(duck string) string {
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return duck
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == sqllex.Word {
			if v, ok := s.sessionFunction(strings.ToUpper(t.Text)); ok {
				j := nextSignificant(toks, i+1)
				k := nextSignificant(toks, j+1)
				if k < len(toks) && toks[j].IsOp("(") && toks[k].IsOp(")") {
					b.WriteString(v)
					i = k
					changed = true
					continue
				}
			}
		}
		b.WriteString(t.Text)
	}
	if !changed {
		return duck
	}
	return b.String()
}

// sessionVarying are the context functions whose value depends on the
// session that evaluates them (the engine substitutes the others'
// constant values wherever they appear).
var sessionVarying = map[string]bool{"CURRENT_DATABASE": true, "CURRENT_SCHEMA": true, "CURRENT_ROLE": true,
	"CURRENT_SECONDARY_ROLES": true, "CURRENT_WAREHOUSE": true, "CURRENT_USER": true, "CURRENT_CLIENT": true,
	"CURRENT_STATEMENT": true}

// callsSessionVarying reports whether DuckDB SQL may call one of the
// sessionVarying functions (a cheap test of their names).
func callsSessionVarying(duck string) bool {
	up := strings.ToUpper(duck)
	for name := range sessionVarying {
		if strings.Contains(up, name) {
			return true
		}
	}
	return false
}

// currentStatementKnown reports whether CURRENT_STATEMENT() is the text of
// the client's request: a single-statement request (docs: current_statement
// prints the statement as the client sent it, its semicolon included) run
// outside a block or procedure, whose statements Snowflake would name
// instead; a statement of a multi-statement request, a task's or a block's
// is refused (refuseUnknownStatement).
func (s *Session) currentStatementKnown() bool {
	return s.clientStatement != "" && s.blockDepth == 0 && s.ownerRights == 0
}

// refuseUnknownStatement refuses DuckDB SQL calling CURRENT_STATEMENT()
// where the session does not know its text (currentStatementKnown).
func (s *Session) refuseUnknownStatement(duck string) error {
	if s.currentStatementKnown() || !strings.Contains(strings.ToUpper(duck), "CURRENT_STATEMENT") {
		return nil
	}
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return nil
	}
	for i, t := range toks {
		if t.IsWord("CURRENT_STATEMENT") {
			if j := nextSignificant(toks, i+1); j < len(toks) && toks[j].IsOp("(") {
				return varUnsupported("CURRENT_STATEMENT() in a statement of a multi-statement request, a block, a procedure or a task")
			}
		}
	}
	return nil
}

// refuseKeptContextFunction refuses a statement that keeps a definition
// (a view, a function body, a column DEFAULT: CREATE or ALTER other than
// CREATE TABLE ... AS SELECT) calling a context function whose value
// depends on the session: the engine fills in the value of the session
// running the statement, while Snowflake evaluates the call each time the
// definition is used, in the session using it (a view's CURRENT_DATABASE()
// queried after USE of another database is that database).
func refuseKeptContextFunction(text, duck string) error {
	if !callsSessionVarying(duck) {
		return nil // most statements: no tokenizing on their way
	}
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	words := commandWords(c)
	if len(words) < 2 || (words[0] != "CREATE" && words[0] != "ALTER") {
		return nil
	}
	if words[0] == "CREATE" && words[1] == "TABLE" && len(words) >= 4 && words[3] == "AS" {
		return nil // CREATE TABLE t AS SELECT ...: evaluated once, now
	}
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return nil
	}
	for i, t := range toks {
		if t.Kind != sqllex.Word || !sessionVarying[strings.ToUpper(t.Text)] {
			continue
		}
		if j := nextSignificant(toks, i+1); j < len(toks) && toks[j].IsOp("(") {
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s() in a %s %s definition' in the local engine.",
				strings.ToUpper(t.Text), words[0], words[1])
		}
	}
	return nil
}
