package snowlocal

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The flow (pipe) operator (docs: Flow operators,
// https://docs.snowflake.com/en/sql-reference/operators-flow):
// `<statement_1> ->> <statement_2> [ ->> ... ]` runs the statements in
// order; in a FROM clause `$n` is the result of the statement n places
// back in the chain ("the relative position of the statement in the chain
// counting back from the current statement"), the same result set as
// RESULT_SCAN of that statement's query ID; "The $n parameter is only
// valid in the FROM clause" (elsewhere $n stays a column reference); an
// error stops the chain and is the chain's answer; the last statement's
// result is returned. Bind variables "aren't supported" (refused here, the
// error text not being documented).
//
// The engine gives a statement `$n` as a derived table of that result's
// values written as typed literals, with the result's column names and
// types, so the statement reads it as any query would.

// flowMaxRows bounds the result a chain's statement passes on: a larger one
// is refused rather than written out as literals.
const flowMaxRows = 10000

// flowStatements splits text at its top-level ->> operators; ok is false
// when text holds none. The text of a CREATE PROCEDURE or FUNCTION (whose
// body may be a block written without $$) is not split.
func flowStatements(text string) (parts []string, ok bool) {
	if !strings.Contains(text, "->>") {
		return nil, false // the common case, without tokenizing
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, false
	}
	depth, from := 0, 0
	var first []sqllex.Token // the first statement's significant tokens
	for i, t := range toks {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsOp("->>"):
			if !startsStatement(toks[i+1:]) {
				return nil, false // not a chain (DuckDB's JSON ->>): the rewriter answers it
			}
			parts = append(parts, strings.TrimSpace(text[from:t.Pos]))
			from = t.Pos + len(t.Text)
		}
		if len(parts) == 0 && t.Significant() {
			first = append(first, t)
		}
	}
	if len(parts) == 0 {
		return nil, false
	}
	if len(first) > 0 && (first[0].IsWord("CREATE") || first[0].IsWord("WITH")) {
		for _, t := range first {
			if t.IsWord("PROCEDURE") || t.IsWord("FUNCTION") {
				return nil, false
			}
		}
	}
	return append(parts, strings.TrimSpace(text[from:])), true
}

// startsStatement reports whether the first significant token of toks is a
// word that starts a statement.
func startsStatement(toks []sqllex.Token) bool {
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		if t.Kind != sqllex.Word {
			return false
		}
		switch strings.ToUpper(t.Text) {
		case "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE",
			"USE", "SHOW", "DESC", "DESCRIBE", "COPY", "PUT", "GET", "LIST", "LS", "REMOVE", "RM", "GRANT",
			"REVOKE", "CALL", "EXECUTE", "BEGIN", "START", "COMMIT", "ROLLBACK", "UNDROP", "COMMENT", "SET", "UNSET",
			"EXPLAIN":
			return true
		}
		return false
	}
	return false
}

