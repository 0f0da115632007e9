package sigma

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// condition compiles a Sigma condition expression, given the SQL of each
// named search identifier. Grammar (Sigma specification, "Condition"):
//
//	or   := and ("or" and)*
//	and  := not ("and" not)*
//	not  := "not" not | atom
//	atom := "(" or ")" | ("1" | "all") "of" (pattern | "them") | identifier
//
// Aggregations after a pipe ("| count() > 5") are the deprecated form of
// correlation rules and are refused.
type condParser struct {
	toks     []string
	pos      int
	searches map[string]string // identifier -> SQL
}

func tokenizeCondition(s string) ([]string, error) {
	var toks []string
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		case c == '|':
			return nil, unsupported("aggregation in condition (| ...): use a correlation rule")
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}

func compileCondition(cond string, searches map[string]string) (string, error) {
	toks, err := tokenizeCondition(cond)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 {
		return "", fmt.Errorf("condition is empty")
	}
	p := &condParser{toks: toks, searches: searches}
	out, err := p.or()
	if err != nil {
		return "", fmt.Errorf("condition %q: %w", cond, err)
	}
	if p.pos < len(p.toks) {
		return "", fmt.Errorf("condition %q: unexpected %q", cond, p.toks[p.pos])
	}
	return out, nil
}

func (p *condParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *condParser) or() (string, error) {
	first, err := p.and()
	if err != nil {
		return "", err
	}
	parts := []string{first}
	for strings.EqualFold(p.peek(), "or") {
		p.pos++
		next, err := p.and()
		if err != nil {
			return "", err
		}
		parts = append(parts, next)
	}
	return joinSQL(parts, "or"), nil
}

func (p *condParser) and() (string, error) {
	first, err := p.not()
	if err != nil {
		return "", err
	}
	parts := []string{first}
	for strings.EqualFold(p.peek(), "and") {
		p.pos++
		next, err := p.not()
		if err != nil {
			return "", err
		}
		parts = append(parts, next)
	}
	return joinSQL(parts, "and"), nil
}

func (p *condParser) not() (string, error) {
	if strings.EqualFold(p.peek(), "not") {
		p.pos++
		inner, err := p.not()
		if err != nil {
			return "", err
		}
		return notSQL(inner), nil
	}
	return p.atom()
}

func (p *condParser) atom() (string, error) {
	t := p.peek()
	switch {
	case t == "":
		return "", fmt.Errorf("condition ends where a search identifier was expected")
	case t == "(":
		p.pos++
		inner, err := p.or()
		if err != nil {
			return "", err
		}
		if p.peek() != ")" {
			return "", fmt.Errorf("missing closing parenthesis")
		}
		p.pos++
		return inner, nil
	case t == ")":
		return "", fmt.Errorf("unexpected )")
	case p.pos+1 < len(p.toks) && strings.EqualFold(p.toks[p.pos+1], "of"):
		quant := strings.ToLower(t)
		if quant != "1" && quant != "all" && quant != "any" {
			return "", unsupported(fmt.Sprintf("quantifier %q of (only 1 of / all of)", t))
		}
		if p.pos+2 >= len(p.toks) {
			return "", fmt.Errorf("%q of needs a pattern or them", t)
		}
		target := p.toks[p.pos+2]
		p.pos += 3
		names, err := p.match(target)
		if err != nil {
			return "", err
		}
		parts := make([]string, len(names))
		for i, n := range names {
			parts[i] = p.searches[n]
		}
		if quant == "all" {
			return joinSQL(parts, "and"), nil
		}
		return joinSQL(parts, "or"), nil
	case isKeyword(t):
		return "", fmt.Errorf("unexpected %q", t)
	default:
		p.pos++
		s, ok := p.searches[t]
		if !ok {
			return "", fmt.Errorf("unknown search identifier %q", t)
		}
		return s, nil
	}
}

func isKeyword(t string) bool {
	switch strings.ToLower(t) {
	case "and", "or", "not", "of", "them":
		return true
	}
	return false
}

// match returns the search identifiers a "1 of"/"all of" target names, in
// order. "them" means every identifier not starting with an underscore.
func (p *condParser) match(target string) ([]string, error) {
	var names []string
	for n := range p.searches {
		if strings.EqualFold(target, "them") {
			if !strings.HasPrefix(n, "_") {
				names = append(names, n)
			}
			continue
		}
		ok, err := path.Match(target, n)
		if err != nil {
			return nil, fmt.Errorf("bad pattern %q: %w", target, err)
		}
		if ok {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%q matches no search identifier", target)
	}
	sort.Strings(names)
	return names, nil
}

// joinSQL joins boolean SQL expressions, parenthesising each. Short
// results stay on one line; longer ones put each part on its own indented
// lines so that a reviewer can read the generated detection. (Literals
// never hold a raw line break: Literal escapes them.)
func joinSQL(parts []string, op string) string {
	if len(parts) == 1 {
		return parts[0]
	}
	wrapped := make([]string, len(parts))
	long := false
	for i, s := range parts {
		wrapped[i] = "(" + s + ")"
		long = long || strings.Contains(s, "\n")
	}
	oneLine := strings.Join(wrapped, " "+op+" ")
	if !long && len(oneLine) <= 100 {
		return oneLine
	}
	for i, s := range parts {
		if strings.Contains(s, "\n") || len(s) > 100 {
			wrapped[i] = "(\n    " + strings.ReplaceAll(s, "\n", "\n    ") + "\n)"
		}
	}
	return strings.Join(wrapped, "\n"+op+" ")
}

// notSQL negates a boolean SQL expression. Sigma's "not" means "the search
// does not match": a field that is missing (NULL in SQL) does not match, so
// NOT must treat NULL as false first; plain SQL NOT NULL stays NULL and
// would drop the row.
func notSQL(s string) string {
	return "not coalesce((" + s + "), false)"
}
