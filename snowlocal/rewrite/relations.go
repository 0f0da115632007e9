package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Relation is a table-like object a statement names: read in a FROM, JOIN
// or USING list, or written as the target of INSERT, UPDATE, DELETE, MERGE
// or TRUNCATE. The engine's access control checks privileges on them.
type Relation struct {
	// Parts are the name's identifiers: unquoted ones upper-cased, quoted
	// ones exact and without quotes.
	Parts []string
	// Write is the writing statement ("INSERT", "UPDATE", "DELETE", "MERGE",
	// "TRUNCATE"), or "" when the statement reads the relation.
	Write string
}

// References lists the relations a Snowflake statement reads or writes, in
// statement order, and the dotted names of the functions it calls. Names of
// common table expressions are left out; table functions, stages and
// VALUES lists are not relations. It is a token scan, independent of
// Rewrite, so the engine can ask before it runs anything.
func References(stmt string) (rels []Relation, calls [][]string, err error) {
	all, err := sqllex.Tokenize(stmt)
	if err != nil {
		return nil, nil, err
	}
	var toks []sqllex.Token
	for _, t := range all {
		if t.Significant() {
			toks = append(toks, t)
		}
	}
	r := refScan{toks: toks, ctes: map[string]bool{}}
	r.scan()
	for _, rel := range r.rels {
		if len(rel.Parts) == 1 && r.ctes[rel.Parts[0]] && rel.Write == "" {
			continue
		}
		rels = append(rels, rel)
	}
	return rels, r.calls, nil
}

type refScan struct {
	toks  []sqllex.Token
	rels  []Relation
	calls [][]string
	ctes  map[string]bool
}

func (r *refScan) word(i int, w string) bool { return i < len(r.toks) && r.toks[i].IsWord(w) }
func (r *refScan) op(i int, o string) bool   { return i < len(r.toks) && r.toks[i].IsOp(o) }

func (r *refScan) isName(i int) bool {
	return i < len(r.toks) && (r.toks[i].Kind == sqllex.Word || r.toks[i].Kind == sqllex.QuotedIdent)
}

// name reads a dotted name at i; it returns the parts and the index after it.
func (r *refScan) name(i int) ([]string, int) {
	var parts []string
	for r.isName(i) {
		t := r.toks[i]
		if t.Kind == sqllex.QuotedIdent {
			parts = append(parts, strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`))
		} else {
			parts = append(parts, strings.ToUpper(t.Text))
		}
		i++
		if !r.op(i, ".") {
			break
		}
		i++
	}
	return parts, i
}

// clauseEnd lists words that end a FROM list at its own nesting level.
var clauseEnd = map[string]bool{"WHERE": true, "GROUP": true, "HAVING": true, "QUALIFY": true, "ORDER": true,
	"LIMIT": true, "UNION": true, "EXCEPT": true, "INTERSECT": true, "MINUS": true, "WINDOW": true, "SET": true,
	"WHEN": true, "SELECT": true, "VALUES": true, "OFFSET": true, "FETCH": true}

// relation records the relation named at i (unless it is a table function,
// a stage, a subquery or VALUES) and returns the index after its name.
func (r *refScan) relation(i int, write string, allowParen bool) int {
	if !r.isName(i) || r.word(i, "LATERAL") || r.word(i, "VALUES") || (r.word(i, "TABLE") && r.op(i+1, "(")) {
		return i
	}
	parts, j := r.name(i)
	if r.op(j, "(") && !allowParen {
		return i // a table function: FLATTEN(...), GENERATOR(...), udtf(...)
	}
	if len(parts) > 0 && len(parts) <= 3 {
		r.rels = append(r.rels, Relation{Parts: parts, Write: write})
	}
	return j
}

func (r *refScan) scan() {
	head := ""
	if len(r.toks) > 0 && r.toks[0].Kind == sqllex.Word {
		head = strings.ToUpper(r.toks[0].Text)
	}
	// Per nesting level: whether a "(" opened a query, and whether the
	// level is inside a FROM list (so "," introduces another relation).
	type level struct{ query, from bool }
	stack := []level{{query: true}}
	firstFrom := true
	for i := 0; i < len(r.toks); i++ {
		t := r.toks[i]
		top := &stack[len(stack)-1]
		switch {
		case t.IsOp("("):
			q := r.word(i+1, "SELECT") || r.word(i+1, "WITH")
			if r.op(i+1, "(") {
				q = top.query // ((select ...)) keeps its meaning
			}
			stack = append(stack, level{query: q})
			continue
		case t.IsOp(")"):
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
			continue
		case t.IsWord("WITH"):
			r.cteNames(i + 1)
		case r.callAt(i):
			parts, _ := r.name(i)
			r.calls = append(r.calls, parts)
		}
		if !top.query {
			continue
		}
		switch {
		case t.IsWord("FROM"):
			write := ""
			if head == "DELETE" && len(stack) == 1 && firstFrom {
				write = "DELETE"
			}
			firstFrom = false
			top.from = true
			r.relation(i+1, write, false)
		case t.IsWord("JOIN"):
			r.relation(i+1, "", false)
		case t.IsOp(",") && top.from:
			r.relation(i+1, "", false)
		case t.IsWord("USING") && (head == "DELETE" || head == "MERGE") && len(stack) == 1:
			top.from = true
			r.relation(i+1, "", false)
		case t.IsWord("INTO") && len(stack) == 1 && (head == "INSERT" || head == "MERGE"):
			r.relation(i+1, head, true)
		case t.IsWord("UPDATE") && i == 0:
			r.relation(i+1, "UPDATE", false)
		case t.IsWord("TRUNCATE") && i == 0:
			j := i + 1
			if r.word(j, "TABLE") {
				j++
			}
			if r.word(j, "IF") && r.word(j+1, "EXISTS") {
				j += 2
			}
			r.relation(j, "TRUNCATE", false)
		case (t.IsWord("CLONE") || t.IsWord("LIKE")) && head == "CREATE" && len(stack) == 1:
			r.relation(i+1, "", false)
		case t.Kind == sqllex.Word && clauseEnd[strings.ToUpper(t.Text)]:
			top.from = false
		}
	}
}

// callAt reports whether a function call's (dotted) name starts at i: not
// a keyword before "(", a stage name, or an INSERT's column list.
func (r *refScan) callAt(i int) bool {
	t := r.toks[i]
	if t.Kind != sqllex.Word || i == 0 || r.op(i-1, ".") || r.op(i-1, "@") || r.word(i-1, "INTO") {
		return false
	}
	if keywords[strings.ToUpper(t.Text)] && !r.op(i+1, ".") {
		return false
	}
	_, j := r.name(i)
	return r.op(j, "(")
}

// cteNames records the names a WITH clause defines, starting at i.
func (r *refScan) cteNames(i int) {
	if r.word(i, "RECURSIVE") {
		i++
	}
	for r.isName(i) {
		parts, j := r.name(i)
		if r.op(j, "(") { // column list
			j = r.skipGroup(j)
		}
		if !r.word(j, "AS") || !r.op(j+1, "(") {
			return
		}
		if len(parts) == 1 {
			r.ctes[parts[0]] = true
		}
		j = r.skipGroup(j + 1)
		if !r.op(j, ",") {
			return
		}
		i = j + 1
	}
}

// skipGroup returns the index after the parenthesised group opening at i.
func (r *refScan) skipGroup(i int) int {
	depth := 0
	for ; i < len(r.toks); i++ {
		switch {
		case r.toks[i].IsOp("("):
			depth++
		case r.toks[i].IsOp(")"):
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}
