package snowlocal

import (
	"context"
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake keeps "Tab", TAB and "tab" as three tables: a quoted name is
// case-sensitive, an unquoted one is stored upper-case
// (https://docs.snowflake.com/en/sql-reference/identifiers-syntax). DuckDB
// resolves names case-insensitively and cannot hold two tables whose names
// differ only in case, so the engine stores such a table or view under a
// DuckDB name that cannot collide: the prefix caseMangledPrefix and the hex
// of its Snowflake name (a "mangled" name). The first object keeps its own
// name; a later one whose name differs from an existing table's or view's
// of the same schema only in case is mangled. Every statement that names one
// of these objects ("touches a group") has its relation names replaced by
// the DuckDB names of the objects they name exactly (distinctCaseNames), and
// what shows names turns mangled ones back (SHOW, INFORMATION_SCHEMA,
// GET_DDL, status and error messages). A name the engine cannot place
// (neither a relation nor plainly something else) in a statement that
// touches a group is refused (002040) rather than resolved to another
// object. None of this runs while the engine holds no mangled object.

// caseMangledPrefix starts every mangled name; user objects may not start
// with it (refused).
const caseMangledPrefix = "__flurry_case_"

func init() {
	extensions = append(extensions, func(ctx context.Context, e *Engine) error {
		var n int
		err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT table_name AS name FROM duckdb_tables()
			UNION ALL SELECT view_name FROM duckdb_views()) WHERE starts_with(lower(name), '`+caseMangledPrefix+`')`).Scan(&n)
		if err != nil {
			return err
		}
		e.caseMangled.Store(n > 0)
		return nil
	})
}

// mangleCaseName is the DuckDB name of an object named name in Snowflake
// whose name collides with another's.
func mangleCaseName(name string) string {
	return caseMangledPrefix + hex.EncodeToString([]byte(name))
}

// demangleCaseName is the Snowflake name of a DuckDB name, and whether it
// was mangled.
func demangleCaseName(duck string) (string, bool) {
	if len(duck) <= len(caseMangledPrefix) || !strings.EqualFold(duck[:len(caseMangledPrefix)], caseMangledPrefix) {
		return duck, false
	}
	b, err := hex.DecodeString(duck[len(caseMangledPrefix):])
	if err != nil || !utf8.Valid(b) {
		return duck, false
	}
	return string(b), true
}

// shownCaseName is the Snowflake name of a DuckDB object name.
func shownCaseName(duck string) string {
	name, _ := demangleCaseName(duck)
	return name
}

var caseMangledRe = regexp.MustCompile(`(?i)"` + caseMangledPrefix + `[0-9a-f]+"|` + caseMangledPrefix + `[0-9a-f]+`)

// demangleCaseText turns the mangled names in a message or a shown value
// back into Snowflake's: a quoted one as Snowflake prints a name (quoted
// unless it is a plain upper-case identifier), a bare one as its name.
func demangleCaseText(s string) string {
	if !strings.Contains(strings.ToLower(s), caseMangledPrefix) {
		return s
	}
	return caseMangledRe.ReplaceAllStringFunc(s, func(m string) string {
		quoted := m[0] == '"'
		name, ok := demangleCaseName(strings.Trim(m, `"`))
		switch {
		case !ok:
			return m
		case quoted && !isPlainUpperIdent(name):
			return quoteIdent(name)
		}
		return name
	})
}

// caseNameSQL is DuckDB SQL showing the object name expr gives as its
// Snowflake name (INFORMATION_SCHEMA's name columns); expr itself while
// no object is mangled.
func (e *Engine) caseNameSQL(expr string) string {
	if !e.caseMangled.Load() {
		return expr
	}
	return `CASE WHEN starts_with(lower(` + expr + `), '` + caseMangledPrefix + `') THEN decode(unhex(substr(` + expr + `, ` +
		itoa(len(caseMangledPrefix)+1) + `))) ELSE ` + expr + ` END`
}

