package sigma

import (
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// formula is a rule's detection as a boolean tree over single-value
// matches (atoms), built alongside the SQL so that test events can be
// generated for it (fixtures.go) and checked in Go before they are written.
// The engine, not this evaluator, is the judge: the generated fixtures run
// through the compiled SQL in the tests.
type formula struct {
	op   string // and, or, not, atom
	kids []*formula
	atom *atom
	// label names the search identifier a subtree came from.
	label string
}

// atom is "a field (or, for keywords, the raw text) matches one value".
type atom struct {
	field   string // Sigma field; "" for a keyword search
	expr    string // the mapping's SQL for the field: the variable's identity
	m       modifiers
	value   string
	null    bool
	pats    []pattern // string matches: alternatives, already wrapped
	num     float64   // lt, lte, gt, gte
	prefix  netip.Prefix
	re      *regexp.Regexp
	refExpr string // fieldref: the other field's SQL
}

func (a *atom) String() string {
	f := a.field
	if f == "" {
		f = "keyword"
	}
	mods := ""
	if a.m.match != "" {
		mods = "|" + a.m.match
	}
	for _, e := range a.m.encode {
		mods += "|" + e
	}
	if a.null {
		return f + " is null"
	}
	return fmt.Sprintf("%s%s %q", f, mods, a.value)
}

func and(kids ...*formula) *formula {
	if len(kids) == 1 {
		return kids[0]
	}
	return &formula{op: "and", kids: kids}
}

func or(kids ...*formula) *formula {
	if len(kids) == 1 {
		return kids[0]
	}
	return &formula{op: "or", kids: kids}
}

// buildFormula mirrors Compile: the same searches, modifiers and condition,
// as a tree.
func buildFormula(r *Rule, f Fields) (*formula, error) {
	det := &r.Detection
	searches := map[string]*formula{}
	var cond *yaml.Node
	for i := 0; i+1 < len(det.Content); i += 2 {
		k, v := det.Content[i], det.Content[i+1]
		if k.Value == "condition" {
			cond = v
			continue
		}
		s, err := formulaSearch(v, f)
		if err != nil {
			return nil, fmt.Errorf("search %s: %w", k.Value, err)
		}
		s.label = k.Value
		searches[k.Value] = s
	}
	if cond == nil {
		return nil, fmt.Errorf("detection has no condition")
	}
	var conds []string
	if cond.Kind == yaml.SequenceNode {
		for _, c := range cond.Content {
			conds = append(conds, c.Value)
		}
	} else {
		conds = []string{cond.Value}
	}
	// The condition parser works on names; compile each search to a token
	// standing for it and parse the condition into formulas through it.
	var parts []*formula
	for _, c := range conds {
		toks, err := tokenizeCondition(c)
		if err != nil {
			return nil, err
		}
		p := &formulaParser{toks: toks, searches: searches}
		out, err := p.or()
		if err != nil {
			return nil, err
		}
		parts = append(parts, out)
	}
	return or(parts...), nil
}

func formulaSearch(n *yaml.Node, f Fields) (*formula, error) {
	switch n.Kind {
	case yaml.MappingNode:
		return formulaMap(n, f)
	case yaml.SequenceNode:
		if len(n.Content) > 0 && n.Content[0].Kind == yaml.MappingNode {
			var kids []*formula
			for _, m := range n.Content {
				k, err := formulaMap(m, f)
				if err != nil {
					return nil, err
				}
				kids = append(kids, k)
			}
			return or(kids...), nil
		}
		return formulaValues("", "", []string{"contains"}, n.Content, f)
	case yaml.ScalarNode:
		return formulaValues("", "", []string{"contains"}, []*yaml.Node{n}, f)
	}
	return nil, fmt.Errorf("line %d: a search is a map, a list of maps or a list of keywords", n.Line)
}

func formulaMap(m *yaml.Node, f Fields) (*formula, error) {
	var kids []*formula
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		field, modList, values := searchItem(k, v)
		expr := ""
		if field == "" {
			modList = append([]string{"contains"}, modList...)
		} else {
			var err error
			if expr, err = f.Field(field); err != nil {
				return nil, err
			}
		}
		s, err := formulaValues(field, expr, modList, values, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k.Value, err)
		}
		kids = append(kids, s)
	}
	return and(kids...), nil
}

func formulaValues(field, expr string, mods []string, values []*yaml.Node, f Fields) (*formula, error) {
	m, err := parseModifiers(mods)
	if err != nil {
		return nil, err
	}
	var kids []*formula
	for _, v := range values {
		a, err := newAtom(field, expr, m, v, f)
		if err != nil {
			return nil, err
		}
		kids = append(kids, &formula{op: "atom", atom: a})
	}
	if m.all {
		return and(kids...), nil
	}
	return or(kids...), nil
}

