package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Session is one client session: a dedicated DuckDB connection plus
// Snowflake's session state (current database, schema, role, warehouse).
type Session struct {
	e    *Engine
	conn *sql.Conn
	User string

	mu        sync.Mutex // one statement at a time per session, as in Snowflake
	Database  string
	Schema    string
	Role      string
	Warehouse string

	// clientStatement is the text of the single-statement request the
	// client is running, as sent (CURRENT_STATEMENT()); "" otherwise.
	clientStatement string

	// params are the session parameters set at login or with ALTER SESSION
	// (params.go).
	params paramStore

	// ext is the per-session state of engine extensions: stream offsets
	// pending in an explicit transaction, the statement's running UDTFs
	// (stream_consume.go).
	ext sessionExt

	// Secondary roles: all the user's roles (USE SECONDARY ROLES ALL, the
	// default) or the listed ones (access.go).
	secondaryAll bool
	secondary    []string

	// memo keeps catalog look-ups until the catalog changes (catalog_memo.go).
	memo sessionCatalogMemo

	// outFmtVars: the session set output-format variables on its
	// connection, which resetParams must clear (params_outfmt.go).
	outFmtVars bool

	// wallClockZone: the session's TIMEZONE when it has transitions, whose
	// wall clocks the connection's macros check (params_wallclock.go).
	wallClockZone string
	// bindTypes: the Snowflake types of the running statement's date and
	// time binds (dateTimeBinds), for the rewriter.
	bindTypes []string
	// undefMarks collects, while execSQL rewrites a statement, the marks
	// of the columns an INSERT stores arrays with undefined elements in
	// (undefined_stored.go); nil elsewhere, where none is stored.
	undefMarks *[]string
	// subqueries collects, while execSQL rewrites a query, the correlated
	// scalar subqueries Snowflake may not evaluate (subquery_type.go).
	subqueries *[]rewrite.UnsupportedSubquery

	// vars are the session variables SET defines, by upper-cased name
	// (session_vars.go).
	vars map[string]sessionVar
	// nullsFirst: DEFAULT_NULL_ORDERING = FIRST (params_nullorder.go).
	nullsFirst bool
	// ownerRights counts the owner's rights procedure calls running: while
	// one runs, session variables are refused (session_vars.go).
	ownerRights int
	// blockCall is the CALL a Snowflake Scripting block is running, for
	// cmdCall to take: which arguments are the block's variables, and the
	// output arguments' final values (procedure.go).
	blockCall *blockCall
	// blockDepth counts the Snowflake Scripting blocks running: their
	// statements refuse structured values (rewrite.Options.InBlock).
	blockDepth int
	// managedSchema is the database.schema a CREATE SCHEMA ... WITH MANAGED
	// ACCESS just made, recorded once the statement's bookkeeping made its
	// row (schema_managed.go).
	managedSchema string
	// caseRetrying is the CREATE run again with a mangled name
	// (identcase_distinct.go).
	caseRetrying caseRetry
	// madeTemporary records a CREATE of a temporary object in this
	// session: until one, no name is checked against temporary tables
	// (identcase_container.go).
	madeTemporary bool
	// internalDDL marks the engine's own statements for CREATE OR ALTER
	// TABLE's scratch table (create_or_alter.go): they are not the user's,
	// so no privilege is checked or ownership recorded for them.
	internalDDL bool
	// history is what the session's client ran, for LAST_QUERY_ID and
	// RESULT_SCAN (result_scan.go).
	history queryHistory
}