// caseGroups are the engine's objects whose names collide in case, for the
// current catalog generation.
type caseGroups struct {
	// folded holds the lower-cased Snowflake name of every member.
	folded map[string]bool
	// groups holds lower(db) NUL lower(schema) NUL lower(name) of each group.
	groups map[string]bool
	// duck maps lower(db) NUL lower(schema) NUL exact Snowflake name to the
	// DuckDB name of every table and view of a group.
	duck map[string]string
}

func caseKey(db, schema, name string) string {
	return strings.ToLower(db) + "\x00" + strings.ToLower(schema) + "\x00" + name
}

// caseGroups lists the groups; nil when the catalog could not be read.
func (e *Engine) caseGroups(ctx context.Context) *caseGroups {
	g, _ := e.memo("caseGroups", func() any {
		rows, err := e.db.QueryContext(context.Background(), `SELECT database_name, schema_name, table_name FROM duckdb_tables()
			WHERE NOT internal AND database_name NOT IN `+internalCatalogs+`
			UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()
			WHERE NOT internal AND database_name NOT IN `+internalCatalogs)
		if err != nil {
			return (*caseGroups)(nil)
		}
		defer rows.Close()
		type object struct{ db, schema, duck, name string }
		var objects []object
		g := &caseGroups{folded: map[string]bool{}, groups: map[string]bool{}, duck: map[string]string{}}
		for rows.Next() {
			var o object
			if rows.Scan(&o.db, &o.schema, &o.duck) != nil {
				return (*caseGroups)(nil)
			}
			var mangled bool
			o.name, mangled = demangleCaseName(o.duck)
			if mangled {
				g.groups[caseKey(o.db, o.schema, strings.ToLower(o.name))] = true
				g.folded[strings.ToLower(o.name)] = true
			}
			objects = append(objects, o)
		}
		if rows.Err() != nil {
			return (*caseGroups)(nil)
		}
		for _, o := range objects {
			if g.groups[caseKey(o.db, o.schema, strings.ToLower(o.name))] {
				g.duck[caseKey(o.db, o.schema, o.name)] = o.duck
			}
		}
		return g
	}).(*caseGroups)
	return g
}

// caseDuckName is the DuckDB name of the table or view db.schema.name
// (Snowflake names): its mangled name when it is, or would be, one of a
// group.
func (s *Session) caseDuckName(ctx context.Context, db, schema, name string) string {
	if !s.e.caseMangled.Load() {
		return name
	}
	g := s.e.caseGroups(ctx)
	if g == nil || !g.groups[caseKey(db, schema, strings.ToLower(name))] {
		return name
	}
	if d, ok := g.duck[caseKey(db, schema, name)]; ok {
		return d
	}
	return mangleCaseName(name)
}

func caseRefusal(what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s naming a table or view whose name differs only in case from another's in the local engine.", what)
}

