package conformance

import "regexp"

// joinMultiline merges the lines of a box table whose cells span several
// lines (SnowSQL prints VARIANT, OBJECT and ARRAY values pretty-printed, one
// line per element) into one row each: a row goes on while some cell has an
// open JSON bracket or an open XML element. A JSON cell's pieces are joined
// with a space (the comparison of JSON values ignores layout); an XML
// cell's (one whose first line starts with '<': an OBJECT read by
// PARSE_XML, which prints as XML text) with a newline, each line as raw
// holds it (its indentation kept), as the engine must print it exactly.
func joinMultiline(lines, raw [][]string) [][]string {
	var out [][]string
	var cur []string
	depth := make([]int, 0)
	var xml []bool
	for n, line := range lines {
		if cur == nil {
			cur = append([]string(nil), line...)
			depth = make([]int, len(line))
			xml = make([]bool, len(line))
			for i, piece := range line {
				xml[i] = len(piece) > 0 && piece[0] == '<'
			}
		} else {
			for i, piece := range line {
				if i < len(cur) && piece != "" {
					switch {
					case xml[i] && n < len(raw) && i < len(raw[n]):
						cur[i] += "\n" + raw[n][i]
					case cur[i] == "":
						cur[i] = piece
					default:
						cur[i] += " " + piece
					}
				}
			}
		}
		open := false
		for i, piece := range line {
			if i < len(depth) {
				if xml[i] {
					depth[i] += xmlDepth(piece)
				} else {
					depth[i] += bracketDepth(piece)
				}
				open = open || depth[i] > 0
			}
		}
		if !open {
			out = append(out, cur)
			cur = nil
		}
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

var xmlTag = regexp.MustCompile(`<(/?)[A-Za-z_][^<>]*?(/?)>`)

// xmlDepth is the change of XML element nesting over s: +1 a start tag,
// -1 an end tag, 0 an empty-element tag.
func xmlDepth(s string) int {
	d := 0
	for _, m := range xmlTag.FindAllStringSubmatch(s, -1) {
		switch {
		case m[1] == "/":
			d--
		case m[2] == "":
			d++
		}
	}
	return d
}

// bracketDepth is the change of JSON nesting over s, ignoring brackets in
// JSON strings.
func bracketDepth(s string) int {
	d, inStr, esc := 0, false, false
	for _, r := range s {
		switch {
		case esc:
			esc = false
		case inStr && r == '\\':
			esc = true
		case r == '"':
			inStr = !inStr
		case inStr:
		case r == '[' || r == '{':
			d++
		case r == ']' || r == '}':
			d--
		}
	}
	return d
}

// joinTextLines merges the lines of a box table whose text cells hold
// newlines into one row each: a line whose first cell is empty goes on the
// row above, and in each column that any such line fills, the row's pieces
// are joined with newlines (an empty piece is an empty line of the text:
// a value ending in a newline prints an empty last line). A continuation
// piece is taken from raw (the cells with only their padding blank taken
// off) when raw is given: a text is printed left-aligned, so the blanks
// that indent a later line of it are part of the value.
func joinTextLines(lines, raw [][]string) [][]string {
	var out [][]string
	for k := 0; k < len(lines); {
		end := k + 1
		for end < len(lines) && len(lines[end]) > 0 && lines[end][0] == "" {
			end++
		}
		out = append(out, joinRowLines(lines, raw, k, end))
		k = end
	}
	return out
}

// joinLinePairs merges a box table whose every row is printed over two
// lines (a value in its first column holds a newline, so the rule of
// joinTextLines cannot find where a row starts): lines 2k and 2k+1 are row
// k, joined as joinTextLines joins a row's lines. An odd last line is a
// row of its own.
func joinLinePairs(lines, raw [][]string) [][]string {
	var out [][]string
	for k := 0; k < len(lines); k += 2 {
		out = append(out, joinRowLines(lines, raw, k, min(k+2, len(lines))))
	}
	return out
}

// joinRowLines joins lines[k:end], the lines of one row: in each column
// that a later line fills, the pieces are joined with newlines.
func joinRowLines(lines, raw [][]string, k, end int) []string {
	joined := append([]string(nil), lines[k]...)
	for i := range joined {
		filled := false
		for _, l := range lines[k+1 : end] {
			filled = filled || i < len(l) && l[i] != ""
		}
		if !filled {
			continue
		}
		for n, l := range lines[k+1 : end] {
			piece := ""
			if i < len(l) {
				piece = l[i]
				if raw != nil {
					piece = raw[k+1+n][i]
				}
			}
			joined[i] += "\n" + piece
		}
	}
	return joined
}