// execFlow runs a chain of statements joined by ->>.
func (s *Session) execFlow(ctx context.Context, parts []string, binds []any) (*Result, error) {
	if len(binds) > 0 {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the flow operator ->> with bind variables' in the local engine.")
	}
	var results []*Result
	for _, part := range parts {
		if part == "" {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: the flow operator ->> joins two statements")
		}
		q, err := flowReferences(part, results)
		if err != nil {
			return nil, err
		}
		res, err := s.exec(ctx, q, nil)
		if err != nil {
			return nil, err
		}
		stamped := slices.ContainsFunc(res.Columns, func(c Column) bool { return stampType(c.Type) })
		if q != part && stamped && slices.ContainsFunc(results, scaledStamp) {
			// A time or timestamp of a statement reading an earlier one's
			// scale-3 column (SHOW TABLES ->> SELECT created_on FROM $1)
			// may be that column: Snowflake declares it TIMESTAMP_LTZ(3),
			// the engine's relation TIMESTAMP_LTZ(9).
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the flow operator ->> passing on a TIMESTAMP_LTZ(3) column (a SHOW listing's created_on) to a result with a time or timestamp column' in the local engine.")
		}
		results = append(results, res)
	}
	return results[len(results)-1], nil
}

// flowReferences replaces each $n naming a relation in a FROM clause of
// statement text with the derived table of the result n statements back.
func flowReferences(text string, results []*Result) (string, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the statement's own run reports it
	}
	// One clause state per open bracket: whether the bracket holds a query
	// (the statement itself, or a ( SELECT | WITH ...) subquery) and whether
	// its current clause is FROM.
	type level struct{ query, from bool }
	stack := []level{{query: true}}
	var b strings.Builder
	prev := sqllex.Token{}
	openedAt := -1 // the stack level whose first token is not seen yet
	for _, t := range toks {
		top := &stack[len(stack)-1]
		if t.Significant() && openedAt == len(stack)-1 {
			top.query = t.IsWord("SELECT") || t.IsWord("WITH")
			openedAt = -1
		}
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			stack = append(stack, level{})
			openedAt = len(stack) - 1
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case t.Kind == sqllex.Word && top.query:
			switch strings.ToUpper(t.Text) {
			case "FROM":
				top.from = true
			case "SELECT", "WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER", "LIMIT", "FETCH", "OFFSET",
				"UNION", "EXCEPT", "INTERSECT", "MINUS", "WINDOW", "SET", "VALUES":
				top.from = false
			}
		case t.Kind == sqllex.Variable && top.query && top.from && relationStart(prev):
			n := 0
			if _, err := fmt.Sscanf(t.Text, "$%d", &n); err == nil && fmt.Sprintf("$%d", n) == t.Text {
				if n < 1 || n > len(results) {
					return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s in a FROM clause of a flow operator chain naming no earlier statement of the chain' in the local engine.", t.Text)
				}
				rel, err := flowRelation(results[len(results)-n], "the flow operator ->> passing on")
				if err != nil {
					return "", err
				}
				b.WriteString("(" + rel + ")")
				prev = t
				continue
			}
		}
		b.WriteString(t.Text)
		if t.Significant() {
			prev = t
		}
	}
	return b.String(), nil
}

// relationStart reports whether a token after prev starts a relation of a
// FROM clause: right after FROM, a JOIN or a comma of the FROM list.
func relationStart(prev sqllex.Token) bool {
	return prev.IsWord("FROM") || prev.IsWord("JOIN") || prev.IsOp(",")
}

// flowRelation is a SELECT returning res: its rows as typed literals under
// its column names and types. by names what passes it on in a refusal
// ("the flow operator ->> passing on").
func flowRelation(res *Result, by string) (string, error) {
	if len(res.Rows) > flowMaxRows {
		return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s a result of more than %d rows' in the local engine.", by, flowMaxRows)
	}
	if len(res.Columns) == 0 {
		return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s a result without columns' in the local engine.", by)
	}
	types := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		if c.Type == "decfloat" {
			return "", decfloatHeld() // scripting_host.go
		}
		if c.Type == "timestamp_tz" {
			return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s a TIMESTAMP_TZ column' in the local engine.", by)
		}
		types[i] = flowColumnType(c)
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, c := range res.Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		if len(res.Rows) == 0 {
			fmt.Fprintf(&b, "CAST(NULL AS %s)", types[i])
		} else {
			fmt.Fprintf(&b, "COLUMN%d", i+1)
		}
		b.WriteString(" AS " + quoteIdent(c.Name))
	}
	if len(res.Rows) == 0 {
		b.WriteString(" WHERE FALSE")
		return b.String(), nil
	}
	b.WriteString(" FROM VALUES ")
	for r, row := range res.Rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for i, v := range row {
			lit, err := literal(res.Columns[i], v)
			if err != nil {
				return "", err
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("CAST(" + lit + " AS " + types[i] + ")")
		}
		b.WriteString(")")
	}
	return b.String(), nil
}

// flowColumnType is the full SQL type of a result column: sqlType with a
// text column's length and a time's or timestamp's scale.
func flowColumnType(c Column) string {
	switch c.Type {
	case "text":
		if c.Length > 0 {
			return fmt.Sprintf("VARCHAR(%d)", c.Length)
		}
	case "time", "timestamp_ntz", "timestamp_ltz":
		// The engine declares no fractional precision but 9: a scale-3
		// column (a SHOW listing's created_on) is carried as one, and the
		// statement refused where its result has such a column
		// (execFlow).
		return sqlType(c) + "(9)"
	}
	return sqlType(c)
}

// scaledStamp reports whether res has a time or timestamp column of a
// scale other than 9, which a relation of it does not keep (flowColumnType).
func scaledStamp(res *Result) bool {
	for _, c := range res.Columns {
		if stampType(c.Type) && c.Scale != 9 { // info_schema_scale.go
			return true
		}
	}
	return false
}
