package rewrite

import (
	"math"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Window frames Snowflake rejects where DuckDB computes one (docs: "Window
// function syntax and usage",
// https://docs.snowflake.com/en/sql-reference/functions-window-syntax, the
// CUME_DIST and PERCENT_RANK pages). Their error texts are not documented,
// so each is refused (002040) naming what Snowflake does not accept:
//   - a frame without an ORDER BY in OVER ("the ORDER BY clause inside the
//     OVER clause is required for window frame syntax");
//   - CUME_DIST with a frame ("does not support explicit window frames");
//   - PERCENT_RANK with a frame other than RANGE UNBOUNDED PRECEDING, RANGE
//     BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW or RANGE BETWEEN CURRENT
//     ROW AND UNBOUNDED FOLLOWING ("supports range-based window frames with
//     fixed boundaries only");
//   - a RANGE frame with an explicit offset in a function outside the
//     documented subset (COUNT, SUM, MIN, MAX, AVG, STDDEV, VARIANCE and
//     their aliases, COUNT_IF, FIRST_VALUE, LAST_VALUE, ARRAY_AGG), in a
//     DISTINCT call, or in a COUNT of more than one argument or of t.*;
//   - a RANGE frame whose end precedes its start ("RANGE BETWEEN 2
//     PRECEDING AND 4 PRECEDING" and "2 FOLLOWING AND 2 PRECEDING" "return
//     errors"), which DuckDB answers as an empty frame.

// rangeOffsetFuncs are the window functions the syntax page lists as
// supporting RANGE BETWEEN with explicit offsets.
var rangeOffsetFuncs = toSet(`COUNT SUM MIN MAX AVG STDDEV STDDEV_SAMP STDDEV_POP VARIANCE VARIANCE_SAMP
VAR_SAMP VARIANCE_POP VAR_POP COUNT_IF FIRST_VALUE LAST_VALUE ARRAY_AGG ARRAYAGG`)

// frameBound is one end of a window frame: its position relative to the
// current row (-Inf for UNBOUNDED PRECEDING, 0 for CURRENT ROW, +Inf for
// UNBOUNDED FOLLOWING), and whether it is an explicit offset; known is
// false for an offset whose size is not a plain number (an INTERVAL).
type frameBound struct {
	pos    float64
	offset bool
	known  bool
}

// windowFrame is a parsed frame clause: its mode (ROWS, RANGE, GROUPS)
// and bounds (the end is CURRENT ROW when only a start is written).
type windowFrame struct {
	mode       string
	start, end frameBound
	text       string // as written, upper-cased, for messages
}

// frameRules refuses a window frame of call c that Snowflake rejects.
func (p *parser) frameRules(c *call) error {
	if c.win == nil || c.win.frame < 0 || c.win.frame >= len(p.toks) {
		return nil
	}
	f, ok := p.parseFrame(c.win.frame)
	if !ok {
		return nil
	}
	at := p.toks[c.win.frame]
	if len(c.win.order) == 0 {
		return p.unsupported(at, "a window frame without ORDER BY in OVER (Snowflake requires one)")
	}
	switch c.name {
	case "CUME_DIST":
		return p.unsupported(at, "CUME_DIST with a window frame (Snowflake does not support one)")
	case "PERCENT_RANK":
		fixed := f.mode == "RANGE" && !f.start.offset && !f.end.offset &&
			(math.IsInf(f.start.pos, -1) && (f.end.pos == 0) || f.start.pos == 0 && math.IsInf(f.end.pos, 1))
		if !fixed {
			return p.unsupported(at, "PERCENT_RANK with a window frame other than RANGE with fixed boundaries (Snowflake supports only those)")
		}
	}
	if f.mode != "RANGE" {
		return nil
	}
	if f.start.offset || f.end.offset {
		switch {
		case !rangeOffsetFuncs[c.name]:
			return p.unsupported(at, c.name+" with a RANGE frame with an explicit offset (Snowflake supports it in COUNT, SUM, MIN, MAX, AVG, STDDEV, VARIANCE, COUNT_IF, FIRST_VALUE, LAST_VALUE and ARRAY_AGG only)")
		case len(c.args) > 0 && strings.HasPrefix(strings.ToUpper(c.args[0].sql), "DISTINCT "):
			return p.unsupported(at, c.name+"(DISTINCT ...) with a RANGE frame with an explicit offset")
		case c.name == "COUNT" && (len(c.args) > 1 || qualifiedStarArg(c)):
			return p.unsupported(at, "COUNT of several arguments or of t.* with a RANGE frame with an explicit offset")
		}
	}
	if side(f.start) > side(f.end) || f.start.known && f.end.known && f.start.pos > f.end.pos {
		return p.unsupported(at, "a RANGE frame whose end precedes its start ("+f.text+")")
	}
	return nil
}

// side is -1 for a bound before the current row, 0 for the current row
// and +1 for one after it.
func side(b frameBound) int {
	switch {
	case b.pos < 0:
		return -1
	case b.pos > 0:
		return 1
	}
	return 0
}

// qualifiedStarArg reports whether c's only argument is t.*.
func qualifiedStarArg(c *call) bool {
	if len(c.args) != 1 {
		return false
	}
	toks := c.args[0].toks
	return len(toks) >= 3 && toks[len(toks)-1].IsOp("*") && toks[len(toks)-2].IsOp(".")
}

// parseFrame reads the frame clause starting at token index i (ROWS,
// RANGE or GROUPS) up to the OVER clause's closing parenthesis.
func (p *parser) parseFrame(i int) (windowFrame, bool) {
	var words []tok
	for j, depth := i, 0; j < len(p.toks); j++ {
		t := p.toks[j]
		if t.IsOp("(") {
			depth++
		}
		if t.IsOp(")") {
			if depth == 0 {
				break
			}
			depth--
		}
		words = append(words, t)
	}
	if len(words) < 2 {
		return windowFrame{}, false
	}
	var text []string
	for _, t := range words {
		text = append(text, strings.ToUpper(t.Text))
	}
	f := windowFrame{mode: strings.ToUpper(words[0].Text), text: strings.Join(text, " ")}
	rest := words[1:]
	if rest[0].IsWord("BETWEEN") {
		and := -1
		for k := 1; k < len(rest); k++ {
			if rest[k].IsWord("AND") {
				and = k
				break
			}
		}
		if and < 0 {
			return windowFrame{}, false
		}
		var ok1, ok2 bool
		f.start, ok1 = parseBound(rest[1:and])
		f.end, ok2 = parseBound(rest[and+1:])
		return f, ok1 && ok2
	}
	var ok bool
	f.start, ok = parseBound(rest)
	f.end = frameBound{pos: 0, known: true}
	return f, ok
}

// parseBound reads one frame bound: UNBOUNDED PRECEDING/FOLLOWING, CURRENT
// ROW, or an offset followed by PRECEDING or FOLLOWING.
func parseBound(ts []tok) (frameBound, bool) {
	n := len(ts)
	switch {
	case n == 2 && ts[0].IsWord("UNBOUNDED") && ts[1].IsWord("PRECEDING"):
		return frameBound{pos: math.Inf(-1), known: true}, true
	case n == 2 && ts[0].IsWord("UNBOUNDED") && ts[1].IsWord("FOLLOWING"):
		return frameBound{pos: math.Inf(1), known: true}, true
	case n == 2 && ts[0].IsWord("CURRENT") && ts[1].IsWord("ROW"):
		return frameBound{pos: 0, known: true}, true
	case n >= 2 && (ts[n-1].IsWord("PRECEDING") || ts[n-1].IsWord("FOLLOWING")):
		sign := 1.0
		if ts[n-1].IsWord("PRECEDING") {
			sign = -1
		}
		b := frameBound{offset: true, pos: sign} // an INTERVAL: only its side is known
		if n == 2 && ts[0].Kind == sqllex.Number {
			if v, err := strconv.ParseFloat(ts[0].Text, 64); err == nil {
				b.pos, b.known = sign*v, true
			}
		}
		return b, true
	}
	return frameBound{}, false
}
