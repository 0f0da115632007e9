package sfunc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// UnsupportedError is a valid Snowflake input the local engine cannot
// represent; the engine reports it as 002040 (its message starts with
// "Unsupported feature").
type UnsupportedError struct{ What string }

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("Unsupported feature '%s': the local engine does not implement it.", e.What)
}

func isUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}

// ParseJSON parses s as Snowflake's PARSE_JSON does and returns compact
// JSON text ("" for empty or blank input, which PARSE_JSON maps to NULL).
// Snowflake's parser accepts the literals true/false/null in any letter case;
// a trailing comma in an array is an undefined element, which the local
// engine's JSON cannot hold (UnsupportedError). Duplicate object keys are an
// error unless params contains 'd' (then the last value wins).
func ParseJSON(s, params string) (string, error) {
	return parseJSON(s, params, false)
}

// parseJSON is ParseJSON; with undef, a missing array element is written
// as the undefined token (undefined.go) instead of being refused.
func parseJSON(s, params string, undef bool) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	allowDup := false
	for _, c := range strings.ToLower(params) {
		switch c {
		case 'd':
			allowDup = true
		case 's':
			allowDup = false
		default:
			return "", fmt.Errorf("100069 (22P02): Error parsing JSON: invalid parameter %q", params)
		}
	}
	p := &jsonParser{s: s, allowDup: allowDup, undef: undef}
	p.ws()
	var b strings.Builder
	if err := p.value(&b); err != nil {
		return "", err
	}
	p.ws()
	if p.i < len(p.s) {
		return "", p.fail("unexpected character after the document")
	}
	return b.String(), nil
}

type jsonParser struct {
	s        string
	i        int
	allowDup bool
	undef    bool // missing array elements are undefined (parseJSON)
}

func (p *jsonParser) fail(msg string) error {
	return fmt.Errorf("100069 (22P02): Error parsing JSON: %s, pos %d", msg, p.i+1)
}

func (p *jsonParser) ws() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

func (p *jsonParser) value(b *strings.Builder) error {
	if p.i >= len(p.s) {
		return p.fail("incomplete document")
	}
	switch c := p.s[p.i]; {
	case c == '}' || c == ']':
		return p.fail("misplaced " + string(c))
	case c == '{':
		return p.object(b)
	case c == '[':
		return p.array(b)
	case c == '"' || c == '\'':
		// Snowflake's parser takes a string in single quotes too (docs:
		// Using Sequences, "Ingesting and Normalizing Denormalized Data",
		// whose PARSE_JSON input writes \'John\').
		str, err := p.str()
		if err != nil {
			return err
		}
		b.WriteString(quote(str))
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number(b)
	default:
		for _, lit := range []string{"true", "false", "null"} {
			if len(p.s)-p.i >= len(lit) && strings.EqualFold(p.s[p.i:p.i+len(lit)], lit) {
				p.i += len(lit)
				b.WriteString(lit)
				return nil
			}
		}
		return p.fail("unknown keyword")
	}
}

func (p *jsonParser) number(b *strings.Builder) error {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	if digits() == 0 {
		return p.fail("invalid number")
	}
	// Snowflake's parser reads an integer part with leading zeros as the
	// number without them: "ACV": 098355 is 98355 (docs: Tutorial: JSON
	// basics for Snowflake, whose inserted event prints ACV 98355), which
	// JSON's grammar (and DuckDB's parser) would reject.
	lead := 0
	for intStart+lead < p.i-1 && p.s[intStart+lead] == '0' {
		lead++
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return p.fail("invalid number")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return p.fail("invalid number")
		}
	}
	num := p.s[start:intStart] + p.s[intStart+lead:p.i]
	if NumberIsDouble(num) {
		// A DOUBLE (variant_number.go): kept with an exponent, so that its
		// kind survives as text; one beyond a DOUBLE's range is refused.
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return errNotFinite
		}
		if !strings.ContainsAny(num, "eE") {
			num = strconv.FormatFloat(f, 'e', -1, 64)
		}
	}
	b.WriteString(num)
	return nil
}

func (p *jsonParser) str() (string, error) {
	q := p.s[p.i] // opening quote: " or '
	p.i++
	var out strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == q:
			p.i++
			return out.String(), nil
		case c == '\\':
			if p.i+1 >= len(p.s) {
				return "", p.fail("incomplete string")
			}
			e := p.s[p.i+1]
			p.i += 2
			switch e {
			case '"', '\\', '/':
				out.WriteByte(e)
			case 'b':
				out.WriteByte('\b')
			case 'f':
				out.WriteByte('\f')
			case 'n':
				out.WriteByte('\n')
			case 'r':
				out.WriteByte('\r')
			case 't':
				out.WriteByte('\t')
			case 'u':
				if p.i+4 > len(p.s) {
					return "", p.fail("invalid unicode escape")
				}
				n, err := strconv.ParseUint(p.s[p.i:p.i+4], 16, 32)
				if err != nil {
					return "", p.fail("invalid unicode escape")
				}
				p.i += 4
				r := rune(n)
				if r >= 0xD800 && r < 0xDC00 && p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					if m, err := strconv.ParseUint(p.s[p.i+2:p.i+6], 16, 32); err == nil && m >= 0xDC00 && m < 0xE000 {
						r = (r-0xD800)<<10 + (rune(m) - 0xDC00) + 0x10000
						p.i += 6
					}
				}
				out.WriteRune(r)
			default:
				return "", p.fail("invalid escape")
			}
		case c < 0x20 && c != '\t':
			return "", p.fail("control character in string")
		default:
			r, n := utf8.DecodeRuneInString(p.s[p.i:])
			out.WriteRune(r)
			p.i += n
		}
	}
	return "", p.fail("incomplete string")
}

