package snowlocal

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// TO_QUERY (docs: sql-reference/functions/to_query, user-guide/
// querying-construct-at-runtime):
//
//	SELECT ... FROM TABLE(TO_QUERY([SQL =>] '<text>' [, <arg> => '<value>' ...])) [alias]
//
// "The function compiles the SQL text as the definition of a subquery in
// the FROM clause", its arguments being constant strings or variables that
// resolve to strings. The engine does the same before it reads the
// statement: the call becomes (<text>), with each bind :arg of the text
// replaced by its value as a string literal. Everything after (session
// variables in the text, access checks, the rewriter) then sees the query
// as if it had been written in place, so privileges are checked as for the
// query written directly.
//
// A form the engine cannot make exact is left as written, and the
// rewriter refuses TABLE(TO_QUERY(...)) with 002040: an argument that is
// not a string literal or a text session variable (an expression, even a
// concatenation of literals, which the page does not list; a NULL, which
// the page says makes the result NULL; a literal with backslash escapes),
// a call outside FROM or JOIN or outside a query (the construct-at-runtime
// page: "Only valid in the FROM clause of a SELECT statement"). A text that
// is not one query, or whose binds cannot be replaced exactly, is refused
// here, as is an error the expanded statement reports at a line and
// position (toQueryError).

// toQueryDepth bounds TO_QUERY calls nested in TO_QUERY texts.
const toQueryDepth = 8

// expandToQuery returns text with its TABLE(TO_QUERY(...)) calls replaced
// by subqueries, and whether it replaced any.
func (s *Session) expandToQuery(text string) (string, bool, error) {
	return s.expandToQueryDepth(text, 0)
}

func (s *Session) expandToQueryDepth(text string, depth int) (string, bool, error) {
	if !strings.Contains(strings.ToUpper(text), "TO_QUERY") {
		return text, false, nil
	}
	sig, err := sqllex.TokenizeSignificant(text)
	if err != nil || len(sig) == 0 || !(sig[0].IsWord("SELECT") || sig[0].IsWord("WITH")) {
		// Only a query: a view or procedure keeps its text as written.
		return text, false, nil
	}
	var b strings.Builder
	last := 0
	for k := 1; k+3 < len(sig); k++ {
		if !(sig[k].IsWord("TABLE") && sig[k+1].IsOp("(") && sig[k+2].IsWord("TO_QUERY") && sig[k+3].IsOp("(") &&
			(sig[k-1].IsWord("FROM") || sig[k-1].IsWord("JOIN"))) {
			continue
		}
		args, end, ok := s.toQueryArgs(sig, k+4)
		if !ok {
			continue
		}
		if depth >= toQueryDepth {
			return "", false, varUnsupported("TO_QUERY nested more than %d deep", toQueryDepth)
		}
		sub, err := toQuerySubquery(args)
		if err != nil {
			return "", false, err
		}
		if sub, _, err = s.expandToQueryDepth(sub, depth+1); err != nil {
			return "", false, err
		}
		b.WriteString(text[last:sig[k].Pos])
		b.WriteString("(" + sub + "\n)")
		last = sig[end].Pos + len(sig[end].Text)
		k = end
	}
	if last == 0 {
		return text, false, nil
	}
	b.WriteString(text[last:])
	return b.String(), true, nil
}

// toQueryArg is one argument of TO_QUERY: its name (upper-cased, "" when
// positional) and its string value.
type toQueryArg struct {
	name  string
	value string
}

// toQueryArgs reads TO_QUERY's arguments from sig[i] to the ")" closing
// TABLE(, returning that index. ok is false for any argument that is not
// a constant string the engine reads exactly.
func (s *Session) toQueryArgs(sig []sqllex.Token, i int) (args []toQueryArg, end int, ok bool) {
	for {
		var a toQueryArg
		if i+1 < len(sig) && sig[i].Kind == sqllex.Word && sig[i+1].IsOp("=>") {
			a.name = strings.ToUpper(sig[i].Text)
			i += 2
		}
		if i >= len(sig) {
			return nil, 0, false
		}
		// One literal or variable: the page lists no other argument
		// (an expression, even of constants, is left refused).
		v, ok := s.toQueryString(sig[i])
		if !ok {
			return nil, 0, false
		}
		a.value = v
		i++
		args = append(args, a)
		if i >= len(sig) {
			return nil, 0, false
		}
		if sig[i].IsOp(",") {
			i++
			continue
		}
		if sig[i].IsOp(")") && i+1 < len(sig) && sig[i+1].IsOp(")") {
			return args, i + 1, true
		}
		return nil, 0, false
	}
}

