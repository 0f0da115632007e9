package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The limitations on a materialized view's query (docs: views-materialized,
// "Limitations on Creating Materialized Views"; create-materialized-view,
// usage notes). Snowflake's errors for them are not documented: each is
// refused naming the construct.

// mvAggregates are "The aggregate functions that are supported in
// materialized views"; "The other aggregate functions are not supported".
var mvAggregates = map[string]bool{"APPROX_COUNT_DISTINCT": true, "HLL": true, "AVG": true, "BITAND_AGG": true,
	"BITOR_AGG": true, "BITXOR_AGG": true, "COUNT": true, "COUNT_IF": true, "MAX": true, "MIN": true, "STDDEV": true,
	"STDDEV_SAMP": true, "STDDEV_POP": true, "SUM": true, "VARIANCE": true, "VARIANCE_SAMP": true, "VAR_SAMP": true,
	"VARIANCE_POP": true, "VAR_POP": true}

// mvNondeterministic are functions whose result changes from one call to
// the next: "Functions used in a materialized view must be deterministic.
// For example, using CURRENT_TIME or CURRENT_TIMESTAMP is not permitted."
// The TO_TIMESTAMP family and TIMESTAMP (without a suffix) answer by the
// session's TIMESTAMP_TYPE_MAPPING, which the docs' bad_example shows a
// materialized view must not depend on.
var mvNondeterministic = map[string]bool{"CURRENT_TIME": true, "CURRENT_TIMESTAMP": true, "CURRENT_DATE": true,
	"LOCALTIME": true, "LOCALTIMESTAMP": true, "SYSDATE": true, "SYSTIMESTAMP": true, "GETDATE": true,
	"RANDOM": true, "RANDSTR": true, "UNIFORM": true, "NORMAL": true, "ZIPF": true, "UUID_STRING": true,
	"SEQ1": true, "SEQ2": true, "SEQ4": true, "SEQ8": true, "CURRENT_USER": true, "CURRENT_ROLE": true,
	"CURRENT_SESSION": true, "CURRENT_STATEMENT": true, "CURRENT_TRANSACTION": true, "LAST_QUERY_ID": true,
	"CURRENT_WAREHOUSE": true, "CURRENT_DATABASE": true, "CURRENT_SCHEMA": true, "CURRENT_SCHEMAS": true,
	"CURRENT_ACCOUNT": true, "CURRENT_REGION": true, "CURRENT_CLIENT": true, "CURRENT_IP_ADDRESS": true,
	"CURRENT_VERSION": true, "CURRENT_AVAILABLE_ROLES": true, "CURRENT_SECONDARY_ROLES": true,
	"IS_ROLE_IN_SESSION": true, "INVOKER_ROLE": true, "INVOKER_SHARE": true, "RESULT_SCAN": true,
	"TO_TIMESTAMP": true, "TRY_TO_TIMESTAMP": true, "TIMESTAMP": true}

