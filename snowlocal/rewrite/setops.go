package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Set operations (UNION [ALL], INTERSECT, EXCEPT/MINUS) whose branches have
// a text and another type in one column. DuckDB makes such a column a
// VARCHAR, printing the numbers, dates or booleans as text. Snowflake
// converts the text to the number: the docs' example of a VARCHAR column
// UNION an INTEGER column fails with 100038 "Numeric value 'Smith, Jane' is
// not recognized" (docs: Set operators, "Use the UNION operator and cast
// mismatched data types",
// https://docs.snowflake.com/en/sql-reference/operators-query). What a text
// that does read as a number becomes there is not documented: the text
// converts to a NUMBER(18,5) (docs: Data type conversion, usage notes), but
// not which NUMBER the column is beside another NUMBER(p,s), whose scale
// shows in every value of the column. Nor do the docs say which way a text
// beside a FLOAT, BOOLEAN, DATE, TIME or timestamp converts.
//
// So, per column of a set operation (the branches' select items, typed
// from the syntax and the catalog as far as the rewriter can see):
//   - a text beside a fixed-point number: each text row that clearly spells
//     no number fails with Snowflake's 100038; any other row, of either
//     side, is refused (002040) as it is read (the branches are read in
//     order, so the docs' example, text first, fails as documented);
//   - a text beside a FLOAT, BOOLEAN, DATE, TIME or timestamp: refused
//     while the statement is rewritten;
//   - an item whose type the rewriter cannot see (an arithmetic expression,
//     a CASE, a function of unknown type; a table's, view's, CTE's or
//     derived table's column is typed) beside items of a known type: written
//     _SF_SETG(item, families), which DuckDB folds to the item when it
//     binds the macro (typeof() is a constant there) unless the item's type
//     and the known ones mix a text with one of those types, where it
//     answers as above, per row. No cost per row where nothing mixes.
// Columns that mix no text (NUMBER beside FLOAT, DATE beside TIMESTAMP),
// VARIANTs, and columns whose every item is of unknown type are left as
// they were. (A VALUES list mixing a text and another type in one column
// is refused by DuckDB: "Cannot combine types", 002040.)

// Families of a select item's type (setExprFamily): setText a VARCHAR,
// setFixed an integer or NUMBER, setFloat, setBool, setDate, setTime and
// setStamp (any timestamp), setNull a NULL literal, setOther another known
// type (VARIANT, BINARY...), "" unknown.
const (
	setText  = "T"
	setFixed = "N"
	setFloat = "F"
	setBool  = "B"
	setDate  = "D"
	setTime  = "M"
	setStamp = "S"
	setNull  = "0"
	setOther = "O"
)

// setNonText are the families that do not mix with a text.
const setNonText = setFixed + setFloat + setBool + setDate + setTime + setStamp

// setFamilyName names a family in a refusal.
var setFamilyName = map[string]string{setFixed: "NUMBER", setFloat: "FLOAT", setBool: "BOOLEAN", setDate: "DATE",
	setTime: "TIME", setStamp: "TIMESTAMP"}

// setRefusal is the run-time refusal of a text beside a number that is not
// decided by a text spelling no number.
const setRefusal = `Unsupported feature: a set operation (UNION, INTERSECT, EXCEPT) of a VARCHAR and a NUMBER whose texts read as numbers or are NULL (the docs do not give the scale of the NUMBER Snowflake makes of them), in the local engine.`

// setRefusalOther is the run-time refusal of a text beside a FLOAT,
// BOOLEAN, DATE, TIME or timestamp whose type only DuckDB sees.
const setRefusalOther = `Unsupported feature: a set operation (UNION, INTERSECT, EXCEPT) of a VARCHAR and a FLOAT, BOOLEAN, DATE, TIME or TIMESTAMP (the docs do not say which type Snowflake makes of them), in the local engine.`