// NewSession opens a session. database/schema may be empty or unknown (the
// session then has no current database, as Snowflake does on login).
func (e *Engine) NewSession(ctx context.Context, user, database, schema, role, warehouse string) (*Session, error) {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("open session connection: %w", err)
	}
	s := &Session{e: e, conn: conn, User: user, Role: orDefault(role, "ACCOUNTADMIN"), Warehouse: warehouse}
	if database != "" {
		if name, ok, _ := e.lookupDatabase(ctx, database); ok {
			s.Database = name
			s.Schema = orDefault(schema, "PUBLIC")
		}
	}
	if err := s.syncUse(ctx); err != nil {
		// A schema that does not exist leaves the session without one.
		s.Schema = ""
		if err := s.syncUse(ctx); err != nil {
			conn.Close()
			return nil, err
		}
	}
	if err := s.initParams(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the session's connection.
func (s *Session) Close() error {
	s.resetParams()
	return s.conn.Close()
}

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// syncUse points the DuckDB connection at the session's database and schema.
func (s *Session) syncUse(ctx context.Context) error {
	target := s.e.home
	if s.Database != "" {
		schema := s.Schema
		if schema == "" {
			schema = "PUBLIC"
		}
		target = quoteIdent(s.Database) + "." + quoteIdent(schema)
	}
	if _, err := s.conn.ExecContext(ctx, "USE "+target); err != nil {
		return fmt.Errorf("use %s: %w", target, err)
	}
	return nil
}

// handler runs an engine command; c is positioned at the statement start.
type handler struct {
	key string // e.g. "CREATE STAGE"
	fn  func(ctx context.Context, s *Session, c *cursor) (*Result, error)
}

// Register adds an engine command handler for statements whose leading words
// (after CREATE's OR REPLACE / TEMPORARY / SECURE ... modifiers) start with
// key. The longest matching key wins. Used by engine extensions.
func (e *Engine) Register(key string, fn func(ctx context.Context, s *Session, c *cursor) (*Result, error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.handlers = append(e.handlers, handler{key: key, fn: fn})
}

var createModifiers = map[string]bool{
	"OR": true, "REPLACE": true, "TEMPORARY": true, "TEMP": true, "TRANSIENT": true, "VOLATILE": true,
	"SECURE": true, "LOCAL": true, "GLOBAL": true, "RECURSIVE": true, "HYBRID": true, "ICEBERG": true,
}

// commandWords is the statement's leading words with CREATE modifiers removed.
func commandWords(c *cursor) []string {
	var words []string
	for i := 0; len(words) < 4; i++ {
		w := c.word(i)
		if w == "" {
			break
		}
		if len(words) == 1 && (words[0] == "CREATE" || words[0] == "ALTER") && createModifiers[w] {
			continue
		}
		words = append(words, w)
	}
	return words
}

func (e *Engine) lookupHandler(words []string) *handler {
	joined := strings.Join(words, " ") + " "
	e.mu.Lock()
	defer e.mu.Unlock()
	var best *handler
	for i := range e.handlers {
		h := &e.handlers[i]
		if strings.HasPrefix(joined, h.key+" ") && (best == nil || len(h.key) > len(best.key)) {
			best = h
		}
	}
	return best
}

// ExecRequest runs the statement of a client's single-statement request:
// Exec, with CURRENT_STATEMENT() answering its text as sent.
func (s *Session) ExecRequest(ctx context.Context, text string, binds []any) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clientStatement = text
	defer func() { s.clientStatement = "" }()
	return s.execLocked(ctx, text, binds)
}

// Exec runs one Snowflake SQL statement. binds are positional values for ?
// placeholders.
func (s *Session) Exec(ctx context.Context, text string, binds []any) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.execLocked(ctx, text, binds)
}

func (s *Session) execLocked(ctx context.Context, text string, binds []any) (*Result, error) {
	binds, types, err := s.dateTimeBinds(binds) // bind_wallclock.go
	if err != nil {
		return nil, err
	}
	s.bindTypes = types
	defer func() { s.bindTypes = nil }()
	// A client's statement: TABLE(RESULT_SCAN(...)) reads the session's
	// earlier results (result_scan.go).
	return s.execResultScan(ctx, text, binds)
}

// exec runs one statement with the session lock held (Snowflake Scripting
// blocks run their statements through it).
func (s *Session) exec(ctx context.Context, text string, binds []any) (*Result, error) {
	res, err := s.execStatement(ctx, text, binds)
	var retry *caseRetry
	if errors.As(err, &retry) { // a CREATE of a name differing only in case: identcase_distinct.go
		s.caseRetrying = *retry
		defer func() { s.caseRetrying = caseRetry{} }()
		res, err = s.execStatement(ctx, retry.text, binds)
	}
	if err != nil && s.e.caseMangled.Load() {
		_, err = demangleCaseResult(nil, nil, err)
	}
	return res, err
}

