// Package sqllex lexes Snowflake SQL and splits scripts into statements.
// It is shared by the local engine and by flurry migrate.
//
// The lexer is lossless: concatenating the Text of the tokens Tokenize returns
// reproduces the input byte for byte, including whitespace and comments, so
// callers can rewrite a statement token by token and report exact positions.
package sqllex

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the lexical class of a token.
type Kind int

const (
	Word         Kind = iota + 1 // unquoted identifier or keyword: abc, metadata$action
	QuotedIdent                  // "..." with "" escapes
	String                       // '...' with '' and backslash escapes
	DollarString                 // $$...$$
	Number                       // 42, 1.5, .5, 1e-3
	Variable                     // $1, $2 (positional column refs) and $name (session variables)
	Bind                         // ?, :1, :name
	Op                           // operators and punctuation: :: : => || <= >= <> != ( ) , ; . @ ...
	Comment                      // -- ..., // ..., /* ... */ (line comments exclude the newline)
	Space                        // whitespace
)

var kindNames = map[Kind]string{
	Word: "Word", QuotedIdent: "QuotedIdent", String: "String", DollarString: "DollarString",
	Number: "Number", Variable: "Variable", Bind: "Bind", Op: "Op", Comment: "Comment", Space: "Space",
}

func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Token is one lexical token of a source text.
type Token struct {
	Kind Kind
	Text string // exact source text
	Pos  int    // byte offset in the source
	Line int    // 1-based line
	Col  int    // 1-based column, in characters
}

// Significant reports whether the token carries meaning (is not whitespace or a comment).
func (t Token) Significant() bool { return t.Kind != Space && t.Kind != Comment }

// IsWord reports whether t is the unquoted word w (case-insensitive).
func (t Token) IsWord(w string) bool { return t.Kind == Word && strings.EqualFold(t.Text, w) }

// IsOp reports whether t is the operator or punctuation op.
func (t Token) IsOp(op string) bool { return t.Kind == Op && t.Text == op }

// Error is a lexing or splitting error at a position of the source.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg) }

// Tokenize splits src into tokens, including Space and Comment tokens.
// It fails only on unterminated strings, quoted identifiers, $$ bodies and
// block comments; the error names the line and column where they started.
func Tokenize(src string) ([]Token, error) {
	lx := lexer{src: src, line: 1, col: 1}
	toks := make([]Token, 0, len(src)/3+1)
	for lx.pos < len(src) {
		t, err := lx.next(toks)
		if err != nil {
			return toks, err
		}
		toks = append(toks, t)
	}
	return toks, nil
}

type lexer struct {
	src       string
	pos       int
	line, col int
}

// advance moves the cursor to byte offset end, maintaining line and column.
func (lx *lexer) advance(end int) {
	for i := lx.pos; i < end; {
		r, n := utf8.DecodeRuneInString(lx.src[i:])
		if r == '\n' {
			lx.line++
			lx.col = 1
		} else {
			lx.col++
		}
		i += n
	}
	lx.pos = end
}

func (lx *lexer) emit(k Kind, end int) Token {
	t := Token{Kind: k, Text: lx.src[lx.pos:end], Pos: lx.pos, Line: lx.line, Col: lx.col}
	lx.advance(end)
	return t
}

func (lx *lexer) errorf(format string, args ...any) *Error {
	return &Error{Line: lx.line, Col: lx.col, Msg: fmt.Sprintf(format, args...)}
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v'
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isIdentStart(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= 0x80 && unicode.IsLetter(r))
}

func isIdentPart(r rune) bool {
	return isIdentStart(r) || (r >= '0' && r <= '9') || r == '$' || (r >= 0x80 && unicode.IsDigit(r))
}

// multi-character operators, longest first.
var multiOps = []string{"->>", "::", "=>", "||", "<=", ">=", "<>", "!=", ":=", "->", "**"}