// caseStatements are the statements whose names distinctCaseNames places;
// caseOtherNamesOK those of them where a name it does not place as a
// relation is a column, alias, role or other non-relation name.
var (
	caseStatements   = map[string]bool{"SELECT": true, "WITH": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "CREATE": true, "ALTER": true, "DROP": true, "TRUNCATE": true, "DESCRIBE": true, "DESC": true, "SHOW": true, "GRANT": true, "REVOKE": true, "COPY": true, "COMMENT": true}
	caseOtherNamesOK = map[string]bool{"SELECT": true, "WITH": true, "INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "CREATE": true, "ALTER": true, "GRANT": true, "REVOKE": true, "COPY": true}
	// caseCreates are the kinds of CREATE whose names are placed.
	caseCreates = map[string]bool{"TABLE": true, "VIEW": true, "STREAM": true}
	// caseClauseWords end a relation (a word after one that is not its alias).
	caseClauseWords = map[string]bool{"WHERE": true, "GROUP": true, "ORDER": true, "HAVING": true, "QUALIFY": true, "LIMIT": true,
		"OFFSET": true, "FETCH": true, "UNION": true, "EXCEPT": true, "MINUS": true, "INTERSECT": true, "JOIN": true, "INNER": true,
		"LEFT": true, "RIGHT": true, "FULL": true, "OUTER": true, "CROSS": true, "NATURAL": true, "ASOF": true, "LATERAL": true,
		"ON": true, "USING": true, "SET": true, "WHEN": true, "WINDOW": true, "AT": true, "BEFORE": true, "CHANGES": true,
		"SAMPLE": true, "TABLESAMPLE": true, "PIVOT": true, "UNPIVOT": true, "MATCH_RECOGNIZE": true, "SELECT": true,
		"VALUES": true, "FROM": true, "CLONE": true, "LIKE": true, "WITH": true, "START": true, "CONNECT": true, "INTO": true,
		"TO": true, "RENAME": true, "SWAP": true, "ADD": true, "DROP": true, "ALTER": true, "MODIFY": true, "CLUSTER": true,
		"COMMENT": true, "IF": true, "APPEND_ONLY": true, "SHOW_INITIAL_ROWS": true, "INSERT_ONLY": true, "COLUMN": true,
		"FILE_FORMAT": true, "PATTERN": true, "FILES": true, "ON_ERROR": true, "PURGE": true, "FORCE": true, "IS": true,
		"MATCH_BY_COLUMN_NAME": true, "VALIDATION_MODE": true, "RETURNING": true, "UNSET": true, "COPY": true, "AS": true}
	// caseScanStops end the backward scan of a comma-separated FROM list.
	caseScanStops = map[string]bool{"SELECT": true, "WHERE": true, "GROUP": true, "BY": true, "HAVING": true, "QUALIFY": true,
		"ORDER": true, "ON": true, "SET": true, "VALUES": true, "USING": true, "WHEN": true, "THEN": true, "LIMIT": true,
		"INTO": true, "TABLE": true, "VIEW": true, "WITH": true, "UNION": true, "EXCEPT": true, "MINUS": true, "INTERSECT": true}
)

// identName is the Snowflake name an identifier token stands for.
func identName(t sqllex.Token) string {
	if t.Kind == sqllex.QuotedIdent {
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
	}
	return strings.ToUpper(t.Text)
}

func isIdentToken(t sqllex.Token) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }

// identChain is a dotted name a.b.c: the indexes of its parts in sig.
type identChain struct{ parts []int }

func (c identChain) first() int { return c.parts[0] }
func (c identChain) last() int  { return c.parts[len(c.parts)-1] }

// caseRelationPosition reports whether the name starting at sig[i] names a
// relation: after FROM, JOIN, INTO, UPDATE, TABLE, VIEW, STREAM, CLONE,
// TRUNCATE, IF [NOT] EXISTS, MERGE/DELETE's USING, RENAME TO, SWAP WITH,
// CREATE TABLE's LIKE, SHOW COLUMNS IN, or a comma of a FROM list.
func caseRelationPosition(sig []sqllex.Token, i int, words []string) bool {
	if i == 0 {
		return false
	}
	prev := sig[i-1]
	if prev.Kind == sqllex.Op {
		return prev.Text == "," && caseFromListComma(sig, i-1)
	}
	if prev.Kind != sqllex.Word {
		return false
	}
	switch strings.ToUpper(prev.Text) {
	case "FROM":
		return caseRelationFrom(sig, i-1)
	case "JOIN", "INTO", "UPDATE", "TABLE", "VIEW", "STREAM", "CLONE", "TRUNCATE", "USING":
		return true
	case "EXISTS":
		return i >= 2 && (sig[i-2].IsWord("IF") || sig[i-2].IsWord("NOT"))
	case "TO":
		return i >= 2 && sig[i-2].IsWord("RENAME")
	case "WITH":
		return i >= 2 && sig[i-2].IsWord("SWAP")
	case "LIKE":
		return len(words) >= 2 && words[0] == "CREATE" && words[1] == "TABLE" && !slices.ContainsFunc(sig[:i-1], func(t sqllex.Token) bool { return t.IsOp("(") || t.IsWord("LIKE") })
	case "IN":
		return len(words) >= 2 && words[0] == "SHOW" && words[1] == "COLUMNS"
	}
	return false
}