// toQueryString is the value of a string literal or of a text session
// variable; ok is false for anything else, a NULL, or a literal with a
// backslash escape.
func (s *Session) toQueryString(t sqllex.Token) (string, bool) {
	switch t.Kind {
	case sqllex.String:
		if strings.Contains(t.Text, `\`) || !strings.HasPrefix(t.Text, "'") {
			return "", false
		}
		return unquoteString(t.Text), true
	case sqllex.Variable:
		if s.ownerRights > 0 || isAllDigits(t.Text[1:]) {
			return "", false // bindVariables refuses a variable in an owner's rights procedure
		}
		v, ok := s.vars[strings.ToUpper(t.Text[1:])]
		if !ok || v.typ != "text" || v.lit == "NULL" {
			return "", false // undefined: bindVariables errors
		}
		return v.value, true
	}
	return "", false
}

// toQuerySubquery is the query text of TO_QUERY's arguments with its
// binds :name replaced by the named arguments' values as string literals.
func toQuerySubquery(args []toQueryArg) (string, error) {
	if args[0].name != "" && args[0].name != "SQL" {
		return "", varUnsupported("TO_QUERY whose first argument is %s", args[0].name)
	}
	text := args[0].value
	binds := map[string]string{}
	for _, a := range args[1:] {
		if a.name == "" || a.name == "SQL" {
			return "", varUnsupported("TO_QUERY with an argument other than named binds after the SQL text")
		}
		if _, dup := binds[a.name]; dup {
			return "", varUnsupported("TO_QUERY with the argument %s given twice", a.name)
		}
		binds[a.name] = a.value
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return "", varUnsupported("TO_QUERY of a SQL text that does not parse")
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(sig) == 0 || !(sig[0].IsWord("SELECT") || sig[0].IsWord("WITH")) {
		return "", varUnsupported("TO_QUERY of a SQL text that is not a query")
	}
	used := map[string]bool{}
	var b strings.Builder
	last := 0
	for k, t := range sig {
		if t.IsOp(";") {
			return "", varUnsupported("TO_QUERY of a SQL text of more than one statement")
		}
		if t.Kind != sqllex.Bind {
			continue
		}
		name := strings.ToUpper(strings.TrimPrefix(t.Text, ":"))
		v, ok := binds[name]
		if !strings.HasPrefix(t.Text, ":") || isAllDigits(name) || !ok {
			return "", varUnsupported("TO_QUERY of a SQL text with the bind %s", t.Text)
		}
		if !inCondition(sig, k) {
			// A bind elsewhere (a select item) may name a result column.
			return "", varUnsupported("TO_QUERY of a SQL text with the bind %s outside a WHERE, HAVING, QUALIFY or ON condition", t.Text)
		}
		used[name] = true
		b.WriteString(text[last:t.Pos])
		b.WriteString(snowflakeStringLit(v))
		last = t.Pos + len(t.Text)
	}
	for name := range binds {
		if !used[name] {
			return "", varUnsupported("TO_QUERY with the argument %s that its SQL text does not use", name)
		}
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// inCondition reports whether sig[k] is in a WHERE, HAVING, QUALIFY or ON
// condition, and the query holding that condition is the statement itself
// or a subquery in a FROM, JOIN, WITH or another such condition: never in
// a select item, whose text may name a result column. Each level of
// parentheses around sig[k] is judged by the nearest clause keyword before
// it at that level.
func inCondition(sig []sqllex.Token, k int) bool {
	first := true
	level := 0
	for j := k - 1; j >= 0; j-- {
		t := sig[j]
		switch {
		case t.IsOp(")"):
			level++
		case t.IsOp("(") && level > 0:
			level--
		case t.IsOp("("):
			// Leaving a parenthesis around sig[k] with no clause
			// keyword in it (a function's arguments): on outward.
		case level == 0 && t.Kind == sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "WHERE", "HAVING", "QUALIFY", "ON":
			case "FROM", "JOIN":
				if first {
					return false
				}
			case "SELECT", "GROUP", "ORDER", "LIMIT", "OFFSET", "FETCH", "VALUES", "USING", "TOP", "WITH", "AS",
				"UNION", "EXCEPT", "MINUS", "INTERSECT", "WINDOW", "PARTITION", "BY":
				return false
			default:
				continue
			}
			first = false
			if !skipToEnclosing(sig, &j) {
				return true
			}
			// A CTE's body (name AS (...)) is a query of the WITH,
			// whose level is judged next.
			for j > 0 && sig[j-1].IsWord("AS") {
				if !skipToEnclosing(sig, &j) {
					return true
				}
			}
		}
	}
	return !first
}

// skipToEnclosing moves *j back to the "(" that encloses sig[*j] (the loop
// of inCondition then steps before it), reporting false when there is
// none: sig[*j] is at the statement's level.
func skipToEnclosing(sig []sqllex.Token, j *int) bool {
	level := 0
	for i := *j - 1; i >= 0; i-- {
		switch {
		case sig[i].IsOp(")"):
			level++
		case sig[i].IsOp("(") && level > 0:
			level--
		case sig[i].IsOp("("):
			*j = i
			return true
		}
	}
	return false
}

// toQueryError is err of a statement whose TO_QUERY calls were expanded:
// an error that gives a line and position would give them in the expanded
// text, not in the statement as written, and is refused.
func toQueryError(err error) error {
	if err != nil && strings.Contains(err.Error(), " position ") {
		return varUnsupported("an error at a position of a statement with TO_QUERY")
	}
	return err
}