func init() {
	prelude = append(prelude,
		// _SF_SETFAM_T(t): the family of DuckDB type t (as duckFamily's).
		`CREATE OR REPLACE TEMP MACRO _SF_SETFAM_T(t) AS CASE
		WHEN t = 'VARCHAR' THEN 'T'
		WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') OR starts_with(t, 'DECIMAL(') THEN 'N'
		WHEN t = 'FLOAT' OR t = 'DOUBLE' THEN 'F'
		WHEN t = 'BOOLEAN' THEN 'B'
		WHEN t = 'DATE' THEN 'D'
		WHEN t = 'TIME' THEN 'M'
		WHEN starts_with(t, 'TIMESTAMP') THEN 'S'
		ELSE 'O' END`,
		// _SF_SETNUM_BAD(x): text x clearly spells no number: no blank to
		// trim (whether Snowflake echoes the text trimmed is not
		// documented), and a character no number has (not a NaN or
		// infinity word either). Anything else might read as a number.
		`CREATE OR REPLACE TEMP MACRO _SF_SETNUM_BAD(x) AS x = trim(x) AND x <> ''
		AND NOT regexp_full_match(x, '[0-9.eE+-]*') AND NOT regexp_full_match(lower(x), '[+-]?(nan|inf|infinity)')`,
		// _SF_SETNUM_ERR(x): the failure of text x (a VARCHAR) converted
		// to a number beside a NUMBER: 100038 where it spells no number,
		// else the refusal. (x in the refusal's text keeps DuckDB from
		// raising it while it plans the query.)
		`CREATE OR REPLACE TEMP MACRO _SF_SETNUM_ERR(x) AS CASE WHEN _SF_SETNUM_BAD(x)
		THEN error('Numeric value ''' || x || ''' is not recognized')
		ELSE error('`+setRefusal+`' || coalesce(left(x, 0), '')) END`,
		// _SF_SETNUM(x): a text item beside NUMBERs.
		`CREATE OR REPLACE TEMP MACRO _SF_SETNUM(x) AS CAST(_SF_SETNUM_ERR(CAST(x AS VARCHAR)) AS DECIMAL(38, 5))`,
		// _SF_SETREFUSE(x): a NUMBER item beside texts.
		`CREATE OR REPLACE TEMP MACRO _SF_SETREFUSE(x) AS CAST(error('`+setRefusal+`' || coalesce(left(CAST(x AS VARCHAR), 0), '')) AS DECIMAL(38, 5))`,
		// _SF_SETG(x, k): an item of unknown type beside items of the
		// families k. Folds to x unless x's type and k mix a text with a
		// non-text family.
		`CREATE OR REPLACE TEMP MACRO _SF_SETG(x, k) AS CASE
		WHEN _SF_SETFAM_T(typeof(x)) = 'T' AND regexp_full_match(k, 'T?N') THEN _SF_SETNUM_ERR(CAST(x AS VARCHAR))
		WHEN _SF_SETFAM_T(typeof(x)) = 'N' AND regexp_full_match(k, 'TN?')
		THEN error('`+setRefusal+`' || coalesce(left(CAST(x AS VARCHAR), 0), ''))
		WHEN _SF_SETFAM_T(typeof(x)) = 'T' AND regexp_matches(k, '[`+setNonText+`]')
			OR regexp_matches(_SF_SETFAM_T(typeof(x)), '[`+setNonText+`]') AND contains(k, 'T')
		THEN error('`+setRefusalOther+`' || coalesce(left(CAST(x AS VARCHAR), 0), ''))
		ELSE x END`,
	)
}

// setItem is one select item of a set operation's branch: its token range
// [a, b) (-1 for a column of an expanded *) and family.
type setItem struct {
	a, b int
	e    int // the end of the item's expression (before its alias)
	fam  string
	name string // the column's name (upper-cased), "" when not known
	// noGuard: an item _SF_SETG is not written around: a subquery, which
	// DuckDB would plan for each of the macro's uses of it, or a bind,
	// whose type is not known when the statement is prepared.
	noGuard bool
}

// analyzeSetOps finds the statement's set operations and decides, per
// column, what its items are written as (p.setWrap, by the item's first
// token), or refuses the statement.
func (p *parser) analyzeSetOps() error {
	if p.setWrap != nil {
		return nil
	}
	p.setWrap = map[int]string{}
	type level struct {
		start  int
		splits []int
	}
	stack := []level{{start: 0}}
	for j := 0; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			stack = append(stack, level{start: j + 1})
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if len(stack) > 1 {
				l := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if err := p.setChain(l.start, j, l.splits); err != nil {
					return err
				}
			}
		case t.IsOp(";"):
			l := &stack[len(stack)-1]
			if err := p.setChain(l.start, j, l.splits); err != nil {
				return err
			}
			l.start, l.splits = j+1, nil
		case t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS"):
			l := &stack[len(stack)-1]
			l.splits = append(l.splits, j)
		}
	}
	for k := len(stack) - 1; k >= 0; k-- {
		if err := p.setChain(stack[k].start, len(p.toks), stack[k].splits); err != nil {
			return err
		}
	}
	return nil
}

