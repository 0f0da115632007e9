package sfunc

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// Numeric SQL format models (docs: "SQL format models") for TO_CHAR /
// TO_VARCHAR and TO_NUMBER / TO_DECIMAL: the fixed-position elements 9, 0,
// '.', D, ',', G, $, B, S, MI, X (hexadecimal), the FM fill-mode modifier,
// '_' and double-quoted literals, and the text-minimal TM9 and TME for
// fixed-point values. Elements whose output the documentation does not pin
// down (exponents EE…, '%', TM, text-minimal formats of floats) are refused
// with UnsupportedError rather than guessed.

// numModel is a parsed numeric format model.
type numModel struct {
	format   string
	compact  bool      // FM: compact mode
	prefix   []segment // literals and a leading MI/S before the number
	suffix   []segment // a trailing MI/S and literals after the number
	dollar   bool
	blank    bool   // B: a zero integer part prints as spaces
	intPos   []byte // '9', '0', 'X', 'x', ',' (',' and G)
	fracPos  []byte // '9', '0'
	dot      bool   // '.' or D present
	hex      bool   // X elements
	tm       string // "TM9" or "TME"/"tme" for text-minimal models
	leadSign string // "S" or "MI" written before the number
	trailSgn string // "S" or "MI" written after the number
}

type segment struct {
	lit  string // literal text
	sign string // "S" or "MI": an explicit sign element at this place
}

func unsupportedFormat(format, why string) error {
	return &UnsupportedError{What: fmt.Sprintf("numeric format model '%s' (%s)", format, why)}
}

// parseNumModel reads one numeric format model (no '|' alternatives).
func parseNumModel(format string) (*numModel, error) {
	m := &numModel{format: format}
	s := format
	inNumber, afterNumber := false, false
	lastDigit := false // the previous element was 0, 9 or X
	addLit := func(t string) {
		if inNumber {
			inNumber, afterNumber = false, true
		}
		if afterNumber {
			m.suffix = append(m.suffix, segment{lit: t})
		} else {
			m.prefix = append(m.prefix, segment{lit: t})
		}
	}
	startNumber := func() error {
		if afterNumber {
			return unsupportedFormat(format, "more than one number")
		}
		inNumber = true
		return nil
	}
	for i := 0; i < len(s); {
		c := s[i]
		up := strings.ToUpper(s[i:])
		switch {
		case c == '"':
			j := i + 1
			var lit strings.Builder
			for ; j < len(s); j++ {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						lit.WriteByte('"')
						j++
						continue
					}
					break
				}
				lit.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, unsupportedFormat(format, "unterminated literal")
			}
			addLit(lit.String())
			i = j + 1
			lastDigit = false
			continue
		case strings.HasPrefix(up, "FM"):
			if i != 0 {
				return nil, unsupportedFormat(format, "FM after the first element")
			}
			m.compact = true
			i += 2
			continue
		case strings.HasPrefix(up, "FX"):
			i += 2
			continue
		case c == '_':
			i++
			continue
		case strings.HasPrefix(up, "TM9"), strings.HasPrefix(up, "TME"):
			if m.tm != "" || inNumber || afterNumber || len(m.intPos) > 0 {
				return nil, unsupportedFormat(format, "text-minimal with other number elements")
			}
			m.tm = s[i : i+3]
			if strings.HasPrefix(up, "TM9(") {
				return nil, unsupportedFormat(format, "TM9 parameters")
			}
			afterNumber = true
			i += 3
			continue
		case strings.HasPrefix(up, "TM"):
			return nil, unsupportedFormat(format, "TM")
		case strings.HasPrefix(up, "EE"):
			return nil, unsupportedFormat(format, "exponent elements")
		case strings.HasPrefix(up, "MI") || c == 'S' || c == 's':
			sign := "S"
			n := 1
			if strings.HasPrefix(up, "MI") {
				sign, n = "MI", 2
			}
			if inNumber || afterNumber {
				if m.trailSgn != "" || m.leadSign != "" {
					return nil, unsupportedFormat(format, "two sign elements")
				}
				inNumber, afterNumber = false, true
				m.trailSgn = sign
				m.suffix = append(m.suffix, segment{sign: sign})
			} else {
				if m.leadSign != "" {
					return nil, unsupportedFormat(format, "two sign elements")
				}
				m.leadSign = sign
				m.prefix = append(m.prefix, segment{sign: sign})
			}
			i += n
			lastDigit = false
			continue
		case c == '$':
			if m.dollar || len(m.intPos) > 0 || m.dot {
				return nil, unsupportedFormat(format, "'$' among the digits")
			}
			if err := startNumber(); err != nil {
				return nil, err
			}
			m.dollar = true
		case c == 'B' || c == 'b':
			if len(m.intPos) > 0 || m.dot {
				return nil, unsupportedFormat(format, "'B' among the digits")
			}
			if err := startNumber(); err != nil {
				return nil, err
			}
			m.blank = true
		case c == '9' || c == '0' || c == 'X' || c == 'x':
			if err := startNumber(); err != nil {
				return nil, err
			}
			if c == 'X' || c == 'x' {
				m.hex = true
			}
			if m.dot {
				if c != '9' && c != '0' {
					return nil, unsupportedFormat(format, "hexadecimal fractions")
				}
				m.fracPos = append(m.fracPos, c)
			} else {
				m.intPos = append(m.intPos, c)
			}
			lastDigit = true
			i++
			continue
		case (c == ',' && lastDigit) || c == 'G' || c == 'g':
			if !inNumber || m.dot {
				return nil, unsupportedFormat(format, "group separator outside the integer digits")
			}
			m.intPos = append(m.intPos, ',')
			i++
			continue
		case (c == '.' && lastDigit) || c == 'D' || c == 'd':
			if m.dot {
				return nil, unsupportedFormat(format, "two decimal separators")
			}
			if err := startNumber(); err != nil {
				return nil, err
			}
			m.dot = true
		case strings.ContainsRune(".,;:-=/() ", rune(c)):
			addLit(string(c))
			i++
			lastDigit = false
			continue
		default:
			return nil, unsupportedFormat(format, fmt.Sprintf("element %q", s[i:i+1]))
		}
		i++
		lastDigit = false
	}
	if m.tm == "" && len(m.intPos) == 0 && len(m.fracPos) == 0 {
		return nil, unsupportedFormat(format, "no digits")
	}
	if m.hex && (m.dot || m.dollar || m.blank) {
		return nil, unsupportedFormat(format, "hexadecimal with '.', '$' or 'B'")
	}
	if m.tm != "" && (m.leadSign != "" || m.trailSgn != "" || m.dollar || m.blank || m.compact) {
		return nil, unsupportedFormat(format, "text-minimal with sign, '$', 'B' or FM")
	}
	return m, nil
}