func newAtom(field, expr string, m modifiers, v *yaml.Node, f Fields) (*atom, error) {
	a := &atom{field: field, expr: expr, m: m, value: v.Value, null: v.Tag == "!!null"}
	switch m.match {
	case "exists":
		return a, nil
	case "lt", "lte", "gt", "gte":
		n, err := strconv.ParseFloat(v.Value, 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return nil, fmt.Errorf("%s takes a number, not %q", m.match, v.Value)
		}
		a.num = n
		return a, nil
	case "fieldref":
		other, err := f.Field(v.Value)
		if err != nil {
			return nil, err
		}
		a.refExpr = other
		return a, nil
	case "cidr":
		p, err := netip.ParsePrefix(v.Value)
		if err != nil {
			return nil, err
		}
		a.prefix = p.Masked()
		return a, nil
	case "re":
		flags := ""
		if m.reFlags != "" {
			flags = "(?" + m.reFlags + ")"
		}
		re, err := regexp.Compile(flags + v.Value)
		if err != nil {
			return nil, unsupported(fmt.Sprintf("regular expression %q the fixture generator cannot read: %v", v.Value, err))
		}
		a.re = re
		return a, nil
	}
	if a.null {
		return a, nil
	}
	pats := []pattern{parsePattern(v.Value)}
	for _, enc := range m.encode {
		var err error
		if pats, err = encodePatterns(enc, pats, m.match, f); err != nil {
			return nil, err
		}
	}
	for _, p := range pats {
		switch m.match {
		case "contains":
			p = p.wrap(true, true)
		case "startswith":
			p = p.wrap(false, true)
		case "endswith":
			p = p.wrap(true, false)
		}
		a.pats = append(a.pats, p)
	}
	return a, nil
}

type formulaParser struct {
	toks     []string
	pos      int
	searches map[string]*formula
}

func (p *formulaParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *formulaParser) or() (*formula, error) {
	var kids []*formula
	for {
		k, err := p.and()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
		if !strings.EqualFold(p.peek(), "or") {
			return or(kids...), nil
		}
		p.pos++
	}
}

func (p *formulaParser) and() (*formula, error) {
	var kids []*formula
	for {
		k, err := p.not()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
		if !strings.EqualFold(p.peek(), "and") {
			return and(kids...), nil
		}
		p.pos++
	}
}

func (p *formulaParser) not() (*formula, error) {
	if strings.EqualFold(p.peek(), "not") {
		p.pos++
		k, err := p.not()
		if err != nil {
			return nil, err
		}
		return &formula{op: "not", kids: []*formula{k}}, nil
	}
	return p.atom()
}

func (p *formulaParser) atom() (*formula, error) {
	t := p.peek()
	switch {
	case t == "(":
		p.pos++
		k, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing closing parenthesis")
		}
		p.pos++
		return k, nil
	case p.pos+2 < len(p.toks) && strings.EqualFold(p.toks[p.pos+1], "of"):
		quant := strings.ToLower(t)
		target := p.toks[p.pos+2]
		p.pos += 3
		names, err := (&condParser{searches: p.names()}).match(target)
		if err != nil {
			return nil, err
		}
		var kids []*formula
		for _, n := range names {
			kids = append(kids, p.searches[n])
		}
		if quant == "all" {
			return and(kids...), nil
		}
		return or(kids...), nil
	default:
		p.pos++
		s, ok := p.searches[t]
		if !ok {
			return nil, fmt.Errorf("unknown search identifier %q", t)
		}
		return s, nil
	}
}

func (p *formulaParser) names() map[string]string {
	out := map[string]string{}
	for n := range p.searches {
		out[n] = n
	}
	return out
}

// event is what the evaluator sees of a fixture row: each variable's value
// (absent: the field's SQL is NULL) and the texts keyword searches read.
type event struct {
	values   map[string]string // SQL expression -> value
	keywords []string
}

func (e *event) get(expr string) (string, bool) {
	v, ok := e.values[expr]
	return v, ok
}

// eval is Sigma's meaning of the formula on an event; a missing field
// matches nothing (SQL NULL), and "not" of it is true, as notSQL compiles.
func (f *formula) eval(e *event) bool {
	switch f.op {
	case "and":
		for _, k := range f.kids {
			if !k.eval(e) {
				return false
			}
		}
		return true
	case "or":
		for _, k := range f.kids {
			if k.eval(e) {
				return true
			}
		}
		return false
	case "not":
		return !f.kids[0].eval(e)
	}
	a := f.atom
	if a.field == "" {
		for _, t := range e.keywords {
			if a.matches(t, true, e) {
				return true
			}
		}
		return false
	}
	v, ok := e.get(a.expr)
	return a.matches(v, ok, e)
}

// matches reports whether a value (present or not) satisfies the atom.
func (a *atom) matches(v string, present bool, e *event) bool {
	switch a.m.match {
	case "exists":
		b, _ := strconv.ParseBool(a.value)
		return present == b
	}
	if a.null {
		return !present
	}
	if !present {
		return false
	}
	switch a.m.match {
	case "lt", "lte", "gt", "gte":
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return false
		}
		switch a.m.match {
		case "lt":
			return n < a.num
		case "lte":
			return n <= a.num
		case "gt":
			return n > a.num
		}
		return n >= a.num
	case "fieldref":
		o, ok := e.get(a.refExpr)
		if !ok {
			return false
		}
		if a.m.cased {
			return v == o
		}
		return strings.EqualFold(v, o)
	case "cidr":
		ip, err := netip.ParseAddr(v)
		return err == nil && ip.Is4() && a.prefix.Contains(ip)
	case "re":
		return a.re.MatchString(v)
	}
	for _, p := range a.pats {
		if p.matches(v, a.m.cased) {
			return true
		}
	}
	return false
}

// matches is the LIKE/ILIKE (or equality) pattern.sql compiles to.
func (p pattern) matches(s string, cased bool) bool {
	var b strings.Builder
	b.WriteString("(?s")
	if !cased {
		b.WriteString("i")
	}
	b.WriteString(")^")
	for _, t := range p {
		switch t.wild {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(t.lit))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()).MatchString(s)
}
