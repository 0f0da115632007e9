package sigma

import (
	"encoding/base64"
	"fmt"
	"math"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Fields resolves what a rule names to SQL: a Sigma field to an expression
// yielding a string (or NULL when the event lacks it), keyword (unbound)
// searches to the expressions holding the event's raw text, and %name%
// placeholders of the expand modifier to their values.
type Fields interface {
	Field(name string) (string, error)
	KeywordFields() []string
	Placeholder(name string) ([]string, bool)
}

// Compile compiles a rule's detection section into a Snowflake boolean
// expression (a WHERE clause without the WHERE).
func Compile(r *Rule, f Fields) (string, error) {
	det := &r.Detection
	searches := map[string]string{}
	var cond *yaml.Node
	for i := 0; i+1 < len(det.Content); i += 2 {
		k, v := det.Content[i], det.Content[i+1]
		switch k.Value {
		case "condition":
			cond = v
			continue
		case "timeframe":
			return "", unsupported("timeframe (a correlation rule's window)")
		}
		sql, err := compileSearch(v, f)
		if err != nil {
			return "", fmt.Errorf("search %s (line %d): %w", k.Value, v.Line, err)
		}
		searches[k.Value] = sql
	}
	if cond == nil {
		return "", fmt.Errorf("detection has no condition")
	}
	var conds []string
	switch cond.Kind {
	case yaml.ScalarNode:
		conds = []string{cond.Value}
	case yaml.SequenceNode:
		// A list of conditions means any of them (Sigma specification).
		for _, c := range cond.Content {
			if c.Kind != yaml.ScalarNode {
				return "", fmt.Errorf("condition list item (line %d) is not a string", c.Line)
			}
			conds = append(conds, c.Value)
		}
	default:
		return "", fmt.Errorf("condition (line %d) must be a string", cond.Line)
	}
	var parts []string
	for _, c := range conds {
		s, err := compileCondition(c, searches)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return joinSQL(parts, "or"), nil
}

// compileSearch compiles one search identifier's definition: a map (all
// fields match), a list of maps (any map matches), or a list of keywords.
func compileSearch(n *yaml.Node, f Fields) (string, error) {
	switch n.Kind {
	case yaml.MappingNode:
		return compileMap(n, f)
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			return "", fmt.Errorf("empty list")
		}
		if n.Content[0].Kind == yaml.MappingNode {
			var parts []string
			for _, m := range n.Content {
				if m.Kind != yaml.MappingNode {
					return "", fmt.Errorf("line %d: a list of maps cannot mix in other items", m.Line)
				}
				s, err := compileMap(m, f)
				if err != nil {
					return "", err
				}
				parts = append(parts, s)
			}
			return joinSQL(parts, "or"), nil
		}
		return compileKeywords(nil, n.Content, f)
	case yaml.ScalarNode:
		return compileKeywords(nil, []*yaml.Node{n}, f)
	}
	return "", fmt.Errorf("line %d: a search is a map, a list of maps or a list of keywords", n.Line)
}

func compileMap(m *yaml.Node, f Fields) (string, error) {
	if len(m.Content) == 0 {
		return "", fmt.Errorf("line %d: empty map", m.Line)
	}
	var parts []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		field, modList, values := searchItem(k, v)
		var s string
		var err error
		if field == "" {
			s, err = compileKeywords(modList, values, f)
		} else {
			s, err = compileField(field, modList, values, f)
		}
		if err != nil {
			return "", fmt.Errorf("%s (line %d): %w", k.Value, k.Line, err)
		}
		parts = append(parts, s)
	}
	return joinSQL(parts, "and"), nil
}

// compileKeywords matches values anywhere in the event's raw text: each
// keyword is a substring search (as full-text search backends do) over the
// mapping's keyword fields; keywords are alternatives unless |all.
func compileKeywords(mods []string, values []*yaml.Node, f Fields) (string, error) {
	kf := f.KeywordFields()
	if len(kf) == 0 {
		return "", fmt.Errorf("keyword search, but the log-source mapping names no keyword fields")
	}
	var all bool
	var rest []string
	for _, m := range mods {
		if m == "all" {
			all = true
		} else {
			rest = append(rest, m)
		}
	}
	var parts []string
	for _, v := range values {
		var alts []string
		for _, field := range kf {
			s, err := compileValues(field, append([]string{"contains"}, rest...), []*yaml.Node{v}, f)
			if err != nil {
				return "", err
			}
			alts = append(alts, s)
		}
		parts = append(parts, joinSQL(alts, "or"))
	}
	if all {
		return joinSQL(parts, "and"), nil
	}
	return joinSQL(parts, "or"), nil
}