// FormatNumber is TO_CHAR(number, format): num is the value as DuckDB
// renders it (a fixed-point value with all its scale digits; a float in
// its shortest form), float tells which it was.
func FormatNumber(num, format string, float bool) (any, error) {
	m, err := parseNumModel(format)
	if err != nil {
		return nil, err
	}
	v, ok := new(big.Rat).SetString(strings.TrimSpace(num))
	if !ok {
		return nil, unsupportedFormat(format, "infinite or NaN value")
	}
	neg := v.Sign() < 0
	if neg && m.tm == "" {
		// A negative value that rounds to zero digits at the model's
		// fraction (TO_CHAR(-0.4, '9')): the docs do not say whether its
		// sign prints (docs: SQL format models, "Fixed-position numeric
		// formats", https://docs.snowflake.com/en/sql-reference/sql-format-models).
		if i, f := roundAbs(v, len(m.fracPos)); strings.Trim(i+f, "0") == "" {
			return nil, unsupportedFormat(format, "a negative value that rounds to zero, whose sign the docs do not give")
		}
	}
	var body string
	switch {
	case m.tm != "":
		if float {
			return nil, unsupportedFormat(format, "text-minimal format of a FLOAT")
		}
		body = textMinimal(num, m.tm)
	case m.hex:
		body, err = m.formatHex(v)
	default:
		if float && tieAt(v, len(m.fracPos)) {
			// A FLOAT's shortest text ends in a 5 just past the model's
			// fraction digits (1.005 under '9.99'): its binary value lies
			// on either side of the tie (ROUND(1.005::FLOAT, 2) is 1, docs:
			// round), and the docs do not say which TO_CHAR rounds.
			return nil, unsupportedFormat(format, "a FLOAT whose digits end in a tie just past the format's fraction digits")
		}
		body, err = m.formatFixed(v)
	}
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	sign := func(kind string) {
		switch {
		case kind == "S" && neg:
			b.WriteByte('-')
		case kind == "S":
			b.WriteByte('+')
		case neg:
			b.WriteByte('-')
		case !m.compact:
			b.WriteByte(' ')
		}
	}
	for _, s := range m.prefix {
		if s.sign == "MI" || (s.sign == "S" && m.hex) {
			sign(s.sign) // a leading S floats with the digits, except for hexadecimal
		} else if s.sign == "" {
			b.WriteString(s.lit)
		}
	}
	b.WriteString(body)
	for _, s := range m.suffix {
		if s.sign != "" {
			sign(s.sign)
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String(), nil
}

// textMinimal prints a fixed-point value's text (DuckDB's rendering keeps
// every scale digit) as TM9 or TME.
func textMinimal(num, tm string) string {
	if tm == "TM9" || tm == "tm9" || strings.EqualFold(tm, "TM9") {
		return num
	}
	neg := strings.HasPrefix(num, "-")
	digits := strings.TrimPrefix(num, "-")
	intPart, frac, _ := strings.Cut(digits, ".")
	all := strings.TrimLeft(intPart+frac, "0")
	e := "E"
	if tm[0] == 't' {
		e = "e"
	}
	if all == "" {
		return "0" + e + "0"
	}
	exp := len(strings.TrimLeft(intPart, "0")) - 1
	if strings.TrimLeft(intPart, "0") == "" {
		exp = -(len(frac) - len(strings.TrimLeft(frac, "0"))) - 1
	}
	mant := strings.TrimRight(all, "0")
	out := mant[:1]
	if len(mant) > 1 {
		out += "." + mant[1:]
	}
	if neg {
		out = "-" + out
	}
	return fmt.Sprintf("%s%s%d", out, e, exp)
}

// roundAbs rounds |v| half away from zero to scale digits and returns the
// integer and fraction digit strings.
func roundAbs(v *big.Rat, scale int) (string, string) {
	s := roundRat(new(big.Rat).Abs(v), scale)
	i, f, _ := strings.Cut(s, ".")
	return i, f
}

// tieAt reports whether |v| * 10^k has a fractional part of exactly one half.
func tieAt(v *big.Rat, k int) bool {
	x := new(big.Rat).Abs(v)
	x.Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)))
	n := new(big.Int).Quo(x.Num(), x.Denom())
	x.Sub(x, new(big.Rat).SetInt(n))
	return x.Cmp(big.NewRat(1, 2)) == 0
}