// caseRelationFrom reports whether FROM at sig[f] starts a FROM clause, not
// a function's FROM (EXTRACT(YEAR FROM x), TRIM(... FROM x)).
func caseRelationFrom(sig []sqllex.Token, f int) bool {
	depth := 0
	for k := f - 1; k >= 0; k-- {
		switch {
		case sig[k].IsOp(")"):
			depth++
		case sig[k].IsOp("("):
			if depth > 0 {
				depth--
				continue
			}
			// The innermost parenthesis around FROM: a subquery's, or a
			// function call's (a name before it).
			if k+1 < len(sig) && (sig[k+1].IsWord("SELECT") || sig[k+1].IsWord("WITH")) {
				return true
			}
			return !(k > 0 && sig[k-1].Kind == sqllex.Word && !caseClauseWords[strings.ToUpper(sig[k-1].Text)] &&
				!sig[k-1].IsWord("IN") && !sig[k-1].IsWord("EXISTS"))
		}
	}
	return true
}

// caseFromListComma reports whether the comma at sig[c] separates
// relations of a FROM list.
func caseFromListComma(sig []sqllex.Token, c int) bool {
	return sqllex.ScanBack(sig, c-1, 0, func(k int) (bool, bool) {
		t := sig[k]
		switch {
		case t.IsWord("FROM"):
			return caseRelationFrom(sig, k), true
		case t.IsWord("JOIN"):
			return true, true
		case t.Kind == sqllex.Word && caseScanStops[strings.ToUpper(t.Text)]:
			return false, true
		}
		return false, false
	})
}

// caseTableFunction reports whether a name in a FROM list is a table
// function's (name followed by its arguments), not a relation's; after
// INTO, TABLE or VIEW a parenthesis opens a column list.
func caseTableFunction(sig []sqllex.Token, c identChain) bool {
	k := c.last()
	if k+1 >= len(sig) || !sig[k+1].IsOp("(") {
		return false
	}
	prev := sig[c.first()-1]
	return prev.IsOp(",") || prev.IsWord("FROM") || prev.IsWord("JOIN") || prev.IsWord("USING")
}