func (p *jsonParser) array(b *strings.Builder) error {
	p.i++
	b.WriteByte('[')
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		b.WriteByte(']')
		return nil
	}
	for n := 0; ; n++ {
		p.ws()
		missing := p.i < len(p.s) && (p.s[p.i] == ',' || p.s[p.i] == ']')
		if missing && !p.undef {
			// [1,,2] and [1,] hold undefined elements in Snowflake.
			return &UnsupportedError{What: "PARSE_JSON of an array with an undefined (missing) element"}
		}
		if n > 0 {
			b.WriteByte(',')
		}
		if missing {
			b.WriteString(undefinedToken)
		} else if err := p.value(b); err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.s) {
			return p.fail("incomplete array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			b.WriteByte(']')
			return nil
		default:
			return p.fail("expected ',' or ']'")
		}
	}
}

func (p *jsonParser) object(b *strings.Builder) error {
	p.i++
	p.ws()
	type member struct{ k, v string }
	var members []member
	seen := map[string]int{}
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		b.WriteString("{}")
		return nil
	}
	closeObject := func() {
		b.WriteByte('{')
		for i, m := range members {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(quote(m.k) + ":" + m.v)
		}
		b.WriteByte('}')
	}
	for {
		p.ws()
		keyPos := p.i
		k, err := p.key()
		if err != nil {
			return err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return p.fail("expected ':'")
		}
		p.i++
		p.ws()
		var v strings.Builder
		if err := p.value(&v); err != nil {
			return err
		}
		if j, dup := seen[k]; dup {
			if !p.allowDup {
				p.i = keyPos
				return fmt.Errorf("100069 (22P02): Error parsing JSON: duplicate object attribute %s, pos %d", quote(k), p.i)
			}
			members[j].v = v.String()
		} else {
			seen[k] = len(members)
			members = append(members, member{k, v.String()})
		}
		p.ws()
		if p.i >= len(p.s) {
			return p.fail("incomplete object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
			if p.ws(); p.i < len(p.s) && p.s[p.i] == '}' {
				// A comma before the closing brace is accepted (the same
				// docs example: contactData : \'...\', }).
				p.i++
				closeObject()
				return nil
			}
		case '}':
			p.i++
			closeObject()
			return nil
		default:
			return p.fail("expected ',' or '}'")
		}
	}
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// writeSorted writes v as compact JSON, object keys in order, numbers as
// their text.
func writeSorted(b *strings.Builder, v any) {
	_ = writeJSON(b, v, "", false, func(n string) (string, error) { return n, nil })
}

// ObjectInsert is OBJECT_INSERT(obj, key, value [, update]) on JSON text:
// value is the JSON text of the value ("" for SQL NULL, which omits the
// pair); an existing key is an error unless update is set.
func ObjectInsert(obj, key, value string, update bool) (string, error) {
	d := json.NewDecoder(strings.NewReader(obj))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil || m == nil {
		return "", fmt.Errorf("100000 (22000): OBJECT_INSERT: the first argument is not an OBJECT")
	}
	if _, exists := m[key]; exists && !update {
		return "", fmt.Errorf("100000 (22000): OBJECT_INSERT: key '%s' already exists in the object; pass TRUE as updateFlag to update it", key)
	}
	var v any
	vd := json.NewDecoder(strings.NewReader(value))
	vd.UseNumber()
	if err := vd.Decode(&v); err != nil {
		return "", fmt.Errorf("OBJECT_INSERT: bad value: %w", err)
	}
	m[key] = v
	var b strings.Builder
	writeSorted(&b, m)
	return b.String(), nil
}

// key reads an object key: a JSON string or, as Snowflake's parser also
// accepts ({r:255,g:12}), a bare name of letters, digits, '_' and '$'.
func (p *jsonParser) key() (string, error) {
	if p.i < len(p.s) && p.s[p.i] == '"' {
		return p.str()
	}
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		if c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (p.i > start && c >= '0' && c <= '9') {
			p.i++
			continue
		}
		break
	}
	if p.i == start {
		return "", p.fail("expected an attribute name")
	}
	return p.s[start:p.i], nil
}

// CheckJSON is CHECK_JSON: "" for a document PARSE_JSON accepts, else
// Snowflake's message ("misplaced }, pos 32"). Where the local parser's
// message is not known to be Snowflake's, it is an UnsupportedError rather
// than a different text.
func CheckJSON(s string) (string, error) {
	_, err := ParseJSON(s, "")
	switch {
	case err == nil, isUnsupported(err): // undefined elements are valid JSON to Snowflake
		return "", nil
	}
	const lead = "Error parsing JSON: "
	msg := err.Error()
	if i := strings.Index(msg, lead+"misplaced "); i >= 0 {
		return msg[i+len(lead):], nil
	}
	return "", &UnsupportedError{What: "CHECK_JSON's message for this malformed document (" + msg + ")"}
}