func compileField(field string, mods []string, values []*yaml.Node, f Fields) (string, error) {
	expr, err := f.Field(field)
	if err != nil {
		return "", err
	}
	return compileValues(expr, mods, values, f)
}

// modifiers is a field's parsed modifier chain.
type modifiers struct {
	match      string // "", contains, startswith, endswith, re, cidr, exists, lt, lte, gt, gte, fieldref
	all, cased bool
	encode     []string // base64, base64offset, windash, expand, in order
	reFlags    string
}

func parseModifiers(mods []string) (modifiers, error) {
	var m modifiers
	setMatch := func(name string) error {
		if m.match != "" && m.match != name {
			return unsupported(fmt.Sprintf("modifiers %s and %s together", m.match, name))
		}
		m.match = name
		return nil
	}
	for _, mod := range mods {
		switch mod {
		case "contains", "startswith", "endswith", "re", "cidr", "exists", "lt", "lte", "gt", "gte", "fieldref":
			if err := setMatch(mod); err != nil {
				return m, err
			}
		case "all":
			m.all = true
		case "cased":
			m.cased = true
		case "i", "m", "s":
			if m.match != "re" {
				return m, fmt.Errorf("modifier %s applies only after re", mod)
			}
			if !strings.Contains(m.reFlags, mod) {
				m.reFlags += mod
			}
		case "base64", "base64offset", "windash", "expand":
			m.encode = append(m.encode, mod)
		case "utf16le", "utf16be", "utf16", "wide":
			return m, unsupported("modifier " + mod + " (binary encodings do not occur in text logs)")
		default:
			return m, unsupported("modifier " + mod)
		}
	}
	return m, nil
}

// compileValues compiles "expr matches one of values" (or all of them).
func compileValues(expr string, mods []string, values []*yaml.Node, f Fields) (string, error) {
	m, err := parseModifiers(mods)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, v := range values {
		s, err := compileValue(expr, m, v, f)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "", fmt.Errorf("empty value list")
	}
	if m.all {
		return joinSQL(parts, "and"), nil
	}
	return joinSQL(parts, "or"), nil
}

func compileValue(expr string, m modifiers, v *yaml.Node, f Fields) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("line %d: a value must be a string, number, boolean or null", v.Line)
	}
	isNull := v.Tag == "!!null"
	switch m.match {
	case "exists":
		b, err := strconv.ParseBool(v.Value)
		if err != nil {
			return "", fmt.Errorf("exists takes true or false, not %q", v.Value)
		}
		if b {
			return expr + " is not null", nil
		}
		return expr + " is null", nil
	case "lt", "lte", "gt", "gte":
		n, err := strconv.ParseFloat(v.Value, 64)
		if err != nil || math.IsInf(n, 0) || math.IsNaN(n) {
			return "", fmt.Errorf("%s takes a number, not %q", m.match, v.Value)
		}
		op := map[string]string{"lt": "<", "lte": "<=", "gt": ">", "gte": ">="}[m.match]
		// TRY_TO_DOUBLE "only accepts string expressions" (docs:
		// try_to_double): a field mapped to a number or a VARIANT is made
		// text first, so the comparison compiles on Snowflake whatever
		// the mapping's type.
		return fmt.Sprintf("try_to_double(to_varchar(%s)) %s %s", expr, op, strconv.FormatFloat(n, 'g', -1, 64)), nil
	case "fieldref":
		other, err := f.Field(v.Value)
		if err != nil {
			return "", err
		}
		if m.cased {
			return fmt.Sprintf("%s = %s", expr, other), nil
		}
		return fmt.Sprintf("lower(%s) = lower(%s)", expr, other), nil
	case "cidr":
		return cidrSQL(expr, v.Value)
	}
	if isNull {
		if m.match != "" || len(m.encode) > 0 {
			return "", fmt.Errorf("null cannot take modifiers")
		}
		return expr + " is null", nil
	}
	if m.match == "re" {
		if len(m.encode) > 0 {
			return "", unsupported("re with " + strings.Join(m.encode, ", "))
		}
		if err := checkRegex(v.Value); err != nil {
			return "", err
		}
		// Sigma regular expressions search (unanchored) and are case-sensitive
		// unless |i; REGEXP_LIKE would anchor, REGEXP_COUNT searches.
		params := "c" + m.reFlags
		if strings.Contains(m.reFlags, "i") {
			params = m.reFlags
		}
		return fmt.Sprintf("regexp_count(%s, %s, 1, %s) > 0", expr, Literal(v.Value), Literal(params)), nil
	}
	pats := []pattern{parsePattern(v.Value)}
	for _, enc := range m.encode {
		var err error
		if pats, err = encodePatterns(enc, pats, m.match, f); err != nil {
			return "", err
		}
	}
	var parts []string
	for _, p := range pats {
		switch m.match {
		case "contains":
			p = p.wrap(true, true)
		case "startswith":
			p = p.wrap(false, true)
		case "endswith":
			p = p.wrap(true, false)
		}
		parts = append(parts, p.sql(expr, m.cased))
	}
	return joinSQL(parts, "or"), nil
}

