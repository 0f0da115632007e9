package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// searchTooManyArgs is Snowflake's error for two columns listed without
// parentheses before SEARCH's search string and one named argument, in the
// form the docs (functions/search, "This example fails because multiple
// column names are listed for the first argument") print it:
//
//	SELECT SEARCH(play,line,'king', ANALYZER=>'UNICODE_ANALYZER') FROM lines;
//	000939 (22023): SQL compilation error: error line 1 at position 7
//	too many arguments for function [SEARCH(LINES.PLAY, LINES.LINE, 'king', 'UNICODE_ANALYZER')] expected 3, got 4
//
// data is the first argument's tokens and secondAt the second's index in
// p.toks, with p.i at the third. Any other shape (other argument counts, a
// search string with an escape, SEARCH_MODE, which the message would name
// in an order the docs do not show) gives nil: the caller refuses it.
func (p *parser) searchTooManyArgs(c *call, data []tok, secondAt int) *Error {
	first, ok1 := p.soleTableColumn(data)
	second, ok2 := p.soleTableColumn(p.toks[secondAt : secondAt+1])
	if !ok1 || !ok2 || secondAt+1 >= len(p.toks) || !p.toks[secondAt+1].IsOp(",") {
		return nil
	}
	lit, name, value := p.peek(), p.peekN(2), p.peekN(4)
	if lit.Kind != sqllex.String || !p.peekN(1).IsOp(",") || !name.IsWord("ANALYZER") || !p.peekN(3).IsOp("=>") ||
		value.Kind != sqllex.String || !p.peekN(5).IsOp(")") {
		return nil
	}
	search, analyzer := snowflakeString(lit.Text), snowflakeString(value.Text)
	if lit.Text != "'"+search+"'" || value.Text != "'"+analyzer+"'" || strings.ContainsAny(search+analyzer, "\\'") {
		return nil // (how the message writes an escaped quote is not shown)
	}
	return &Error{Code: "000939", Line: c.t.Line, Col: c.t.Col,
		Message: fmt.Sprintf("SQL compilation error: error line %d at position %d\ntoo many arguments for function [SEARCH(%s, %s, '%s', '%s')] expected 3, got 4",
			c.t.Line, c.t.Col-1, first, second, search, analyzer)}
}
