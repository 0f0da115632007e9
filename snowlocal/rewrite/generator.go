package rewrite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// GENERATOR and SEQ1/SEQ2/SEQ4/SEQ8.
//
// TABLE(GENERATOR(ROWCOUNT => n)) (docs: generator) is n rows of no
// columns; ROWCOUNT NULL or no arguments give 0 rows ("If ROWCOUNT or
// TIMELIMIT is null, it will be ignored", "If both parameters … are
// omitted, the GENERATOR function returns 0 rows"). The local relation
// carries one hidden column, the row's index 0…n-1 (genIndex), which SEQ*
// reads; a star over it, which would show that column where Snowflake has
// none, is refused, and so is TIMELIMIT (as many rows as the machine makes
// in the time).
//
// SEQ1/2/4/8([0|1]) (docs: seq1) "Returns a sequence of monotonically
// increasing integers, with wrap-around" after the largest integer of the
// width; sign 1 "continues at the smallest representable number", sign 0
// (the default) "continues at 0". The docs' example shows SEQ1(1) going
// 127, -128, -127; for sign 0 they do not say whether the largest integer
// is the signed or the unsigned one (127 or 255 for SEQ1), so a value past
// the signed maximum is refused. The sequence "does not necessarily produce
// a gap-free sequence": the local one has no gaps, which the docs' examples
// show. In a query block reading only a GENERATOR, SEQ* is the row's index;
// elsewhere it numbers the block's rows as they come (ROW_NUMBER() OVER ()
// - 1), where DuckDB allows a window function (the select list, ORDER BY,
// QUALIFY; WHERE, GROUP BY and aggregate arguments fail), and a block that
// groups or aggregates is refused (the window would number its groups).

// genIndex is the hidden row-index column of a GENERATOR relation.
const genIndex = "_SF_GEN_I"

// generator renders GENERATOR(args) [alias] as a relation.
func (p *parser) generator(c *call, alias string) (string, error) {
	if strings.Contains(alias, "(") {
		return "", p.unsupported(c.t, "GENERATOR with column aliases")
	}
	rows := int64(0)
	for _, a := range c.args {
		isNull := len(a.toks) == 1 && a.toks[0].IsWord("NULL")
		switch a.name {
		case "ROWCOUNT":
			if isNull {
				continue
			}
			n, err := constantCount(a)
			if err != nil {
				return "", p.unsupported(c.t, "GENERATOR with a ROWCOUNT that is not a non-negative integer literal")
			}
			rows = n
		case "TIMELIMIT":
			if !isNull {
				return "", p.unsupported(c.t, "GENERATOR with TIMELIMIT")
			}
		default:
			return "", p.unsupported(c.t, "GENERATOR argument "+strconv.Quote(a.name))
		}
	}
	return fmt.Sprintf("(SELECT range AS %s FROM range(%d))%s", genIndex, rows, alias), nil
}

// constantCount reads an argument that is a non-negative integer literal.
func constantCount(a arg) (int64, error) {
	if len(a.toks) != 1 || a.toks[0].Kind != sqllex.Number {
		return 0, fmt.Errorf("not an integer literal")
	}
	return strconv.ParseInt(a.toks[0].Text, 10, 64)
}

// blockGenerator reads the FROM clause of the query block being rewritten
// (its select list starts at blockSelect[0]): any reports a
// TABLE(GENERATOR(...)) among its relations, only that it is the one
// relation.
func (p *parser) blockGenerator() (any, only bool) {
	at := func(j int) tok {
		if j < len(p.toks) {
			return p.toks[j]
		}
		return tok{}
	}
	depth, from := 0, -1
	for k := p.blockSelect[0]; k < len(p.toks) && from < 0; k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth < 0 {
				return false, false
			}
		case depth == 0 && (t.IsOp(";") || t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")):
			return false, false
		case depth == 0 && t.IsWord("FROM") && !(k > 0 && p.toks[k-1].IsWord("DISTINCT")):
			from = k
		}
	}
	if from < 0 {
		return false, false
	}
	items := 0
	depth = 0
	for k := from + 1; k < len(p.toks); k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth == 0 && k > 0 && p.toks[k-1].IsWord("TABLE") && at(k+1).IsWord("GENERATOR") && at(k+2).IsOp("(") {
				any = true
			}
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth < 0 {
				return any, any && items == 0
			}
		case depth > 0:
		case t.IsOp(",") || isJoin(t):
			items++
		case t.IsOp(";") || isClause(t) && !t.IsWord("ON") && !t.IsWord("USING"):
			return any, any && items == 0
		}
	}
	return any, any && items == 0
}

