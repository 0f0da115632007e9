// Package scripting runs Snowflake Scripting blocks (anonymous blocks,
// EXECUTE IMMEDIATE bodies and the bodies of CREATE PROCEDURE ... LANGUAGE
// SQL) statement by statement.
//
// A block is parsed into a small tree (parse.go); the interpreter (run.go)
// keeps the variables and hands every SQL statement and every expression to
// a Host (the engine session) with the variables substituted as typed SQL
// literals, so expressions mean exactly what they mean in a query. Constructs
// the interpreter does not implement are refused with error 002040 naming
// them, never run differently.
package scripting

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// stmt is one statement of a block.
type stmt struct {
	kind     string // BLOCK, LET, ASSIGN, IF, CASE, FOR, FORCUR, WHILE, REPEAT, LOOP, BREAK, CONTINUE, RETURN, RAISE, OPEN, FETCH, CLOSE, NULL, SQL
	at       sqllex.Token
	name     string    // variable, cursor, exception or loop variable
	typ      string    // declared type (LET)
	text     string    // expression, query or SQL text
	args     []string  // USING / INTO variables, CASE WHEN values
	body     [][]*stmt // branches / loop body
	conds    []string  // IF/WHEN conditions (ELSE branch has no condition)
	from, to string
	reverse  bool
	block    *block
	isQuery  bool   // LET/ASSIGN of a RESULTSET (query in parentheses)
	async    bool   // LET/ASSIGN of a RESULTSET := ASYNC (query)
	label    string // loop: the label after END; BREAK/CONTINUE: the target
}

// decl is one DECLARE entry.
type decl struct {
	name, kind string // kind: VAR, CURSOR, RESULTSET, EXCEPTION, PROCEDURE
	typ, expr  string // VAR: type and default; CURSOR/RESULTSET: query
	code       int
	msg        string
	async      bool // RESULTSET DEFAULT ASYNC (query)
	proc       *nestedProc
	at         sqllex.Token
}

type handler struct {
	names []string // upper-cased exception names; OTHER matches all
	cont  bool
	body  []*stmt
}

type block struct {
	async    bool // the outermost block: some statement starts an ASYNC job
	decls    []decl
	body     []*stmt
	handlers []handler
}

// parser walks the significant tokens of a block's source.
type parser struct {
	src   string
	toks  []sqllex.Token
	i     int
	async bool // an ASYNC was read
	// control counts the control structures (IF, CASE, loops) and nested
	// procedure bodies being read, where a nested procedure may not be
	// declared (nested_proc.go).
	control int
}

// Unsupported is an error for a construct the interpreter does not run.
type Unsupported struct {
	What      string
	Line, Col int
}

func (e *Unsupported) Error() string {
	return fmt.Sprintf("Unsupported feature '%s' at line %d, position %d: the local engine does not implement it in Snowflake Scripting.", e.What, e.Line, e.Col-1)
}

// SyntaxError is a malformed block.
type SyntaxError struct {
	Msg       string
	Line, Col int
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error line %d at position %d %s", e.Line, e.Col-1, e.Msg)
}

// IsBlock reports whether text is a Snowflake Scripting block (DECLARE ...
// or BEGIN ... END; BEGIN alone or BEGIN WORK/TRANSACTION/NAME is a
// transaction).
func IsBlock(text string) bool {
	head := text
	if len(head) > 512 {
		head = head[:512]
	}
	if u := strings.ToUpper(head); !strings.Contains(u, "BEGIN") && !strings.Contains(u, "DECLARE") {
		return false // most statements: no need to lex them
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return false
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
			if len(sig) == 2 {
				break
			}
		}
	}
	if len(sig) == 0 {
		return false
	}
	if sig[0].IsWord("DECLARE") {
		return true
	}
	if !sig[0].IsWord("BEGIN") || len(sig) < 2 {
		return false
	}
	n := sig[1]
	return !n.IsOp(";") && !n.IsWord("WORK") && !n.IsWord("TRANSACTION") && !n.IsWord("NAME")
}