// distinctCaseNames places the names of a statement that touches a group
// of objects whose names differ only in case: each relation name becomes
// the DuckDB name of the object it names exactly (a mangled one, or the
// mangled name it would have, so that a CREATE makes it and anything else
// finds none), a column qualifier naming such a relation the same. A
// CREATE TABLE or VIEW [OR REPLACE | IF NOT EXISTS] whose name differs only
// in case from an existing table's or view's is given its mangled name
// (a plain CREATE is retried with it: caseCreateRetry).
func (s *Session) distinctCaseNames(ctx context.Context, text string, words []string) (string, error) {
	creating := len(words) >= 2 && words[0] == "CREATE" && (words[1] == "TABLE" || words[1] == "VIEW")
	if !creating && !s.e.caseMangled.Load() {
		return text, nil
	}
	if !s.e.caseMangled.Load() && !strings.Contains(strings.ToUpper(text), "REPLACE") && !strings.Contains(strings.ToUpper(text), "EXISTS") &&
		!strings.Contains(strings.ToLower(text), caseMangledPrefix) {
		return text, nil // a plain CREATE: DuckDB's "already exists" tells of a collision
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the statement's own syntax error comes later
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	replace := map[int]string{} // sig index → replacement text
	if creating {
		if err := s.caseCreatedName(ctx, sig, words, replace); err != nil {
			return "", err
		}
	}
	if s.e.caseMangled.Load() {
		if err := s.caseRelationNames(ctx, sig, words, replace); err != nil {
			return "", err
		}
	}
	if len(replace) == 0 {
		return text, nil
	}
	var b strings.Builder
	at := 0
	for i, t := range sig {
		if r, ok := replace[i]; ok {
			b.WriteString(text[at:t.Pos])
			b.WriteString(r)
			at = t.Pos + len(t.Text)
		}
	}
	b.WriteString(text[at:])
	return b.String(), nil
}

// createdNameChain is the name a CREATE statement creates (words[1] its
// object kind: TABLE, VIEW, SCHEMA, DATABASE...).
func createdNameChain(sig []sqllex.Token, words []string) (identChain, bool) {
	k := 0
	for k < len(sig) && !sig[k].IsWord(words[1]) {
		k++
	}
	k++
	for k < len(sig) && (sig[k].IsWord("IF") || sig[k].IsWord("NOT") || sig[k].IsWord("EXISTS")) {
		k++
	}
	return chainAt(sig, k)
}

func chainAt(sig []sqllex.Token, k int) (identChain, bool) {
	if k >= len(sig) || !isIdentToken(sig[k]) {
		return identChain{}, false
	}
	c := identChain{parts: []int{k}}
	for k+2 < len(sig) && sig[k+1].IsOp(".") && isIdentToken(sig[k+2]) {
		k += 2
		c.parts = append(c.parts, k)
	}
	return c, true
}

func (s *Session) chainNames(sig []sqllex.Token, c identChain) []string {
	names := make([]string, len(c.parts))
	for i, k := range c.parts {
		names[i] = identName(sig[k])
	}
	return names
}

// caseCreatedName checks the name a CREATE TABLE/VIEW creates: a name
// starting with caseMangledPrefix is refused (but for the engine's own
// retry); one colliding with an existing object of another case, in a
// schema without a group yet, gets its mangled name when the CREATE would
// replace or keep the other object (OR REPLACE, IF NOT EXISTS).
func (s *Session) caseCreatedName(ctx context.Context, sig []sqllex.Token, words []string, replace map[int]string) error {
	c, ok := createdNameChain(sig, words)
	if !ok || len(c.parts) > 3 {
		return nil
	}
	name := identName(sig[c.last()])
	if strings.HasPrefix(strings.ToLower(name), caseMangledPrefix) {
		if s.caseRetrying.name == name {
			return nil
		}
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: a name starting with %s, which the local engine keeps for names that differ only in case.", strings.ToUpper(caseMangledPrefix))
	}
	temporary := false
	orReplace, ifNotExists := false, false
	for _, t := range sig[:c.first()] {
		switch strings.ToUpper(t.Text) {
		case "TEMPORARY", "TEMP", "VOLATILE", "LOCAL", "GLOBAL":
			temporary = true
		case "REPLACE":
			orReplace = true
		case "EXISTS":
			ifNotExists = true
		}
	}
	if temporary || !(orReplace || ifNotExists) {
		return nil
	}
	db, schema := s.inSessionSchema(s.chainNames(sig, c))
	if s.e.caseMangled.Load() {
		if g := s.e.caseGroups(ctx); g != nil && g.groups[caseKey(db, schema, strings.ToLower(name))] {
			return nil // caseRelationNames places it
		}
	}
	if s.caseCollides(ctx, db, schema, name) {
		replace[c.last()] = quoteIdent(mangleCaseName(name))
		s.e.caseMangled.Store(true)
	}
	return nil
}

// caseCollides reports whether db.schema holds a table or view whose name
// differs from name only in case, and none named name exactly.
func (s *Session) caseCollides(ctx context.Context, db, schema, name string) bool {
	if db == "" {
		return false
	}
	var exact, other int
	err := s.e.db.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE name = $4), count(*) FILTER (WHERE name <> $4)
		FROM (SELECT database_name, schema_name, table_name AS name FROM duckdb_tables() WHERE NOT internal
		      UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views() WHERE NOT internal)
		WHERE lower(database_name) = lower($1) AND lower(schema_name) = lower($2) AND lower(name) = lower($3)`,
		db, schema, name, name).Scan(&exact, &other)
	return err == nil && exact == 0 && other > 0
}

// caseRetry asks exec to run a statement again as text, which creates the
// mangled name name; written is the statement as the user wrote it.
type caseRetry struct{ text, name, written string }

func (r *caseRetry) Error() string { return "retry with a mangled name" }

// caseCreateRetry is the statement again with the name it creates mangled,
// when a plain CREATE TABLE/VIEW (or ALTER TABLE/VIEW ... RENAME TO)
// failed because an object of the same schema has its name in another
// case.
func (s *Session) caseCreateRetry(ctx context.Context, words []string, text, written string, err error) error {
	// The retry places the statement's other names again.
	if retry, ok := s.caseCreateRetryText(ctx, words, written, err); ok {
		retry.written = written
		return retry
	}
	return err
}

func (s *Session) caseCreateRetryText(ctx context.Context, words []string, text string, err error) (*caseRetry, bool) {
	var se *Error
	if err == nil || !errors.As(err, &se) || len(words) < 2 || (words[1] != "TABLE" && words[1] != "VIEW") || s.caseRetrying.name != "" {
		return nil, false
	}
	renaming := words[0] == "ALTER" && strings.Contains(se.Message, "another entry with this name already exists")
	if !renaming && (words[0] != "CREATE" || se.Code != CodeAlreadyExists) {
		return nil, false
	}
	toks, lexErr := sqllex.Tokenize(text)
	if lexErr != nil {
		return nil, false
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	c, ok := createdNameChain(sig, words)
	if renaming {
		// ALTER TABLE|VIEW x RENAME TO new_name: new_name's schema.
		k := slices.IndexFunc(sig, func(t sqllex.Token) bool { return t.IsWord("RENAME") })
		if k < 0 || k+2 >= len(sig) || !sig[k+1].IsWord("TO") {
			return nil, false
		}
		c, ok = chainAt(sig, k+2)
	}
	if !ok || len(c.parts) > 3 {
		return nil, false
	}
	for _, t := range sig[:c.first()] {
		switch strings.ToUpper(t.Text) {
		case "TEMPORARY", "TEMP", "VOLATILE", "LOCAL", "GLOBAL":
			return nil, false
		}
	}
	name := identName(sig[c.last()])
	db, schema := s.inSessionSchema(s.chainNames(sig, c))
	if !s.caseCollides(ctx, db, schema, name) {
		return nil, false
	}
	t := sig[c.last()]
	s.e.caseMangled.Store(true)
	return &caseRetry{text: text[:t.Pos] + quoteIdent(mangleCaseName(name)) + text[t.Pos+len(t.Text):], name: mangleCaseName(name)}, true
}

// caseRelationNames replaces the names of a statement that touches a group.
func (s *Session) caseRelationNames(ctx context.Context, sig []sqllex.Token, words []string, replace map[int]string) error {
	g := s.e.caseGroups(ctx)
	if g == nil {
		return caseRefusal("a statement read while the catalog could not be")
	}
	if err := s.caseIdentifierNames(ctx, g, sig, words, replace); err != nil {
		return err
	}
	var chains []identChain
	touches := false
	for i := 0; i < len(sig); i++ {
		if !isIdentToken(sig[i]) || (i > 0 && sig[i-1].IsOp(".")) {
			continue
		}
		c, _ := chainAt(sig, i)
		chains = append(chains, c)
		for _, k := range c.parts {
			name := identName(sig[k])
			if g.folded[strings.ToLower(name)] {
				touches = true
			}
			if strings.HasPrefix(strings.ToLower(name), caseMangledPrefix) && s.caseRetrying.name != name {
				return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: a name starting with %s, which the local engine keeps for names that differ only in case.", strings.ToUpper(caseMangledPrefix))
			}
		}
		i = c.last()
	}
	if !touches {
		return nil
	}
	first := ""
	if len(words) > 0 {
		first = words[0]
	} else if len(sig) > 0 && sig[0].IsOp("(") {
		first = "SELECT"
	}
	if !caseStatements[first] || first == "CREATE" && (len(words) < 2 || !caseCreates[words[1]]) {
		return caseRefusal("this statement")
	}
	hit := func(k int) bool { return g.folded[strings.ToLower(identName(sig[k]))] }
	// A CTE named like a member would be read as the table.
	for _, c := range chains {
		k := c.first()
		if len(c.parts) == 1 && hit(k) && k > 0 && (sig[k-1].IsWord("WITH") || sig[k-1].IsOp(",") || sig[k-1].IsWord("RECURSIVE")) &&
			k+2 < len(sig) && (sig[k+1].IsWord("AS") && sig[k+2].IsOp("(") || sig[k+1].IsOp("(")) {
			return caseRefusal("a common table expression")
		}
	}
	// Relations first: a qualifier may come before its relation.
	bindings := map[string]string{} // relation name without an alias → its DuckDB name
	names := map[string]bool{}      // aliases and relation names DuckDB resolves to themselves
	var unplaced []identChain
	for _, c := range chains {
		k := c.last()
		if !caseRelationPosition(sig, c.first(), words) || caseTableFunction(sig, c) {
			unplaced = append(unplaced, c)
			continue
		}
		if a := k + 1; a < len(sig) {
			if sig[a].IsWord("AS") && a+1 < len(sig) && isIdentToken(sig[a+1]) {
				names[identName(sig[a+1])] = true
			} else if sig[a].Kind == sqllex.QuotedIdent || sig[a].Kind == sqllex.Word && !caseClauseWords[strings.ToUpper(sig[a].Text)] {
				names[identName(sig[a])] = true
			}
		}
		if !hit(k) {
			names[identName(sig[k])] = true
			continue
		}
		parts := s.chainNames(sig, c)
		db, schema := s.inSessionSchema(parts)
		name := parts[len(parts)-1]
		if db == "" || !g.groups[caseKey(db, schema, strings.ToLower(name))] {
			names[name] = true
			continue
		}
		duck, ok := g.duck[caseKey(db, schema, name)]
		if !ok {
			duck = mangleCaseName(name)
		}
		if duck == name {
			names[name] = true // the group's unmangled member
			continue
		}
		if len(parts) == 1 && s.tempNamedLike(ctx, name) {
			return caseRefusal("a temporary table")
		}
		replace[k] = quoteIdent(duck)
		bindings[name] = quoteIdent(duck)
	}
	for _, c := range unplaced {
		k := c.first()
		if k > 0 && (sig[k-1].IsOp(":") || sig[k-1].IsOp(".")) {
			continue // a semi-structured path's key
		}
		if len(c.parts) >= 2 && hit(k) {
			// A column qualifier: the relation's own name or an alias.
			name := identName(sig[k])
			if r, ok := bindings[name]; ok {
				replace[k] = r
				continue
			}
			if names[name] {
				continue
			}
			return caseRefusal("a qualifier")
		}
		if len(c.parts) >= 3 && slices.ContainsFunc(c.parts[1:len(c.parts)-1], hit) {
			return caseRefusal("a qualified column")
		}
		if !caseOtherNamesOK[first] && slices.ContainsFunc(c.parts, hit) {
			return caseRefusal("this statement")
		}
	}
	return nil
}

// tempNamedLike reports whether the session has a temporary table whose
// name matches name case-insensitively (it would be read for a one-part
// name: out of this scheme).
func (s *Session) tempNamedLike(ctx context.Context, name string) bool {
	var n int
	err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE database_name = 'temp' AND lower(table_name) = lower(?)`, name).Scan(&n)
	return err != nil || n > 0
}