// formatFixed renders the digits, separators, '$' and the floating sign of
// a fixed-position decimal model.
func (m *numModel) formatFixed(v *big.Rat) (string, error) {
	neg := v.Sign() < 0
	intDigits, frac := roundAbs(v, len(m.fracPos))
	if intDigits == "0" {
		intDigits = ""
	}
	positions := 0
	for _, p := range m.intPos {
		if p != ',' {
			positions++
		}
	}
	// The integer part, right to left: digits, then '0' elements' zeros.
	out := make([]byte, len(m.intPos))
	filled := make([]bool, len(m.intPos))
	overflow := len(intDigits) > positions
	if overflow {
		for _, p := range m.intPos {
			if p == ',' {
				return "", unsupportedFormat(m.format, "overflow with group separators")
			}
		}
	}
	firstZero := -1
	for i, p := range m.intPos {
		if p == '0' {
			firstZero = i
			break
		}
	}
	k := len(intDigits) - 1
	for i := len(m.intPos) - 1; i >= 0; i-- {
		p := m.intPos[i]
		switch {
		case overflow:
			out[i], filled[i] = '#', true
		case p == ',':
			out[i] = ','
			filled[i] = i > 0 && filled[i-1] // decided below, left to right
		case k >= 0:
			out[i], filled[i] = intDigits[k], true
			k--
		case firstZero >= 0 && i >= firstZero:
			out[i], filled[i] = '0', true
		}
	}
	// Zero integer part: a single 0 in the last position unless B.
	if intDigits == "" && !m.blank && !overflow && positions > 0 {
		for i := len(m.intPos) - 1; i >= 0; i-- {
			if m.intPos[i] != ',' {
				out[i], filled[i] = '0', true
				break
			}
		}
	}
	// A group separator prints when digits are printed on its left.
	for i, p := range m.intPos {
		if p == ',' {
			filled[i] = i > 0 && filled[i-1] && out[i-1] != ','
			if overflow {
				filled[i] = true
			}
		}
	}
	var b strings.Builder
	float := ""
	if m.leadSign == "S" {
		if neg {
			float = "-"
		} else {
			float = "+"
		}
	} else if m.leadSign == "" && m.trailSgn == "" {
		if neg {
			float = "-"
		} else {
			float = " "
		}
	}
	if m.dollar {
		float += "$"
	}
	blanks := 0
	first := len(m.intPos)
	for i := range m.intPos {
		if filled[i] {
			first = i
			break
		}
		blanks++
	}
	if !m.compact {
		b.WriteString(strings.Repeat(" ", blanks))
		b.WriteString(float)
	} else {
		b.WriteString(strings.TrimLeft(float, " "))
	}
	for i := first; i < len(m.intPos); i++ {
		b.WriteByte(out[i])
	}
	if m.dot {
		b.WriteByte('.')
		fr := []byte(frac)
		if overflow {
			for i := range fr {
				fr[i] = '#'
			}
		} else {
			// Trailing zeros in '9' positions print as spaces.
			for i := len(fr) - 1; i >= 0 && fr[i] == '0' && m.fracPos[i] == '9'; i-- {
				fr[i] = ' '
			}
		}
		s := string(fr)
		if m.compact {
			s = strings.TrimRight(s, " ")
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// formatHex renders X/0 positions: an unsigned two's complement of the
// rounded value in as many hex digits, or with an explicit sign element
// the absolute value.
func (m *numModel) formatHex(v *big.Rat) (string, error) {
	for _, p := range m.intPos {
		if p == ',' {
			return "", unsupportedFormat(m.format, "group separators with hexadecimal")
		}
	}
	n := len(m.intPos)
	id, _ := roundAbs(v, 0)
	x, _ := new(big.Int).SetString(id, 10)
	limit := new(big.Int).Lsh(big.NewInt(1), uint(4*n))
	explicit := m.leadSign != "" || m.trailSgn != ""
	if v.Sign() < 0 && !explicit {
		x.Sub(limit, x)
		if x.Cmp(new(big.Int).Rsh(limit, 1)) < 0 {
			return strings.Repeat("#", n), nil
		}
	}
	if x.Cmp(limit) >= 0 {
		return strings.Repeat("#", n), nil
	}
	digits := fmt.Sprintf("%0*X", n, x)
	firstZero := -1
	for i, p := range m.intPos {
		if p == '0' {
			firstZero = i
			break
		}
	}
	out := []byte(digits)
	var b strings.Builder
	lead := true
	for i, p := range m.intPos {
		c := out[i]
		// The hexadecimal 0 element takes the case of the next X.
		lower := p == 'x'
		if p == '0' {
			for _, q := range m.intPos[i:] {
				if q == 'x' || q == 'X' {
					lower = q == 'x'
					break
				}
			}
		}
		if lower {
			c = strings.ToLower(string(c))[0]
		}
		if lead && c == '0' && i < n-1 && (firstZero < 0 || i < firstZero) {
			if !m.compact {
				b.WriteByte(' ')
			}
			continue
		}
		lead = false
		b.WriteByte(c)
	}
	return b.String(), nil
}

// ParseNumber is TO_NUMBER(s, format[, p, s]): s matched against each '|'
// alternative of format in lax mode; the value is rendered with scale
// fractional digits (rounded half away from zero).
func ParseNumber(s, format string, scale int) (any, error) {
	for _, alt := range strings.Split(format, "|") {
		if strings.EqualFold(strings.TrimSpace(alt), "AUTO") {
			return nil, unsupportedFormat(format, "AUTO")
		}
		m, err := parseNumModel(alt)
		if err != nil {
			return nil, err
		}
		if m.compact {
			return nil, unsupportedFormat(format, "FM on input")
		}
		v, ok, err := m.parse(s)
		if err != nil {
			return nil, err
		}
		if ok {
			return roundRat(v, scale), nil
		}
	}
	return nil, fmt.Errorf("100140 (22007): Can't parse '%s' as number with format '%s'", s, format)
}

// parse matches s in lax mode: surrounding white space skipped, group
// separators optional (the digit counts between them must match), '+'
// accepted for MI, spaces between a leading sign and the digits allowed.
func (m *numModel) parse(s string) (*big.Rat, bool, error) {
	var re strings.Builder
	re.WriteString(`^\s*`)
	signRe := func(kind string) string {
		if kind == "S" {
			return `(?P<sign>[+-])`
		}
		return `(?P<sign>[+-]?)`
	}
	for _, sg := range m.prefix {
		if sg.sign != "" {
			re.WriteString(signRe(sg.sign) + ` *`)
		} else {
			re.WriteString(litRe(sg.lit))
		}
	}
	if m.leadSign == "" && m.trailSgn == "" && m.tm == "" {
		re.WriteString(`(?P<sign>-?) *`)
	}
	if m.dollar {
		re.WriteString(`\$`)
	}
	switch {
	case m.tm != "":
		if !strings.EqualFold(m.tm, "TM9") {
			return nil, false, unsupportedFormat(m.format, "TME on input")
		}
		re.WriteString(`(?P<sign>[+-]?) *(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?`)
	case m.hex:
		re.WriteString(fmt.Sprintf(`(?P<int>[0-9A-Fa-f]{1,%d})`, len(m.intPos)))
	default:
		re.WriteString(`(?P<int>` + m.intRe() + `)`)
		if m.dot {
			req := 0
			for i, p := range m.fracPos {
				if p == '0' {
					req = i + 1
				}
			}
			min := max(req, 1)
			re.WriteString(fmt.Sprintf(`(?:\.(?P<frac>[0-9]{%d,%d})`, min, len(m.fracPos)))
			if req == 0 {
				re.WriteString(`|\.?)`) // "The decimal dot before an empty fractional part is optional in lax mode"
			} else {
				re.WriteString(`)`)
			}
		}
	}
	for _, sg := range m.suffix {
		if sg.sign != "" {
			re.WriteString(signRe(sg.sign))
		} else {
			re.WriteString(litRe(sg.lit))
		}
	}
	re.WriteString(`\s*$`)
	rx, err := regexp.Compile("(?i)" + re.String())
	if err != nil {
		return nil, false, unsupportedFormat(m.format, err.Error())
	}
	g := rx.FindStringSubmatch(s)
	if g == nil {
		return nil, false, nil
	}
	var sign, intPart, frac string
	for i, name := range rx.SubexpNames() {
		switch name {
		case "sign":
			if g[i] != "" {
				sign = g[i]
			}
		case "int":
			intPart = g[i]
		case "frac":
			frac = g[i]
		}
	}
	if m.hex {
		x, ok := new(big.Int).SetString(intPart, 16)
		if !ok {
			return nil, false, nil
		}
		v := new(big.Rat).SetInt(x)
		if sign == "-" {
			v.Neg(v)
		}
		return v, true, nil
	}
	intPart = strings.ReplaceAll(intPart, ",", "")
	if intPart == "" && frac == "" {
		return nil, false, nil
	}
	v, ok := new(big.Rat).SetString("0" + intPart + "." + frac + "0")
	if !ok {
		return nil, false, nil
	}
	if sign == "-" {
		v.Neg(v)
	}
	return v, true, nil
}

// intRe matches the integer digits of a fixed-position model: with or
// without its group separators, at most as many digits as positions and at
// least as many as from the first '0' element on.
func (m *numModel) intRe() string {
	var groups []int // digit positions between separators, left to right
	n := 0
	req := 0
	for i, p := range m.intPos {
		if p == ',' {
			groups = append(groups, n)
			n = 0
			continue
		}
		n++
		if p == '0' && req == 0 {
			for _, q := range m.intPos[i:] {
				if q != ',' {
					req++
				}
			}
		}
	}
	groups = append(groups, n)
	total := 0
	for _, g := range groups {
		total += g
	}
	if total == 0 {
		return ``
	}
	minDigits := max(req, 1)
	if m.blank || m.dot {
		minDigits = req // B, or ".5": no digits in the integer part
	}
	plain := fmt.Sprintf(`[0-9]{%d,%d}`, minDigits, total)
	if len(groups) == 1 {
		return plain
	}
	// With separators: a leading partial group, then full groups.
	var alts []string
	for k := 1; k <= len(groups); k++ {
		// The number uses the last k groups; the first of them may be partial.
		used := groups[len(groups)-k:]
		digits := 0
		for _, g := range used[1:] {
			digits += g
		}
		lo := max(minDigits-digits, 1)
		if lo > used[0] {
			continue
		}
		alt := fmt.Sprintf(`[0-9]{%d,%d}`, lo, used[0])
		for _, g := range used[1:] {
			alt += fmt.Sprintf(`,[0-9]{%d}`, g)
		}
		alts = append(alts, alt)
	}
	return `(?:` + plain + `|` + strings.Join(alts, `|`) + `)`
}

func litRe(lit string) string {
	if strings.TrimSpace(lit) == "" && lit != "" {
		return ` +`
	}
	return regexp.QuoteMeta(lit)
}