func parseBlock(src string) (*block, error) {
	all, err := sqllex.Tokenize(src)
	if err != nil {
		return nil, err
	}
	p := &parser{src: src}
	for _, t := range all {
		if t.Significant() {
			p.toks = append(p.toks, t)
		}
	}
	b, err := p.block()
	if err != nil {
		return nil, err
	}
	p.acceptOp(";")
	if !p.eof() {
		return nil, p.unexpected()
	}
	if err := checkBlockLabels(b, nil); err != nil {
		return nil, err
	}
	b.async = p.async
	return b, nil
}

func (p *parser) eof() bool { return p.i >= len(p.toks) }

func (p *parser) peek() sqllex.Token {
	if p.eof() {
		return sqllex.Token{}
	}
	return p.toks[p.i]
}

func (p *parser) peekN(n int) sqllex.Token {
	if p.i+n >= len(p.toks) {
		return sqllex.Token{}
	}
	return p.toks[p.i+n]
}

func (p *parser) isWord(w ...string) bool {
	for _, x := range w {
		if p.peek().IsWord(x) {
			return true
		}
	}
	return false
}

func (p *parser) accept(w string) bool {
	if p.peek().IsWord(w) {
		p.i++
		return true
	}
	return false
}

func (p *parser) acceptOp(op string) bool {
	if p.peek().IsOp(op) {
		p.i++
		return true
	}
	return false
}

func (p *parser) unexpected() error {
	t := p.peek()
	if t.Kind == 0 {
		return &SyntaxError{Msg: "unexpected '<EOF>'.", Line: 1, Col: 1}
	}
	return &SyntaxError{Msg: fmt.Sprintf("unexpected '%s'.", t.Text), Line: t.Line, Col: t.Col}
}

func (p *parser) expect(w string) error {
	if !p.accept(w) {
		return p.unexpected()
	}
	return nil
}

func (p *parser) expectOp(op string) error {
	if !p.acceptOp(op) {
		return p.unexpected()
	}
	return nil
}

func (p *parser) unsupported(what string) error {
	t := p.peek()
	return &Unsupported{What: what, Line: t.Line, Col: t.Col}
}