// setChain analyzes the set operation whose branches lie between start and
// end, split at the set operators' indexes.
func (p *parser) setChain(start, end int, splits []int) error {
	if len(splits) == 0 {
		return nil
	}
	var branches [][]setItem
	from := start
	for k := 0; k <= len(splits); k++ {
		to := end
		if k < len(splits) {
			to = splits[k]
		}
		a := from
		if k > 0 {
			for a < to && (p.toks[a].IsWord("ALL") || p.toks[a].IsWord("DISTINCT")) {
				a++
			}
			if a < to && p.toks[a].IsWord("BY") {
				return nil // UNION BY NAME: columns matched by name
			}
		}
		items, ok := p.setBranch(a, to)
		if !ok {
			return nil // a branch whose columns cannot be listed
		}
		branches = append(branches, items)
		if k < len(splits) {
			from = splits[k] + 1
		}
	}
	for _, br := range branches {
		if br != nil && branches[0] != nil && len(br) != len(branches[0]) {
			return nil // DuckDB reports the mismatch
		}
	}
	width := -1
	for _, br := range branches {
		if br != nil {
			width = len(br)
			break
		}
	}
	op := strings.ToUpper(p.toks[splits[0]].Text)
	if op == "MINUS" {
		op = "EXCEPT"
	}
	for k := 0; k < width; k++ {
		var col []setItem
		for _, br := range branches {
			if br != nil {
				col = append(col, br[k])
			}
		}
		// The result of INTERSECT, or of EXCEPT from the text's branch,
		// holds no row when the text's branch has none, and each of that
		// branch's rows fails: the numbers need no refusal of their own,
		// which DuckDB, reading the right branch first there, would raise
		// ahead of the documented 100038.
		refuseNumbers := !(len(branches) == 2 && len(col) == 2 &&
			(op == "INTERSECT" || op == "EXCEPT" && col[0].fam == setText))
		if err := p.setColumn(op, col, refuseNumbers); err != nil {
			return err
		}
	}
	return nil
}

// setColumn decides how the items of one column of a set operation are
// written. (A branch whose items cannot be read, a VALUES list, is not in
// col: DuckDB refuses a text in it beside another type.)
func (p *parser) setColumn(op string, col []setItem, refuseNumbers bool) error {
	fams := ""
	var unknown []setItem
	for _, it := range col {
		switch it.fam {
		case setOther:
			return nil // VARIANT, BINARY...: not a text beside a number
		case "":
			unknown = append(unknown, it)
		case setNull:
		default:
			if !strings.Contains(fams, it.fam) {
				fams += it.fam
			}
		}
	}
	text := strings.Contains(fams, setText)
	nonText := strings.ContainsAny(fams, setNonText)
	switch {
	case text && nonText:
		if other := strings.Trim(fams, setText+setFixed); other != "" {
			// A text beside a FLOAT, BOOLEAN, DATE...: which way Snowflake
			// converts is not documented.
			at := col[0]
			for _, it := range col {
				if it.fam == setText && it.a >= 0 {
					at = it
				}
			}
			return p.unsupported(p.toks[max(at.a, 0)], fmt.Sprintf("%s of a VARCHAR and a %s", op, setFamilyName[other[:1]]))
		}
		for _, it := range col {
			if it.a < 0 && it.fam != setNull {
				// A column of * or of a parenthesized set operation, which
				// cannot be written here: the statement fails either way
				// (100038 or the refusal).
				return p.unsupported(p.toks[0], op+" of a VARCHAR and a NUMBER (a column of * or of a parenthesized set operation)")
			}
		}
		for _, it := range col {
			switch it.fam {
			case setText:
				p.setWrap[it.a] = "_SF_SETNUM(%s)"
			case setFixed:
				if refuseNumbers {
					p.setWrap[it.a] = "_SF_SETREFUSE(%s)"
				}
			case "":
				if !it.noGuard {
					p.setWrap[it.a] = "_SF_SETG(%s, '" + fams + "')"
				}
			}
		}
	case (text || nonText) && len(unknown) > 0:
		for _, it := range unknown {
			if it.a >= 0 && !it.noGuard {
				p.setWrap[it.a] = "_SF_SETG(%s, '" + fams + "')"
			}
		}
	}
	return nil
}