// pattern is a Sigma string value: literal text and the wildcards * and ?.
type pattern []token

type token struct {
	lit  string
	wild byte // '*' or '?' when lit is empty
}

// parsePattern reads Sigma's escaping: \* \? and \\ are the literal
// characters; a backslash before anything else is itself literal.
func parsePattern(s string) pattern {
	var p pattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p = append(p, token{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			lit.WriteByte(s[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			p = append(p, token{wild: c})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return p
}

func (p pattern) hasWild() bool {
	return slices.ContainsFunc(p, func(t token) bool { return t.wild != 0 })
}

func (p pattern) text() string {
	var b strings.Builder
	for _, t := range p {
		b.WriteString(t.lit)
	}
	return b.String()
}

func (p pattern) wrap(before, after bool) pattern {
	out := pattern{}
	if before && (len(p) == 0 || p[0].wild != '*') {
		out = append(out, token{wild: '*'})
	}
	out = append(out, p...)
	if after && (len(p) == 0 || p[len(p)-1].wild != '*') {
		out = append(out, token{wild: '*'})
	}
	return out
}

// sql renders "expr matches p". Without wildcards, equality; otherwise
// LIKE with % and _ for * and ?, and the literal parts' %, _ and \ escaped
// with the backslash (declared explicitly with ESCAPE). Sigma matches are
// case-insensitive unless |cased.
func (p pattern) sql(expr string, cased bool) string {
	if !p.hasWild() {
		if cased {
			return fmt.Sprintf("%s = %s", expr, Literal(p.text()))
		}
		return fmt.Sprintf("lower(%s) = %s", expr, Literal(strings.ToLower(p.text())))
	}
	var b strings.Builder
	for _, t := range p {
		switch t.wild {
		case '*':
			b.WriteByte('%')
		case '?':
			b.WriteByte('_')
		default:
			for _, r := range t.lit {
				if r == '%' || r == '_' || r == '\\' {
					b.WriteByte('\\')
				}
				b.WriteRune(r)
			}
		}
	}
	op := "ilike"
	if cased {
		op = "like"
	}
	return fmt.Sprintf(`%s %s %s escape '\\'`, expr, op, Literal(b.String()))
}

// encodePatterns applies a value-transforming modifier to every pattern,
// each alternative becoming its own pattern (matched with OR).
func encodePatterns(enc string, pats []pattern, match string, f Fields) ([]pattern, error) {
	var out []pattern
	for _, p := range pats {
		switch enc {
		case "base64", "base64offset":
			if p.hasWild() {
				return nil, unsupported(enc + " of a value with wildcards")
			}
			if enc == "base64" {
				out = append(out, pattern{{lit: base64.StdEncoding.EncodeToString([]byte(p.text()))}})
				continue
			}
			if match != "contains" {
				return nil, unsupported("base64offset without contains")
			}
			for _, s := range base64Offsets(p.text()) {
				out = append(out, pattern{{lit: s}})
			}
		case "windash":
			// pySigma's windash: a - or / that starts a word (regular
			// expression \B[-/]\b: no word character before it, one after)
			// may be written with any of -, /, en dash, em dash, horizontal bar.
			variants := []pattern{{}}
			for _, t := range p {
				if t.wild != 0 {
					for i := range variants {
						variants[i] = append(variants[i], t)
					}
					continue
				}
				chunks := splitDashes(t.lit)
				for _, ch := range chunks {
					if ch.dash {
						var next []pattern
						for _, v := range variants {
							for _, d := range []string{"-", "/", "\u2013", "\u2014", "\u2015"} {
								next = append(next, append(slices.Clone(v), token{lit: d}))
							}
						}
						variants = next
					} else {
						for i := range variants {
							variants[i] = append(variants[i], token{lit: ch.s})
						}
					}
				}
			}
			out = append(out, variants...)
		case "expand":
			expanded, err := expandPattern(p, f)
			if err != nil {
				return nil, err
			}
			out = append(out, expanded...)
		}
	}
	if len(out) > 64 {
		return nil, unsupported(fmt.Sprintf("%s producing %d alternatives", enc, len(out)))
	}
	return out, nil
}

type dashChunk struct {
	s    string
	dash bool
}

// splitDashes finds the - or / that pySigma's windash expands: where the
// regular expression \B[-/]\b matches, that is, not after a word character
// and before one (in -param-name only the first dash).
func splitDashes(s string) []dashChunk {
	var out []dashChunk
	start := 0
	for i := 0; i < len(s); i++ {
		if (s[i] == '-' || s[i] == '/') && !wordBefore(s, i) && wordAt(s, i+1) {
			if i > start {
				out = append(out, dashChunk{s: s[start:i]})
			}
			out = append(out, dashChunk{dash: true})
			start = i + 1
		}
	}
	if start < len(s) {
		out = append(out, dashChunk{s: s[start:]})
	}
	return out
}

// wordAt reports whether a word character (Python's \w: letter, digit,
// underscore) starts at byte i of s.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordBefore reports whether a word character ends just before byte i.
func wordBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// base64Offsets returns the three encodings of s at byte offsets 0, 1 and 2
// of a base64 stream, trimmed to the characters that do not depend on the
// surrounding bytes (as pySigma's base64offset does).
func base64Offsets(s string) []string {
	start := []int{0, 2, 3}
	end := []int{0, -3, -2}
	var out []string
	for i := 0; i < 3; i++ {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, i), s...))
		e := len(enc)
		if r := (len(s) + i) % 3; r != 0 {
			e += end[r]
		}
		enc = enc[:e]
		if start[i] < len(enc) {
			out = append(out, enc[start[i]:])
		}
	}
	return out
}

// expandPattern replaces %name% placeholders with the mapping's values;
// \% is a plain percent sign (Sigma specification, "Placeholders").
func expandPattern(p pattern, f Fields) ([]pattern, error) {
	results := []pattern{{}}
	appendLit := func(s string) {
		s = strings.ReplaceAll(s, `\%`, "%")
		for k := range results {
			results[k] = append(results[k], token{lit: s})
		}
	}
	for _, t := range p {
		if t.wild != 0 {
			for i := range results {
				results[i] = append(results[i], t)
			}
			continue
		}
		s := t.lit
		for s != "" {
			i := unescapedPercent(s, 0)
			j := -1
			if i >= 0 {
				j = unescapedPercent(s, i+1)
			}
			if i < 0 || j < 0 {
				appendLit(s)
				break
			}
			appendLit(s[:i])
			name := s[i+1 : j]
			vals, ok := f.Placeholder(name)
			if !ok {
				return nil, unsupported(fmt.Sprintf("expand placeholder %%%s%% (no values in the log-source mapping's placeholders)", name))
			}
			var next []pattern
			for _, r := range results {
				for _, v := range vals {
					next = append(next, append(slices.Clone(r), parsePattern(v)...))
				}
			}
			results = next
			s = s[j+1:]
		}
	}
	return results, nil
}

// unescapedPercent returns the index of the first % at or after from that
// no backslash escapes, or -1.
func unescapedPercent(s string, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == '%' && !escapedAt(s, i) {
			return i
		}
	}
	return -1
}