func (lx *lexer) next(prev []Token) (Token, error) {
	src, p := lx.src, lx.pos
	c := src[p]
	switch {
	case isSpace(c):
		e := p + 1
		for e < len(src) && isSpace(src[e]) {
			e++
		}
		return lx.emit(Space, e), nil
	case c == '-' && strings.HasPrefix(src[p:], "--"), c == '/' && strings.HasPrefix(src[p:], "//"):
		e := strings.IndexByte(src[p:], '\n')
		if e < 0 {
			e = len(src)
		} else {
			e += p
			if e > p && src[e-1] == '\r' {
				e--
			}
		}
		return lx.emit(Comment, e), nil
	case c == '/' && strings.HasPrefix(src[p:], "/*"):
		e := strings.Index(src[p+2:], "*/")
		if e < 0 {
			return Token{}, lx.errorf("unterminated /* comment starting at line %d", lx.line)
		}
		return lx.emit(Comment, p+2+e+2), nil
	case c == '\'':
		for i := p + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				i++
			case '\'':
				if i+1 < len(src) && src[i+1] == '\'' {
					i++
					continue
				}
				return lx.emit(String, i+1), nil
			}
		}
		return Token{}, lx.errorf("unterminated string literal starting at line %d", lx.line)
	case c == '"':
		for i := p + 1; i < len(src); i++ {
			if src[i] == '"' {
				if i+1 < len(src) && src[i+1] == '"' {
					i++
					continue
				}
				return lx.emit(QuotedIdent, i+1), nil
			}
		}
		return Token{}, lx.errorf("unterminated quoted identifier starting at line %d", lx.line)
	case c == '$':
		if strings.HasPrefix(src[p:], "$$") {
			e := strings.Index(src[p+2:], "$$")
			if e < 0 {
				return Token{}, lx.errorf("unterminated $$ string starting at line %d", lx.line)
			}
			return lx.emit(DollarString, p+2+e+2), nil
		}
		e := p + 1
		if e < len(src) && isDigit(src[e]) {
			for e < len(src) && isDigit(src[e]) {
				e++
			}
			return lx.emit(Variable, e), nil
		}
		if r, _ := utf8.DecodeRuneInString(src[e:]); e < len(src) && isIdentStart(r) {
			return lx.emit(Variable, lx.wordEnd(e)), nil
		}
		return lx.emit(Op, p+1), nil
	case isDigit(c) || (c == '.' && p+1 < len(src) && isDigit(src[p+1]) && !afterOperand(prev)):
		return lx.emit(Number, numberEnd(src, p)), nil
	case c == '?':
		return lx.emit(Bind, p+1), nil
	case c == ':' && !strings.HasPrefix(src[p:], "::") && !strings.HasPrefix(src[p:], ":=") && !afterOperand(prev) && p+1 < len(src):
		// :1 or :name in operand position is a bind variable; after an operand
		// (record:agent) the colon is Snowflake's semi-structured path operator.
		if isDigit(src[p+1]) {
			e := p + 1
			for e < len(src) && isDigit(src[e]) {
				e++
			}
			return lx.emit(Bind, e), nil
		}
		if r, _ := utf8.DecodeRuneInString(src[p+1:]); isIdentStart(r) {
			return lx.emit(Bind, lx.wordEnd(p+1)), nil
		}
	}
	if r, n := utf8.DecodeRuneInString(src[p:]); isIdentStart(r) {
		end := lx.wordEnd(p + n)
		if strings.EqualFold(src[p:end], "file") && strings.HasPrefix(src[end:], "://") {
			// An unquoted PUT/GET location (file:///dir/a.csv) is one word
			// up to whitespace or ';': its "//" starts no comment.
			for end < len(src) && !isSpace(src[end]) && src[end] != ';' {
				end++
			}
		}
		return lx.emit(Word, end), nil
	} else if r == utf8.RuneError || r >= 0x80 {
		return lx.emit(Op, p+n), nil
	}
	for _, op := range multiOps {
		if strings.HasPrefix(src[p:], op) {
			return lx.emit(Op, p+len(op)), nil
		}
	}
	return lx.emit(Op, p+1), nil
}

func (lx *lexer) wordEnd(i int) int {
	for i < len(lx.src) {
		r, n := utf8.DecodeRuneInString(lx.src[i:])
		if !isIdentPart(r) {
			break
		}
		i += n
	}
	return i
}

func numberEnd(src string, i int) int {
	for i < len(src) && isDigit(src[i]) {
		i++
	}
	if i < len(src) && src[i] == '.' {
		i++
		for i < len(src) && isDigit(src[i]) {
			i++
		}
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		j := i + 1
		if j < len(src) && (src[j] == '+' || src[j] == '-') {
			j++
		}
		if j < len(src) && isDigit(src[j]) {
			for j < len(src) && isDigit(src[j]) {
				j++
			}
			i = j
		}
	}
	return i
}

// operandKeywords are words after which an expression operand starts, so
// that ":name" following them is a bind variable rather than a path.
var operandKeywords = map[string]bool{
	"SELECT": true, "WHERE": true, "AND": true, "OR": true, "NOT": true, "INTO": true, "THEN": true,
	"ELSE": true, "WHEN": true, "RETURN": true, "BY": true, "IN": true, "IS": true, "LIKE": true,
	"ILIKE": true, "BETWEEN": true, "ON": true, "HAVING": true, "LIMIT": true, "OFFSET": true,
	"SET": true, "VALUES": true, "CASE": true, "AS": true, "IF": true, "ELSEIF": true, "USING": true,
	"TOP": true, "DISTINCT": true, "QUALIFY": true, "FROM": true, "TABLE": true, "IDENTIFIER": true,
}

// afterOperand reports whether the last significant token ends an operand
// (an identifier, literal or closing bracket).
func afterOperand(prev []Token) bool {
	for i := len(prev) - 1; i >= 0; i-- {
		t := prev[i]
		switch t.Kind {
		case Space, Comment:
			continue
		case Word:
			return !operandKeywords[strings.ToUpper(t.Text)]
		case QuotedIdent, String, DollarString, Number, Variable, Bind:
			return true
		case Op:
			return t.Text == ")" || t.Text == "]"
		}
		return false
	}
	return false
}

// TokenizeSignificant is Tokenize without the spaces and comments.
func TokenizeSignificant(src string) ([]Token, error) {
	toks, err := Tokenize(src)
	if err != nil {
		return nil, err
	}
	sig := toks[:0]
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	return sig, nil
}