// setBranch lists the select items of the branch between a and b: nil with
// ok for a branch whose items cannot be read but that takes its place (a
// parenthesized set operation, VALUES), ok false where the column count
// itself is unknown (a * that cannot be expanded).
func (p *parser) setBranch(a, b int) ([]setItem, bool) {
	// The branch's SELECT: the first at its depth (after a WITH's CTEs,
	// INSERT INTO t (...), parentheses around the branch).
	depth, base, sel := 0, 0, -1
	for j := a; j < b && sel < 0; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if j == a+base && t.IsOp("(") {
				base++ // a parenthesized branch
			}
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case t.IsWord("SELECT") && depth == base:
			sel = j
		case t.IsWord("VALUES") && depth == base:
			return nil, true
		}
	}
	if sel < 0 {
		return nil, true
	}
	// A parenthesized branch that is itself a set operation: its columns
	// are its own chain's (whose items that chain's analysis writes).
	if base > 0 {
		if closing := p.matching(sel - 1); p.toks[sel-1].IsOp("(") && closing > sel && p.hasSetOp(sel, closing) {
			return p.setNested(sel, closing)
		}
	}
	i := sel + 1
	if i < b && (p.toks[i].IsWord("DISTINCT") || p.toks[i].IsWord("ALL")) {
		i++
	}
	if i+1 < b && p.toks[i].IsWord("TOP") && p.toks[i+1].Kind == sqllex.Number {
		i += 2
	}
	saved := p.scope
	p.scope = p.scanScope(i)
	defer func() { p.scope = saved }()
	var items []setItem
	d, itemStart := 0, i
	var prev tok
	for j := i; j <= b; j++ {
		var t tok
		if j < b {
			t = p.toks[j]
		}
		end := j == b
		switch {
		case end:
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
			end = d < 0
		case d == 0 && (isClause(t) && !(t.IsWord("FROM") && prev.IsWord("DISTINCT"))):
			end = true
		}
		if end || d == 0 && t.IsOp(",") {
			if j > itemStart {
				its, ok := p.setItems(itemStart, j)
				if !ok {
					return nil, false
				}
				items = append(items, its...)
			}
			itemStart = j + 1
		}
		if end {
			break
		}
		prev = t
	}
	return items, true
}

// hasSetOp reports a set operator at the top level between a and b.
func (p *parser) hasSetOp(a, b int) bool {
	d := 0
	for j := a; j < b; j++ {
		switch t := p.toks[j]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
		case d == 0 && (t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")):
			return true
		}
	}
	return false
}