// cidrSQL matches an IPv4 network by the address's numeric value
// (PARSE_IP's permissive mode yields NULL fields for non-addresses).
func cidrSQL(expr, cidr string) (string, error) {
	pfx, err := netip.ParsePrefix(cidr)
	if err != nil {
		return "", fmt.Errorf("cidr %q: %w", cidr, err)
	}
	if !pfx.Addr().Is4() {
		return "", unsupported("cidr with an IPv6 network " + cidr)
	}
	pfx = pfx.Masked()
	a := pfx.Addr().As4()
	lo := uint64(a[0])<<24 | uint64(a[1])<<16 | uint64(a[2])<<8 | uint64(a[3])
	hi := lo | (1<<(32-pfx.Bits()) - 1)
	return fmt.Sprintf("parse_ip(%s, 'INET', 1):ipv4::number between %d and %d", expr, lo, hi), nil
}

// searchItem splits one item of a search map: "field|mod1|mod2" and its
// value or list of values (a list is OR-ed, or AND-ed with |all).
func searchItem(k, v *yaml.Node) (field string, mods []string, values []*yaml.Node) {
	field, m, _ := strings.Cut(k.Value, "|")
	if m != "" {
		mods = strings.Split(m, "|")
	}
	values = []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		values = v.Content
	}
	return field, mods, values
}