func (s *Session) execStatement(ctx context.Context, text string, binds []any) (*Result, error) {
	ctx = withSession(ctx, s)
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), ";"))
	if !scripting.IsBlock(text) {
		// TABLE(TO_QUERY(...)) becomes the subquery it names before
		// anything reads the statement (to_query.go).
		if expanded, ok, err := s.expandToQuery(text); err != nil {
			return nil, err
		} else if ok {
			res, err := s.execStatement(ctx, expanded, binds)
			return res, toQueryError(err)
		}
	}
	text, err := s.foldQuotedIdents(text) // identcase_ignore.go
	if err != nil {
		return nil, err
	}
	if scripting.IsBlock(text) {
		return s.runBlock(ctx, text, scripting.Options{})
	}
	if parts, ok := flowStatements(text); ok {
		return s.execFlow(ctx, parts, binds) // flow.go
	}
	c, err := newCursor(text)
	if err != nil {
		var le *sqllex.Error
		if errors.As(err, &le) {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d: %s", le.Line, le.Col-1, le.Msg)
		}
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	if c.done() {
		return nil, Errorf("000900", "42000", "SQL compilation error:\nEmpty SQL statement.")
	}
	if err := refuseAnonymousProcedure(c); err != nil { // procedure_anonymous.go
		return nil, err
	}
	words := commandWords(c)
	// Session variables become literals before anything reads the
	// statement (access checks see IDENTIFIER($t)'s table): session_vars.go.
	if bound, err := s.bindVariables(text, words); err != nil {
		return nil, err
	} else if bound != text {
		text = bound
		if c, err = newCursor(text); err != nil {
			return nil, err
		}
	}
	if err := s.refuseCheckTable(ctx, text); err != nil { // check_constraint.go
		return nil, err
	}
	if isCreateOrAlterTable(c) {
		return s.createOrAlterTable(ctx, text) // create_or_alter.go
	}
	if isCreateOrAlterSchema(c) {
		return s.createOrAlterSchema(ctx, text) // create_or_alter_schema.go
	}
	written := text
	if s.caseRetrying.written != "" { // this statement only, not those it runs
		written, s.caseRetrying.written = s.caseRetrying.written, ""
	}
	if text, err = s.distinctCaseNames(ctx, text, words); err != nil { // identcase_distinct.go
		return nil, err
	} else if text != written {
		if c, err = newCursor(text); err != nil {
			return nil, err
		}
	}
	if err := s.caseContainers(ctx, words, text); err != nil { // identcase_container.go
		return nil, err
	}
	if err := checkDDLCollation(words, text); err != nil { // collation.go
		return nil, err
	}
	if bumpsCatalog(words) { // catalog_memo.go
		s.e.catalogGen.Add(1)
		defer s.e.catalogGen.Add(1)
	}
	defer s.endStatement()
	if err := s.beforeStatement(ctx, words); err != nil {
		return nil, err
	}
	// Access control: the statement is checked against the active roles;
	// after records what it changed (ownership, grants) once it succeeded.
	var res *Result
	var after func(context.Context) error
	if !s.internalDDL {
		res, after, err = s.authorize(ctx, words, text)
		if err != nil || res != nil {
			return res, err
		}
	}
	if err := s.guardMaterialized(ctx, words, text); err != nil { // materialized_view.go
		return nil, err
	}
	noteRetention, err := s.prepareRetention(ctx, words, text) // retention.go
	if err != nil {
		return nil, err
	}
	if h := s.e.lookupHandler(words); h != nil {
		// The flow operator (SHOW TABLES ->> SELECT ... FROM $1) pipes a
		// command's result into a query: the commands' handlers would stop
		// reading before it and answer the command alone.
		for _, t := range c.toks {
			if t.Kind == sqllex.Op && t.Text == "->>" {
				return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the flow operator ->>' in the local engine.")
			}
		}
		res, err = h.fn(ctx, s, c)
	} else {
		res, err = s.execSQL(ctx, text, words, binds)
		err = s.statementError(err)
	}
	err = s.caseCreateRetry(ctx, words, text, written, err) // identcase_distinct.go
	if err == nil && after != nil {
		err = after(ctx)
	}
	if err == nil {
		s.noteTableChange(ctx, words, text)      // table_times.go
		s.noteChangeTracking(ctx, words, text)   // changes.go
		err = s.noteClustering(ctx, words, text) // clustering.go
	}
	if err == nil && noteRetention != nil {
		err = noteRetention(ctx)
	}
	if err == nil {
		err = s.noteManagedAccess(ctx) // schema_managed.go
	}
	s.managedSchema = ""
	if err == nil && text != written {
		s.keepCaseViewDefinition(ctx, words, text, written) // identcase_distinct.go
	}
	if err == nil && len(words) > 0 && words[0] == "SHOW" && !s.internalDDL {
		res = s.filterShow(ctx, words, res)
	}
	if s.e.caseMangled.Load() {
		res, err = demangleCaseResult(words, res, err) // identcase_distinct.go
	}
	return s.withParameters(res, err)
}

