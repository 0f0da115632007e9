package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A set operation of pivots' stars (docs: PIVOT, "Dynamic pivot with
// multiple aggregations using UNION": AVG, MAX, MIN, COUNT and SUM pivots
// of one INT column, every value shown with the AVG's six decimals,
// 9633.333333 beside 28900.000000). Snowflake's fold keeps the widest
// scale; DuckDB's fold of the AVG's DECIMAL(38, 6) and the SUM's 38-digit
// integer cut it (9633). Where every branch is
//
//	SELECT 'text' [[AS] name], …, * FROM table PIVOT (agg(col) FOR vcol IN (…)) [ORDER BY …]
//
// over one table's NUMBER column, the same value column and the same IN
// list (so the same columns), the pivot columns of each branch are cast to
// DECIMAL(38, S), S the widest scale of the aggregates' Snowflake types
// (types_agg.go: AVG NUMBER(p + 18, s + 6), SUM NUMBER(p + 12, s), MIN and
// MAX the column's, COUNT NUMBER(18, 0)). Any other set operation of a
// PIVOT's star is refused (setChain).

// pivotStarBranch is one branch of that shape.
type pivotStarBranch struct {
	at               int // the PIVOT keyword
	texts            int // the text items ahead of the star
	table, col, vcol string
	in               string // the IN list's text
	scale            int    // the scale of the aggregate's Snowflake type
}

// pivotChainFold reads the set operation between start and end (split at
// splits) as pivots' stars and records the cast of their columns in
// p.pivotCast; false where it is not of that shape.
func (p *parser) pivotChainFold(start, end int, splits []int) bool {
	var brs []pivotStarBranch
	from := start
	for k := 0; k <= len(splits); k++ {
		to := end
		if k < len(splits) {
			to = splits[k]
		}
		a := from
		for a < to && (p.toks[a].IsWord("ALL") || p.toks[a].IsWord("DISTINCT")) && k > 0 {
			a++
		}
		br, ok := p.pivotStar(a, to)
		if !ok {
			return false
		}
		if len(brs) > 0 {
			f := brs[0]
			if br.texts != f.texts || br.table != f.table || br.col != f.col || br.vcol != f.vcol || br.in != f.in {
				return false
			}
		}
		brs = append(brs, br)
		if k < len(splits) {
			from = splits[k] + 1
		}
	}
	scale := 0
	for _, br := range brs {
		scale = max(scale, br.scale)
	}
	if scale == 0 {
		return true // integers: DuckDB's fold keeps them
	}
	if p.pivotCast == nil {
		p.pivotCast = map[int]string{}
	}
	for _, br := range brs {
		p.pivotCast[br.at] = fmt.Sprintf("DECIMAL(38, %d)", scale)
	}
	return true
}

// pivotStar reads the branch between a and b as SELECT 'text' [[AS] name],
// …, * FROM table PIVOT (agg(col) FOR vcol IN (…)) [ORDER BY …].
func (p *parser) pivotStar(a, b int) (pivotStarBranch, bool) {
	var br pivotStarBranch
	at := func(k int) tok {
		if k < b {
			return p.toks[k]
		}
		return tok{}
	}
	name := func(t tok) bool {
		return t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]
	}
	if !at(a).IsWord("SELECT") {
		return br, false
	}
	k := a + 1
	for at(k).Kind == sqllex.String {
		k++
		if at(k).IsWord("AS") && name(at(k+1)) {
			k += 2
		} else if name(at(k)) {
			k++
		}
		if !at(k).IsOp(",") {
			return br, false
		}
		k++
		br.texts++
	}
	if !at(k).IsOp("*") || !at(k+1).IsWord("FROM") || !name(at(k+2)) || !at(k+3).IsWord("PIVOT") || !at(k+4).IsOp("(") {
		return br, false
	}
	br.table, br.at = identKey(at(k+2)), k+3
	k += 5
	agg := strings.ToUpper(at(k).Text)
	if at(k).Kind != sqllex.Word || !at(k+1).IsOp("(") || !name(at(k+2)) || !at(k+3).IsOp(")") || !at(k+4).IsWord("FOR") ||
		!name(at(k+5)) || !at(k+6).IsWord("IN") || !at(k+7).IsOp("(") {
		return br, false
	}
	br.col, br.vcol = identKey(at(k+2)), identKey(at(k+5))
	inEnd := p.matching(k + 7)
	if inEnd < 0 || inEnd+1 >= b || !p.toks[inEnd+1].IsOp(")") {
		return br, false // DEFAULT ON NULL, an aggregate alias…
	}
	br.in = p.text(k+7, inEnd)
	if rest := inEnd + 2; rest < b && !p.toks[rest].IsWord("ORDER") {
		return br, false
	}
	rel := p.tableRel([]tok{at(br.at - 1)}, tok{})
	rel.load(p)
	if rel.failed || rel.dup[br.col] {
		return br, false
	}
	scale := 0
	switch t := rel.raw[br.col]; {
	case t == "BIGINT": // an INT column, a NUMBER(38, 0)
	case duckDecimal(t).ok: // types_mul.go
		scale = duckDecimal(t).s
	default:
		return br, false
	}
	switch agg {
	case "AVG":
		br.scale = scale + 6
	case "SUM", "MIN", "MAX":
		br.scale = scale
	case "COUNT":
	default:
		return br, false
	}
	return br, true
}