// caseRelationRefusal refuses a relation name the rewriter finds that
// differs only in case from a group's member and was not placed: it would
// resolve to another object.
func (s *Session) caseRelationRefusal(name string) error {
	if !s.e.caseMangled.Load() {
		return nil
	}
	g := s.e.caseGroups(context.Background())
	if g == nil || !g.folded[strings.ToLower(name)] {
		return nil
	}
	for k, d := range g.duck {
		if d == name && strings.HasSuffix(k, "\x00"+name) {
			return nil // an unmangled member, named exactly
		}
	}
	return &rewrite.Error{Code: CodeUnsupported, Message: "SQL compilation error:\nUnsupported feature: a relation '" + name + "' whose name differs only in case from another table's or view's, in this position, in the local engine."}
}

// demangleCaseResult shows Snowflake's names in a non-query statement's
// result (SHOW, DESCRIBE, status messages) and in an error.
func demangleCaseResult(words []string, res *Result, err error) (*Result, error) {
	var se *Error
	if err != nil && errors.As(err, &se) {
		se.Message = demangleCaseText(se.Message)
	}
	if res == nil || len(words) == 0 || words[0] == "SELECT" || words[0] == "WITH" {
		return res, err
	}
	for _, row := range res.Rows {
		for i, v := range row {
			if v != nil && strings.Contains(strings.ToLower(*v), caseMangledPrefix) {
				d := demangleCaseText(*v)
				row[i] = &d
			}
		}
	}
	return res, err
}