// RewriteOptions are the rewriter hooks for this session; engine extensions
// (table functions, stage references) plug in through SetRewriteHooks.
func (s *Session) rewriteOptions() rewrite.Options {
	s.e.mu.Lock()
	defer s.e.mu.Unlock()
	opts := rewrite.Options{ColumnTypes: s.columnTypes, ColumnDefaults: s.columnDefaults, ColumnComments: s.columnComments, TableComment: s.tableComment, BaseTable: s.isBaseTable,
		Relation: s.relationCase, CollatedNames: s.collatedNames(), UndefinedTables: s.undefinedTables()}
	if s.e.tableFunction != nil {
		opts.TableFunction = func(name string, args []string, alias string) (string, error) {
			return s.e.tableFunction(s, name, args, alias)
		}
	}
	if s.e.stageRef != nil {
		opts.StageRef = func(stage string, params map[string]string) (string, error) {
			return s.e.stageRef(s, stage, params)
		}
	}
	opts.UserFunction = s.isUserFunction
	opts.UserFunctionReturns = s.userFunctionReturns   // userfunc.go
	opts.UserFunctionManyRows = s.userFunctionManyRows // userfunc.go
	opts.PivotValues = s.pivotValues                   // pivot_values.go
	opts.MatchRecognizeRows = s.matchRecognizeRows     // pivot_values.go
	opts.TimeTravel = s.timeTravel                     // timetravel.go
	opts.Changes = s.changes                           // changes.go
	if m, _ := s.Parameter("TIMESTAMP_TYPE_MAPPING"); m != "TIMESTAMP_NTZ" {
		opts.TimestampMapping = m // rewrite/timestamp_mapping.go
	}
	if v, _ := s.Parameter("TIMESTAMP_DAY_IS_ALWAYS_24H"); v == "true" {
		opts.TimestampDayIs24h = true // rewrite/day24.go
	}
	opts.GetDDL = s.getDDL               // get_ddl.go
	opts.WallClockZone = s.wallClockZone // params_wallclock.go
	if s.blockDepth == 0 {
		opts.BindTypes = s.bindTypes // bind_wallclock.go
	}
	return opts
}

// storedRewriteOptions are rewriteOptions for SQL the engine stores to run
// later (a SQL function's body, compiled into a macro when it is created):
// GET_DDL and time travel, which read the catalog when rewritten, would
// answer from the catalog of that moment, so they are refused there.
func (s *Session) storedRewriteOptions() rewrite.Options {
	opts := s.rewriteOptions()
	opts.GetDDL, opts.TimeTravel, opts.Changes = nil, nil, nil
	opts.BindTypes = nil
	// A MATCH_RECOGNIZE reads its matches when rewritten: in a stored
	// body they would be frozen, so it is refused there.
	opts.MatchRecognizeRows = nil
	if opts.WallClockZone == "" {
		// It may run in a zone with transitions (rewrite/wallclock.go).
		opts.WallClockZone = rewrite.StoredWallClockZone
	}
	return opts
}

