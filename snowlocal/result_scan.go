package snowlocal

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// RESULT_SCAN (docs: sql-reference/functions/result_scan) returns "the
// result set of a previous command ... as if the result was a table":
//
//	SELECT ... FROM TABLE(RESULT_SCAN( [ '<query_id>' | <query_index> | LAST_QUERY_ID( [ <num> ] ) ] )) [alias]
//
// The wire records each statement a client runs in the session with its
// query ID and result (RecordQuery); before a statement is read, a
// TABLE(RESULT_SCAN(...)) in its FROM clause becomes the derived table of
// that result's rows as typed literals under its column names and types,
// as the flow operator passes on a result (flow.go). A column named like
// an earlier one is renamed with the suffix _n, "where n is the next
// number available that produces a name that is different from the names
// of the previous columns" (usage notes).
//
// LAST_QUERY_ID "considers all statements that were run within the
// current session, including child statements (... a stored procedure,
// anonymous block, or pipe operator statement)", which the wire does not
// see: LAST_QUERY_ID() and LAST_QUERY_ID(-1) name the client's last
// statement (the CALL whose result the page's "Examples using a stored
// procedure" scan), and any other position, or a query index, is refused
// when a statement from there on could have run child statements. A
// query ID the session did not run or whose result it does not keep (a
// failed statement, an older one), LAST_QUERY_ID outside TABLE(RESULT_SCAN
// (...)), and RESULT_SCAN in a statement other than a query or INSERT are
// refused (002040; the rewriter refuses the functions).

// resultScanKept bounds the results a session keeps for RESULT_SCAN, and
// queryIDsKept the query IDs it keeps for LAST_QUERY_ID.
const (
	resultScanKept = 32
	queryIDsKept   = 100000
)

// queryHistory is what a session's client ran: each statement's query ID
// in order, whether it could run child statements, and the last results.
type queryHistory struct {
	ids      []string
	children []bool
	dropped  int // the session's first queries whose IDs are no longer kept
	results  map[string]*Result
	order    []string // ids of results, oldest first
}

// RecordQuery notes a statement the client ran in the session, its query
// ID, text and result or error, for LAST_QUERY_ID and RESULT_SCAN.
func (s *Session) RecordQuery(id, text string, res *Result, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := &s.history
	h.ids = append(h.ids, id)
	h.children = append(h.children, runsChildren(text))
	if len(h.ids) > queryIDsKept {
		half := len(h.ids) / 2
		h.ids = append([]string(nil), h.ids[half:]...)
		h.children = append([]bool(nil), h.children[half:]...)
		h.dropped += half
	}
	if err != nil || res == nil || len(res.Rows) > flowMaxRows {
		return
	}
	if h.results == nil {
		h.results = map[string]*Result{}
	}
	h.results[id] = res
	h.order = append(h.order, id)
	if len(h.order) > resultScanKept {
		delete(h.results, h.order[0])
		h.order = h.order[1:]
	}
}

// runsChildren reports whether a statement could run child statements: a
// CALL, EXECUTE IMMEDIATE, a block, or a flow operator chain.
func runsChildren(text string) bool {
	if scripting.IsBlock(text) {
		return true
	}
	if _, ok := flowStatements(text); ok {
		return true
	}
	sig, err := sqllex.TokenizeSignificant(text)
	if err != nil || len(sig) == 0 {
		return true
	}
	return sig[0].IsWord("CALL") || sig[0].IsWord("EXECUTE") || sig[0].IsWord("BEGIN") || sig[0].IsWord("DECLARE")
}

// expandResultScan returns text with its TABLE(RESULT_SCAN(...)) relations
// replaced by derived tables of the results they name. scaled reports a
// result read with a time or timestamp column of a scale other than 9
// (a SHOW listing's created_on), which the derived table carries as one
// of scale 9 (flowColumnType): a query whose result then has such a
// column is refused (execResultScan).
func (s *Session) expandResultScan(text string) (out string, scaled bool, err error) {
	if !strings.Contains(strings.ToUpper(text), "RESULT_SCAN") {
		return text, false, nil
	}
	sig, err := sqllex.TokenizeSignificant(text)
	if err != nil || len(sig) == 0 || !(sig[0].IsWord("SELECT") || sig[0].IsWord("WITH") || sig[0].IsWord("INSERT")) {
		return text, false, nil // the rewriter refuses RESULT_SCAN elsewhere
	}
	if _, ok := flowStatements(text); ok {
		return text, false, nil
	}
	var b strings.Builder
	last := 0
	for k := 1; k+3 < len(sig); k++ {
		if !(sig[k].IsWord("TABLE") && sig[k+1].IsOp("(") && sig[k+2].IsWord("RESULT_SCAN") && sig[k+3].IsOp("(") &&
			(sig[k-1].IsWord("FROM") || sig[k-1].IsWord("JOIN") || sig[k-1].IsOp(","))) {
			continue
		}
		id, end, err := s.resultScanTarget(sig, k+4)
		if err != nil {
			return "", false, err
		}
		res, ok := s.history.results[id]
		if !ok {
			return "", false, varUnsupported("RESULT_SCAN of a query whose result the session does not keep (a failed, unknown or older query)")
		}
		rel, err := flowRelation(uniqueColumnNames(res), "RESULT_SCAN of")
		if err != nil {
			return "", false, err
		}
		scaled = scaled || scaledStamp(res)
		b.WriteString(text[last:sig[k].Pos])
		b.WriteString("(" + rel + ")")
		last = sig[end].Pos + len(sig[end].Text)
		k = end
	}
	if last == 0 {
		return text, false, nil
	}
	b.WriteString(text[last:])
	return b.String(), scaled, nil
}