// ident reads a variable or object name (unquoted names upper-cased).
func (p *parser) ident() (string, error) {
	t := p.peek()
	switch t.Kind {
	case sqllex.Word:
		p.i++
		return strings.ToUpper(t.Text), nil
	case sqllex.QuotedIdent:
		p.i++
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`), nil
	}
	return "", p.unexpected()
}

// textUntil returns the source text from the current token up to (not
// including) the first token at parenthesis depth 0 for which stop is true,
// and moves there.
func (p *parser) textUntil(stop func(t sqllex.Token) bool) (string, error) {
	start, depth := p.i, 0
	for !p.eof() {
		t := p.peek()
		if depth == 0 && stop(t) {
			break
		}
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		}
		p.i++
	}
	if p.i == start {
		return "", p.unexpected()
	}
	a, b := p.toks[start], p.toks[p.i-1]
	return p.src[a.Pos : b.Pos+len(b.Text)], nil
}

func semi(t sqllex.Token) bool { return t.IsOp(";") }

// parenText reads "( ... )" and returns the text inside.
func (p *parser) parenText() (string, error) {
	if !p.peek().IsOp("(") {
		return "", p.unexpected()
	}
	open := p.i
	depth := 0
	for !p.eof() {
		t := p.peek()
		if t.IsOp("(") {
			depth++
		} else if t.IsOp(")") {
			depth--
			if depth == 0 {
				a := p.toks[open]
				text := p.src[a.Pos+1 : t.Pos]
				p.i++
				return strings.TrimSpace(text), nil
			}
		}
		p.i++
	}
	return "", p.unexpected()
}

func (p *parser) block() (*block, error) {
	b := &block{}
	if p.accept("DECLARE") {
		for !p.isWord("BEGIN") {
			if p.eof() {
				return nil, p.unexpected()
			}
			d, err := p.decl()
			if err != nil {
				return nil, err
			}
			b.decls = append(b.decls, d)
		}
	}
	if err := p.expect("BEGIN"); err != nil {
		return nil, err
	}
	body, err := p.stmts("END", "EXCEPTION")
	if err != nil {
		return nil, err
	}
	b.body = body
	if p.accept("EXCEPTION") {
		for p.accept("WHEN") {
			h := handler{}
			for {
				n, err := p.ident()
				if err != nil {
					return nil, err
				}
				h.names = append(h.names, n)
				if !p.accept("OR") {
					break
				}
			}
			if p.accept("CONTINUE") {
				h.cont = true
			} else {
				p.accept("EXIT")
			}
			if err := p.expect("THEN"); err != nil {
				return nil, err
			}
			if h.body, err = p.stmts("WHEN", "END"); err != nil {
				return nil, err
			}
			b.handlers = append(b.handlers, h)
		}
	}
	if err := p.expect("END"); err != nil {
		return nil, err
	}
	if p.peek().Kind == sqllex.Word && !p.peek().IsOp(";") {
		p.i++ // label
	}
	return b, nil
}

func (p *parser) decl() (decl, error) {
	at := p.peek()
	name, err := p.ident()
	if err != nil {
		return decl{}, err
	}
	d := decl{name: name, at: at, kind: "VAR"}
	switch {
	case p.isWord("PROCEDURE") && p.peekN(1).IsOp("("):
		p.i++
		d.kind = "PROCEDURE"
		if d.proc, err = p.nestedProc(name, at); err != nil {
			return d, err
		}
	case p.accept("CURSOR"):
		d.kind = "CURSOR"
		if err := p.expect("FOR"); err != nil {
			return d, err
		}
		if d.expr, err = p.textUntil(semi); err != nil {
			return d, err
		}
	case p.accept("RESULTSET"):
		d.kind = "RESULTSET"
		if p.accept("DEFAULT") || p.acceptOp(":=") {
			d.async = p.accept("ASYNC")
			p.async = p.async || d.async
			if d.expr, err = p.parenText(); err != nil {
				return d, err
			}
		}
	case p.accept("EXCEPTION"):
		d.kind = "EXCEPTION"
		d.code = -20000 // the default exception number (docs: declare)
		if p.acceptOp("(") {
			neg := p.acceptOp("-")
			t := p.peek()
			if t.Kind != sqllex.Number {
				return d, p.unexpected()
			}
			p.i++
			fmt.Sscan(t.Text, &d.code)
			if neg {
				d.code = -d.code
			}
			if err := p.expectOp(","); err != nil {
				return d, err
			}
			m := p.peek()
			if m.Kind != sqllex.String {
				return d, p.unexpected()
			}
			p.i++
			d.msg = unquote(m.Text)
			if err := p.expectOp(")"); err != nil {
				return d, err
			}
		}
	default:
		if !p.isWord("DEFAULT") && !p.peek().IsOp(":=") {
			if d.typ, err = p.textUntil(func(t sqllex.Token) bool { return semi(t) || t.IsWord("DEFAULT") || t.IsOp(":=") }); err != nil {
				return d, err
			}
		}
		if p.accept("DEFAULT") || p.acceptOp(":=") {
			start := p.i
			if d.expr, err = p.textUntil(semi); err != nil {
				return d, err
			}
			if err := checkBareContext(p.toks[start:p.i]); err != nil {
				return d, err
			}
		}
	}
	return d, p.expectOp(";")
}

// stmts reads statements until one of the stop words.
func (p *parser) stmts(stop ...string) ([]*stmt, error) {
	var out []*stmt
	for !p.isWord(stop...) {
		if p.eof() {
			return nil, p.unexpected()
		}
		if p.acceptOp(";") {
			continue
		}
		s, err := p.stmt()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *parser) endKind(kinds ...string) error {
	_, err := p.endLabel(kinds...)
	return err
}

// endLabel reads END <kind> [<label>] ; and returns the label (upper-cased
// unless quoted, as identifiers are).
func (p *parser) endLabel(kinds ...string) (string, error) {
	if err := p.expect("END"); err != nil {
		return "", err
	}
	for _, k := range kinds {
		if p.accept(k) {
			break
		}
	}
	var label string
	if t := p.peek(); t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent {
		label, _ = p.ident()
	}
	return label, p.expectOp(";")
}

// checkLabels refuses a BREAK or CONTINUE whose label names no enclosing
// loop: the docs let a label also name "a nested branch" without saying how
// such a label is written or what jumping to it does.
func checkLabels(list []*stmt, loops []string) error {
	for _, s := range list {
		switch s.kind {
		case "BREAK", "CONTINUE":
			if s.label == "" {
				continue
			}
			found := false
			for _, l := range loops {
				found = found || l == s.label
			}
			if !found {
				return &Unsupported{What: s.kind + " " + s.label + " (a label that names no enclosing loop)", Line: s.at.Line, Col: s.at.Col}
			}
		case "FOR", "FORCUR", "WHILE", "REPEAT", "LOOP":
			if err := checkLabels(s.body[0], append(loops[:len(loops):len(loops)], s.label)); err != nil {
				return err
			}
			continue
		}
		for _, b := range s.body {
			if err := checkLabels(b, loops); err != nil {
				return err
			}
		}
		if s.block != nil {
			if err := checkBlockLabels(s.block, loops); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkBlockLabels(b *block, loops []string) error {
	if err := checkLabels(b.body, loops); err != nil {
		return err
	}
	for _, h := range b.handlers {
		// A handler runs outside the loop that raised the exception.
		if err := checkLabels(h.body, nil); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) stmt() (*stmt, error) {
	t := p.peek()
	s := &stmt{at: t}
	var err error
	for _, w := range []string{"IF", "CASE", "FOR", "WHILE", "REPEAT", "LOOP"} {
		if t.IsWord(w) {
			p.control++
			defer func() { p.control-- }()
			break
		}
	}
	switch {
	case t.IsWord("DECLARE") || (t.IsWord("BEGIN") && !p.peekN(1).IsWord("TRANSACTION") && !p.peekN(1).IsWord("WORK") && !p.peekN(1).IsOp(";")):
		s.kind = "BLOCK"
		if s.block, err = p.block(); err != nil {
			return nil, err
		}
		return s, p.expectOp(";")
	case t.IsWord("LET"):
		p.i++
		s.kind = "LET"
		if s.name, err = p.ident(); err != nil {
			return nil, err
		}
		switch {
		case p.accept("CURSOR"):
			s.kind = "LETCURSOR"
			if err := p.expect("FOR"); err != nil {
				return nil, err
			}
			s.text, err = p.textUntil(semi)
			if err != nil {
				return nil, err
			}
			return s, p.expectOp(";")
		case p.accept("RESULTSET"):
			s.isQuery = true
			if p.peek().IsOp(";") {
				// LET res RESULTSET; declares it for a later res := (query)
				// (docs: Flow operators, Limitations).
				return s, p.expectOp(";")
			}
		default:
			if !p.isWord("DEFAULT") && !p.peek().IsOp(":=") {
				if s.typ, err = p.textUntil(func(t sqllex.Token) bool { return semi(t) || t.IsWord("DEFAULT") || t.IsOp(":=") }); err != nil {
					return nil, err
				}
			}
		}
		if s.typ != "" && !s.isQuery && p.peek().IsOp(";") {
			// LET x NUMBER(38,0); declares x without a value: the docs
			// pass such a variable to a procedure's output argument ("Output
			// arguments can also be passed uninitialized variables": Writing
			// stored procedures in Snowflake Scripting, "Using an output
			// argument to return the total sales for an employee in a
			// quarter").
			s.text = "NULL"
			return s, p.expectOp(";")
		}
		if !p.accept("DEFAULT") && !p.acceptOp(":=") {
			return nil, p.unexpected()
		}
		return s, p.exprOrQuery(s)
	case t.Kind == sqllex.Word && p.peekN(1).IsOp(":="):
		s.kind = "ASSIGN"
		s.name, _ = p.ident()
		p.i++
		return s, p.exprOrQuery(s)
	case t.IsWord("IF"):
		p.i++
		s.kind = "IF"
		for {
			c, err := p.parenText()
			if err != nil {
				return nil, err
			}
			if err := p.expect("THEN"); err != nil {
				return nil, err
			}
			body, err := p.stmts("ELSEIF", "ELSE", "END")
			if err != nil {
				return nil, err
			}
			s.conds, s.body = append(s.conds, c), append(s.body, body)
			if !p.accept("ELSEIF") {
				break
			}
		}
		if p.accept("ELSE") {
			body, err := p.stmts("END")
			if err != nil {
				return nil, err
			}
			s.body = append(s.body, body)
		}
		return s, p.endKind("IF")
	case t.IsWord("CASE"):
		p.i++
		s.kind = "CASE"
		if p.peek().IsOp("(") {
			if s.text, err = p.parenText(); err != nil {
				return nil, err
			}
		} else if !p.isWord("WHEN") {
			if s.text, err = p.textUntil(func(t sqllex.Token) bool { return t.IsWord("WHEN") }); err != nil {
				return nil, err
			}
		}
		for p.accept("WHEN") {
			c, err := p.textUntil(func(t sqllex.Token) bool { return t.IsWord("THEN") })
			if err != nil {
				return nil, err
			}
			p.i++
			body, err := p.stmts("WHEN", "ELSE", "END")
			if err != nil {
				return nil, err
			}
			s.conds, s.body = append(s.conds, c), append(s.body, body)
		}
		if p.accept("ELSE") {
			body, err := p.stmts("END")
			if err != nil {
				return nil, err
			}
			s.body = append(s.body, body)
		}
		return s, p.endKind("CASE")
	case t.IsWord("FOR"):
		p.i++
		if s.name, err = p.ident(); err != nil {
			return nil, err
		}
		if err := p.expect("IN"); err != nil {
			return nil, err
		}
		s.reverse = p.accept("REVERSE")
		isDo := func(t sqllex.Token) bool { return t.IsWord("DO") || t.IsWord("LOOP") }
		if p.peek().Kind == sqllex.Word && isDo(p.peekN(1)) && !s.reverse {
			s.kind = "FORCUR"
			s.text, _ = p.ident()
		} else {
			s.kind = "FOR"
			if s.from, err = p.textUntil(func(t sqllex.Token) bool { return t.IsWord("TO") }); err != nil {
				return nil, err
			}
			p.i++
			if s.to, err = p.textUntil(isDo); err != nil {
				return nil, err
			}
		}
		p.i++
		body, err := p.stmts("END")
		if err != nil {
			return nil, err
		}
		s.body = [][]*stmt{body}
		s.label, err = p.endLabel("FOR", "LOOP")
		return s, err
	case t.IsWord("WHILE"):
		p.i++
		s.kind = "WHILE"
		c, err := p.parenText()
		if err != nil {
			return nil, err
		}
		s.conds = []string{c}
		if !p.accept("DO") && !p.accept("LOOP") {
			return nil, p.unexpected()
		}
		body, err := p.stmts("END")
		if err != nil {
			return nil, err
		}
		s.body = [][]*stmt{body}
		s.label, err = p.endLabel("WHILE", "LOOP")
		return s, err
	case t.IsWord("REPEAT"):
		p.i++
		s.kind = "REPEAT"
		body, err := p.stmts("UNTIL")
		if err != nil {
			return nil, err
		}
		p.i++
		c, err := p.parenText()
		if err != nil {
			return nil, err
		}
		s.conds, s.body = []string{c}, [][]*stmt{body}
		s.label, err = p.endLabel("REPEAT")
		return s, err
	case t.IsWord("LOOP"):
		p.i++
		s.kind = "LOOP"
		body, err := p.stmts("END")
		if err != nil {
			return nil, err
		}
		s.body = [][]*stmt{body}
		s.label, err = p.endLabel("LOOP")
		return s, err
	case t.IsWord("BREAK"), t.IsWord("EXIT"), t.IsWord("CONTINUE"), t.IsWord("ITERATE"):
		p.i++
		s.kind = "BREAK"
		if t.IsWord("CONTINUE") || t.IsWord("ITERATE") {
			s.kind = "CONTINUE"
		}
		if t := p.peek(); t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent {
			s.label, _ = p.ident() // resolved by checkLabels
		}
		return s, p.expectOp(";")
	case t.IsWord("RETURN"):
		p.i++
		s.kind = "RETURN"
		if !p.peek().IsOp(";") {
			if s.text, err = p.textUntil(semi); err != nil {
				return nil, err
			}
		}
		return s, p.expectOp(";")
	case t.IsWord("RAISE"):
		p.i++
		s.kind = "RAISE"
		if !p.peek().IsOp(";") {
			if s.name, err = p.ident(); err != nil {
				return nil, err
			}
		}
		return s, p.expectOp(";")
	case t.IsWord("OPEN"):
		p.i++
		s.kind = "OPEN"
		if s.name, err = p.ident(); err != nil {
			return nil, err
		}
		if p.accept("USING") {
			in, err := p.parenText()
			if err != nil {
				return nil, err
			}
			for _, a := range strings.Split(in, ",") {
				s.args = append(s.args, strings.TrimSpace(a))
			}
		}
		return s, p.expectOp(";")
	case t.IsWord("FETCH"):
		p.i++
		s.kind = "FETCH"
		if s.name, err = p.ident(); err != nil {
			return nil, err
		}
		if err := p.expect("INTO"); err != nil {
			return nil, err
		}
		for {
			p.acceptOp(":")
			v, err := p.ident()
			if err != nil {
				return nil, err
			}
			s.args = append(s.args, v)
			if !p.acceptOp(",") {
				break
			}
		}
		return s, p.expectOp(";")
	case t.IsWord("CLOSE"):
		p.i++
		s.kind = "CLOSE"
		if s.name, err = p.ident(); err != nil {
			return nil, err
		}
		return s, p.expectOp(";")
	case t.IsWord("NULL") && p.peekN(1).IsOp(";"):
		p.i += 2
		s.kind = "NULL"
		return s, nil
	case t.IsWord("CANCEL"):
		// CANCEL <resultset>: whether the job had finished, and so what it
		// changed, depends on timing (async.go).
		return nil, p.unsupported("CANCEL")
	case t.IsWord("AWAIT"):
		// AWAIT { ALL | <result_set_name> }; (docs: await)
		p.i++
		s.kind = "AWAIT"
		if !p.accept("ALL") {
			if s.name, err = p.ident(); err != nil {
				return nil, err
			}
		}
		return s, p.expectOp(";")
	case t.IsWord("ASYNC") && p.peekN(1).IsOp("("):
		// ASYNC (<statement>); an asynchronous child job that belongs to no
		// RESULTSET (docs: asynchronous-child-jobs).
		p.i++
		s.kind, p.async = "ASYNC", true
		if s.text, err = p.parenText(); err != nil {
			return nil, err
		}
		return s, p.expectOp(";")
	}
	s.kind = "SQL"
	if s.text, err = p.textUntil(semi); err != nil {
		return nil, err
	}
	return s, p.expectOp(";")
}

// exprOrQuery reads the right-hand side of LET/:= : "(query)" for a
// RESULTSET (or any parenthesized SELECT/WITH/EXECUTE IMMEDIATE), else an
// expression.
func (p *parser) exprOrQuery(s *stmt) error {
	if p.isWord("ASYNC") && p.peekN(1).IsOp("(") {
		// res := ASYNC (query); a RESULTSET filled by a child job.
		p.i++
		if !p.closesAtSemicolon() {
			return p.unexpected()
		}
		s.isQuery, s.async, p.async = true, true, true
		var err error
		if s.text, err = p.parenText(); err != nil {
			return err
		}
		return p.expectOp(";")
	}
	if p.peek().IsOp("(") {
		n := p.peekN(1)
		if (n.IsWord("SELECT") || n.IsWord("WITH") || n.IsWord("EXECUTE") || n.IsWord("CALL")) && p.closesAtSemicolon() {
			s.isQuery = true
		}
	}
	var err error
	start := p.i
	if s.text, err = p.textUntil(semi); err != nil {
		return err
	}
	if !s.isQuery {
		if err := checkBareContext(p.toks[start:p.i]); err != nil {
			return err
		}
	}
	if s.isQuery {
		s.text = strings.TrimSpace(s.text)
		s.text = strings.TrimSpace(s.text[1 : len(s.text)-1])
	}
	return p.expectOp(";")
}

// closesAtSemicolon reports whether the parenthesis at the current token
// closes right before the statement's ';' (the whole right side is "(...)").
func (p *parser) closesAtSemicolon() bool {
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		t := p.toks[j]
		if t.IsOp("(") {
			depth++
		} else if t.IsOp(")") {
			depth--
			if depth == 0 {
				return j+1 < len(p.toks) && p.toks[j+1].IsOp(";")
			}
		}
	}
	return false
}

func unquote(s string) string {
	s = s[1 : len(s)-1]
	s = strings.ReplaceAll(s, "''", "'")
	return strings.ReplaceAll(s, `\'`, "'")
}