// execSQL rewrites plain SQL to DuckDB and runs it.
func (s *Session) execSQL(ctx context.Context, text string, words []string, binds []any) (*Result, error) {
	if err := s.checkCurrentDatabase(words, text); err != nil {
		return nil, err
	}
	if isMultiInsert(words) { // dml_result.go
		return s.execMultiInsert(ctx, text)
	}
	if err := s.prepareUpdateCounts(words, text); err != nil {
		return nil, err
	}
	if err := s.checkStreamReads(ctx, text); err != nil { // stream_changes.go
		return nil, err
	}
	if err := s.checkMaterializedReads(ctx, text); err != nil { // materialized_view.go
		return nil, err
	}
	s.noteTxChange(ctx, words, text)                      // stream_consume.go
	kind, onTarget := s.streamsOnTarget(ctx, words, text) // stream_track.go
	s.ext.tracked = withChanges(onTarget)                 // execWrite takes them
	s.ext.ctTarget = s.ctTarget(ctx, words, text)         // changes.go
	defer func() { s.ext.tracked, s.ext.ctTarget = nil, nil }()
	if err := s.columnCase(ctx, words, text); err != nil { // identcase.go
		return nil, err
	}
	// A query the rewriter can only answer right by failing is refused
	// where it succeeds (rewrite.Options.RefuseIfSucceeds).
	refusal := ""
	var onSuccess func(string)
	if len(words) > 0 && (words[0] == "SELECT" || words[0] == "WITH") || len(words) == 0 && strings.HasPrefix(strings.TrimSpace(text), "(") {
		onSuccess = func(msg string) { refusal = msg }
	}
	// A structured OBJECT's fields print in its type's order
	// (structured_order.go).
	var keyOrders map[int]*sfunc.KeyOrder
	var onKeyOrder func(int, *sfunc.KeyOrder)
	if onSuccess != nil {
		onKeyOrder = func(column int, o *sfunc.KeyOrder) {
			if keyOrders == nil {
				keyOrders = map[int]*sfunc.KeyOrder{}
			}
			keyOrders[column] = o
		}
	}
	// An INSERT storing arrays with undefined elements marks their
	// columns first (undefined_stored.go).
	var marks []string
	s.undefMarks = &marks
	// A correlated scalar subquery Snowflake cannot evaluate fails the
	// query (subquery_type.go); in a Snowflake Scripting block, whose
	// error names the statement's place in the block, it stays refused.
	var subqueries []rewrite.UnsupportedSubquery
	if len(words) > 0 && words[0] == "SELECT" && s.blockDepth == 0 {
		s.subqueries = &subqueries
	}
	duck, err := s.rewriteToDuckDB(text, onSuccess, onKeyOrder)
	s.undefMarks, s.subqueries = nil, nil
	if err != nil {
		return nil, err
	}
	if len(subqueries) > 0 {
		return nil, s.unsupportedSubqueryError(ctx, duck, subqueries)
	}
	if err := s.markUndefinedStores(ctx, words, text, marks, s.ext.ctTarget); err != nil {
		return nil, err
	}
	existed := len(words) > 0 && words[0] == "CREATE" && s.createdExisting(ctx, text) // result_semitype.go
	if len(words) > 0 && words[0] == "CREATE" && !existed {
		if err := s.createdColumnsCase(ctx, text); err != nil { // identcase_columns.go
			return nil, err
		}
		if err := s.refuseUntracedCreated(ctx, text); err != nil { // untraced_length.go
			return nil, err
		}
		if err := s.refuseMillisCreated(ctx, text); err != nil { // info_schema_scale.go
			return nil, err
		}
	}
	res, err := s.run(ctx, duck, words, binds)
	if err == nil && refusal != "" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", refusal)
	}
	if err == nil && keyOrders != nil {
		err = applyKeyOrders(res, keyOrders) // structured_order.go
	}
	if err == nil {
		s.markStreamChanges(ctx, kind, onTarget)
		s.streamsFollowAddColumn(ctx, words, text) // stream_schema.go
		if !existed {
			s.semiTypeCreated(ctx, text) // result_semitype.go
		}
		if err := s.declaredSemiResult(ctx, text, res); err != nil { // result_json.go
			return nil, err
		}
	}
	return res, err
}

// toDuckDB turns a Snowflake statement into the DuckDB SQL the session runs:
// the extensions' substitutions, the rewriter (its errors as Snowflake's),
// then what only the session can fill in (INFORMATION_SCHEMA views, context
// functions).
func (s *Session) toDuckDB(text string) (string, error) {
	return s.rewriteToDuckDB(text, nil, nil)
}

