package rewrite

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Row pattern matching (docs: MATCH_RECOGNIZE,
// https://docs.snowflake.com/en/sql-reference/constructs/match_recognize).
// DuckDB has no MATCH_RECOGNIZE, so before the statement is rewritten a FROM
// item
//
//	src MATCH_RECOGNIZE ( PARTITION BY ... ORDER BY ... MEASURES ...
//	    ONE ROW PER MATCH | ALL ROWS PER MATCH [OMIT EMPTY MATCHES | WITH UNMATCHED ROWS]
//	    AFTER MATCH SKIP ... PATTERN ( ... ) DEFINE ... )
//
// is written as a subquery in three steps:
//
//  1. The engine reads ahead (Options.MatchRecognizeRows) one row per input
//     row: its number in PARTITION BY, ORDER BY order, its partition's number
//     and, per DEFINE symbol, whether the row satisfies it. PREV/NEXT (and
//     LAG/LEAD, as the docs' examples write them) navigate the partition in
//     ORDER BY order; a window aggregate with an explicit frame is computed
//     over the partition, as the docs' OVERAVG examples show.
//  2. The pattern is matched in Go per partition as a regular expression:
//     leftmost start, greedy quantifiers (reluctant with a trailing ?),
//     alternatives tried left to right, with backtracking; AFTER MATCH SKIP
//     picks where the next search starts. Each match found, an empty one
//     too, takes the next MATCH_NUMBER of its partition (the docs' OMIT
//     EMPTY MATCHES example numbers the ABCD match 7 after six empty ones).
//  3. The statement reads the input rows again joined with the matches as
//     a VALUES list (row number, match, MATCH_SEQUENCE_NUMBER, CLASSIFIER)
//     and computes MEASURES as window functions over each match's rows:
//     RUNNING (the default in ALL ROWS PER MATCH) up to the current row,
//     FINAL over the whole match; FIRST/LAST and symbol-predicated columns
//     read the row the matcher located. ONE ROW PER MATCH returns the
//     PARTITION BY columns and the measures of each match's last row; ALL
//     ROWS PER MATCH the input's columns and the measures.
//
// Rows matched inside an exclusion {- -} are matched and measured like the
// others but not output in ALL ROWS PER MATCH. PERMUTE(p, q) is the
// alternation of p q and q p; the docs do not say which is tried first, so
// both orders are matched and a difference refused. In MEASURES,
// PREV/NEXT/LAG/LEAD read the rows of the match (ALL ROWS PER MATCH).
//
// What the docs do not pin down is refused (002040, naming the construct):
// PERMUTE of more than two patterns, SUBSET, no ORDER BY, rows tied in ORDER
// BY (their order, hence the matches, unspecified), an empty match shown
// (SHOW EMPTY MATCHES, ONE ROW PER MATCH or WITH UNMATCHED ROWS),
// FIRST/LAST, aggregates or symbol-qualified columns in DEFINE, other
// window functions in MEASURES, CLASSIFIER(), MATCH_SEQUENCE_NUMBER() and
// PREV/NEXT/LAG/LEAD in ONE ROW PER MATCH (any row's value, docs), and a
// view definition (its matches would be frozen).

// maxMatchRecognizeSteps bounds the backtracking matcher's work per
// statement: past it the statement is refused rather than run for ever.
const maxMatchRecognizeSteps = 20_000_000

// Helper column names of the rewritten subquery.
const (
	mrRN    = `"_SF_MR_RN"`
	mrPN    = `"_SF_MR_PN"`
	mrTie   = `"_SF_MR_TIE"`
	mrMRN   = `"_SF_MR_MRN"`
	mrMID   = `"_SF_MR_MID"`
	mrMN    = `"_SF_MR_MN"`
	mrMSN   = `"_SF_MR_MSN"`
	mrCLS   = `"_SF_MR_CLS"`
	mrLast  = `"_SF_MR_LAST"`
	mrExcl  = `"_SF_MR_EXCL"`
	mrSrc   = `"_SF_MR_S"`
	mrMap   = `"_SF_MR_M"`
	mrBase  = `"_SF_MR_B"`
	mrLayer = `"_SF_MR_L"`
)

// desugarMatchRecognize returns stmt with each FROM item followed by
// MATCH_RECOGNIZE ( ... ) written as a plain subquery (see above).
func desugarMatchRecognize(stmt string, opts Options) (string, error) {
	if !containsWordFold(stmt, "MATCH_RECOGNIZE") {
		return stmt, nil
	}
	for n := 0; ; n++ {
		p, err := newParser(stmt, opts)
		if err != nil {
			return "", err
		}
		at := -1
		for i := 0; i+1 < len(p.toks); i++ {
			if p.toks[i].IsWord("MATCH_RECOGNIZE") && p.toks[i+1].IsOp("(") {
				at = i
				break
			}
		}
		if at < 0 {
			return stmt, nil
		}
		if n >= 8 {
			return "", p.unsupported(p.toks[at], "MATCH_RECOGNIZE more than 8 times in one statement")
		}
		if stmt, err = p.matchRecognize(at); err != nil {
			return "", err
		}
	}
}

// mrClause is a parsed MATCH_RECOGNIZE clause.
type mrClause struct {
	p          *parser
	at         tok
	partition  []string // PARTITION BY expressions as written
	partCols   []string // the same, each a column name (ONE ROW PER MATCH's columns)
	order      []string // ORDER BY items as written
	orderExprs []string // their expressions, without ASC/DESC/NULLS
	measures   []mrMeasure
	allRows    bool
	emptyMode  string // "SHOW", "OMIT" or "UNMATCHED" (ALL ROWS PER MATCH)
	skip       string // "PAST", "NEXT", "FIRST" or "LAST"
	skipSym    int
	pattern    *mrNode
	symbols    []string       // symbol names (upper-cased), by index
	symIndex   map[string]int // name -> index
	defines    map[int]string // symbol index -> DEFINE condition (Snowflake SQL)
	defineAt   map[int][2]int // symbol index -> its DEFINE condition's token range
	navs       []mrNav        // FIRST/LAST references of the measures
	excludes   bool           // the pattern has an exclusion {- -}
	permutes   int            // PERMUTEs in the pattern
}

type mrMeasure struct {
	expr  []tok
	alias string
}

// mrNav is one FIRST/LAST (or symbol-predicated) column reference of a
// measure: the row it reads is located by the matcher.
type mrNav struct {
	last   bool
	sym    int // -1: any row of the match
	final  bool
	col    string
	rel    bool // LAG/LEAD/PREV/NEXT: the row offset rows from the current one
	offset int
	cls    bool // FIRST/LAST(CLASSIFIER()): the row's symbol, not a column
}

func (c *mrClause) refuse(what string) error {
	return c.p.unsupported(c.at, "MATCH_RECOGNIZE "+what)
}

// matchRecognize rewrites the MATCH_RECOGNIZE at token at and returns the
// whole statement's new text.
func (p *parser) matchRecognize(at int) (string, error) {
	c := &mrClause{p: p, at: p.toks[at], symIndex: map[string]int{}, defines: map[int]string{},
		defineAt: map[int][2]int{}, skipSym: -1}
	if p.opts.MatchRecognizeRows == nil {
		return "", c.refuse("where its matches cannot be read ahead (a stored body)")
	}
	if p.inViewDefinition() {
		return "", c.refuse("in a view definition")
	}
	// The FROM item it applies to: a (dotted) name or a parenthesized query.
	s := at - 1
	switch {
	case s >= 0 && p.toks[s].IsOp(")"):
		depth := 0
		for ; s >= 0; s-- {
			if p.toks[s].IsOp(")") {
				depth++
			} else if p.toks[s].IsOp("(") {
				if depth--; depth == 0 {
					break
				}
			}
		}
		if s < 0 || !(p.toks[s+1].IsWord("SELECT") || p.toks[s+1].IsWord("WITH")) {
			return "", c.refuse("over this FROM item")
		}
	case s >= 0 && (p.toks[s].Kind == sqllex.Word || p.toks[s].Kind == sqllex.QuotedIdent):
		for s >= 2 && p.toks[s-1].IsOp(".") && (p.toks[s-2].Kind == sqllex.Word || p.toks[s-2].Kind == sqllex.QuotedIdent) {
			s -= 2
		}
	default:
		return "", c.refuse("over this FROM item")
	}
	if s == 0 || !(p.toks[s-1].IsWord("FROM") || p.toks[s-1].IsOp(",") || p.toks[s-1].IsWord("JOIN")) {
		return "", c.refuse("after an alias or a join")
	}
	src := p.text(s, at-1)
	end := p.closeParen(at + 1)
	if end == at+1 || end >= len(p.toks) {
		return "", c.refuse("clause")
	}
	if err := c.parse(at+2, end); err != nil {
		return "", err
	}
	// Over a CTE (or a subquery reading one), the rows are read ahead with
	// the CTEs the clause sees, as a dynamic PIVOT's values are.
	with := ""
	for _, t := range p.toks[s:at] {
		if (t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent) || !p.cteNames()[identKey(t)] {
			continue
		}
		w, ok := p.pivotCTEs(s, identKey(t))
		if !ok {
			return "", c.refuse("over a CTE the engine cannot read ahead")
		}
		with = w + " "
		break
	}
	sub, err := c.build(src, with)
	if err != nil {
		return "", err
	}
	return p.src[:p.toks[s].Pos] + sub + p.src[p.toks[end].Pos+1:], nil
}

// closeParen returns the index of the parenthesis closing the one at i.
func (p *parser) closeParen(i int) int {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		if p.toks[j].IsOp("(") {
			depth++
		} else if p.toks[j].IsOp(")") {
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return len(p.toks)
}

// splitTop splits toks[a:b] at top-level commas.
func (p *parser) splitTop(a, b int) [][2]int {
	var out [][2]int
	depth, start := 0, a
	for j := a; j < b; j++ {
		switch t := p.toks[j]; {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsOp(","):
			out = append(out, [2]int{start, j})
			start = j + 1
		}
	}
	return append(out, [2]int{start, b})
}

// splitTopToks splits toks at each operator sep outside brackets.
func splitTopToks(toks []tok, sep string) [][]tok {
	var parts [][]tok
	depth, from := 0, 0
	for k, t := range toks {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsOp(sep):
			parts = append(parts, toks[from:k])
			from = k + 1
		}
	}
	return append(parts, toks[from:])
}

// renderToks writes tokens back as SQL, spaced as written.
func renderToks(toks []tok) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.sp {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// symbolName is a pattern symbol's name: unquoted words upper-cased.
func symbolName(t tok) (string, bool) {
	if t.Kind != sqllex.Word {
		return "", false
	}
	return strings.ToUpper(t.Text), true
}

func (c *mrClause) symbol(name string) int {
	if i, ok := c.symIndex[name]; ok {
		return i
	}
	c.symIndex[name] = len(c.symbols)
	c.symbols = append(c.symbols, name)
	return len(c.symbols) - 1
}

var mrClauseWords = map[string]bool{"PARTITION": true, "ORDER": true, "MEASURES": true, "ONE": true,
	"ALL": true, "AFTER": true, "PATTERN": true, "DEFINE": true, "SUBSET": true}

// parse reads the clause's subclauses in toks[a:b].
func (c *mrClause) parse(a, b int) error {
	p := c.p
	// tk is token j of the clause, or no token past its end.
	tk := func(j int) tok {
		if j < b {
			return p.toks[j]
		}
		return tok{}
	}
	// Top-level positions of the subclause keywords.
	next := func(j int) int {
		depth := 0
		for ; j < b; j++ {
			t := tk(j)
			switch {
			case t.IsOp("("):
				depth++
			case t.IsOp(")"):
				depth--
			case depth == 0 && t.Kind == sqllex.Word && mrClauseWords[strings.ToUpper(t.Text)]:
				u := strings.ToUpper(t.Text)
				if (u == "PARTITION" || u == "ORDER") && !tk(j+1).IsWord("BY") {
					continue
				}
				if u == "ALL" && !tk(j+1).IsWord("ROWS") || u == "ONE" && !tk(j+1).IsWord("ROW") {
					continue
				}
				if u == "AFTER" && !tk(j+1).IsWord("MATCH") {
					continue
				}
				return j
			}
		}
		return b
	}
	j := a
	var measures [2]int
	hasPattern := false
	for j < b {
		t := tk(j)
		u := strings.ToUpper(t.Text)
		if t.Kind != sqllex.Word || !mrClauseWords[u] {
			return c.refuse("clause")
		}
		switch u {
		case "PARTITION", "ORDER":
			k := next(j + 2)
			for _, r := range p.splitTop(j+2, k) {
				if r[0] >= r[1] {
					return c.refuse("clause")
				}
				text := p.text(r[0], r[1]-1)
				if u == "PARTITION" {
					c.partition = append(c.partition, text)
					if r[1]-r[0] != 1 || (p.toks[r[0]].Kind != sqllex.Word && p.toks[r[0]].Kind != sqllex.QuotedIdent) {
						return c.refuse("PARTITION BY an expression other than a column")
					}
					c.partCols = append(c.partCols, text)
					continue
				}
				c.order = append(c.order, text)
				e := r[1]
				for e > r[0]+1 {
					w := p.toks[e-1]
					if w.IsWord("ASC") || w.IsWord("DESC") || w.IsWord("FIRST") || w.IsWord("LAST") || w.IsWord("NULLS") {
						e--
						continue
					}
					break
				}
				c.orderExprs = append(c.orderExprs, p.text(r[0], e-1))
			}
			j = k
		case "MEASURES":
			k := next(j + 1)
			measures = [2]int{j + 1, k}
			j = k
		case "ONE":
			if !(tk(j+2).IsWord("PER") && tk(j+3).IsWord("MATCH")) {
				return c.refuse("clause")
			}
			j += 4
		case "ALL":
			if !(tk(j+2).IsWord("PER") && tk(j+3).IsWord("MATCH")) {
				return c.refuse("clause")
			}
			c.allRows, c.emptyMode = true, "SHOW"
			j += 4
			switch {
			case tk(j).IsWord("SHOW") && tk(j+1).IsWord("EMPTY") && tk(j+2).IsWord("MATCHES"):
				j += 3
			case tk(j).IsWord("OMIT") && tk(j+1).IsWord("EMPTY") && tk(j+2).IsWord("MATCHES"):
				c.emptyMode = "OMIT"
				j += 3
			case tk(j).IsWord("WITH") && tk(j+1).IsWord("UNMATCHED") && tk(j+2).IsWord("ROWS"):
				c.emptyMode = "UNMATCHED"
				j += 3
			}
		case "AFTER":
			if !tk(j + 2).IsWord("SKIP") {
				return c.refuse("clause")
			}
			j += 3
			switch {
			case tk(j).IsWord("PAST") && tk(j+1).IsWord("LAST") && tk(j+2).IsWord("ROW"):
				c.skip = "PAST"
				j += 3
			case tk(j).IsWord("TO") && tk(j+1).IsWord("NEXT") && tk(j+2).IsWord("ROW"):
				c.skip = "NEXT"
				j += 3
			case tk(j).IsWord("TO"):
				j++
				c.skip = "LAST" // TO <symbol> is TO LAST <symbol>
				if tk(j).IsWord("FIRST") || tk(j).IsWord("LAST") {
					if _, isSym := symbolName(tk(j + 1)); isSym && !tk(j+1).IsWord("PATTERN") {
						c.skip = strings.ToUpper(tk(j).Text)
						j++
					}
				}
				name, ok := symbolName(tk(j))
				if !ok {
					return c.refuse("AFTER MATCH SKIP TO a quoted symbol")
				}
				c.skipSym = c.symbol(name)
				j++
			default:
				return c.refuse("clause")
			}
		case "PATTERN":
			if !tk(j + 1).IsOp("(") {
				return c.refuse("clause")
			}
			k := p.closeParen(j + 1)
			if k >= b {
				return c.refuse("clause")
			}
			node, err := c.parsePattern(p.src[tk(j+1).Pos+1 : p.toks[k].Pos])
			if err != nil {
				return err
			}
			c.pattern, hasPattern = node, true
			j = k + 1
		case "DEFINE":
			k := next(j + 1)
			for _, r := range p.splitTop(j+1, k) {
				if r[1]-r[0] < 3 || !p.toks[r[0]+1].IsWord("AS") {
					return c.refuse("clause")
				}
				name, ok := symbolName(p.toks[r[0]])
				if !ok {
					return c.refuse("DEFINE of a quoted symbol")
				}
				i := c.symbol(name)
				if _, dup := c.defineAt[i]; dup {
					return c.refuse("DEFINE of a symbol twice")
				}
				c.defineAt[i] = [2]int{r[0] + 2, r[1]} // written once every symbol is known
			}
			j = k
		case "SUBSET":
			return c.refuse("SUBSET")
		}
	}
	if !hasPattern {
		return c.refuse("without PATTERN")
	}
	if len(c.order) == 0 {
		return c.refuse("without ORDER BY")
	}
	if c.skip == "" {
		c.skip = "PAST" // the default (docs: AFTER MATCH SKIP)
	}
	if c.excludes && c.emptyMode == "UNMATCHED" {
		// docs: with WITH UNMATCHED ROWS "the pattern must not contain
		// exclusions"; Snowflake's error text is not documented.
		return c.refuse("WITH UNMATCHED ROWS and an exclusion {- -}")
	}
	if c.skipSym >= 0 && !c.pattern.uses(c.skipSym) {
		return c.refuse("AFTER MATCH SKIP TO a symbol not in the pattern")
	}
	// DEFINE conditions, now that every symbol is known.
	for i, r := range c.defineAt {
		cond, err := c.defineSQL(r[0], r[1])
		if err != nil {
			return err
		}
		c.defines[i] = cond
	}
	if measures[1] > measures[0] {
		for _, r := range p.splitTop(measures[0], measures[1]) {
			e := r[1] - 1
			if e <= r[0] {
				return c.refuse("MEASURES without an alias")
			}
			at := p.toks[e]
			if at.Kind != sqllex.Word && at.Kind != sqllex.QuotedIdent {
				return c.refuse("MEASURES without an alias")
			}
			x := e
			if p.toks[e-1].IsWord("AS") {
				x = e - 1
			}
			if x <= r[0] {
				return c.refuse("MEASURES without an alias")
			}
			c.measures = append(c.measures, mrMeasure{expr: p.toks[r[0]:x], alias: identSQL(at)})
		}
	}
	return nil
}

// windowOver is the implicit window of a DEFINE navigation: the partition in
// ORDER BY order.
func (c *mrClause) windowOver(frame string) string {
	s := ""
	if len(c.partition) > 0 {
		s = "PARTITION BY " + strings.Join(c.partition, ", ") + " "
	}
	s += "ORDER BY " + strings.Join(c.order, ", ")
	if frame != "" {
		s += " " + frame
	}
	return "OVER (" + s + ")"
}

// defineSQL writes the DEFINE condition in toks[a:b] as a condition on one
// row of the partition.
func (c *mrClause) defineSQL(a, b int) (string, error) {
	p := c.p
	var out strings.Builder
	for j := a; j < b; j++ {
		t := p.toks[j]
		if j > a && t.sp {
			out.WriteByte(' ')
		}
		u := strings.ToUpper(t.Text)
		switch {
		case t.IsWord("SELECT"):
			return "", c.refuse("DEFINE with a subquery")
		case t.IsWord("OVER"):
			return "", c.refuse("DEFINE with this window function")
		case t.Kind == sqllex.Word && j+1 < b && p.toks[j+1].IsOp("."):
			return "", c.refuse("DEFINE with a qualified column reference")
		case t.Kind == sqllex.Word && j+1 < b && p.toks[j+1].IsOp("("):
			k := p.closeParen(j + 1)
			if k >= b {
				return "", c.refuse("clause")
			}
			over := k+1 < b && p.toks[k+1].IsWord("OVER")
			switch {
			case u == "PREV" || u == "NEXT" || u == "LAG" || u == "LEAD":
				if over {
					return "", c.refuse("DEFINE with " + u + " ... OVER")
				}
				args, err := c.defineSQL(j+2, k)
				if err != nil {
					return "", err
				}
				fn := map[string]string{"PREV": "LAG", "NEXT": "LEAD", "LAG": "LAG", "LEAD": "LEAD"}[u]
				out.WriteString(fn + "(" + args + ") " + c.windowOver(""))
				j = k
			case u == "FIRST" || u == "LAST" || u == "CLASSIFIER" || u == "MATCH_NUMBER" || u == "MATCH_SEQUENCE_NUMBER" ||
				u == "RUNNING" || u == "FINAL":
				return "", c.refuse("DEFINE with " + u + "()")
			case aggregateNames[u]:
				if !over || !p.toks[k+2].IsOp("(") {
					return "", c.refuse("DEFINE with an aggregate over the match (" + u + ")")
				}
				w := p.closeParen(k + 2)
				if w >= b || !(p.toks[k+3].IsWord("ROWS") || p.toks[k+3].IsWord("RANGE")) {
					return "", c.refuse("DEFINE with a window function other than over a frame of the partition")
				}
				args, err := c.defineSQL(j+2, k)
				if err != nil {
					return "", err
				}
				out.WriteString(t.Text + "(" + args + ") " + c.windowOver(renderToks(p.toks[k+3:w])))
				j = w
			default:
				if over {
					return "", c.refuse("DEFINE with this window function")
				}
				out.WriteString(t.Text)
			}
		default:
			out.WriteString(t.Text)
		}
	}
	return out.String(), nil
}

// mrFrames are the windows of a measure: RUNNING up to the current row of
// the match, FINAL over all of it.
const (
	mrRunning = "OVER (PARTITION BY " + mrMID + " ORDER BY " + mrMSN + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
	mrFinal   = "OVER (PARTITION BY " + mrMID + " ORDER BY " + mrMSN + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
)

// measureSQL writes one measure as an expression over the matched rows.
func (c *mrClause) measureSQL(toks []tok) (string, error) {
	var out strings.Builder
	final := !c.allRows // ONE ROW PER MATCH: the last row, where RUNNING is FINAL
	pending := ""
	for j := 0; j < len(toks); j++ {
		t := toks[j]
		if j > 0 && t.sp {
			out.WriteByte(' ')
		}
		u := strings.ToUpper(t.Text)
		isCall := t.Kind == sqllex.Word && j+1 < len(toks) && toks[j+1].IsOp("(")
		if (u == "RUNNING" || u == "FINAL") && t.Kind == sqllex.Word && j+2 < len(toks) && toks[j+2].IsOp("(") {
			pending = u
			continue
		}
		isFinal := final || pending == "FINAL"
		if pending != "" && !(isCall && (u == "FIRST" || u == "LAST" || aggregateNames[u])) {
			return "", c.refuse("MEASURES with " + pending + " " + u)
		}
		pending = ""
		closeAt := func() (int, error) {
			depth := 0
			for k := j + 1; k < len(toks); k++ {
				if toks[k].IsOp("(") {
					depth++
				} else if toks[k].IsOp(")") {
					if depth--; depth == 0 {
						return k, nil
					}
				}
			}
			return 0, c.refuse("clause")
		}
		switch {
		case t.IsWord("SELECT"):
			return "", c.refuse("MEASURES with a subquery")
		case t.IsWord("OVER"):
			return "", c.refuse("MEASURES with a window function")
		case isCall && (u == "MATCH_NUMBER" || u == "MATCH_SEQUENCE_NUMBER" || u == "CLASSIFIER"):
			if j+2 >= len(toks) || !toks[j+2].IsOp(")") {
				return "", c.refuse(u + " with arguments")
			}
			if u != "MATCH_NUMBER" && !c.allRows {
				return "", c.refuse(u + "() in ONE ROW PER MATCH")
			}
			out.WriteString(map[string]string{"MATCH_NUMBER": mrMN, "MATCH_SEQUENCE_NUMBER": mrMSN, "CLASSIFIER": mrCLS}[u])
			j += 2
		case isCall && (u == "FIRST" || u == "LAST"):
			k, err := closeAt()
			if err != nil {
				return "", err
			}
			arg := toks[j+2 : k]
			if len(arg) == 3 && arg[0].IsWord("CLASSIFIER") && arg[1].IsOp("(") && arg[2].IsOp(")") ||
				len(arg) == 1 && arg[0].IsWord("CLASSIFIER") {
				// FIRST/LAST(CLASSIFIER()): the symbol of the match's first
				// or last row so far (the docs' PERMUTE example).
				out.WriteString(c.nav(mrNav{last: u == "LAST", sym: -1, final: isFinal, cls: true}))
				j = k
				break
			}
			sym, col, ok := c.navColumn(arg)
			if !ok {
				return "", c.refuse(u + "() of anything but a column")
			}
			out.WriteString(c.nav(mrNav{last: u == "LAST", sym: sym, final: isFinal, col: col}))
			j = k
		case isCall && (u == "PREV" || u == "NEXT" || u == "LAG" || u == "LEAD"):
			k, err := closeAt()
			if err != nil {
				return "", err
			}
			if k+1 < len(toks) && toks[k+1].IsWord("OVER") {
				return "", c.refuse("MEASURES with a window function")
			}
			nav, err := c.offsetNav(u, toks[j+2:k])
			if err != nil {
				return "", err
			}
			out.WriteString(c.nav(nav))
			j = k
		case t.IsWord("CLASSIFIER") && !isCall && (j+1 >= len(toks) || !toks[j+1].IsOp(".")) && (j == 0 || !toks[j-1].IsOp(".")):
			// CLASSIFIER without brackets, as the docs' user guide writes
			// it (CLASSIFIER AS "Symbol Matched").
			if !c.allRows {
				return "", c.refuse("CLASSIFIER() in ONE ROW PER MATCH")
			}
			out.WriteString(mrCLS)
		case isCall && mrWindowOnly[u]:
			return "", c.refuse(u + "() in MEASURES")
		case isCall && aggregateNames[u]:
			if u != "COUNT" && u != "SUM" && u != "AVG" && u != "MIN" && u != "MAX" {
				return "", c.refuse(u + "() in MEASURES")
			}
			k, err := closeAt()
			if err != nil {
				return "", err
			}
			if k+1 < len(toks) && (toks[k+1].IsWord("OVER") || toks[k+1].IsWord("WITHIN")) {
				return "", c.refuse("MEASURES with a window function")
			}
			arg := toks[j+2 : k]
			frame := mrRunning
			if isFinal {
				frame = mrFinal
			}
			switch {
			case len(arg) == 1 && arg[0].IsOp("*") && u == "COUNT":
				out.WriteString("COUNT(*) " + frame)
			case len(arg) == 3 && arg[1].IsOp(".") && arg[2].IsOp("*") && u == "COUNT":
				sym, ok := c.symbolRef(arg[0])
				if !ok {
					return "", c.refuse("COUNT(<name>.*) of a name not a symbol")
				}
				out.WriteString("COUNT(CASE WHEN " + mrCLS + " = '" + c.symbols[sym] + "' THEN 1 END) " + frame)
			default:
				sym := -1
				var inner []tok
				for m := 0; m < len(arg); m++ {
					a := arg[m]
					if a.IsWord("DISTINCT") || a.IsWord("SELECT") || a.IsWord("OVER") {
						return "", c.refuse(u + "(" + strings.ToUpper(a.Text) + " ...) in MEASURES")
					}
					if a.Kind == sqllex.Word && m+1 < len(arg) && arg[m+1].IsOp("(") {
						switch strings.ToUpper(a.Text) {
						case "FIRST", "LAST", "PREV", "NEXT", "MATCH_NUMBER", "MATCH_SEQUENCE_NUMBER", "CLASSIFIER", "RUNNING", "FINAL":
							return "", c.refuse(strings.ToUpper(a.Text) + "() inside an aggregate in MEASURES")
						}
					}
					if m+2 < len(arg) && arg[m+1].IsOp(".") {
						s, ok := c.symbolRef(a)
						if !ok {
							return "", c.refuse("MEASURES with a qualified column reference")
						}
						if sym >= 0 && s != sym {
							return "", c.refuse("an aggregate over several symbols")
						}
						sym = s
						m++ // the dot; the column follows
						continue
					}
					inner = append(inner, a)
				}
				if len(inner) == 0 {
					return "", c.refuse("clause")
				}
				arg := "(" + renderToks(inner) + ")"
				if sym >= 0 {
					arg = "CASE WHEN " + mrCLS + " = '" + c.symbols[sym] + "' THEN " + arg + " END"
				}
				out.WriteString(t.Text + "(" + arg + ") " + frame)
			}
			j = k
		case (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && j+2 < len(toks) && toks[j+1].IsOp("."):
			sym, col, ok := c.navColumn(toks[j : j+3])
			if !ok {
				return "", c.refuse("MEASURES with a qualified column reference")
			}
			out.WriteString(c.nav(mrNav{last: true, sym: sym, final: isFinal, col: col}))
			j += 2
		case isCall && (u == "RUNNING" || u == "FINAL"):
			return "", c.refuse("MEASURES with " + u)
		default:
			out.WriteString(t.Text)
		}
	}
	return out.String(), nil
}

// mrWindowOnly are the window functions MEASURES does not answer (without
// OVER they would reach DuckDB as unknown functions).
var mrWindowOnly = toSet(`ROW_NUMBER RANK DENSE_RANK PERCENT_RANK CUME_DIST NTILE FIRST_VALUE LAST_VALUE NTH_VALUE
RATIO_TO_REPORT CONDITIONAL_CHANGE_EVENT CONDITIONAL_TRUE_EVENT INTERPOLATE_BFILL INTERPOLATE_FFILL INTERPOLATE_LINEAR`)

// offsetNav reads the arguments of a measure's PREV/NEXT/LAG/LEAD: a column
// of the input and an optional integer literal offset (default 1). Their
// frame in MEASURES is the match: "the frame starts at the beginning of the
// match", and for these functions RUNNING "ends at the last row" of it, so a
// row outside the match is NULL, as the docs' user guide shows (LEAD of a
// match's last row is NULL). In ONE ROW PER MATCH a measure is any row's
// value ("non-deterministic"), which is refused, as are a default and a
// symbol-predicated column (not allowed there, docs: "Limitations on window
// functions used in DEFINE and MEASURES").
func (c *mrClause) offsetNav(fn string, arg []tok) (mrNav, error) {
	if !c.allRows {
		return mrNav{}, c.refuse(fn + "() in ONE ROW PER MATCH")
	}
	parts := splitTopToks(arg, ",")
	if len(parts) > 2 {
		return mrNav{}, c.refuse(fn + "() with a default in MEASURES")
	}
	sym, col, ok := c.navColumn(parts[0])
	if !ok || sym >= 0 {
		return mrNav{}, c.refuse(fn + "() of anything but a column in MEASURES")
	}
	off := 1
	if len(parts) == 2 {
		n, err := strconv.Atoi(renderToks(parts[1]))
		if err != nil || n < 0 || len(parts[1]) != 1 {
			return mrNav{}, c.refuse(fn + "() with an offset other than an integer literal in MEASURES")
		}
		off = n
	}
	if fn == "PREV" || fn == "LAG" {
		off = -off
	}
	return mrNav{sym: -1, col: col, rel: true, offset: off}, nil
}

// symbolRef reads t as a pattern symbol.
func (c *mrClause) symbolRef(t tok) (int, bool) {
	name, ok := symbolName(t)
	if !ok {
		return 0, false
	}
	i, ok := c.symIndex[name]
	return i, ok
}

// navColumn reads a FIRST/LAST argument: col or symbol.col.
func (c *mrClause) navColumn(arg []tok) (sym int, col string, ok bool) {
	isCol := func(t tok) bool {
		return (t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]) || t.Kind == sqllex.QuotedIdent
	}
	switch {
	case len(arg) == 1 && isCol(arg[0]):
		return -1, identSQL(arg[0]), true
	case len(arg) == 3 && arg[1].IsOp(".") && isCol(arg[2]):
		s, ok := c.symbolRef(arg[0])
		if !ok {
			return 0, "", false
		}
		return s, identSQL(arg[2]), true
	}
	return 0, "", false
}

// nav registers a navigation and returns the column holding its value.
func (c *mrClause) nav(n mrNav) string {
	for i, m := range c.navs {
		if m == n {
			return fmt.Sprintf(`"_SF_MR_V%d"`, i+1)
		}
	}
	c.navs = append(c.navs, n)
	return fmt.Sprintf(`"_SF_MR_V%d"`, len(c.navs))
}

// build reads the matches ahead and writes the subquery.
func (c *mrClause) build(src, with string) (string, error) {
	measures := make([]string, len(c.measures))
	for i, m := range c.measures {
		s, err := c.measureSQL(m.expr)
		if err != nil {
			return "", err
		}
		measures[i] = s
	}
	keys := append(append([]string(nil), c.partition...), c.order...)
	numbered := "(SELECT *, ROW_NUMBER() OVER (ORDER BY " + strings.Join(keys, ", ") + ") AS " + mrRN + " FROM " + src + ")"

	// 1. Read ahead: row number, partition number, ties, and each symbol.
	pn := "1"
	if len(c.partition) > 0 {
		pn = "DENSE_RANK() OVER (ORDER BY " + strings.Join(c.partition, ", ") + ")"
	}
	ties := append(append([]string(nil), c.partition...), c.orderExprs...)
	// The source is read directly (not through numbered), so that the
	// DEFINE conditions see its columns' types (LAG(price) * 0.90 needs
	// price's).
	cols := []string{"ROW_NUMBER() OVER (ORDER BY " + strings.Join(keys, ", ") + ") AS " + mrRN, pn + " AS " + mrPN,
		"COUNT(*) OVER (PARTITION BY " + strings.Join(ties, ", ") + ") AS " + mrTie}
	for i := range c.symbols {
		cond, ok := c.defines[i]
		if !ok {
			cond = "TRUE" // docs: a symbol not in DEFINE is assigned to all rows
		}
		cols = append(cols, fmt.Sprintf(`IFF(COALESCE((%s), FALSE), 1, 0) AS "_SF_MR_D%d"`, cond, i))
	}
	read := with + "SELECT " + strings.Join(cols, ", ") + " FROM " + src + " AS " + mrSrc + " ORDER BY " + mrRN
	opts := c.p.opts
	opts.RefuseIfSucceeds, opts.UndefinedResult = nil, false
	q, err := Rewrite(read, opts)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Code == CodeUnsupported {
			return "", err
		}
		return "", c.refuse("over a source the engine cannot read ahead")
	}
	rows, err := c.p.opts.MatchRecognizeRows(q)
	if err != nil {
		return "", c.refuse("over a source the engine cannot read ahead (" + err.Error() + ")")
	}

	// 2. Match each partition.
	out, err := c.match(rows)
	if err != nil {
		return "", err
	}

	// 3. The rows of the matches, with their measures.
	mapCols := []string{mrMRN, mrMID, mrMN, mrMSN, mrCLS, mrLast, mrExcl}
	for i := range c.navs {
		mapCols = append(mapCols, fmt.Sprintf(`"_SF_MR_T%d"`, i+1))
	}
	// The matched rows travel as one string literal (a VALUES list of
	// thousands of rows is slow to rewrite): rows separated by ';', fields by
	// ',', an empty field NULL, the classifier as its symbol's index.
	var data strings.Builder
	for i, r := range out {
		if i > 0 {
			data.WriteByte(';')
		}
		data.WriteString(strings.Join(r, ","))
	}
	// decodeSymbol names the symbol whose index column x holds.
	decodeSymbol := func(x string) string {
		d := "DECODE(" + x
		for i, name := range c.symbols {
			d += fmt.Sprintf(", %d, '%s'", i, name)
		}
		return d + ")"
	}
	fields := []string{mrField(1) + " AS " + mrMRN, mrField(2) + " AS " + mrMID, mrField(3) + " AS " + mrMN,
		mrField(4) + " AS " + mrMSN, decodeSymbol(mrField(5)) + " AS " + mrCLS, mrField(6) + " AS " + mrLast, mrField(7) + " AS " + mrExcl}
	for i := range c.navs {
		fields = append(fields, fmt.Sprintf(`%s AS "_SF_MR_T%d"`, mrField(8+i), i+1))
	}
	matches := "(SELECT " + strings.Join(fields, ", ") + " FROM TABLE(SPLIT_TO_TABLE('" + data.String() + "', ';')))"
	if len(out) == 0 {
		matches = "(SELECT " + strings.Join(fields, ", ") + " FROM (SELECT '0' AS VALUE) WHERE FALSE)"
	}
	base := "(SELECT " + mrSrc + ".*, " + mrMap + ".* FROM " + numbered + " AS " + mrSrc +
		" JOIN " + matches + " AS " + mrMap + " ON " + mrSrc + "." + mrRN + " = " + mrMap + "." + mrMRN + ")"
	withNav := "SELECT " + mrBase + ".*"
	joins := ""
	for i, n := range c.navs {
		if n.cls {
			withNav += fmt.Sprintf(`, %s AS "_SF_MR_V%d"`, decodeSymbol(fmt.Sprintf(`%s."_SF_MR_T%d"`, mrBase, i+1)), i+1)
			continue
		}
		alias := fmt.Sprintf(`"_SF_MR_N%d"`, i+1)
		withNav += fmt.Sprintf(`, %s.%s AS "_SF_MR_V%d"`, alias, n.col, i+1)
		joins += fmt.Sprintf(` LEFT JOIN %s AS %s ON %s.%s = %s."_SF_MR_T%d"`, numbered, alias, alias, mrRN, mrBase, i+1)
	}
	withNav += " FROM " + base + " AS " + mrBase + joins
	layer := "SELECT " + mrLayer + ".*"
	for i, m := range c.measures {
		layer += ", CASE WHEN " + mrMID + " IS NOT NULL THEN " + measures[i] + " END AS " + m.alias
	}
	layer += " FROM (" + withNav + ") AS " + mrLayer
	if !c.allRows {
		sel := append([]string(nil), c.partCols...)
		for _, m := range c.measures {
			sel = append(sel, m.alias)
		}
		if len(sel) == 0 {
			return "", c.refuse("ONE ROW PER MATCH without PARTITION BY or MEASURES")
		}
		return "(SELECT " + strings.Join(sel, ", ") + " FROM (" + layer + ") WHERE " + mrLast + " = 1)", nil
	}
	helpers := append([]string{mrRN}, mapCols...)
	for i := range c.navs {
		helpers = append(helpers, fmt.Sprintf(`"_SF_MR_V%d"`, i+1))
	}
	// Rows matched inside an exclusion were measured but are not output.
	return "(SELECT * EXCLUDE (" + strings.Join(helpers, ", ") + ") FROM (" + layer + ") WHERE " + mrExcl + " = 0)", nil
}

// mrField reads field n (from 1) of a matched row: an integer or NULL.
func mrField(n int) string {
	return fmt.Sprintf("NULLIF(SPLIT_PART(VALUE, ',', %d), '')::INT", n)
}

// match runs the pattern over the rows read ahead (row number, partition
// number, tie count, one 0/1 per symbol; in row-number order) and returns
// the VALUES rows: row number, match id, MATCH_NUMBER,
// MATCH_SEQUENCE_NUMBER, CLASSIFIER, last-row flag, excluded flag,
// navigation targets. A pattern with PERMUTE is matched with each order of
// each PERMUTE tried first; where the matches differ, the statement is
// refused, as the docs do not say which order Snowflake tries first.
func (c *mrClause) match(rows [][]int64) ([][]string, error) {
	out, err := c.matchOrdered(rows, 0)
	if err != nil {
		return nil, err
	}
	for rev := uint(1); rev < 1<<c.permutes; rev++ {
		alt, err := c.matchOrdered(rows, rev)
		if err != nil {
			return nil, err
		}
		if !slices.EqualFunc(out, alt, slices.Equal[[]string]) {
			return nil, c.refuse("PATTERN with PERMUTE whose orders match different rows (the docs do not say which order is tried first)")
		}
	}
	return out, nil
}

// matchOrdered is match with the PERMUTEs whose bits are set in reversed
// trying their second order first.
func (c *mrClause) matchOrdered(rows [][]int64, reversed uint) ([][]string, error) {
	var out [][]string
	steps := 0
	mid := 0
	for start := 0; start < len(rows); {
		end := start
		for end < len(rows) && rows[end][1] == rows[start][1] {
			end++
		}
		part := rows[start:end]
		for _, r := range part {
			if r[2] > 1 {
				return nil, c.refuse("over rows tied in ORDER BY (their order is unspecified)")
			}
		}
		m := &mrMatcher{rows: part, steps: &steps, reversed: reversed}
		matched := make([]bool, len(part))
		mn := 0
		for pos := 0; pos < len(part); {
			path, excluded, ok, err := m.at(c.pattern, pos)
			if err != nil {
				return nil, c.refuse("pattern too costly to match")
			}
			if !ok {
				pos++
				continue
			}
			mn++
			if len(path) == 0 {
				if c.emptyMode != "OMIT" {
					return nil, c.refuse("with an empty match shown (SHOW EMPTY MATCHES, ONE ROW PER MATCH or WITH UNMATCHED ROWS)")
				}
				pos++
				continue
			}
			mid++
			for j, sym := range path {
				last := "0"
				if j == len(path)-1 {
					last = "1"
				}
				excl := "0"
				if excluded[j] {
					excl = "1"
				}
				row := []string{strconv.FormatInt(part[pos+j][0], 10), strconv.Itoa(mid), strconv.Itoa(mn),
					strconv.Itoa(j + 1), strconv.Itoa(sym), last, excl}
				for _, n := range c.navs {
					t := -1
					lim := j
					if n.final {
						lim = len(path) - 1
					}
					if n.rel {
						// LAG/LEAD/PREV/NEXT: a row of the match, whose
						// frame in MEASURES is the match (docs).
						lim = -1
						if k := j + n.offset; k >= 0 && k < len(path) {
							t = k
						}
					}
					for k := 0; k <= lim; k++ {
						if n.sym >= 0 && path[k] != n.sym {
							continue
						}
						t = k
						if !n.last {
							break
						}
					}
					switch {
					case t < 0:
						row = append(row, "")
					case n.cls:
						row = append(row, strconv.Itoa(path[t]))
					default:
						row = append(row, strconv.FormatInt(part[pos+t][0], 10))
					}
				}
				out = append(out, row)
			}
			for j := range path {
				matched[pos+j] = true
			}
			next := pos + len(path)
			switch c.skip {
			case "NEXT":
				next = pos + 1
			case "FIRST", "LAST":
				t := -1
				for k, s := range path {
					if s == c.skipSym {
						t = k
						if c.skip == "FIRST" {
							break
						}
					}
				}
				if t < 0 {
					return nil, c.refuse("AFTER MATCH SKIP TO a symbol absent from a match")
				}
				if t == 0 {
					return nil, c.refuse("AFTER MATCH SKIP TO the first row of a match")
				}
				next = pos + t
			}
			pos = next
		}
		if c.emptyMode == "UNMATCHED" {
			for j, r := range part {
				if !matched[j] {
					row := []string{strconv.FormatInt(r[0], 10), "", "", "", "", "0", "0"}
					for range c.navs {
						row = append(row, "")
					}
					out = append(out, row)
				}
			}
		}
		start = end
	}
	return out, nil
}

// Pattern syntax tree.
type mrNode struct {
	kind     byte // 's' symbol, '.' sequence, '|' alternation, '*' quantified, '^' start, '$' end, 'x' exclusion
	sym      int
	kids     []*mrNode
	min, max int // quantified: max < 0 is unbounded
	lazy     bool
	permute  int // an alternation written as PERMUTE: its number from 1 (mrMatcher.reversed)
}

// mrMaxPermutes bounds the PERMUTEs of a pattern: each doubles the matching
// (both orders of each are tried).
const mrMaxPermutes = 4

func (n *mrNode) uses(sym int) bool {
	if n.kind == 's' {
		return n.sym == sym
	}
	for _, k := range n.kids {
		if k.uses(sym) {
			return true
		}
	}
	return false
}

// parsePattern parses a PATTERN's text (docs: PATTERN, "Operators" and
// "Quantifiers").
func (c *mrClause) parsePattern(s string) (*mrNode, error) {
	pp := &mrPatternParser{s: s, c: c}
	n, err := pp.alt()
	if err != nil {
		return nil, err
	}
	pp.space()
	if pp.i < len(pp.s) {
		return nil, c.refuse("PATTERN syntax")
	}
	return n, nil
}

type mrPatternParser struct {
	s string
	i int
	c *mrClause
}

func (pp *mrPatternParser) space() {
	for pp.i < len(pp.s) && strings.IndexByte(" \t\r\n", pp.s[pp.i]) >= 0 {
		pp.i++
	}
}

func (pp *mrPatternParser) peek() byte {
	pp.space()
	if pp.i < len(pp.s) {
		return pp.s[pp.i]
	}
	return 0
}

func (pp *mrPatternParser) alt() (*mrNode, error) {
	first, err := pp.seq()
	if err != nil {
		return nil, err
	}
	n := &mrNode{kind: '|', kids: []*mrNode{first}}
	for pp.peek() == '|' {
		pp.i++
		k, err := pp.seq()
		if err != nil {
			return nil, err
		}
		n.kids = append(n.kids, k)
	}
	if len(n.kids) == 1 {
		return first, nil
	}
	return n, nil
}

func isPatternWordByte(b byte, first bool) bool {
	return b == '_' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || !first && (b >= '0' && b <= '9' || b == '$')
}

func (pp *mrPatternParser) seq() (*mrNode, error) {
	n := &mrNode{kind: '.'}
	for {
		b := pp.peek()
		var atom *mrNode
		switch {
		case b == '(':
			pp.i++
			inner, err := pp.alt()
			if err != nil {
				return nil, err
			}
			if pp.peek() != ')' {
				return nil, pp.c.refuse("PATTERN syntax")
			}
			pp.i++
			atom = inner
		case b == '^':
			pp.i++
			atom = &mrNode{kind: '^'}
		case b == '$':
			pp.i++
			atom = &mrNode{kind: '$'}
		case b == '{' && pp.i+1 < len(pp.s) && pp.s[pp.i+1] == '-':
			// Exclusion: the rows it matches are matched and measured but
			// not output in ALL ROWS PER MATCH (docs: "Exclusions").
			pp.i += 2
			inner, err := pp.alt()
			if err != nil {
				return nil, err
			}
			if pp.peek() != '-' || pp.i+1 >= len(pp.s) || pp.s[pp.i+1] != '}' {
				return nil, pp.c.refuse("PATTERN syntax")
			}
			pp.i += 2
			atom = &mrNode{kind: 'x', kids: []*mrNode{inner}}
			pp.c.excludes = true
		case b == '"':
			return nil, pp.c.refuse("PATTERN with a quoted symbol")
		case isPatternWordByte(b, true):
			j := pp.i
			for j < len(pp.s) && isPatternWordByte(pp.s[j], false) {
				j++
			}
			word := strings.ToUpper(pp.s[pp.i:j])
			pp.i = j
			if word == "PERMUTE" && pp.peek() == '(' {
				pp.i++
				var args []*mrNode
				for {
					a, err := pp.alt()
					if err != nil {
						return nil, err
					}
					args = append(args, a)
					if pp.peek() != ',' {
						break
					}
					pp.i++
				}
				if pp.peek() != ')' {
					return nil, pp.c.refuse("PATTERN syntax")
				}
				pp.i++
				// The docs say PERMUTE(S1, S2) "matches either S1 S2 or S2
				// S1" but not which it tries first where both would match.
				// Of two patterns both orders are tried (mrClause.match)
				// and a difference refused; with more, the orders are too
				// many to try.
				if len(args) != 2 {
					return nil, pp.c.refuse("PATTERN with PERMUTE of other than two patterns")
				}
				if pp.c.permutes >= mrMaxPermutes {
					return nil, pp.c.refuse("PATTERN with PERMUTE more than 4 times")
				}
				atom = &mrNode{kind: '|', permute: pp.c.permutes + 1, kids: []*mrNode{
					{kind: '.', kids: []*mrNode{args[0], args[1]}},
					{kind: '.', kids: []*mrNode{args[1], args[0]}},
				}}
				pp.c.permutes++
				break
			}
			atom = &mrNode{kind: 's', sym: pp.c.symbol(word)}
		default:
			if len(n.kids) == 1 {
				return n.kids[0], nil
			}
			return n, nil
		}
		for {
			q, ok, err := pp.quantifier()
			if err != nil {
				return nil, err
			}
			if !ok {
				break
			}
			q.kids = []*mrNode{atom}
			atom = q
		}
		n.kids = append(n.kids, atom)
	}
}

// quantifier reads * + ? {n} {n,} {,m} {n,m}, each optionally followed by
// ? (reluctant).
func (pp *mrPatternParser) quantifier() (*mrNode, bool, error) {
	q := &mrNode{kind: '*'}
	switch pp.peek() {
	case '*':
		q.min, q.max = 0, -1
	case '+':
		q.min, q.max = 1, -1
	case '?':
		q.min, q.max = 0, 1
	case '{':
		if pp.i+1 < len(pp.s) && pp.s[pp.i+1] == '-' {
			return nil, false, nil // an exclusion {- -}, refused by seq
		}
		j := strings.IndexByte(pp.s[pp.i:], '}')
		if j < 0 {
			return nil, false, pp.c.refuse("PATTERN syntax")
		}
		body := strings.ReplaceAll(pp.s[pp.i+1:pp.i+j], " ", "")
		lo, hi, comma := strings.Cut(body, ",")
		var err error
		if lo == "" {
			q.min = 0
		} else if q.min, err = strconv.Atoi(lo); err != nil {
			return nil, false, pp.c.refuse("PATTERN syntax")
		}
		switch {
		case !comma:
			q.max = q.min
		case hi == "":
			q.max = -1
		default:
			if q.max, err = strconv.Atoi(hi); err != nil || q.max < q.min {
				return nil, false, pp.c.refuse("PATTERN syntax")
			}
		}
		if !comma && lo == "" {
			return nil, false, pp.c.refuse("PATTERN syntax")
		}
		pp.i += j
	default:
		return nil, false, nil
	}
	pp.i++
	if pp.i < len(pp.s) && pp.s[pp.i] == '?' {
		q.lazy = true
		pp.i++
	}
	return q, true, nil
}

// mrMatcher matches a pattern against one partition's rows by backtracking:
// the first match found in preference order (greedy quantifiers try more
// rows first, reluctant fewer; alternatives left to right) is the match.
type mrMatcher struct {
	rows     [][]int64 // per row: row number, partition, ties, then one 0/1 per symbol
	path     []int
	excluded []bool // per row of path: matched inside an exclusion {- -}
	inExcl   int    // exclusions the matcher is inside
	reversed uint   // bit n-1: PERMUTE n tries its second order first
	steps    *int
	over     bool
}

// at returns the match starting at row pos, as the symbol of each row and
// whether the row was matched inside an exclusion.
func (m *mrMatcher) at(n *mrNode, pos int) ([]int, []bool, bool, error) {
	m.path, m.excluded, m.inExcl = m.path[:0], m.excluded[:0], 0
	ok := m.node(n, pos, func(int) bool { return true })
	if m.over {
		return nil, nil, false, fmt.Errorf("too many steps")
	}
	if !ok {
		return nil, nil, false, nil
	}
	return append([]int(nil), m.path...), append([]bool(nil), m.excluded...), true, nil
}

func (m *mrMatcher) node(n *mrNode, pos int, k func(int) bool) bool {
	if *m.steps++; *m.steps > maxMatchRecognizeSteps {
		m.over = true
	}
	if m.over {
		return false
	}
	switch n.kind {
	case 's':
		if pos < len(m.rows) && m.rows[pos][3+n.sym] == 1 {
			m.path = append(m.path, n.sym)
			m.excluded = append(m.excluded, m.inExcl > 0)
			if k(pos + 1) {
				return true
			}
			m.path = m.path[:len(m.path)-1]
			m.excluded = m.excluded[:len(m.excluded)-1]
		}
		return false
	case 'x':
		m.inExcl++
		ok := m.node(n.kids[0], pos, func(p int) bool {
			m.inExcl--
			if k(p) {
				return true
			}
			m.inExcl++
			return false
		})
		if !ok {
			m.inExcl--
		}
		return ok
	case '^':
		return pos == 0 && k(pos)
	case '$':
		return pos == len(m.rows) && k(pos)
	case '|':
		kids := n.kids
		if n.permute > 0 && m.reversed&(1<<(n.permute-1)) != 0 {
			kids = []*mrNode{kids[1], kids[0]}
		}
		for _, kid := range kids {
			if m.node(kid, pos, k) {
				return true
			}
		}
		return false
	case '.':
		return m.seq(n.kids, pos, k)
	default:
		return m.repeat(n, 0, pos, k)
	}
}

func (m *mrMatcher) seq(kids []*mrNode, pos int, k func(int) bool) bool {
	if len(kids) == 0 {
		return k(pos)
	}
	return m.node(kids[0], pos, func(p int) bool { return m.seq(kids[1:], p, k) })
}

func (m *mrMatcher) repeat(n *mrNode, count, pos int, k func(int) bool) bool {
	more := func() bool {
		if n.max >= 0 && count >= n.max {
			return false
		}
		return m.node(n.kids[0], pos, func(p int) bool {
			if p == pos { // an empty iteration: iterating again matches nothing more
				return count+1 >= n.min && k(p) || count+1 < n.min && m.repeat(n, count+1, p, k)
			}
			return m.repeat(n, count+1, p, k)
		})
	}
	if n.lazy {
		return count >= n.min && k(pos) || more()
	}
	return more() || count >= n.min && k(pos)
}
