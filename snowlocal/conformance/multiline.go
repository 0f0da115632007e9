package conformance

// joinMultiline merges the lines of a box table whose cells span several
// lines (SnowSQL prints VARIANT, OBJECT and ARRAY values pretty-printed, one
// line per element) into one row each: a row goes on while some cell has an
// open JSON bracket. A cell's pieces are joined with a space (the comparison
// of JSON values ignores layout).
func joinMultiline(lines [][]string) [][]string {
	var out [][]string
	var cur []string
	depth := make([]int, 0)
	for _, line := range lines {
		if cur == nil {
			cur = append([]string(nil), line...)
			depth = make([]int, len(line))
		} else {
			for i, piece := range line {
				if i < len(cur) && piece != "" {
					if cur[i] == "" {
						cur[i] = piece
					} else {
						cur[i] += " " + piece
					}
				}
			}
		}
		open := false
		for i, piece := range line {
			if i < len(depth) {
				depth[i] += bracketDepth(piece)
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
// a value ending in a newline prints an empty last line).
func joinTextLines(lines [][]string) [][]string {
	var out [][]string
	for k := 0; k < len(lines); {
		row := lines[k]
		end := k + 1
		for end < len(lines) && len(lines[end]) > 0 && lines[end][0] == "" {
			end++
		}
		joined := append([]string(nil), row...)
		for i := range joined {
			filled := false
			for _, l := range lines[k+1 : end] {
				filled = filled || i < len(l) && l[i] != ""
			}
			if !filled {
				continue
			}
			for _, l := range lines[k+1 : end] {
				piece := ""
				if i < len(l) {
					piece = l[i]
				}
				joined[i] += "\n" + piece
			}
		}
		out = append(out, joined)
		k = end
	}
	return out
}