// checkMaterializedQuery checks a materialized view's query against the
// documented limitations and returns its base table ("db.schema.name").
func (s *Session) checkMaterializedQuery(ctx context.Context, query string, columns []string) (string, error) {
	all, err := sqllex.Tokenize(query)
	if err != nil {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	var toks []sqllex.Token
	for _, t := range all {
		if t.Significant() {
			toks = append(toks, t)
		}
	}
	refuse := func(what string) (string, error) {
		return "", mvUnsupported("CREATE MATERIALIZED VIEW with " + what)
	}
	if len(toks) == 0 || !toks[0].IsWord("SELECT") {
		return refuse("a query that is not a single SELECT")
	}
	aggregates, distinct := false, false
	depth, fromAt, fromEnd := 0, -1, len(toks)
	for i, t := range toks {
		next := func(w string) bool { return i+1 < len(toks) && toks[i+1].IsWord(w) }
		call := i+1 < len(toks) && toks[i+1].IsOp("(")
		switch {
		case t.IsOp("("):
			depth++
			continue
		case t.IsOp(")"):
			depth--
			continue
		case t.IsOp("*") && i > 0 && (toks[i-1].IsWord("SELECT") || toks[i-1].IsOp(",") || toks[i-1].IsOp(".")) && depth == 0 && fromAt < 0:
			// "The columns of the materialized view are defined at the
			// time that the materialized view is defined": the engine's
			// view would take columns added to the base table later.
			return refuse("SELECT *")
		case t.IsOp(",") && depth == 0 && fromAt >= 0 && i < fromEnd:
			return refuse("a join (more than one table in FROM)")
		case t.Kind != sqllex.Word:
			continue
		}
		u := strings.ToUpper(t.Text)
		switch {
		case u == "FROM" && depth == 0 && fromAt < 0:
			fromAt = i
		case depth == 0 && fromAt >= 0 && fromEnd == len(toks) && (u == "WHERE" || u == "GROUP"):
			fromEnd = i
		case u == "SELECT" && i > 0:
			return refuse("a nested subquery")
		case u == "JOIN" || u == "NATURAL" || u == "ASOF":
			return refuse("a join")
		case u == "OVER" || u == "QUALIFY" || u == "WINDOW":
			return refuse("a window function")
		case u == "HAVING":
			return refuse("a HAVING clause")
		case u == "ORDER" && next("BY"):
			return refuse("an ORDER BY clause")
		case u == "LIMIT" || u == "TOP" || u == "FETCH" || u == "OFFSET":
			return refuse("a LIMIT clause")
		case u == "UNION" || u == "EXCEPT" || u == "MINUS" || u == "INTERSECT":
			return refuse("the set operator " + u)
		case u == "GROUPING" && next("SETS"), u == "ROLLUP", u == "CUBE":
			return refuse("GROUP BY " + u)
		case u == "CONNECT" || u == "START" && next("WITH") || u == "MATCH_RECOGNIZE" || u == "PIVOT" || u == "UNPIVOT" || u == "SAMPLE" || u == "TABLESAMPLE" || u == "CHANGES":
			return refuse(u)
		case (u == "AT" || u == "BEFORE") && call:
			return refuse("Time Travel (" + u + ")")
		case u == "LATERAL" || u == "TABLE" && call || u == "FLATTEN":
			return refuse("a table function")
		case u == "DISTINCT":
			distinct = true
		case mvNondeterministic[u]:
			return refuse("the function " + u + " (a materialized view's functions must be deterministic)")
		case call && rewrite.IsAggregate(u) && !mvAggregates[u]:
			return refuse("the aggregate function " + u)
		case call && rewrite.IsAggregate(u):
			aggregates = true
		}
	}
	if aggregates && distinct {
		// "DISTINCT cannot be combined with aggregate functions."
		return refuse("DISTINCT and an aggregate function")
	}
	rels, calls, err := rewrite.References(query)
	if err != nil {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	for _, call := range calls {
		name := strings.Join(call, ".")
		if s.isUserFunction(name) || len(call) > 1 {
			return refuse("the user-defined function " + name)
		}
	}
	if len(rels) != 1 || fromAt < 0 {
		return refuse("a query of other than one table")
	}
	db, schema, name, ok := s.qualify(rels[0].Parts)
	if !ok {
		return refuse("an unqualified table and no current schema")
	}
	if kind, exists := s.e.grantKind(ctx, db, schema, name); exists && kind != "TABLE" {
		// "A materialized view cannot query: A materialized view. A
		// non-materialized view. ..." (and "Do not query stream objects").
		return refuse("a query of the " + strings.ToLower(kind) + " " + name)
	}
	if s.isTemporaryTable(ctx, name) {
		return refuse("a query of the temporary table " + name)
	}
	if err := checkGroupKeys(toks); err != nil {
		return "", err
	}
	for _, col := range append(columns, selectNames(toks)...) {
		u := strings.ToUpper(col)
		// "The following column names are not allowed in a materialized
		// view: Names that start with SYSTEM$ or METADATA$; Names that
		// contain $SYS_FACADE$; The column name SYS_MV_SOURCE_PARTITION".
		if strings.HasPrefix(u, "SYSTEM$") || strings.HasPrefix(u, "METADATA$") || strings.Contains(u, "$SYS_FACADE$") || u == "SYS_MV_SOURCE_PARTITION" {
			return refuse("the column name " + col)
		}
	}
	return db + "." + schema + "." + name, nil
}

// selectItems splits the select list (between SELECT [DISTINCT] and FROM)
// at its top-level commas.
func selectItems(toks []sqllex.Token) [][]sqllex.Token {
	var items [][]sqllex.Token
	var cur []sqllex.Token
	depth := 0
	for i := 1; i < len(toks); i++ {
		t := toks[i]
		if i == 1 && (t.IsWord("DISTINCT") || t.IsWord("ALL")) {
			continue
		}
		if depth == 0 && t.IsWord("FROM") {
			break
		}
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsOp(","):
			items, cur = append(items, cur), nil
			continue
		}
		cur = append(cur, t)
	}
	return append(items, cur)
}

// itemName is the name a select item gives its column: its alias, or the
// column it names; "" for an expression without an alias.
func itemName(item []sqllex.Token) string {
	n := len(item)
	if n == 0 {
		return ""
	}
	last := item[n-1]
	name := ""
	switch last.Kind {
	case sqllex.Word:
		name = strings.ToUpper(last.Text)
	case sqllex.QuotedIdent:
		name = unquoteIdent(last.Text)
	default:
		return ""
	}
	if n == 1 || n >= 2 && (item[n-2].IsWord("AS") || item[n-2].IsOp(".")) {
		return name
	}
	if item[n-2].Kind == sqllex.Word || item[n-2].Kind == sqllex.QuotedIdent || item[n-2].IsOp(")") {
		return name // expr alias
	}
	return ""
}

func selectNames(toks []sqllex.Token) []string {
	var out []string
	for _, item := range selectItems(toks) {
		if n := itemName(item); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// checkGroupKeys: "GROUP BY keys that are not within the SELECT list. All
// GROUP BY keys in a materialized view must be part of the SELECT list."
// A key is in the list when it is written as a select item's expression,
// names an item's alias or column, or is an item's position.
func checkGroupKeys(toks []sqllex.Token) error {
	at := -1
	depth := 0
	for i, t := range toks {
		if t.IsOp("(") {
			depth++
		} else if t.IsOp(")") {
			depth--
		} else if depth == 0 && t.IsWord("GROUP") && i+1 < len(toks) && toks[i+1].IsWord("BY") {
			at = i + 2
		}
	}
	if at < 0 {
		return nil
	}
	exprs := map[string]bool{}
	items := selectItems(toks)
	for _, item := range items {
		exprs[tokensKey(item)] = true
		if n := itemName(item); n != "" {
			exprs[n+" "] = true
			// The expression without its alias.
			if k := len(item); k >= 2 && item[k-2].IsWord("AS") {
				exprs[tokensKey(item[:k-2])] = true
			} else if k >= 2 && !item[k-2].IsOp(".") {
				exprs[tokensKey(item[:k-1])] = true
			}
		}
	}
	var key []sqllex.Token
	depth = 0
	check := func() error {
		k := tokensKey(key)
		if len(key) == 1 && key[0].Kind == sqllex.Number {
			return nil
		}
		if len(key) >= 3 && key[len(key)-2].IsOp(".") {
			k = tokensKey(key[len(key)-1:]) // a qualified column
		}
		if !exprs[k] && !exprs[tokensKey(key)] {
			return mvUnsupported("CREATE MATERIALIZED VIEW with a GROUP BY key that is not in the SELECT list")
		}
		return nil
	}
	for _, t := range toks[at:] {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsOp(","):
			if err := check(); err != nil {
				return err
			}
			key = nil
			continue
		}
		key = append(key, t)
	}
	if len(key) > 0 {
		return check()
	}
	return nil
}

// tokensKey is a token list's text, unquoted words upper-cased.
func tokensKey(toks []sqllex.Token) string {
	var b strings.Builder
	for _, t := range toks {
		if t.Kind == sqllex.Word {
			b.WriteString(strings.ToUpper(t.Text))
		} else {
			b.WriteString(t.Text)
		}
		b.WriteByte(' ')
	}
	return b.String()
}