// rewriteToDuckDB is toDuckDB with the rewriter's RefuseIfSucceeds and
// ResultKeyOrder hooks (nil: the rewriter refuses such a statement itself).
func (s *Session) rewriteToDuckDB(text string, refuseIfSucceeds func(string), keyOrder func(int, *sfunc.KeyOrder)) (string, error) {
	if err := s.checkNullOrdering(text); err != nil { // params_nullorder.go
		return "", err
	}
	text, err := s.substitute(text)
	if err != nil {
		return "", err
	}
	opts := s.rewriteOptions()
	opts.RefuseIfSucceeds = refuseIfSucceeds
	// A query's result goes to the client (or a Snowflake Scripting
	// variable, which refuses an undefined element: scripting_host.go).
	opts.UndefinedResult = refuseIfSucceeds != nil
	opts.ResultKeyOrder = keyOrder
	opts.InBlock = s.blockDepth > 0
	if found := s.subqueries; found != nil {
		opts.UnsupportedSubquery = func(u rewrite.UnsupportedSubquery) {
			for _, f := range *found {
				if f.Err.Line == u.Err.Line && f.Err.Col == u.Err.Col {
					return // the rewriter's second pass over numbered binds
				}
			}
			*found = append(*found, u)
		}
	}
	if marks := s.undefMarks; marks != nil {
		opts.StoreUndefined = func(mark string) error {
			for _, m := range *marks {
				if m == mark {
					return nil
				}
			}
			*marks = append(*marks, mark)
			return nil
		}
	}
	out, err := rewrite.Rewrite(text, opts)
	if err != nil {
		if re, ok := asRewriteError(err); ok {
			return "", rewriteError(re) // subquery_type.go
		}
		return "", err
	}
	if err := refuseKeptContextFunction(text, out); err != nil { // sessionfuncs.go
		return "", err
	}
	if err := s.refuseUnknownStatement(out); err != nil { // sessionfuncs.go
		return "", err
	}
	return s.substituteAfterRewrite(out) // sessionfuncs.go
}

