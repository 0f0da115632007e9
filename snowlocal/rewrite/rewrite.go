// Package rewrite translates one Snowflake SQL statement into DuckDB SQL.
//
// The translation is token based (package sqllex) with a small recursive
// descent over expressions: enough structure to find a function's arguments,
// the operand of a semi-structured path or a cast, select-list items and FROM
// items, and nothing more. Semantics that DuckDB lacks are supplied by the
// macros of Prelude, which the engine runs on every new DuckDB connection.
//
// What is not translated is refused with an *Error (code 002040) naming the
// construct and its position: the rewriter never passes through text that
// would mean something else in DuckDB.
package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake error codes used by Error.
const (
	CodeSyntax       = "001003" // SQL compilation error: syntax error
	CodeUnsupported  = "002040" // unsupported feature
	CodeInvalidIdent = "000904" // invalid identifier
	CodeNotExist     = "002003" // object does not exist or not authorized
)

// Error is a Snowflake-style compilation error at a position of the statement.
type Error struct {
	Code    string
	Message string
	Line    int // 1-based, within the statement given to Rewrite
	Col     int // 1-based
}

func (e *Error) Error() string { return e.Message }

// Options are the engine's hooks for relations the rewriter cannot build alone.
type Options struct {
	// TableFunction is called for TABLE(name(args...)) in a FROM or JOIN
	// clause (user-defined table functions, INFORMATION_SCHEMA functions).
	// name is upper-cased and dot-qualified as written (quoted parts keep
	// their case, without quotes); args are the rewritten DuckDB argument
	// expressions, named arguments rendered as `NAME := expr`; alias is the
	// rendered alias or "". It returns the DuckDB relation text that replaces
	// TABLE(...); the alias is appended by the rewriter. nil => error 002040.
	TableFunction func(name string, args []string, alias string) (string, error)
	// StageRef is called for a stage used as a relation:
	// @stage[/path] [(FILE_FORMAT => 'x', PATTERN => '...')] [alias]. stage is
	// the upper-cased stage name followed by the path as written
	// ("S3_ACCESS_LOGS/2024/"); "~" and "%TABLE" forms are kept. params keys
	// are upper-cased; values are unquoted string contents or upper-cased
	// identifiers. It returns replacement relation text whose columns are
	// named "$1","$2",... nil => error 002040.
	StageRef func(stage string, params map[string]string) (string, error)
	// ColumnTypes returns the column names and DuckDB types of table (a
	// rendered DuckDB name), of cols only when cols is not empty; INSERT and
	// UPDATE convert assigned values to them as Snowflake does (assign.go).
	// nil or an error => values are stored with DuckDB's implicit casts.
	ColumnTypes func(table string, cols []string) (names, types []string, err error)
	// ColumnDefaults returns the DEFAULT expressions (DuckDB SQL, "" for
	// none) and NOT NULL flags of table's columns by name: CREATE TABLE
	// ... LIKE and CLONE copy them, as Snowflake's do. nil or an error =>
	// the new table's columns have neither.
	ColumnDefaults func(table string) (defaults map[string]string, notNull map[string]bool, err error)
	// ColumnComments returns the DuckDB comments of table's (a rendered
	// DuckDB name) columns by column name ("" for none): what they record
	// (colmeta.go) is merged into when a statement changes part of it.
	ColumnComments func(table string) (map[string]string, error)
	// TableComment returns the comment of table (a rendered DuckDB name),
	// ok false for none: CREATE TABLE ... LIKE and CLONE copy it. nil or an
	// error => the new table has none.
	TableComment func(table string) (comment string, ok bool, err error)
	// BaseTable reports whether table (a rendered DuckDB name) is a base
	// table, not a view: SYSTEM$TYPEOF of a text column reads a base
	// table's declared length from its column comment
	// (funcs_system_typeof_cast.go). nil: none is.
	BaseTable func(table string) bool
	// Relation is called with the last part of each table name in FROM,
	// unquoted parts upper-cased and quoted ones exact; an error (a name
	// that matches an object only case-insensitively) fails the statement.
	Relation func(name string) error
	// UserFunction reports whether name (upper-cased, dot-qualified as
	// written) is a user-defined scalar function the call may reach. A
	// call of a name that is neither handled by the rewriter nor on its
	// pass-through list is refused unless this says so (allowlist.go).
	UserFunction func(name string) bool
	// UserFunctionReturns gives the declared RETURNS type (as written in
	// its CREATE FUNCTION) of the user-defined scalar function name, named
	// as for UserFunction; "" when not known. A set operation's column
	// is typed by it (setops.go).
	UserFunctionReturns func(name string) string
	// UserFunctionManyRows reports whether the user-defined scalar function
	// name (named as for UserFunction) is a SQL function whose body is a
	// query that does not return one row by construction (ManyRowsQuery):
	// Snowflake runs a call of it as a subquery, and answers a call with a
	// column argument (a correlated subquery) with "Unsupported subquery
	// type" (docs: udf-sql-troubleshooting). nil: no function is.
	UserFunctionManyRows func(name string) bool
	// UnsupportedSubquery is given, while a query is rewritten, a
	// correlated scalar subquery Snowflake answers with error 002031
	// where its tables hold rows (subquery_type.go): the engine fails the
	// statement with that error or with the refusal, and never runs it.
	// nil: such a subquery is refused by the rewriter (002040).
	UnsupportedSubquery func(UnsupportedSubquery)
	// RefuseIfSucceeds is given, while a query is rewritten, the refusal
	// the engine returns in place of the query's result should the query
	// succeed: a query that can only answer differently from Snowflake
	// when it reads no row of some part of it, and fails on any row it
	// reads there (setops.go). nil: such a statement is refused by the
	// rewriter (002040), as any statement other than a query is.
	RefuseIfSucceeds func(msg string)
	// InBlock: the statement runs in a Snowflake Scripting block, whose
	// variables and results the engine keeps without a structured type:
	// a structured value is refused there (structured.go).
	InBlock bool
	// UndefinedResult: the statement is a query whose result goes to the
	// client, which can print an array holding undefined elements
	// (undefined.go); its select items may then be such arrays, as a
	// STRUCT(sf_undef_json VARCHAR) column.
	UndefinedResult bool
	// ResultKeyOrder, with UndefinedResult, is told the result column
	// (0-based) of a select item that is a structured value holding an
	// OBJECT whose fields are not sorted, with the order its keys print
	// in (structured_order.go); nil: such an item is refused.
	ResultKeyOrder func(column int, order *sfunc.KeyOrder)
	// UndefinedTables are the tables (upper-cased names) having a column
	// that may hold arrays with undefined elements, with those columns'
	// upper-cased names: references to them are read through the engine's
	// decoding (undefined_stored.go). nil: none.
	UndefinedTables map[string]map[string]bool
	// StoreUndefined is given, while an INSERT is rewritten, the statement
	// (COMMENT ON COLUMN) that marks a column as holding arrays with
	// undefined elements, which the engine runs before the INSERT; an error
	// refuses the INSERT. nil: such an array is not stored (refused).
	StoreUndefined func(mark string) error
	// PivotValues runs query (DuckDB SQL of one column) for a dynamic PIVOT
	// (IN (ANY ORDER BY ...) or a subquery) and returns its values in order;
	// an error or nil refuses the pivot (pivot_dynamic.go).
	PivotValues func(query string) ([]string, error)
	// MatchRecognizeRows runs query (DuckDB SQL whose columns are all
	// integers, none NULL) for a MATCH_RECOGNIZE and returns its rows in
	// order; nil or an error refuses the clause (match_recognize.go).
	MatchRecognizeRows func(query string) ([][]int64, error)
	// TimeTravel is called for a base table (name parts, unquoted ones
	// upper-cased) read AT or BEFORE (clause) a TIMESTAMP or an OFFSET
	// (kind) given by point (DuckDB SQL): it returns Snowflake's error for
	// a point the table did not exist at, or nil, which refuses the read
	// (timetravel.go). nil => refused.
	TimeTravel func(name []string, clause, kind, point string) error
	// Changes answers a base table (name parts, unquoted ones
	// upper-cased) read with the CHANGES clause (changes.go) of
	// INFORMATION information (DEFAULT or APPEND_ONLY) from point at to
	// point end (Kind "": now): the relation as DuckDB SQL, or refusal
	// naming what it does not answer, or Snowflake's error. nil => refused.
	Changes func(name []string, information string, at, end ChangesPoint) (rel, refusal string, err error)
	// TimestampMapping is the session's TIMESTAMP_TYPE_MAPPING when it is
	// not TIMESTAMP_NTZ: "TIMESTAMP_LTZ" or "TIMESTAMP_TZ", the type that
	// TIMESTAMP and DATETIME name and TO_TIMESTAMP converts to
	// (timestamp_mapping.go).
	TimestampMapping string
	// TimestampDayIs24h is the session's TIMESTAMP_DAY_IS_ALWAYS_24H when
	// the statement is rewritten: DATEADD of days to a bind or a session
	// variable, whose type the rewriter does not see, is refused with it
	// (datetime.go). Typed values follow the value of the session that
	// runs the statement (day24.go).
	TimestampDayIs24h bool
	// WallClockZone is the session's TIMEZONE when it has transitions
	// (daylight saving time), "" otherwise: the rewriter's own casts of a
	// wall clock to an instant in it are then checked (wallclock.go).
	WallClockZone string
	// CollatedNames are the upper-cased names of the columns declared with
	// a collation, and of the tables having one, that the statement may
	// read (a superset does no harm): a reference to such a name is
	// checked against the catalog (collate_column.go). nil: none.
	CollatedNames map[string]bool
	// GetDDL answers GET_DDL(objectType, name) of two string literals
	// (their values as written): the DDL text, or an error (a refusal of
	// what it does not answer). nil refuses GET_DDL (funcs_get_ddl.go).
	GetDDL func(objectType, name string) (string, error)
	// BindTypes has an entry for each bind the client sent, by position:
	// the Snowflake type of one that is a date or a time (DATE, TIME,
	// TIMESTAMP_NTZ, TIMESTAMP_LTZ, TIMESTAMP_TZ), "" for others. A
	// driver's typed bind is a value of that type (binds.go).
	BindTypes []string
	// UDFBody: the statement is a SQL function's body, whose checked
	// arguments and result are calls of UDFValueFunc (udf_value.go).
	UDFBody bool
}

