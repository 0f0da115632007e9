package snowlocal

import (
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// cursor walks the significant tokens (no spaces or comments) of one
// statement. Engine commands (USE, SHOW, CREATE STAGE, ...) are parsed with
// it; plain SQL goes to the rewriter instead.
type cursor struct {
	text string
	toks []sqllex.Token
	pos  int
}

func newCursor(text string) (*cursor, error) {
	all, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, err
	}
	c := &cursor{text: text}
	for _, t := range all {
		if t.Kind == sqllex.Space || t.Kind == sqllex.Comment {
			continue
		}
		c.toks = append(c.toks, t)
	}
	return c, nil
}

func (c *cursor) done() bool { return c.pos >= len(c.toks) }

func (c *cursor) peek(n int) (sqllex.Token, bool) {
	if c.pos+n >= len(c.toks) {
		return sqllex.Token{}, false
	}
	return c.toks[c.pos+n], true
}

// word is the upper-cased n-th upcoming token if it is an unquoted word.
func (c *cursor) word(n int) string {
	t, ok := c.peek(n)
	if !ok || t.Kind != sqllex.Word {
		return ""
	}
	return strings.ToUpper(t.Text)
}

// accept consumes the given words if they come next (case-insensitive).
func (c *cursor) accept(words ...string) bool {
	for i, w := range words {
		if c.word(i) != w {
			return false
		}
	}
	c.pos += len(words)
	return true
}

// acceptOp consumes an operator/punctuation token.
func (c *cursor) acceptOp(op string) bool {
	t, ok := c.peek(0)
	if ok && t.Kind == sqllex.Op && t.Text == op {
		c.pos++
		return true
	}
	return false
}

// rest is the statement text from the current token on.
func (c *cursor) rest() string {
	if c.done() {
		return ""
	}
	return strings.TrimSpace(c.text[c.toks[c.pos].Pos:])
}

// where describes the current position for error messages.
func (c *cursor) where() string {
	t, ok := c.peek(0)
	if !ok {
		return "at end of statement"
	}
	return "at line " + itoa(t.Line) + " position " + itoa(t.Col-1) + " unexpected '" + t.Text + "'"
}

// ident reads one identifier part: unquoted names fold to upper case like
// Snowflake's, quoted names are kept exact.
func (c *cursor) ident() (string, error) {
	if n, ok, err := c.identifierLiteral(); ok || err != nil {
		// IDENTIFIER('name') where one name is read (a database, role,
		// user ...): the literal must hold one part.
		if err == nil && len(n.parts) != 1 {
			err = Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid identifier '%s'", strings.Join(n.parts, "."))
		}
		if err != nil {
			return "", err
		}
		return n.parts[0], nil
	}
	t, ok := c.peek(0)
	if !ok {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: identifier expected at end of statement")
	}
	switch t.Kind {
	case sqllex.Word:
		c.pos++
		return strings.ToUpper(t.Text), nil
	case sqllex.QuotedIdent:
		c.pos++
		return unquoteIdent(t.Text), nil
	case sqllex.String:
		// Some commands (e.g. SYSTEM$ functions, LIKE) take names as strings.
		c.pos++
		return unquoteString(t.Text), nil
	}
	return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", t.Line, t.Col-1, t.Text)
}

// objectName reads a[.b[.c]].
func (c *cursor) objectName() (objectName, error) {
	if n, ok, err := c.identifierLiteral(); ok || err != nil {
		return n, err
	}
	var parts []string
	for {
		p, err := c.ident()
		if err != nil {
			return objectName{}, err
		}
		parts = append(parts, p)
		if !c.acceptOp(".") {
			break
		}
	}
	if len(parts) > 3 {
		return objectName{}, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid object name '%s'", strings.Join(parts, "."))
	}
	return objectName{parts: parts}, nil
}