// run executes DuckDB SQL and shapes the result like Snowflake's.
func (s *Session) run(ctx context.Context, duck string, words []string, binds []any) (*Result, error) {
	first := ""
	if len(words) > 0 {
		first = words[0]
	} else if d := strings.TrimSpace(duck); strings.HasPrefix(d, "(") {
		first = "(" // a parenthesized query: "(select ...) union all (select ...)"
	} else if strings.HasPrefix(d, "SELECT ") {
		first = "SELECT" // one the rewriter wrapped (rewrite/setops_variant.go)
	}
	switch first {
	case "SELECT", "WITH", "VALUES", "(", "TABLE", "FROM":
		var plan jsonResultPlan
		if len(binds) == 0 {
			res, ran, p, err := s.queryPrepared(ctx, duck) // result_once.go
			if ran {
				if err != nil {
					return nil, err
				}
				res.StatementTypeID = 0x1000
				return res, nil
			}
			plan = jsonResultPlan{query: duck}
			if p != nil {
				plan = *p
			}
		} else {
			plan = s.planJSONResult(ctx, duck) // result_json.go
		}
		rows, err := s.conn.QueryContext(ctx, plan.query, binds...)
		if err != nil {
			return nil, duckError(err)
		}
		defer rows.Close()
		res, err := resultFromRows(rows, plan.types)
		if err != nil {
			return nil, duckError(err)
		}
		res.StatementTypeID = 0x1000
		return res, nil
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	missing := first == "DROP" && s.dropsMissingRelation(ctx, words, duck)
	present := first == "CREATE" && s.createsExistingRelation(ctx, words, duck)
	// execWrite also advances the offset of the streams a DML statement
	// reads, in the statement's transaction (stream_consume.go).
	r, err := s.execWrite(ctx, duck, words, binds)
	if err != nil {
		return nil, s.caseCollision(ctx, words, duck, duckError(err)) // identcase.go
	}
	if res, ok := dmlShape(first, r); ok { // dml_result.go
		return res, nil
	}
	n, _ := r.RowsAffected()
	switch first {
	case "INSERT":
		return dmlResult(0x3100, "number of rows inserted", n), nil
	case "UPDATE":
		return dmlResult(0x3200, "number of rows updated", n), nil
	case "DELETE":
		return dmlResult(0x3300, "number of rows deleted", n), nil
	case "MERGE":
		return dmlResult(0x3400, "number of rows merged", n), nil
	}
	name := ""
	if n, ok := statementObject(words, duck); ok && (words[0] == "CREATE" || words[0] == "DROP") {
		name = n.last()
	}
	if missing {
		return dropMissing(name, true, nil) // objects.go
	}
	if present {
		return statusResult(name + " already exists, statement succeeded."), nil
	}
	return statusResult(statusMessage(words, name)), nil
}

// checkCurrentDatabase gives Snowflake's error for creating an unqualified
// object in a session without a current database (DuckDB would otherwise put
// it in the engine's own catalog).
func (s *Session) checkCurrentDatabase(words []string, text string) error {
	if len(words) < 2 || words[0] != "CREATE" || s.Database != "" {
		return nil
	}
	name, ok := statementObject(words, text)
	if !ok || len(name.parts) == 3 {
		return nil
	}
	return Errorf("090105", "22000", "Cannot perform CREATE %s. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.", words[1])
}

func dmlResult(typeID int64, column string, n int64) *Result {
	v := itoa(int(n))
	return &Result{
		Columns:         []Column{{Name: column, Type: "fixed", Precision: 19}},
		Rows:            [][]*string{{&v}},
		RowsAffected:    n,
		StatementTypeID: typeID,
	}
}

func statusResult(msg string) *Result {
	return &Result{
		Columns:         []Column{{Name: "status", Type: "text", Length: 16777216, Nullable: true}},
		Rows:            [][]*string{{&msg}},
		StatementTypeID: 0x6000,
	}
}

// createsExistingRelation reports CREATE TABLE|VIEW|SEQUENCE IF NOT EXISTS
// of a table, view or sequence that exists, which Snowflake answers "T2
// already exists, statement succeeded." whatever the kind
// (mlorek/frostlake DdlStatusMessage.java, live-verified for table, view,
// stage, schema and sequence; before, the engine said "created").
func (s *Session) createsExistingRelation(ctx context.Context, words []string, duck string) bool {
	if len(words) < 4 || words[2] != "IF" || words[3] != "NOT" ||
		(words[1] != "TABLE" && words[1] != "VIEW" && words[1] != "SEQUENCE") {
		return false
	}
	found, ok := s.relationCount(ctx, words, duck, true)
	return ok && found > 0
}

// dropsMissingRelation reports DROP TABLE|VIEW IF EXISTS of a table or
// view that does not exist, which Snowflake answers "Drop statement
// executed successfully (T2 already dropped)." (docs: DROP TABLE).
func (s *Session) dropsMissingRelation(ctx context.Context, words []string, duck string) bool {
	if len(words) < 4 || words[2] != "IF" || words[3] != "EXISTS" || (words[1] != "TABLE" && words[1] != "VIEW") {
		return false
	}
	found, ok := s.relationCount(ctx, words, duck, false)
	return ok && found == 0
}

// relationCount counts the tables and views (and sequences, if asked) named
// like the object a CREATE/DROP statement acts on (statementObject); ok is
// false when the name cannot be read or the catalog not queried.
func (s *Session) relationCount(ctx context.Context, words []string, duck string, sequences bool) (found int, ok bool) {
	n, ok := statementObject(words, duck)
	if !ok {
		return 0, false
	}
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return 0, false
	}
	err := s.e.catalogDB.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?
		UNION ALL SELECT 1 FROM duckdb_views() WHERE database_name = ? AND schema_name = ? AND view_name = ?
		UNION ALL SELECT 1 FROM duckdb_sequences() WHERE ? AND database_name = ? AND schema_name = ? AND sequence_name = ?)`,
		db, schema, name, db, schema, name, sequences, db, schema, name).Scan(&found)
	return found, err == nil
}

// statementObject finds the object a CREATE/DROP/ALTER <kind> statement
// acts on: the name after its kind word (words[1]) and IF [NOT] EXISTS.
func statementObject(words []string, text string) (objectName, bool) {
	if len(words) < 2 {
		return objectName{}, false
	}
	c, err := newCursor(text)
	if err != nil {
		return objectName{}, false
	}
	for !c.done() && c.word(0) != words[1] {
		c.pos++
	}
	c.pos++
	c.accept("IF", "NOT", "EXISTS")
	c.accept("IF", "EXISTS")
	n, err := c.objectName()
	return n, err == nil
}

func statusMessage(words []string, name string) string {
	if len(words) >= 2 {
		kind := strings.ToLower(words[1])
		kind = strings.ToUpper(kind[:1]) + kind[1:]
		if name != "" {
			kind += " " + name
		}
		switch words[0] {
		case "CREATE":
			return kind + " successfully created."
		case "DROP":
			// DROP names the object alone: "T2 successfully dropped."
			// (docs: DROP TABLE; tekumara/fakesnow, cursor.py SQL_DROPPED).
			if name != "" {
				return name + " successfully dropped."
			}
			return kind + " successfully dropped."
		case "ALTER":
			return "Statement executed successfully."
		}
	}
	return "Statement executed successfully."
}
