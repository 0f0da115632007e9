package sfunc

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// PARSE_XML and CHECK_XML. Snowflake reads an XML element into an OBJECT
// (docs: semistructured-data-formats, "XML"; xmlget): "@" holds the tag
// name, "@attr" each attribute's value, "$" the content (a lone text or
// child element as itself, several items as an ARRAY of them, text and
// elements in document order), and each child element's name holds its
// position in "$" (an ARRAY of positions when the name repeats). Text is
// trimmed, whitespace-only text between elements dropped (the xmlget
// page's '<level2> 2 <level3> 3A </level3> <level3> 3B </level3> </level2>'
// reads "$" [2, {"$": "3A", ...}, {"$": "3B", ...}]), and unless
// DISABLE_AUTO_CONVERT is TRUE a number is stored as a number: an integer
// as a NUMBER, 22257e111 as a DOUBLE (docs: parse_xml).
//
// The local engine reads the subset of XML whose reading those pages and
// behavior change 2025_01 (release-notes/bcr-bundles/2025_01/bcr-1862)
// fix: elements, attributes and text; the predefined entities decoded;
// processing instructions (the XML declaration too) before the root
// dropped; whitespace kept under xml:space="preserve". Anything else is
// refused (002040, naming it) rather than guessed: comments, DOCTYPE,
// CDATA sections and later processing instructions; character references
// and other entities; a namespace prefix on an element; a number with a
// fraction (PARSE_XML "might truncate trailing zeros", and stored next to
// an integer "might add trailing zeros": docs: parse_xml usage notes) and
// any other number form than an integer or one with an exponent; the words
// true, false and null (the page says "obviously Boolean" values convert
// without saying which are); an attribute value with leading or trailing
// whitespace, a text with it when auto-conversion is off, either holding a
// tab or line break; xml:space="preserve" around elements or a number; and
// any syntax error but the one CHECK_XML's page shows.

// xmlMode is how a parse treats text.
type xmlMode int

const (
	xmlConvert xmlMode = iota // PARSE_XML: numbers converted
	xmlKeep                   // PARSE_XML with DISABLE_AUTO_CONVERT: text kept
	xmlCheck                  // CHECK_XML: syntax only
)

// xmlSyntaxError is a document Snowflake rejects with the message msg.
type xmlSyntaxError struct{ msg string }

func (e *xmlSyntaxError) Error() string { return e.msg }

type xmlParser struct {
	s    string
	i    int
	mode xmlMode
	open []string // names of the elements being read, outermost first
	// noDouble refuses a number read as a DOUBLE (ParseXMLStored).
	noDouble bool
}

func xmlUnsupported(what string) error { return &UnsupportedError{What: what} }

// ParseXML is PARSE_XML(s, disableAutoConvert): the OBJECT as JSON text.
func ParseXML(s string, disableAutoConvert bool) (string, error) {
	return parseXML(s, disableAutoConvert, false)
}

// ParseXMLStored is ParseXML for a value the statement stores (INSERT,
// UPDATE, MERGE, CREATE TABLE AS, COPY, a view): a number read as a DOUBLE
// is refused there. The docs say that when PARSE_XML values mixing integers
// and "values in decimal notation" are inserted into one VARIANT column,
// Snowflake "might add trailing zeros" (parse_xml usage notes), a rule no
// source spells out and one row cannot see.
func ParseXMLStored(s string, disableAutoConvert bool) (string, error) {
	return parseXML(s, disableAutoConvert, true)
}

func parseXML(s string, disableAutoConvert, noDouble bool) (string, error) {
	mode := xmlConvert
	if disableAutoConvert {
		mode = xmlKeep
	}
	v, err := parseXMLDocument(s, mode, noDouble)
	if err != nil {
		var syn *xmlSyntaxError
		if errors.As(err, &syn) {
			// PARSE_XML fails with 100100 "Error parsing XML: " and the
			// message CHECK_XML returns (docs: bcr-1862 shows "100100
			// (22P02): Error parsing XML: unknown entity &placeholder;,
			// pos 68"; check_xml the message of a closing tag).
			return "", fmt.Errorf("100100 (22P02): Error parsing XML: %s", syn.msg)
		}
		return "", err
	}
	var b strings.Builder
	writeSorted(&b, v)
	return markXML(b.String()), nil
}

// CheckXML is CHECK_XML(s): "" for a valid document, else Snowflake's
// message. The one message the docs show (check_xml: '<name> Invalid
// </WRONG_CLOSING_TAG>' answers "no opening tag for </WRONG_CLOSING_TAG>,
// pos 35") is the one produced; any other error is refused.
func CheckXML(s string) (string, error) {
	_, err := parseXMLDocument(s, xmlCheck, false)
	if err == nil {
		return "", nil
	}
	var syn *xmlSyntaxError
	if errors.As(err, &syn) {
		return syn.msg, nil
	}
	return "", err
}

