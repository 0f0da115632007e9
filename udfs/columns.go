package udfs

import (
	"fmt"
	"strings"
)

// Column is one output column of a table function, as declared in its
// RETURNS TABLE (...) clause.
type Column struct {
	// Name is the identifier as written, without quotes. Snowflake resolves an
	// unquoted name to upper case (bucketowner is BUCKETOWNER); a quoted one as is.
	Name   string
	Quoted bool
	// Type is the Snowflake type as written, whitespace collapsed: "STRING", "NUMBER(38, 0)".
	Type string
}

// ParseReturnsTable parses a RETURNS TABLE clause: "returns table (a STRING, b
// BIGINT)", or just its parenthesised column list.
func ParseReturnsTable(decl string) ([]Column, error) {
	p := &declParser{s: decl}
	p.skipSpace()
	if p.keyword("returns") {
		if !p.keyword("table") {
			return nil, p.errorf("expected TABLE after RETURNS")
		}
	}
	if !p.consume('(') {
		return nil, p.errorf("expected '(' opening the column list")
	}
	var cols []Column
	for {
		var c Column
		var err error
		if c.Name, c.Quoted, err = p.ident(); err != nil {
			return nil, err
		}
		if c.Type, err = p.typ(); err != nil {
			return nil, fmt.Errorf("column %s: %w", c.Name, err)
		}
		cols = append(cols, c)
		if p.consume(',') {
			continue
		}
		if p.consume(')') {
			break
		}
		return nil, p.errorf("expected ',' or ')' after column %s", c.Name)
	}
	if p.skipSpace(); p.i != len(p.s) {
		return nil, p.errorf("unexpected text after the column list")
	}
	return cols, nil
}

type declParser struct {
	s string
	i int
}

func (p *declParser) errorf(format string, args ...any) error {
	return fmt.Errorf("udfs: RETURNS TABLE at offset %d: %s", p.i, fmt.Sprintf(format, args...))
}

// skipSpace skips whitespace and SQL comments.
func (p *declParser) skipSpace() {
	for p.i < len(p.s) {
		switch {
		case strings.ContainsRune(" \t\r\n\f", rune(p.s[p.i])):
			p.i++
		case strings.HasPrefix(p.s[p.i:], "--") || strings.HasPrefix(p.s[p.i:], "//"):
			if j := strings.IndexByte(p.s[p.i:], '\n'); j >= 0 {
				p.i += j + 1
			} else {
				p.i = len(p.s)
			}
		case strings.HasPrefix(p.s[p.i:], "/*"):
			if j := strings.Index(p.s[p.i+2:], "*/"); j >= 0 {
				p.i += j + 4
			} else {
				p.i = len(p.s)
			}
		default:
			return
		}
	}
}

func (p *declParser) consume(c byte) bool {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *declParser) keyword(kw string) bool {
	p.skipSpace()
	end := p.i + len(kw)
	if end <= len(p.s) && strings.EqualFold(p.s[p.i:end], kw) && (end == len(p.s) || !isIdentByte(p.s[end])) {
		p.i = end
		return true
	}
	return false
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func (p *declParser) ident() (string, bool, error) {
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		var b strings.Builder
		for j := p.i + 1; j < len(p.s); j++ {
			if p.s[j] != '"' {
				b.WriteByte(p.s[j])
				continue
			}
			if j+1 < len(p.s) && p.s[j+1] == '"' {
				b.WriteByte('"')
				j++
				continue
			}
			p.i = j + 1
			return b.String(), true, nil
		}
		return "", false, p.errorf("unterminated quoted identifier")
	}
	start := p.i
	for p.i < len(p.s) && isIdentByte(p.s[p.i]) {
		p.i++
	}
	if p.i == start || p.s[start] >= '0' && p.s[start] <= '9' || p.s[start] == '$' {
		p.i = start
		return "", false, p.errorf("expected a column name")
	}
	return p.s[start:p.i], false, nil
}

// typ reads a type up to the ',' or ')' that ends the column, keeping
// parenthesised arguments such as NUMBER(38, 0) whole and dropping comments.
func (p *declParser) typ() (string, error) {
	var b strings.Builder
	depth := 0
	for p.i < len(p.s) {
		c := p.s[p.i]
		if rest := p.s[p.i:]; strings.HasPrefix(rest, "--") || strings.HasPrefix(rest, "//") || strings.HasPrefix(rest, "/*") {
			p.skipSpace()
			b.WriteByte(' ')
			continue
		}
		switch {
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case (c == ')' || c == ',') && depth == 0:
			t := strings.Join(strings.Fields(b.String()), " ")
			if t == "" {
				return "", p.errorf("expected a type")
			}
			return t, nil
		}
		b.WriteByte(c)
		p.i++
	}
	return "", p.errorf("unterminated column list")
}
