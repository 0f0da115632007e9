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