// setNested types the columns of the set operation between a and b, a
// branch of another: a column's family is its branches' where they agree
// (a NULL taking the others'), else unknown. Its items cannot be written
// from the outer operation (a is -1).
func (p *parser) setNested(a, b int) ([]setItem, bool) {
	var out []setItem
	from, d := a, 0
	for j := a; j <= b; j++ {
		split := j == b
		if !split {
			switch t := p.toks[j]; {
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				d++
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				d--
			case d == 0 && (t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")):
				split = true
			}
		}
		if !split {
			continue
		}
		s := from
		for s < j && (p.toks[s].IsWord("ALL") || p.toks[s].IsWord("DISTINCT")) {
			s++
		}
		items, ok := p.setBranch(s, j)
		if !ok || items == nil || out != nil && len(items) != len(out) {
			return nil, ok && items == nil
		}
		if out == nil {
			out = make([]setItem, len(items))
			for k, it := range items {
				out[k] = setItem{a: -1, b: -1, fam: it.fam, name: it.name}
			}
		} else {
			for k, it := range items {
				switch {
				case out[k].fam == setNull:
					out[k].fam = it.fam
				case it.fam == setNull || it.fam == out[k].fam:
				default:
					out[k].fam = ""
				}
			}
		}
		from = j + 1
	}
	return out, true
}

// setItems types the select item between a and b: one item, or the columns
// of a lone * over one base table; ok false for any other *.
func (p *parser) setItems(a, b int) ([]setItem, bool) {
	isStar := p.toks[a].IsOp("*")
	for k := a; !isStar && k+1 < b && (p.toks[k].Kind == sqllex.Word || p.toks[k].Kind == sqllex.QuotedIdent) && p.toks[k+1].IsOp("."); k += 2 {
		isStar = p.toks[k+2].IsOp("*")
	}
	if isStar {
		sc := p.scope
		if b != a+1 || sc == nil || sc.unknown || len(sc.rels) != 1 || sc.rels[0].table == "" || sc.rels[0].opaque {
			return nil, false
		}
		names, types, err := p.opts.ColumnTypes(sc.rels[0].table, nil)
		if err != nil || len(types) == 0 || len(names) != len(types) {
			return nil, false
		}
		var out []setItem
		for k, t := range types {
			out = append(out, setItem{a: -1, b: -1, fam: duckFamily(t), name: strings.ToUpper(names[k])})
		}
		return out, true
	}
	e := b
	if b-a >= 3 && p.toks[b-2].IsWord("AS") {
		e = b - 2
	} else if b-a >= 2 && (p.toks[b-1].Kind == sqllex.QuotedIdent ||
		p.toks[b-1].Kind == sqllex.Word && !keywords[strings.ToUpper(p.toks[b-1].Text)]) && endsOperand(p.toks[b-2]) &&
		!p.toks[b-2].IsOp(".") && !p.toks[b-2].IsOp("::") {
		e = b - 1
	}
	name := ""
	if e < b {
		name = identKey(p.toks[b-1])
	} else if p.isPlainColumn(a, e-1) {
		name = identKey(p.toks[e-1])
	}
	noGuard := false
	for k := a; k < e; k++ {
		noGuard = noGuard || p.toks[k].IsWord("SELECT") || p.toks[k].Kind == sqllex.Bind || p.toks[k].Kind == sqllex.Variable
	}
	return []setItem{{a: a, b: b, e: e, fam: p.setExprFamily(a, e), name: name, noGuard: noGuard}}, true
}

// setExprFamily is the family of the expression between a and e, "" when
// the rewriter cannot see its type.
func (p *parser) setExprFamily(a, e int) string {
	if e <= a {
		return ""
	}
	t := p.toks[a]
	n := e - a
	if n == 1 {
		switch t.Kind {
		case sqllex.String, sqllex.DollarString:
			return setText
		case sqllex.Number:
			if strings.ContainsAny(t.Text, "eE") {
				return setFloat
			}
			return setFixed
		case sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "TRUE", "FALSE":
				return setBool
			case "NULL":
				return setNull
			case "CURRENT_DATE":
				return setDate
			case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "SYSDATE":
				return setStamp
			case "CURRENT_TIME", "LOCALTIME":
				return setTime
			}
		}
	}
	if n == 2 && (t.IsOp("-") || t.IsOp("+")) && p.toks[a+1].Kind == sqllex.Number {
		return p.setExprFamily(a+1, e)
	}
	if n == 2 && p.toks[a+1].Kind == sqllex.String && t.Kind == sqllex.Word {
		switch strings.ToUpper(t.Text) {
		case "DATE":
			return setDate
		case "TIME":
			return setTime
		case "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
			return setStamp
		}
	}
	if p.isPlainColumn(a, e-1) && (n == 1 || n == 3) {
		var parts []tok
		for k := a; k < e; k += 2 {
			parts = append(parts, p.toks[k])
		}
		if _, raw := p.columnTypes(parts); raw != "" {
			return duckFamily(raw)
		}
		return p.setRefFamily(parts)
	}
	// expr::TYPE at the top level, the last one deciding.
	depth, cast := 0, -1
	for k := a; k < e; k++ {
		switch tk := p.toks[k]; {
		case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{"):
			depth++
		case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}"):
			depth--
		case depth == 0 && tk.IsOp("::"):
			cast = k
		case depth == 0 && tk.IsOp("||"):
			return setText // whatever is cast on either side of it
		}
	}
	if cast >= 0 {
		return castFamily(p.toks[cast+1 : e])
	}
	// CAST(x AS type), TRY_CAST, and calls of known result.
	if t.Kind == sqllex.Word && a+1 < e && p.toks[a+1].IsOp("(") && p.toks[e-1].IsOp(")") && p.matching(a+1) == e-1 {
		fn := strings.ToUpper(t.Text)
		if fn == "CAST" || fn == "TRY_CAST" {
			d := 0
			for k := a + 2; k < e-1; k++ {
				switch tk := p.toks[k]; {
				case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{"):
					d++
				case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}"):
					d--
				case d == 0 && tk.IsWord("AS"):
					return castFamily(p.toks[k+1 : e-1])
				}
			}
			return ""
		}
		if f, ok := setFuncFamily[fn]; ok {
			return f
		}
		return p.setArgsFamily(fn, a+2, e-1)
	}
	return ""
}

