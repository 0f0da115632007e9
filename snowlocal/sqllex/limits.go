package sqllex

import "fmt"

// MaxStatementBytes is the largest SQL text the local engine accepts: the
// 1 MB Snowflake documents as its query text limit ("Limits on Query Text
// Size"), beyond which its endpoint answers 413 Request Entity Too Large.
const MaxStatementBytes = 1 << 20

// MaxDepth is the deepest nesting of parentheses, brackets, braces, CASE
// ... END, subquery SELECTs and chained :: casts a statement may have. The
// rewriter descends recursively through them, so without a bound a 400 KB
// "((((...1))))" overflows its stack and kills the process.
const MaxDepth = 512

// CheckLimits refuses a statement the engine must not try to parse: one
// larger than MaxStatementBytes, one holding a NUL byte (DuckDB reads SQL as
// a C string and would silently drop everything after it), or one nested
// deeper than MaxDepth. The error names where the limit was crossed.
func CheckLimits(src string) *Error {
	if len(src) > MaxStatementBytes {
		return &Error{Line: 1, Col: 1, Msg: fmt.Sprintf("statement is %d bytes, larger than the %d byte limit on query text", len(src), MaxStatementBytes)}
	}
	toks, err := Tokenize(src)
	if err != nil {
		if le, ok := err.(*Error); ok {
			return le
		}
		return &Error{Line: 1, Col: 1, Msg: err.Error()}
	}
	for _, t := range toks {
		for i := 0; i < len(t.Text); i++ {
			if t.Text[i] == 0 {
				return &Error{Line: t.Line, Col: t.Col, Msg: "unexpected NUL character (U+0000) in the statement"}
			}
		}
	}
	if t, ok := tooDeep(toks, MaxDepth); ok {
		return &Error{Line: t.Line, Col: t.Col, Msg: fmt.Sprintf("the statement nests deeper than %d levels", MaxDepth)}
	}
	return nil
}

// tooDeep finds the token where nesting first exceeds limit. Opening
// brackets and CASE push a level that their closer pops; SELECT pushes a
// level that the closing bracket around it, or a set operator after it,
// pops; a chain of :: casts counts one level per cast (the rewriter nests
// them too), reset by any token that is not part of the chain.
func tooDeep(toks []Token, limit int) (Token, bool) {
	var stack []byte // '(' bracket, 'C' CASE, 'S' SELECT
	casts := 0
	afterCast := false // the previous significant token was ::
	afterType := false // the previous significant token was the type after ::
	typeArgs := -1     // stack depth of an open NUMBER(10, 2)-style type argument list
	popTo := func(open byte) {
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top == open {
				return
			}
		}
	}
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		switch {
		case typeArgs >= 0:
			if t.IsOp(")") && len(stack) == typeArgs {
				typeArgs = -1
				afterType = true
				popTo('(')
				continue
			}
		case t.IsOp("::"):
			casts++
			afterCast = true
			continue
		case afterCast && t.Kind == Word:
			afterCast, afterType = false, true
			continue
		case afterType && t.IsOp("("):
			afterType = false
			stack = append(stack, '(')
			typeArgs = len(stack)
			continue
		default:
			casts, afterCast, afterType = 0, false, false
		}
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			stack = append(stack, '(')
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			popTo('(')
		case t.IsWord("CASE"):
			stack = append(stack, 'C')
		case t.IsWord("END"):
			if n := len(stack); n > 0 && stack[n-1] == 'C' {
				stack = stack[:n-1]
			}
		case t.IsWord("SELECT"):
			stack = append(stack, 'S')
		case t.IsWord("UNION") || t.IsWord("INTERSECT") || t.IsWord("EXCEPT") || t.IsWord("MINUS"):
			if n := len(stack); n > 0 && stack[n-1] == 'S' {
				stack = stack[:n-1]
			}
		}
		if len(stack)+casts > limit {
			return t, true
		}
	}
	return Token{}, false
}