// keepCaseViewDefinition records the text a view was created with, as
// written, when its names were placed (table_times.go keeps the placed one).
func (s *Session) keepCaseViewDefinition(ctx context.Context, words []string, placed, written string) {
	if placed == written || len(words) < 2 || words[0] != "CREATE" || words[1] != "VIEW" {
		return
	}
	n, ok := statementObject(words, placed)
	if !ok {
		return
	}
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return
	}
	s.e.db.ExecContext(ctx, `UPDATE `+s.e.tableTimes()+` SET DEFINITION = ? WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, written, db, schema, name)
}

// sortCaseShown orders SHOW's rows by their name (column 1) as DuckDB
// orders them (ORDER BY, binary), once mangled names are shown as theirs.
func sortCaseShown(rows [][]*string) {
	slices.SortStableFunc(rows, func(a, b []*string) int {
		return strings.Compare(*a[1], *b[1])
	})
}

// caseIdentifierNames places IDENTIFIER('name') (the string an object name
// written as in SQL): a relation's gets the DuckDB name of the object it
// names exactly; one naming a group's member elsewhere is refused.
func (s *Session) caseIdentifierNames(ctx context.Context, g *caseGroups, sig []sqllex.Token, words []string, replace map[int]string) error {
	for i := 0; i+3 < len(sig); i++ {
		if !sig[i].IsWord("IDENTIFIER") || !sig[i+1].IsOp("(") || sig[i+2].Kind != sqllex.String || !sig[i+3].IsOp(")") {
			continue
		}
		toks, err := sqllex.Tokenize(unquoteString(sig[i+2].Text))
		if err != nil {
			return caseRefusal("IDENTIFIER")
		}
		var parts []sqllex.Token
		for _, t := range toks {
			if t.Significant() && !t.IsOp(".") {
				if !isIdentToken(t) {
					parts = nil
					break
				}
				parts = append(parts, t)
			}
		}
		if len(parts) == 0 || len(parts) > 3 || !g.folded[strings.ToLower(identName(parts[len(parts)-1]))] {
			continue
		}
		if !caseRelationPosition(sig, i, words) {
			return caseRefusal("IDENTIFIER")
		}
		names := make([]string, len(parts))
		for k, t := range parts {
			names[k] = identName(t)
		}
		db, schema := s.inSessionSchema(names)
		name := names[len(names)-1]
		if db == "" || !g.groups[caseKey(db, schema, strings.ToLower(name))] {
			continue
		}
		duck, ok := g.duck[caseKey(db, schema, name)]
		if !ok {
			duck = mangleCaseName(name)
		}
		if duck == name {
			continue
		}
		if len(names) == 1 && s.tempNamedLike(ctx, name) {
			return caseRefusal("a temporary table")
		}
		rendered := make([]string, len(names))
		for k, n := range names[:len(names)-1] {
			rendered[k] = quoteIdent(n)
		}
		rendered[len(names)-1] = quoteIdent(duck)
		replace[i+2] = quoteString(strings.Join(rendered, "."))
	}
	return nil
}