// setPassFuncs are functions whose result is of their arguments' family
// (the indexes of the arguments that are results; nil: all): MIN, MAX...
// of a value are of its type, and SUM and AVG of a NUMBER are NUMBERs, of
// a FLOAT FLOATs (docs: each function's page); COALESCE, NVL, IFNULL and
// IFF of arguments of one type are of that type.
var setPassFuncs = map[string][]int{"MIN": {0}, "MAX": {0}, "ANY_VALUE": {0}, "SUM": {0}, "AVG": {0},
	"COALESCE": nil, "NVL": nil, "IFNULL": nil, "IFF": {1, 2}}

// setArgsFamily is the family of a call of fn whose arguments lie between
// a and b: the family its result arguments agree on (NULLs aside), where fn
// passes its arguments' type through.
func (p *parser) setArgsFamily(fn string, a, b int) string {
	idx, ok := setPassFuncs[fn]
	if !ok || b <= a || p.toks[a].IsWord("DISTINCT") {
		return ""
	}
	var args [][2]int
	d, from := 0, a
	for k := a; k <= b; k++ {
		if k < b {
			switch t := p.toks[k]; {
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				d++
				continue
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				d--
				continue
			case d != 0 || !t.IsOp(","):
				continue
			}
		}
		args = append(args, [2]int{from, k})
		from = k + 1
	}
	if idx == nil {
		for k := range args {
			idx = append(idx, k)
		}
	}
	fam := setNull
	for _, k := range idx {
		if k >= len(args) {
			return ""
		}
		switch f := p.setExprFamily(args[k][0], args[k][1]); {
		case f == setNull:
		case f == "" || fam != setNull && f != fam:
			return ""
		default:
			fam = f
		}
	}
	if (fn == "SUM" || fn == "AVG") && fam != setFixed && fam != setFloat {
		return ""
	}
	if fam == setNull {
		return ""
	}
	return fam
}

// matching is the index of the bracket closing the one at i, or -1.
func (p *parser) matching(i int) int {
	d := 0
	for k := i; k < len(p.toks); k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
			if d == 0 {
				return k
			}
		}
	}
	return -1
}

// setFuncFamily: functions whose result family does not depend on their
// arguments (docs: each function's page).
var setFuncFamily = map[string]string{
	"TO_VARCHAR": setText, "TO_CHAR": setText, "UPPER": setText, "LOWER": setText, "CONCAT": setText,
	"CONCAT_WS": setText, "SUBSTR": setText, "SUBSTRING": setText, "TRIM": setText, "LTRIM": setText,
	"RTRIM": setText, "REPLACE": setText, "LEFT": setText, "RIGHT": setText, "LPAD": setText, "RPAD": setText,
	"INITCAP": setText, "SPLIT_PART": setText, "MD5": setText, "SHA1": setText, "SHA2": setText,
	"TO_NUMBER": setFixed, "TO_DECIMAL": setFixed, "TO_NUMERIC": setFixed, "COUNT": setFixed, "LENGTH": setFixed,
	"LEN": setFixed, "COUNT_IF": setFixed, "TO_DOUBLE": setFloat, "TO_BOOLEAN": setBool, "TO_DATE": setDate,
	"DATE": setDate, "TO_TIME": setTime, "TO_TIMESTAMP": setStamp, "TO_TIMESTAMP_NTZ": setStamp,
	"TO_TIMESTAMP_LTZ": setStamp, "TO_TIMESTAMP_TZ": setStamp,
}

// castFamily is the family of a cast to the type written as toks.
func castFamily(toks []tok) string {
	if len(toks) == 0 || toks[0].Kind != sqllex.Word {
		return ""
	}
	if len(toks) > 1 && !(toks[1].IsOp("(") || toks[0].IsWord("DOUBLE") && toks[1].IsWord("PRECISION") && len(toks) == 2 ||
		toks[1].IsWord("VARYING") && len(toks) >= 2) {
		return ""
	}
	switch strings.ToUpper(toks[0].Text) {
	case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2", "CHAR_VARYING", "NCHAR_VARYING":
		return setText
	case "NUMBER", "NUMERIC", "DECIMAL", "DEC", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
		return setFixed
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL":
		return setFloat
	case "BOOLEAN":
		return setBool
	case "DATE":
		return setDate
	case "TIME":
		return setTime
	case "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "DATETIME":
		return setStamp
	}
	return setOther
}