// identifierLiteral reads IDENTIFIER('a.b."C"') (a session variable in it
// is a string literal by now): the string holds an object name written as
// in SQL (docs: identifier-literal). ok is false, and nothing is read, when
// the cursor is not at one.
func (c *cursor) identifierLiteral() (n objectName, ok bool, err error) {
	if c.word(0) != "IDENTIFIER" {
		return objectName{}, false, nil
	}
	open, ok1 := c.peek(1)
	lit, ok2 := c.peek(2)
	end, ok3 := c.peek(3)
	if !ok1 || !ok2 || !ok3 || !open.IsOp("(") || lit.Kind != sqllex.String || !end.IsOp(")") {
		return objectName{}, false, nil
	}
	inner, err := newCursor(unquoteString(lit.Text))
	if err != nil {
		return objectName{}, true, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid identifier '%s'", unquoteString(lit.Text))
	}
	if t, ok := inner.peek(0); !ok || (t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent) {
		return objectName{}, true, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid identifier '%s'", unquoteString(lit.Text))
	}
	if n, err = inner.objectName(); err != nil {
		return objectName{}, true, err
	}
	if !inner.done() {
		return objectName{}, true, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid identifier '%s'", unquoteString(lit.Text))
	}
	c.pos += 4
	return n, true, nil
}

// stringLit reads a string literal's value.
func (c *cursor) stringLit() (string, bool) {
	t, ok := c.peek(0)
	if !ok || (t.Kind != sqllex.String && t.Kind != sqllex.DollarString) {
		return "", false
	}
	c.pos++
	if t.Kind == sqllex.DollarString {
		return strings.TrimSuffix(strings.TrimPrefix(t.Text, "$$"), "$$"), true
	}
	return unquoteString(t.Text), true
}

// properties reads `NAME = value` pairs (values: literals, words, numbers,
// parenthesized lists kept as text) until the end or a stop word.
func (c *cursor) properties(stop ...string) map[string]string {
	props := map[string]string{}
	for !c.done() {
		w := c.word(0)
		for _, s := range stop {
			if w == s {
				return props
			}
		}
		t, _ := c.peek(0)
		if t.Kind != sqllex.Word {
			c.pos++
			continue
		}
		name := strings.ToUpper(t.Text)
		c.pos++
		// Multi-word property names such as "FILE_FORMAT", are single words;
		// a few Snowflake options have no "=" (e.g. WITH): skip those.
		if !c.acceptOp("=") && !c.acceptOp("=>") {
			continue
		}
		props[name] = c.value()
	}
	return props
}

// value reads one property value and returns its text (strings unquoted).
func (c *cursor) value() string {
	t, ok := c.peek(0)
	if !ok {
		return ""
	}
	switch t.Kind {
	case sqllex.String, sqllex.DollarString:
		s, _ := c.stringLit()
		return s
	case sqllex.QuotedIdent:
		c.pos++
		return unquoteIdent(t.Text)
	case sqllex.Op:
		if t.Text == "(" {
			start := t.Pos
			depth := 0
			for !c.done() {
				tt := c.toks[c.pos]
				c.pos++
				if tt.Kind == sqllex.Op && tt.Text == "(" {
					depth++
				} else if tt.Kind == sqllex.Op && tt.Text == ")" {
					depth--
					if depth == 0 {
						return c.text[start : tt.Pos+1]
					}
				}
			}
			return c.text[start:]
		}
		if t.Text == "-" || t.Text == "+" {
			c.pos++
			return t.Text + c.value()
		}
	}
	c.pos++
	// Dotted names (db.schema.format) are one value.
	v := t.Text
	if t.Kind == sqllex.Word {
		v = strings.ToUpper(v)
	}
	for c.acceptOp(".") {
		n, _ := c.peek(0)
		c.pos++
		if n.Kind == sqllex.Word {
			v += "." + strings.ToUpper(n.Text)
		} else {
			v += "." + n.Text
		}
	}
	return v
}

func unquoteIdent(s string) string {
	s = strings.TrimPrefix(strings.TrimSuffix(s, `"`), `"`)
	return strings.ReplaceAll(s, `""`, `"`)
}

func unquoteString(s string) string {
	if len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'' {
		s = s[1 : len(s)-1]
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if ch == '\'' && i+1 < len(s) && s[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		if ch == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case '0':
				b.WriteByte(0)
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

// objectName is a possibly qualified Snowflake object name.
type objectName struct{ parts []string }

func (n objectName) String() string { return strings.Join(n.parts, ".") }

// last is the object's own name.
func (n objectName) last() string { return n.parts[len(n.parts)-1] }

// eachTopLevel moves c over the rest of the statement and calls visit at
// each token outside parentheses (the brackets themselves are skipped),
// until visit reports it is done. visit may move c forward past what it
// read.
func (c *cursor) eachTopLevel(visit func() (done bool)) {
	depth := 0
	for ; !c.done(); c.pos++ {
		switch t := c.toks[c.pos]; {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && visit():
			return
		}
	}
}