func parseXMLDocument(s string, mode xmlMode, noDouble bool) (map[string]any, error) {
	p := &xmlParser{s: s, mode: mode, noDouble: noDouble}
	p.ws()
	// Processing instructions (the XML declaration among them) before the
	// root element are dropped (docs: bcr-1862, '<?PITarget PIContent
	// ??><mytag />' reads <mytag></mytag>).
	for strings.HasPrefix(p.s[p.i:], "<?") {
		end := strings.Index(p.s[p.i+2:], "?>")
		if end < 0 {
			return nil, xmlUnsupported("XML with an unterminated processing instruction")
		}
		p.i += end + 4
		p.ws()
	}
	if p.i >= len(p.s) || p.s[p.i] != '<' {
		return nil, xmlUnsupported("XML text that does not start with an element")
	}
	root, err := p.element()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i < len(p.s) {
		return nil, xmlUnsupported("XML with content after the root element")
	}
	return root, nil
}

func (p *xmlParser) ws() {
	for p.i < len(p.s) && isXMLSpace(p.s[p.i]) {
		p.i++
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// XML names the engine reads: ASCII letters, digits, '_', '.' and '-'; an
// attribute's name may have a prefix (docs: bcr-1862 shows xml:space and
// xsl:space), an element's not (namespaced elements are refused).
var (
	xmlNameRE     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*`)
	xmlAttrNameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z_][A-Za-z0-9_.-]*)?`)
)

func (p *xmlParser) name(attr bool) (string, error) {
	re := xmlNameRE
	if attr {
		re = xmlAttrNameRE
	}
	n := re.FindString(p.s[p.i:])
	if n == "" || (p.i+len(n) < len(p.s) && (p.s[p.i+len(n)] == ':' || p.s[p.i+len(n)] >= utf8.RuneSelf)) {
		return "", xmlUnsupported("an XML name other than ASCII letters, digits, '_', '.' and '-' (a namespace prefix included, but on an attribute)")
	}
	p.i += len(n)
	return n, nil
}

// element reads an element at '<'.
func (p *xmlParser) element() (map[string]any, error) {
	p.i++ // '<'
	if p.i < len(p.s) && (p.s[p.i] == '?' || p.s[p.i] == '!') {
		return nil, xmlUnsupported("XML declarations, processing instructions, comments, DOCTYPE and CDATA sections")
	}
	name, err := p.name(false)
	if err != nil {
		return nil, err
	}
	m := map[string]any{"@": name}
	preserve := false
	for {
		sawSpace := p.i < len(p.s) && isXMLSpace(p.s[p.i])
		p.ws()
		if p.i >= len(p.s) {
			return nil, xmlUnsupported("XML with an unterminated tag")
		}
		if strings.HasPrefix(p.s[p.i:], "/>") {
			p.i += 2
			return m, nil
		}
		if p.s[p.i] == '>' {
			p.i++
			break
		}
		if !sawSpace {
			return nil, xmlUnsupported("XML with a malformed tag")
		}
		attr, err := p.name(true)
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '=' {
			return nil, xmlUnsupported("XML with a malformed attribute")
		}
		p.i++
		p.ws()
		if p.i >= len(p.s) || (p.s[p.i] != '"' && p.s[p.i] != '\'') {
			return nil, xmlUnsupported("XML with a malformed attribute")
		}
		q := p.s[p.i]
		end := strings.IndexByte(p.s[p.i+1:], q)
		if end < 0 {
			return nil, xmlUnsupported("XML with an unterminated attribute value")
		}
		raw := p.s[p.i+1 : p.i+1+end]
		p.i += end + 2
		if strings.ContainsRune(raw, '<') {
			return nil, xmlUnsupported("an XML attribute value holding '<'")
		}
		if _, dup := m["@"+attr]; dup {
			return nil, xmlUnsupported("XML with a repeated attribute")
		}
		text, err := decodeXMLReferences(raw)
		if err != nil {
			return nil, err
		}
		if attr == "xml:space" {
			// Whitespace is kept in an element with xml:space="preserve"
			// (docs: bcr-1862, '<mytag xml:space="preserve"> my content
			// </mytag>' prints as written).
			if text != "preserve" {
				return nil, xmlUnsupported(`xml:space other than "preserve"`)
			}
			preserve = true
		}
		v, err := p.scalar(text, true, false)
		if err != nil {
			return nil, err
		}
		m["@"+attr] = v
	}
	p.open = append(p.open, name)
	var items []any
	positions := map[string][]any{}
	for {
		if p.i >= len(p.s) {
			return nil, xmlUnsupported("XML with an unclosed element")
		}
		if strings.HasPrefix(p.s[p.i:], "</") {
			p.i += 2
			closing, err := p.name(false)
			if err != nil {
				return nil, err
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != '>' {
				return nil, xmlUnsupported("XML with a malformed closing tag")
			}
			p.i++
			if closing != name {
				return nil, p.mismatch(closing)
			}
			p.open = p.open[:len(p.open)-1]
			break
		}
		if p.s[p.i] == '<' {
			if preserve {
				return nil, xmlUnsupported(`an element with xml:space="preserve" holding elements`)
			}
			child, err := p.element()
			if err != nil {
				return nil, err
			}
			cn := child["@"].(string)
			positions[cn] = append(positions[cn], json.Number(strconv.Itoa(len(items))))
			items = append(items, child)
			continue
		}
		end := strings.IndexByte(p.s[p.i:], '<')
		if end < 0 {
			end = len(p.s) - p.i
		}
		raw := p.s[p.i : p.i+end]
		p.i += end
		if strings.TrimLeft(raw, " \t\r\n") == "" {
			if preserve {
				return nil, xmlUnsupported(`whitespace-only text with xml:space="preserve"`)
			}
			continue
		}
		text, err := decodeXMLReferences(raw)
		if err != nil {
			return nil, err
		}
		v, err := p.scalar(text, false, preserve)
		if err != nil {
			return nil, err
		}
		items = append(items, v)
	}
	switch len(items) {
	case 0:
	case 1:
		m["$"] = items[0]
	default:
		m["$"] = items
	}
	for cn, pos := range positions {
		if len(pos) == 1 {
			m[cn] = pos[0]
		} else {
			m[cn] = pos
		}
	}
	return m, nil
}

// mismatch is the error for a closing tag that does not close the open
// element. Snowflake's message is documented for a tag no open element has,
// ending the document (check_xml: pos 35 for the page's 35-character
// document, which is both the end of the tag and of the text, so the
// message is given only there); elsewhere it is refused.
func (p *xmlParser) mismatch(closing string) error {
	for _, o := range p.open {
		if o == closing {
			return xmlUnsupported("XML whose closing tag skips an open element")
		}
	}
	if p.i != len(p.s) || !isASCII(p.s) {
		return xmlUnsupported("the position of an XML error before the end of the text or after a non-ASCII character")
	}
	return &xmlSyntaxError{msg: fmt.Sprintf("no opening tag for </%s>, pos %d", closing, p.i)}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var (
	xmlIntegerRE     = regexp.MustCompile(`^-?(0|[1-9][0-9]{0,37})$`)
	xmlDoubleRE      = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?[eE][-+]?[0-9]+$`)
	xmlNumberLikeRE  = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)
	xmlWordLiteralRE = regexp.MustCompile(`(?i)^(true|false|null|nan|inf|infinity|[-+]inf|[-+]infinity)$`)
)

// scalar is the value of a text or attribute value raw (references
// decoded); preserve keeps a text as written (xml:space="preserve").
func (p *xmlParser) scalar(raw string, attr, preserve bool) (any, error) {
	if p.mode == xmlCheck {
		return raw, nil
	}
	if strings.ContainsAny(raw, "\t\r\n") {
		return nil, xmlUnsupported("XML text or attribute value holding a tab or line break")
	}
	t := strings.Trim(raw, " ")
	if preserve {
		// Whether a number is converted there, no source says.
		if xmlNumberLikeRE.MatchString(t) || xmlWordLiteralRE.MatchString(t) {
			return nil, xmlUnsupported(`PARSE_XML auto-conversion with xml:space="preserve" of ` + strconv.Quote(t))
		}
		return raw, nil
	}
	if t != raw && (p.mode == xmlKeep || attr) {
		return nil, xmlUnsupported("XML text with leading or trailing whitespace with DISABLE_AUTO_CONVERT, or an attribute value with it")
	}
	if p.mode == xmlKeep {
		return t, nil
	}
	switch {
	case xmlIntegerRE.MatchString(t) && t != "-0":
		return json.Number(t), nil
	case xmlDoubleRE.MatchString(t):
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(f, 0) {
			return nil, xmlUnsupported("XML number " + t + " outside a DOUBLE's range")
		}
		if p.noDouble {
			return nil, xmlUnsupported("PARSE_XML of the number " + t + " (a DOUBLE) in a statement that stores it (the docs say Snowflake might add trailing zeros to the numbers of a VARIANT column mixing them)")
		}
		return json.Number(t), nil
	case xmlNumberLikeRE.MatchString(t) || xmlWordLiteralRE.MatchString(t):
		return nil, xmlUnsupported("PARSE_XML auto-conversion of " + strconv.Quote(t))
	}
	return t, nil
}

// xmlEntities are the predefined entities (docs: bcr-1862 reads
// myattr="&lt;&gt;'" as the value <>').
var xmlEntities = map[string]string{"lt": "<", "gt": ">", "amp": "&", "apos": "'", "quot": `"`}

// decodeXMLReferences replaces the predefined entity references of raw;
// character references and other entities are refused.
func decodeXMLReferences(raw string) (string, error) {
	if !strings.ContainsRune(raw, '&') {
		return raw, nil
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(raw, '&')
		if i < 0 {
			b.WriteString(raw)
			return b.String(), nil
		}
		b.WriteString(raw[:i])
		end := strings.IndexByte(raw[i:], ';')
		if end < 0 {
			return "", xmlUnsupported("XML with a malformed reference")
		}
		v, ok := xmlEntities[raw[i+1:i+end]]
		if !ok {
			return "", xmlUnsupported("XML character references and entities other than &lt; &gt; &amp; &apos; &quot;")
		}
		b.WriteString(v)
		raw = raw[i+end+1:]
	}
}