// duckFamily is the family of a column of DuckDB type t.
func duckFamily(t string) string {
	switch {
	case t == "VARCHAR", strings.HasPrefix(t, "VARCHAR("): // a declared length (Options.ColumnTypes)
		return setText
	case t == "TINYINT", t == "SMALLINT", t == "INTEGER", t == "BIGINT", t == "HUGEINT", strings.HasPrefix(t, "DECIMAL("):
		return setFixed
	case t == "FLOAT", t == "DOUBLE":
		return setFloat
	case t == "BOOLEAN":
		return setBool
	case t == "DATE":
		return setDate
	case t == "TIME":
		return setTime
	case strings.HasPrefix(t, "TIMESTAMP"), strings.HasPrefix(t, "STRUCT(") && strings.Contains(t, "sf_tz_utc"):
		return setStamp
	case t == "":
		return ""
	}
	return setOther
}

// setWrapItem writes the select item s, starting at token start, as the
// set operation analysis decided; alias is the column's name when the item
// has none.
func (p *parser) setWrapItem(start int, s, alias string) (string, bool) {
	w, ok := p.setWrap[start]
	if !ok {
		return s, false
	}
	out := fmt.Sprintf(w, s)
	if alias != "" {
		out += " AS " + alias
	}
	return out, true
}

// setRefFamily is the family of a reference to a column of a CTE or a
// derived table of the current scope: its item's in that query, where the
// reference finds one relation.
func (p *parser) setRefFamily(parts []tok) string {
	sc := p.scope
	if sc == nil || sc.unknown || p.setDepth > 8 {
		return ""
	}
	var rel *scopeRel
	switch len(parts) {
	case 1:
		if len(sc.rels) != 1 || sc.aliases[identKey(parts[0])] {
			return ""
		}
		rel = sc.rels[0]
	case 2:
		for _, r := range sc.rels {
			if r.name == identKey(parts[0]) {
				if rel != nil {
					return ""
				}
				rel = r
			}
		}
	}
	if rel == nil {
		return ""
	}
	a, b, names := rel.sub[0], rel.sub[1], []string(nil)
	if rel.cte != "" {
		var ok bool
		if a, b, names, ok = p.cteBody(rel.cte); !ok {
			return ""
		}
	}
	if b <= a {
		return ""
	}
	p.setDepth++
	defer func() { p.setDepth-- }()
	var items []setItem
	if p.hasSetOp(a, b) {
		items, _ = p.setNested(a, b)
	} else {
		items, _ = p.setBranch(a, b)
	}
	if names != nil {
		if len(names) != len(items) {
			return ""
		}
		for k := range items {
			items[k].name = names[k]
		}
	}
	col, fam := identKey(parts[len(parts)-1]), ""
	for _, it := range items {
		switch {
		case it.name == "":
			return "" // a column that might be the one referenced
		case it.name == col && fam != "":
			return "" // named twice
		case it.name == col:
			fam = it.fam
		}
	}
	return fam
}

// cteBody finds the definition of the CTE name: the token range of its
// query and its column list's names (nil without one).
func (p *parser) cteBody(name string) (a, b int, names []string, ok bool) {
	for i := 1; i+2 < len(p.toks); i++ {
		t := p.toks[i]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || identKey(t) != name {
			continue
		}
		if prev := p.toks[i-1]; !(prev.IsWord("WITH") || prev.IsWord("RECURSIVE") || prev.IsOp(",")) {
			continue
		}
		j := i + 1
		if p.toks[j].IsOp("(") {
			end := p.matching(j)
			if end < 0 {
				return 0, 0, nil, false
			}
			for k := j + 1; k < end; k++ {
				switch tk := p.toks[k]; {
				case tk.IsOp(","):
				case tk.Kind == sqllex.Word || tk.Kind == sqllex.QuotedIdent:
					names = append(names, identKey(tk))
				default:
					return 0, 0, nil, false
				}
			}
			j = end + 1
		}
		if j+1 < len(p.toks) && p.toks[j].IsWord("AS") && p.toks[j+1].IsOp("(") {
			end := p.matching(j + 1)
			if end < 0 {
				return 0, 0, nil, false
			}
			return j + 2, end, names, true
		}
		names = nil
	}
	return 0, 0, nil, false
}
