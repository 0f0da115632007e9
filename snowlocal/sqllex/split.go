package sqllex

import "strings"

// Statement is one statement of a script.
type Statement struct {
	Text  string // the statement's text, without the terminating ';', trimmed of whitespace and leading/trailing comments
	Index int    // 1-based position in the script (empty statements are not counted)
	Line  int    // 1-based line of the statement's first significant token
	Col   int    // 1-based column of the statement's first significant token
	Pos   int    // byte offset of Text in the script
}

// Split splits a script into statements at top-level semicolons.
//
// Semicolons inside strings, quoted identifiers, comments and $$ bodies never
// split. Snowflake Scripting blocks (BEGIN ... END, DECLARE ... BEGIN ... END,
// and a CREATE PROCEDURE body written without $$) are kept whole, including
// nested IF/CASE/FOR/WHILE/LOOP/REPEAT ... END [kind] constructs; BEGIN alone
// or followed by WORK/TRANSACTION/NAME starts a transaction and is an
// ordinary statement. Empty statements are skipped.
func Split(src string) ([]Statement, error) {
	toks, err := Tokenize(src)
	if err != nil {
		return nil, err
	}
	var (
		out   []Statement
		sp    splitter
		first = -1 // index of the current statement's first significant token
		last  = -1 // index of its last significant token
	)
	flush := func() {
		if first >= 0 {
			a, b := toks[first], toks[last]
			out = append(out, Statement{
				Text:  src[a.Pos : b.Pos+len(b.Text)],
				Index: len(out) + 1,
				Line:  a.Line,
				Col:   a.Col,
				Pos:   a.Pos,
			})
		}
		first, last = -1, -1
		sp = splitter{}
	}
	for i, t := range toks {
		if !t.Significant() {
			continue
		}
		if t.IsOp(";") && !sp.inBlock() {
			flush()
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
		sp.feed(toks, i)
	}
	if sp.inBlock() && first >= 0 {
		a := toks[sp.startTok]
		return nil, &Error{Line: a.Line, Col: a.Col, Msg: "unterminated " + sp.startWord + " block: missing END"}
	}
	flush()
	return out, nil
}

// splitter tracks Snowflake Scripting block nesting within one statement.
type splitter struct {
	n         int // significant tokens seen in this statement
	words     []string
	declare   bool   // DECLARE section seen, waiting for its BEGIN
	depth     int    // open BEGIN/IF/CASE/LOOP... constructs inside a block
	started   bool   // a block has started in this statement
	startTok  int    // token index of the block's opening word
	startWord string // DECLARE or BEGIN
	prevWord  string // previous significant token, upper-cased if a word
	// nestedDecl: a nested procedure's body opened with DECLARE (counted
	// in depth), whose BEGIN is not counted again
	nestedDecl bool
}

func (s *splitter) inBlock() bool { return s.declare || s.depth > 0 }

func nextSignificant(toks []Token, i int) (Token, bool) {
	for j := i + 1; j < len(toks); j++ {
		if toks[j].Significant() {
			return toks[j], true
		}
	}
	return Token{}, false
}

func (s *splitter) feed(toks []Token, i int) {
	t := toks[i]
	s.n++
	prev := s.prevWord
	if t.Kind == Word {
		s.prevWord = strings.ToUpper(t.Text)
	} else {
		s.prevWord = t.Text
	}
	if t.Kind != Word || prev == "." {
		return
	}
	w := s.prevWord
	if len(s.words) < 8 {
		s.words = append(s.words, w)
	}
	if !s.inBlock() {
		// Only the opening of a block is recognised outside one.
		opens := false
		switch w {
		case "DECLARE":
			opens = s.n == 1 || (prev == "AS" && s.isRoutine())
		case "BEGIN":
			if s.n == 1 {
				nt, ok := nextSignificant(toks, i)
				opens = ok && !nt.IsOp(";") && !nt.IsWord("WORK") && !nt.IsWord("TRANSACTION") && !nt.IsWord("NAME")
			} else {
				opens = prev == "AS" && s.isRoutine()
			}
		}
		if !opens || s.started {
			return
		}
		s.started, s.startTok, s.startWord = true, i, w
		if w == "DECLARE" {
			s.declare = true
		} else {
			s.depth = 1
		}
		return
	}
	switch w {
	case "DECLARE":
		if prev == "AS" {
			// name PROCEDURE (...) RETURNS ... AS DECLARE ... BEGIN ... END;
			// a nested procedure's body in a DECLARE section
			s.depth++
			s.nestedDecl = true
		}
	case "BEGIN":
		switch {
		case s.nestedDecl:
			s.nestedDecl = false
		case prev == "AS":
			s.depth++ // a nested procedure's body: the DECLARE section goes on
		case s.declare && s.depth == 0:
			s.declare = false
			s.depth++
		default:
			s.depth++
		}
	case "CASE", "REPEAT", "LOOP", "DO":
		if prev != "END" {
			s.depth++
		}
	case "IF":
		if prev == "END" {
			return
		}
		if nt, ok := nextSignificant(toks, i); ok && (nt.IsWord("NOT") || nt.IsWord("EXISTS")) {
			return // CREATE TABLE IF NOT EXISTS, DROP TABLE IF EXISTS
		}
		s.depth++
	case "END":
		if s.depth > 0 {
			s.depth--
		}
	}
}

// isRoutine reports whether the statement so far is CREATE ... PROCEDURE/FUNCTION.
func (s *splitter) isRoutine() bool {
	if len(s.words) == 0 || s.words[0] != "CREATE" {
		return false
	}
	for _, w := range s.words {
		if w == "PROCEDURE" || w == "FUNCTION" {
			return true
		}
	}
	return false
}