// Rewrite translates one Snowflake statement (without its terminating ';')
// into DuckDB SQL. It handles queries, INSERT/UPDATE/DELETE/MERGE, CREATE
// TABLE/VIEW, ALTER TABLE, DROP TABLE/VIEW, TRUNCATE and bare expressions
// (SQL UDF bodies).
func Rewrite(stmt string, opts Options) (string, error) {
	out, err := rewriteOnce(stmt, opts)
	if err != nil {
		return "", err
	}
	if numbered, ok := numberedBinds(stmt, opts); ok { // binds.go
		return rewriteOnce(numbered, opts)
	}
	return out, nil
}

func rewriteOnce(stmt string, opts Options) (string, error) {
	original := stmt
	if le := sqllex.CheckLimits(stmt); le != nil { // bounds the parser's recursion
		return "", &Error{Code: CodeSyntax, Line: le.Line, Col: le.Col,
			Message: fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d: %s", le.Line, le.Col-1, le.Msg)}
	}
	if e := concatBesideArithmetic(stmt); e != nil { // concat_precedence.go
		return "", e
	}
	stmt, err := desugarMatchRecognize(stmt, opts) // match_recognize.go
	if err != nil {
		return "", err
	}
	stmt, err = outerJoinPlus(stmt) // outer_join_plus.go
	if err != nil {
		return "", err
	}
	stmt, connectBy, err := desugarConnectBy(stmt, opts) // connect_by.go
	if err != nil {
		return "", err
	}
	if stmt, err = desugarNestedWindow(stmt, opts); err != nil { // nested_window.go
		return "", err
	}
	p, err := newParser(stmt, opts)
	if err != nil {
		return "", err
	}
	if stmt == original {
		p.numberBinds() // binds.go
	}
	p.connectBy = connectBy
	if p.eof() {
		return "", &Error{Code: CodeSyntax, Message: "SQL compilation error:\nEmpty SQL statement.", Line: 1, Col: 1}
	}
	if err := p.storedUndefinedStatement(); err != nil { // undefined_stored.go
		return "", err
	}
	if err := p.collatedStars(); err != nil { // collate_column.go
		return "", err
	}
	out, err := p.statement()
	if err != nil {
		return "", err
	}
	if !p.eof() {
		return "", p.unexpected(p.peek())
	}
	if err := p.structuredOutsideQuery(); err != nil { // structured.go
		return "", err
	}
	return out, nil
}

// tok is a significant token and whether whitespace or a comment preceded it.
type tok struct {
	sqllex.Token
	sp bool
}

type parser struct {
	pivotChained bool // rewriting a PIVOT of a PIVOT's result (pivot.go)
	src          string
	toks         []tok
	i            int
	opts         Options
	nalias       int             // generated alias counter
	single       *expr           // set by seq: the sequence was this one operand
	lastWindow   *windowParts    // set by windowSpec: the OVER clause it read (window_variant.go)
	scope        *scope          // the query block's FROM items (coltypes_time.go)
	ctes         map[string]bool // the statement's CTE names (coltypes_time.go)
	// searchTyping: a SEARCH wildcard is being read, which may type a
	// derived table's or CTE's columns by family (funcs_search_derived.go).
	searchTyping bool
	// usingAliases: the aliases given to derived tables written without
	// one, by the index of their opening bracket (using_text_date.go).
	usingAliases map[int]string
	// undef: alternatives of renderings that may hold undefined array
	// elements (undefined.go); blockDistinct: the block being rewritten
	// is SELECT DISTINCT.
	undef         map[string]undefAlt
	blockDistinct bool
	// undefNamed: 0 not yet read, 1 no, 2 the statement names a table
	// with a column holding stored undefined elements; insertStore: the
	// INSERT whose select items may store them (undefined_stored.go).
	undefNamed  int
	insertStore *insertStore
	// lambdaVars: the arguments of the lambda expressions whose body is
	// being rewritten, by identKey; nlambda numbers their DuckDB names
	// (funcs_lambda.go).
	lambdaVars map[string]expr
	nlambda    int
	// innerLateral: the relation just read joins as an inner join even
	// after LEFT JOIN (split_table.go).
	innerLateral bool
	pvt          bool // rendering a PIVOT's aggregate: plain calls (funcs_agg_docs.go)
	// checks: the out-of-line CHECK constraints of the CREATE TABLE being
	// read: where their expressions start (check_constraint.go).
	checks    []int
	connectBy bool // the statement's hierarchical blocks were written out (connect_by.go)
	// bindOrdinals: each bind token's position among the statement's
	// binds (from 1), by token index; only for the statement as the client
	// sent it (binds.go).
	bindOrdinals map[int]int

	// pivotCols: the columns the last PIVOT added, by name (pivot.go).
	pivotCols []string
	// pivotCast: the type a set operation's fold gives the columns of the
	// PIVOT at a token index (pivot_setops.go).
	pivotCast map[int]string

	// created is the name CREATE TABLE / VIEW creates; objComment its
	// COMMENT = '...' property (tableOptions), kept as DuckDB's comment.
	created    string
	objComment *string
	// clusterBy: the elements of CREATE TABLE's CLUSTER BY (tableOptions,
	// clustering.go).
	clusterBy []clusterElement
	// blockAliases: the select-list aliases of the block being rewritten
	// and their rendered expressions; substAt: token indices where one is
	// written in place of the alias (order_distinct.go).
	blockAliases map[string]string
	substAt      map[int]string
	// aliasWidths: the precisions of the block's aliases that name an
	// integer of known precision (types_intfn.go).
	aliasWidths map[string]int
	// aliasST: the structured types of the block's aliases that name a
	// structured value (structured.go).
	aliasST map[string]*stype
	// stAt: where the statement first builds a structured value.
	stAt *tok
	// lateral: the select list of the item being typed alone, whose
	// aliases its names may be (types_lateral.go); nil otherwise.
	lateral *lateralBlock
	// aliasItems: the token ranges of the expressions the block's aliases
	// name, {-1, -1} for an alias given twice (variant_order.go).
	aliasItems map[string][2]int
	// itemExprs: the token ranges of the block's select items' expressions,
	// {-1, -1} for a star (variant_order.go).
	itemExprs [][2]int
	// setOpBlock: the block being rewritten is a branch of a set
	// operation (types_intfn.go: inSetOp).
	setOpBlock bool
	// refWidths and refItems cache derivedIntWidth's answers and the
	// select items of the queries it reads (types_intfn.go).
	refWidths map[string]int
	refItems  map[string][]setItem
	// blockSelect: the token range of the select list of the block being
	// rewritten (operators.go: ORDER BY ALL).
	blockSelect [2]int
	// randomSeeds: the seed written in each RANDOM(seed) call of the
	// statement, by the call's position (funcs.go: RANDOM).
	randomSeeds map[[2]int]string
	// outerItems: the select list being rewritten is the statement's
	// own, not a subquery's or a CTE's (types_intfn.go: typedItem).
	outerItems bool
	// decfloatCall: 1 + the source offset of the TO_DECFLOAT or
	// TRY_TO_DECFLOAT call that makes up the select item being rewritten,
	// whose value only the client reads (decfloat.go); 0 for none.
	decfloatCall int
	// dateWitness: a sum of an interval of date parts rendered with
	// cast_to_type, mapped to the operand whose type it takes, so that a
	// further interval added to it repeats that operand, not the sum
	// (interval_date.go).
	dateWitness map[string]string
	// sumWidth: set by seq, the precision of the sequence when it is a
	// sum or difference of integers of known precision (types_intfn.go).
	sumWidth int
	// seqIntUnknown: set by seq, the intUnknown of the sequence when it is
	// one operand, possibly signed (types_intfn.go: checkUnknownIntItem).
	seqIntUnknown string
	// seqRemBind: set by seq, the sequence holds a remainder checked as
	// DuckDB binds it (types_rem.go).
	seqRemBind bool
	// typedRemBind: set by exprIntType, the expression it typed is a
	// remainder checked as DuckDB binds it (types_rem.go).
	typedRemBind bool
	// setWrap: how the select items of set operations starting at these
	// token indices are written (setops.go); nil until analyzed.
	setWrap  map[int]string
	setDepth int // CTEs and derived tables being typed for setWrap
	// setVariantWraps: the set operations written inside SELECT * FROM
	// (…), by the token index of their first branch (setops_variant.go).
	setVariantWraps map[int]*setVariantWrap
	// setMemo: the items of the CTEs, derived tables and subqueries typed
	// so far, by token range (setQueryItems).
	setMemo map[[2]int][]setItem
	// setMustFail: the first text item of a set operation's column whose
	// every row fails (setops.go), or nil.
	setMustFail *tok
	setMustOp   string // its set operator
	// varNames: the session variables (as written, $name) whose literal
	// starts at these token indices (VarMarker); the literal is one token
	// or one parenthesized group.
	varNames map[int]string
	// hasCollate: the statement holds the word COLLATE (collate.go) or a
	// name in Options.CollatedNames (collate_column.go).
	hasCollate bool
	// collAllow is 1 + the index of the token at which a reference to a
	// column with a collation is an operand collOperand takes (0: none);
	// collRef is the last such reference parsed there (collate_column.go).
	collAllow int
	collRef   *collColumnRef
	// seqAliases and seqSources: the derived tables drawing the values of
	// sequences referenced several times (sequence.go), by sequence name.
	seqAliases map[string]string
	seqSources []string
}

// varMarkerPrefix starts the comment VarMarker writes.
const varMarkerPrefix = "snowlocal:var "

// VarMarker is the comment the engine writes before the literal that
// replaces the session variable name ($name as written): Snowflake names
// an unaliased select item by the variable ($NAME), not by its value.
func VarMarker(name string) string { return "/*" + varMarkerPrefix + name + "*/" }

// varSpanEnd is the index of the last token of the variable literal that
// starts at toks[i]: i itself, or the ")" closing the "(" at i.
func (p *parser) varSpanEnd(i int) int {
	if !p.toks[i].IsOp("(") {
		return i
	}
	depth := 0
	for j := i; j < len(p.toks); j++ {
		switch {
		case p.toks[j].IsOp("("):
			depth++
		case p.toks[j].IsOp(")"):
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return i
}

func newParser(src string, opts Options) (*parser, error) {
	all, err := sqllex.Tokenize(src)
	if err != nil {
		if le, ok := err.(*sqllex.Error); ok {
			return nil, &Error{Code: CodeSyntax, Line: le.Line, Col: le.Col,
				Message: fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d: %s", le.Line, le.Col-1, le.Msg)}
		}
		return nil, err
	}
	p := &parser{src: src, opts: opts, toks: make([]tok, 0, len(all))}
	sp := false
	varName := "" // the session variable whose literal comes next (VarMarker)
	for _, t := range all {
		if !t.Significant() {
			if name, ok := strings.CutPrefix(t.Text, "/*"+varMarkerPrefix); ok && t.Kind == sqllex.Comment {
				varName = strings.TrimSuffix(name, "*/")
			}
			sp = true
			continue
		}
		if varName != "" {
			if p.varNames == nil {
				p.varNames = map[int]string{}
			}
			p.varNames[len(p.toks)] = varName
			varName = ""
		}
		p.toks = append(p.toks, tok{Token: t, sp: sp})
		p.hasCollate = p.hasCollate || t.IsWord("COLLATE") || p.collatedName(tok{Token: t})
		sp = false
	}
	// Drop trailing semicolons.
	for len(p.toks) > 0 && p.toks[len(p.toks)-1].IsOp(";") {
		p.toks = p.toks[:len(p.toks)-1]
	}
	return p, nil
}

func (p *parser) eof() bool { return p.i >= len(p.toks) }

func (p *parser) peek() tok { return p.peekN(0) }

func (p *parser) peekN(n int) tok {
	if p.i+n < len(p.toks) && p.i+n >= 0 {
		return p.toks[p.i+n]
	}
	return tok{}
}

func (p *parser) next() tok {
	t := p.peek()
	if !p.eof() {
		p.i++
	}
	return t
}

// isWord reports whether the next token is the unquoted word w.
func (p *parser) isWord(w string) bool { return p.peek().IsWord(w) }

func (p *parser) isOp(op string) bool { return p.peek().IsOp(op) }

// accept consumes the next token if it is the word w.
func (p *parser) accept(w string) bool {
	if p.isWord(w) {
		p.i++
		return true
	}
	return false
}

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expectOp(op string) error {
	if !p.acceptOp(op) {
		return p.unexpected(p.peek())
	}
	return nil
}

func (p *parser) expectWord(w string) error {
	if !p.accept(w) {
		return p.unexpected(p.peek())
	}
	return nil
}

// unexpected is Snowflake's syntax error for token t.
func (p *parser) unexpected(t tok) *Error {
	if t.Kind == 0 {
		line, col := p.endPos()
		return &Error{Code: CodeSyntax, Line: line, Col: col,
			Message: fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d unexpected '<EOF>'.", line, col-1)}
	}
	return &Error{Code: CodeSyntax, Line: t.Line, Col: t.Col,
		Message: fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", t.Line, t.Col-1, t.Text)}
}

func (p *parser) endPos() (int, int) {
	line, col := 1, 1
	for _, r := range p.src {
		if r == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}

// unsupported is error 002040 for a construct starting at token t.
func (p *parser) unsupported(t tok, what string) *Error {
	return unsupportedAt(t.Token, what)
}

// unsupportedAt is error 002040 for a construct starting at token t, for a
// check that reads the tokens without a parser.
func unsupportedAt(t sqllex.Token, what string) *Error {
	return &Error{Code: CodeUnsupported, Line: t.Line, Col: t.Col,
		Message: fmt.Sprintf("SQL compilation error:\nUnsupported feature '%s' at line %d, position %d: the local engine does not implement it.", what, t.Line, t.Col-1)}
}

// text returns the source text from token a to token b inclusive.
func (p *parser) text(a, b int) string {
	if a > b || a < 0 || b >= len(p.toks) {
		return ""
	}
	return p.src[p.toks[a].Pos : p.toks[b].Pos+len(p.toks[b].Text)]
}

// valuesAsQuery refuses a VALUES list written where a query goes: a
// statement of its own, a set operation's branch, a CTE's body, a subquery
// of IN or EXISTS. Snowflake's VALUES is "the VALUES subclause of the FROM
// clause" (docs: VALUES; "SELECT * FROM (VALUES ...)") and INSERT's clause;
// a VALUES query is DuckDB's (and PostgreSQL's), which Snowflake's parser
// rejects: its syntax error (001003), as for any unexpected word.
func (p *parser) valuesAsQuery() error {
	for j, t := range p.toks {
		if !t.IsWord("VALUES") {
			continue
		}
		k := j - 1
		for k >= 0 && p.toks[k].IsOp("(") {
			k--
		}
		if k < 0 {
			return p.unexpected(t)
		}
		prev := p.toks[k]
		if prev.IsWord("ALL") || prev.IsWord("DISTINCT") {
			if k == 0 || !isSetOpWord(p.toks[k-1]) {
				continue
			}
			prev = p.toks[k-1]
		}
		switch {
		case isSetOpWord(prev), prev.IsWord("IN") || prev.IsWord("EXISTS"):
			return p.unexpected(t)
		case prev.IsWord("AS"):
			// WITH c AS (VALUES ...): a CTE's body, or a view's or
			// CTAS table's query (a derived table's alias follows its
			// brackets; VALUES is reserved, no column's alias).
			return p.unexpected(t)
		}
	}
	return nil
}

// statement dispatches on the statement's first words.
func (p *parser) statement() (string, error) {
	t := p.peek()
	if err := p.valuesAsQuery(); err != nil {
		return "", err
	}
	switch {
	case t.IsWord("CREATE"):
		return p.create()
	case t.IsWord("ALTER"):
		return p.alter()
	case t.IsWord("INSERT"):
		return p.insert()
	case t.IsWord("UPDATE"):
		return p.update()
	case t.IsWord("DELETE"):
		return p.delete()
	case t.IsWord("MERGE"):
		return p.merge()
	case t.IsWord("DROP"):
		return p.drop()
	case t.IsWord("TRUNCATE"):
		return p.truncate()
	case t.IsWord("COMMENT"):
		return p.commentOn() // colmeta.go
	case t.IsWord("VALUES"):
		return "", p.unexpected(t) // valuesAsQuery
	case t.IsWord("SELECT"), t.IsWord("WITH"), t.IsOp("("):
		if at := p.forUpdate(); at >= 0 {
			// docs (constructs/for-update): "supported for use with
			// hybrid tables only", which the engine does not have.
			return "", p.unsupported(p.toks[at], "FOR UPDATE (Snowflake supports it on hybrid tables only)")
		}
		return p.seq(nil)
	}
	if t.Kind == sqllex.Word && duckdbOnlyStatement(strings.ToUpper(t.Text)) {
		// DuckDB's own statements (and FROM-first queries) are not
		// Snowflake SQL: Snowflake rejects them at their first word.
		return "", p.unexpected(t)
	}
	if t.Kind == sqllex.Word && isStatementWord(strings.ToUpper(t.Text)) {
		return "", p.unsupported(t, strings.ToUpper(t.Text)+" statement")
	}
	// A bare expression: the body of a SQL UDF.
	return p.seq(nil)
}

// forUpdate is the index of the query's FOR UPDATE clause (FOR followed by
// UPDATE outside brackets), or -1.
func (p *parser) forUpdate() int {
	end := len(p.toks)
	if k := p.atLevel(p.i, len(p.toks), func(k int) bool { return p.toks[k].IsOp(";") }); k >= 0 {
		end = k
	}
	return p.atLevel(p.i, end-1, func(k int) bool { return p.toks[k].IsWord("FOR") && p.toks[k+1].IsWord("UPDATE") })
}

// isStatementWord lists statement keywords the engine must handle itself.
func isStatementWord(w string) bool {
	switch w {
	case "USE", "SHOW", "DESC", "DESCRIBE", "COPY", "PUT", "GET", "LIST", "LS", "REMOVE", "RM", "GRANT",
		"REVOKE", "CALL", "EXECUTE", "BEGIN", "COMMIT", "ROLLBACK", "UNDROP", "COMMENT", "SET", "UNSET",
		"EXPLAIN", "DECLARE", "LET", "RETURN":
		return true
	}
	return false
}