// execResultScan runs a client's statement with its TABLE(RESULT_SCAN(...))
// relations expanded.
func (s *Session) execResultScan(ctx context.Context, text string, binds []any) (*Result, error) {
	expanded, scaled, err := s.expandResultScan(text)
	if err != nil {
		return nil, err
	}
	res, err := s.exec(ctx, expanded, binds)
	if err == nil && scaled && res != nil && slices.ContainsFunc(res.Columns, func(c Column) bool { return stampType(c.Type) }) {
		// An INSERT's values take the target's types; a query's result
		// may be the scanned column, of another scale.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'RESULT_SCAN of a TIMESTAMP_LTZ(3) column (a SHOW listing's created_on) in a result with a time or timestamp column' in the local engine.")
	}
	return res, err
}

// resultScanTarget reads RESULT_SCAN's argument from sig[i] to the ")"
// closing TABLE(, returning the query ID it names and that index.
func (s *Session) resultScanTarget(sig []sqllex.Token, i int) (id string, end int, err error) {
	unsupported := func(what string) (string, int, error) {
		return "", 0, varUnsupported("RESULT_SCAN of %s", what)
	}
	pos, n := -1, 0
	switch {
	case i < len(sig) && sig[i].IsOp(")"): // RESULT_SCAN(): the most recent command
		n = i
	case i+2 < len(sig) && sig[i].IsWord("LAST_QUERY_ID") && sig[i+1].IsOp("("):
		j := i + 2
		if sig[j].IsOp(")") {
			n = j + 1
		} else {
			p, next, ok := intArg(sig, j)
			if !ok || next >= len(sig) || !sig[next].IsOp(")") {
				return unsupported("LAST_QUERY_ID of an argument other than an integer")
			}
			pos, n = p, next+1
		}
	case i < len(sig) && sig[i].Kind == sqllex.String:
		if strings.Contains(sig[i].Text, `\`) || !strings.HasPrefix(sig[i].Text, "'") {
			return unsupported("a query ID with escapes")
		}
		id, n = unquoteString(sig[i].Text), i+1
	default:
		p, next, ok := intArg(sig, i)
		if !ok {
			return unsupported("an argument other than a query ID, a query index or LAST_QUERY_ID()")
		}
		pos, n = p, next
	}
	if n+1 >= len(sig) || !sig[n].IsOp(")") || !sig[n+1].IsOp(")") {
		return unsupported("an argument other than a query ID, a query index or LAST_QUERY_ID()")
	}
	if id == "" {
		if id, err = s.history.at(pos); err != nil {
			return "", 0, err
		}
	}
	return id, n + 1, nil
}

// intArg reads an integer literal, signed or not, at sig[i].
func intArg(sig []sqllex.Token, i int) (v, next int, ok bool) {
	neg := false
	if i < len(sig) && (sig[i].IsOp("-") || sig[i].IsOp("+")) {
		neg = sig[i].IsOp("-")
		i++
	}
	if i >= len(sig) || sig[i].Kind != sqllex.Number || !isAllDigits(sig[i].Text) {
		return 0, 0, false
	}
	v, err := strconv.Atoi(sig[i].Text)
	if err != nil {
		return 0, 0, false
	}
	if neg {
		v = -v
	}
	return v, i + 1, true
}

// at is the query ID at position pos of the session (LAST_QUERY_ID(pos)):
// from the first query when positive, from the most recent when negative.
// A position the session has not reached, or whose counting a statement
// that could run child statements would change, is refused.
func (h *queryHistory) at(pos int) (string, error) {
	n := len(h.ids)
	k := n + pos
	if pos > 0 {
		k = pos - 1 - h.dropped
	}
	if pos == 0 || k < 0 || k >= n {
		return "", varUnsupported("LAST_QUERY_ID(%d) in a session that ran %d queries (the local engine keeps the last %d query IDs)", pos, n+h.dropped, n)
	}
	if pos != -1 {
		from, to := k+1, n // the statements after the one named
		if pos > 0 {
			if h.dropped > 0 {
				return "", varUnsupported("LAST_QUERY_ID(%d) in a session whose first query IDs are no longer kept", pos)
			}
			from, to = 0, k // the statements before it
		}
		for _, c := range h.children[from:to] {
			if c {
				return "", varUnsupported("LAST_QUERY_ID(%d) past a statement that ran child statements (Snowflake counts them)", pos)
			}
		}
	}
	return h.ids[k], nil
}

// uniqueColumnNames is res with each column named like an earlier one
// renamed <name>_<n>, n the first number giving a name no earlier column has.
func uniqueColumnNames(res *Result) *Result {
	out := *res
	out.Columns = append([]Column(nil), res.Columns...)
	seen := map[string]bool{}
	for i, c := range out.Columns {
		name := c.Name
		for n := 1; seen[name]; n++ {
			name = c.Name + "_" + strconv.Itoa(n)
		}
		seen[name] = true
		out.Columns[i].Name = name
	}
	return &out
}