// seqCall is SEQ1/SEQ2/SEQ4/SEQ8([0|1]).
func seqCall(bytes int) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 0, 1); err != nil {
			return expr{}, err
		}
		signed := false
		if len(c.args) == 1 {
			w, ok := c.args[0].word()
			if !ok || (w != "0" && w != "1") {
				return expr{}, p.unsupported(c.t, c.name+" with a sign argument other than 0 or 1")
			}
			signed = w == "1"
		}
		var n string
		any, only := p.blockGenerator()
		switch {
		case only:
			n = genIndex
		case any:
			return expr{}, p.unsupported(c.t, c.name+" in a query joining a GENERATOR with another relation")
		case p.blockAggregates():
			return expr{}, p.unsupported(c.t, c.name+" in a query that groups or aggregates")
		case !p.windowMayStand(c.t):
			return expr{}, p.unsupported(c.t, c.name+" outside the select list and ORDER BY of a query not reading only a GENERATOR")
		default:
			n = "(row_number() OVER () - 1)"
		}
		half := "1"
		if bytes < 8 {
			half = fmt.Sprintf("%d", int64(1)<<(8*bytes-1))
		}
		var sql string
		switch {
		case bytes == 8:
			// 2^63 rows are out of reach: no wrap-around.
			sql = fmt.Sprintf("CAST(%s AS BIGINT)", n)
		case signed:
			sql = fmt.Sprintf("CAST((%[1]s + %[2]s) %% (2 * %[2]s) - %[2]s AS BIGINT)", n, half)
		default:
			sql = fmt.Sprintf("list_transform([CAST(%[1]s AS BIGINT)], _sf_n -> CASE WHEN _sf_n >= %[2]s THEN CAST(_SF_REFUSE('%[3]s(0) past %[4]s rows (the docs do not say where the unsigned sequence wraps)', _sf_n) AS BIGINT) ELSE _sf_n END)[1]",
				n, half, c.name, half)
		}
		return expr{sql: sql, typ: "BIGINT"}, nil
	}
}

func init() {
	registerFuncs(map[string]funcHandler{
		"SEQ1": seqCall(1), "SEQ2": seqCall(2), "SEQ4": seqCall(4), "SEQ8": seqCall(8),
	})
}

// blockAggregates reports whether the query block being rewritten (its
// select list starting at blockSelect[0]) groups (GROUP BY, HAVING) or
// calls an aggregate function anywhere (nested queries and windowed
// aggregates included: an over-cautious answer only refuses).
func (p *parser) blockAggregates() bool {
	depth := 0
	for k := p.blockSelect[0]; k < len(p.toks); k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			if depth--; depth < 0 {
				return false
			}
		case depth == 0 && (t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS") || t.IsOp(";")):
			return false
		case depth == 0 && (t.IsWord("HAVING") || t.IsWord("GROUP") && k+1 < len(p.toks) && p.toks[k+1].IsWord("BY")):
			return true
		case t.Kind == sqllex.Word && k+1 < len(p.toks) && p.toks[k+1].IsOp("(") && aggregateNames[strings.ToUpper(t.Text)]:
			return true
		}
	}
	return false
}

// windowMayStand reports whether the call starting at token t stands where
// DuckDB takes a window function: in the select list or the ORDER BY of
// the query block being rewritten, outside a window's OVER (...).
func (p *parser) windowMayStand(t tok) bool {
	idx := -1
	for k := min(p.i, len(p.toks)-1); k >= p.blockSelect[0]; k-- {
		if p.toks[k].Line == t.Line && p.toks[k].Col == t.Col {
			idx = k
			break
		}
	}
	if idx < 0 {
		return false
	}
	clause := "SELECT"
	var over []bool // the open brackets: whether each is a window's OVER (
	for k := p.blockSelect[0]; k < idx; k++ {
		tk := p.toks[k]
		switch {
		case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{"):
			over = append(over, k > 0 && p.toks[k-1].IsWord("OVER"))
		case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}"):
			if len(over) == 0 {
				return false
			}
			over = over[:len(over)-1]
		case len(over) == 0 && isClause(tk):
			clause = strings.ToUpper(tk.Text)
		}
	}
	for _, o := range over {
		if o {
			return false
		}
	}
	return clause == "SELECT" || clause == "ORDER"
}
