package rewrite

import (
	"fmt"
	"slices"
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
//   - an item whose type the rewriter cannot see (a function it has no
//     result type for, a path into a VARIANT...), or whose type it works
//     out from its parts (an arithmetic expression, a CASE, a function of
//     its arguments), beside items of known types: written _SF_SETG(item,
//     families), which DuckDB folds to the item when it binds the macro
//     (typeof() is a constant there) unless the item's type and the known
//     ones mix a text with another type, where the statement is refused
//     while DuckDB binds it, rows or none. No cost per row.
//   - a column whose every item is of a type the rewriter cannot see:
//     each written _SF_SETU(item), which folds to the item unless it is a
//     text, a FLOAT, a BOOLEAN, a DATE, a TIME or a timestamp, refused as
//     DuckDB binds it (it might be beside a number: no branch sees
//     another's type), so that only a column of fixed-point NUMBERs (and
//     VARIANTs...) answers;
//   - a subquery or a bind of unknown type (which neither macro can take:
//     DuckDB would plan the subquery for each use, and a bind's type is
//     not known when the statement is prepared) beside another item:
//     refused while the statement is rewritten. DuckDB alone would make a
//     text and a number a VARCHAR, printing the number.
// A statement whose text items beside NUMBERs fail on every row (the
// first case) succeeds only where it reads no such row, and then reports
// the column as DuckDB types it, where Snowflake's NUMBER is not
// documented: the engine refuses a query that succeeds
// (Options.RefuseIfSucceeds), the rewriter any other statement.
// A column that mixes no text but two other families (a DATE beside a
// TIMESTAMP or a NUMBER, a BOOLEAN beside a NUMBER, a NUMBER beside a
// FLOAT...) is refused too: the docs give the type of none of those
// columns ("Make sure that the data type of each column is consistent
// across the rows from different sources"), and DuckDB's common type (a
// TIMESTAMP for a DATE beside one, a failed cast for a DATE beside a
// NUMBER) is its own. The rewriter refuses it where it sees the families,
// _SF_SETG as DuckDB binds the statement where it sees one only there. A
// column of one family (DATEs beside DATEs) answers, and VARIANTs are left
// as they were. (A VALUES list mixing a text and another type in one
// column is refused by DuckDB: "Cannot combine types", 002040.)

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

// setRefusalBind is the refusal, as DuckDB binds the statement, of a text
// and another type in one column of a set operation where the rewriter
// could not see one of them (a struct key: no double quote; DuckDB's error
// lower-cases it).
const setRefusalBind = `unsupported: a set operation (union, intersect, except) of a text and another type, or of two of number, float, boolean, date, time and timestamp, one of them an expression whose type the local engine sees only as it runs the statement`

// setRefusalUnknown is the refusal, as DuckDB binds the statement, of a
// text in a column of a set operation none of whose items' types the
// rewriter sees (a struct key, as setRefusalBind).
const setRefusalUnknown = `unsupported: a set operation (union, intersect, except) of a text, float, boolean, date, time or timestamp beside columns whose types the local engine cannot work out (cast them, for example to varchar or number)`

// setRefusalEmpty is the refusal of a query that succeeds although a
// column of its set operation mixes a text with a NUMBER: it read no row
// of the text (or of the NUMBER, which is refused too), and the column's
// type, which Snowflake's NUMBER it is, is not documented.
const setRefusalEmpty = `Unsupported feature: a set operation (UNION, INTERSECT, EXCEPT) of a VARCHAR and a NUMBER that reads no row of them (the docs do not give the scale of the NUMBER Snowflake makes of the column), in the local engine.`

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
		// _SF_SETG(x, a): an item of unknown type beside items of known
		// families, a the families it may be of without a mix (setGuard:
		// its column's one family, O a VARIANT, BINARY... or NULL). Folds
		// to x unless x's family is not in a, where the key the struct
		// lacks refuses the statement while DuckDB binds it (result.go
		// reads it as 002040). The family is read twice only: x is
		// expanded at each use of typeof(x), which DuckDB binds anew.
		// ([x][1]: with a bare parameter DuckDB binds the key when the
		// macro is created, as _SF_MUL_PICK notes.)
		`CREATE OR REPLACE TEMP MACRO _SF_SETG(x, a) AS CASE WHEN contains(a, _SF_SETFAM_T(typeof(x))) THEN x
		ELSE struct_extract({'x': [x][1]}, CASE WHEN contains(a, _SF_SETFAM_T(typeof(x))) THEN 'x' ELSE '`+setRefusalBind+`' END) END`,
		// _SF_SETU(x): an item of a column none of whose items' types the
		// rewriter sees. Folds to x unless x is a text, which might be
		// beside a number in another branch: refused as DuckDB binds it.
		`CREATE OR REPLACE TEMP MACRO _SF_SETU(x) AS CASE WHEN _SF_SETFAM_T(typeof(x)) NOT IN ('N', 'O')
		THEN struct_extract({'x': [x][1]}, CASE WHEN _SF_SETFAM_T(typeof(x)) NOT IN ('N', 'O') THEN '`+setRefusalUnknown+`' ELSE 'x' END)
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
	// stamp: a timestamp item's kind, in a session whose zone has
	// transitions (setStampKind).
	stamp string
	// derived: the family is worked out from the item's parts (an
	// operator, a CASE, a function), not read from a literal, a cast or a
	// column: _SF_SETG checks it against DuckDB's type beside other items.
	derived bool
	// fix is the item's NUMBER type where the rewriter knows it (a
	// literal, a column of the catalog): setFixedColumn.
	fix fixedType
	// variant: the item is a VARIANT (setops_variant.go).
	variant bool
	// same identifies an item of unknown type whose type equals that of
	// any other item of the same key: its text over the same base tables
	// ("" where the branch reads anything else: sameTypeKey).
	same string
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
	if p.setMustFail != nil {
		if p.opts.RefuseIfSucceeds == nil {
			return p.unsupported(*p.setMustFail, p.setMustOp+" of a VARCHAR and a NUMBER outside a query")
		}
		p.opts.RefuseIfSucceeds(setRefusalEmpty)
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
			if p.pivotChainFold(start, end, splits) { // pivot_setops.go
				return nil
			}
			for j := a; j < to; j++ {
				if p.toks[j].IsWord("PIVOT") {
					// A PIVOT's columns are NUMBERs of its aggregate's
					// type (AVG: NUMBER(p + 18, s + 6)), whose fold
					// Snowflake gives the widest scale, where DuckDB's
					// fold of a DECIMAL(38, 6) and a 38-digit integer
					// (SUM's) cuts the scale (9633.333333 became 9633):
					// not written where the rewriter cannot list them.
					return p.unsupported(p.toks[j], "a set operation (UNION, INTERSECT, EXCEPT, MINUS) of a PIVOT's columns the local engine cannot list")
				}
			}
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
		if len(col) == len(branches) {
			p.setFixedColumn(col, p.outermost(start)) // numlit.go
		}
	}
	if width < 0 {
		return nil
	}
	return p.setVariantChain(start, end, splits, branches, width) // setops_variant.go
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
	if err := p.setWallColumn(op, col, fams); err != nil { // wallclock_setops.go
		return err
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
				if p.setMustFail == nil {
					p.setMustFail, p.setMustOp = &p.toks[it.a], op
				}
			case setFixed:
				if refuseNumbers {
					p.setWrap[it.a] = "_SF_SETREFUSE(%s)"
				}
			case "":
				if !it.noGuard {
					p.setWrap[it.a] = "_SF_SETG(%s, '" + setGuard(fams) + "')"
				}
			}
		}
		return nil
	case nonText && len(strings.Trim(fams, setText)) > 1:
		// Two non-text families (no text): the docs give no type.
		at := col[0]
		for _, it := range col {
			if it.fam != "" && it.fam != setNull && it.fam != fams[:1] && it.a >= 0 {
				at = it
				break
			}
		}
		return p.unsupported(p.toks[max(at.a, 0)], fmt.Sprintf("%s of a %s and a %s", op, setFamilyName[fams[:1]], setFamilyName[fams[1:2]]))
	case fams == "" && len(unknown) <= 1:
		return nil // one item of unknown type beside NULLs mixes with nothing
	case fams == "":
		// No item of a type the rewriter can see to check the others
		// against: each is refused as DuckDB binds it if it is a text or
		// of a family that another branch's might mix with (a FLOAT, a
		// DATE...), so that only a column of NUMBERs (or VARIANTs: a
		// FLATTEN's VALUE) answers. Where one cannot be written so, the
		// statement is refused here.
		for _, it := range unknown {
			if it.a < 0 || it.noGuard {
				return p.unsupported(p.toks[max(it.a, 0)], op+" of columns whose types the local engine cannot work out (cast them, for example to VARCHAR or NUMBER)")
			}
		}
		for _, it := range unknown {
			p.setWrap[it.a] = "_SF_SETU(%s)"
		}
		return nil
	}
	for _, it := range unknown {
		if it.a < 0 || it.noGuard {
			return p.unsupported(p.toks[max(it.a, 0)], op+" of a subquery, a bind variable or a nested set operation of a type the local engine cannot work out beside another column (cast it, for example to VARCHAR or NUMBER)")
		}
	}
	// The items of unknown type, and those whose type is worked out from
	// their parts, are checked against the known families as DuckDB binds
	// them (no cost per row).
	for _, it := range col {
		if it.a >= 0 && !it.noGuard && (it.fam == "" || it.derived) {
			p.setWrap[it.a] = "_SF_SETG(%s, '" + setGuard(fams) + "')"
		}
	}
	return nil
}

// setGuard is the families (as _SF_SETFAM_T names them) an item whose type
// only DuckDB sees may be of beside items of the known families fams
// without a mix: a text and a NUMBER together (each refused or failing on
// its own) leave only the other types (O: VARIANT, BINARY, NULL...); a
// single family, that one and the other types. (fams never holds two
// non-text families: setColumn refuses them.)
func setGuard(fams string) string {
	if strings.Contains(fams, setText) && strings.ContainsAny(fams, setNonText) {
		return setOther
	}
	return fams + setOther
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
	return len(p.setBranchRanges(a, b)) > 1 // types_intfn.go
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
				out[k] = setItem{a: -1, b: -1, fam: it.fam, name: it.name, variant: it.variant}
			}
		} else {
			for k, it := range items {
				out[k].variant = out[k].variant || it.variant
				// A text beside a NUMBER is the NUMBER Snowflake converts
				// it to (the nested operation's own analysis checks it).
				if f := out[k].fam + it.fam; f == setText+setFixed || f == setFixed+setText {
					out[k].fam = setFixed
					continue
				}
				out[k].fam = setCombine(out[k].fam, it.fam)
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
			out = append(out, setItem{a: -1, b: -1, fam: duckFamily(t), name: strings.ToUpper(names[k]), variant: t == "JSON", stamp: rawStampKind(t)})
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
	fam, derived := p.setExprFam(a, e)
	it := setItem{a: a, b: b, e: e, fam: fam, name: name, noGuard: noGuard, derived: derived, same: p.sameTypeKey(a, e)}
	if fam == setStamp && p.opts.WallClockZone != "" {
		it.stamp = p.setStampKind(a, e) // wallclock_setops.go
	}
	if (fam == setOther || fam == "") && !noGuard && p.setDepth < 8 {
		it.variant = p.exprVariant(a, e) // variant_order.go
	}
	if fam == setFixed {
		// A literal, a column, or a call of an integer-valued function of
		// a constant precision, whose family is derived but certain.
		if it.fix = p.fixedType(a, e); derived && !it.fix.call { // numlit.go
			it.fix = fixedType{}
		}
	}
	if (fam == setFixed || fam == "") && !it.fix.known && !noGuard && p.setDepth < 8 {
		// An integer of known precision as the select list types one
		// (types_intfn.go): IFF(c, 1, 2), -LENGTH(s), 1 + 1, a derived
		// table's column of LENGTH(s). Its DuckDB integer may be any
		// (DuckDB's fold counts INTEGER 10 digits, HUGEINT 38): wide.
		if w := p.exprIntWidth(a, e); w > 0 {
			it.fam, it.fix = setFixed, fixedType{prec: w, known: true, integer: true, call: true, wide: true}
		}
	}
	return []setItem{it}, true
}

// setExprFamily is the family of the expression between a and e, "" when
// the rewriter cannot see its type.
func (p *parser) setExprFamily(a, e int) string {
	f, _ := p.setExprFam(a, e)
	return f
}

// setExprFam is setExprFamily and whether the family is derived from the
// expression's parts (setItem.derived).
func (p *parser) setExprFam(a, e int) (string, bool) {
	if e <= a {
		return "", false
	}
	t := p.toks[a]
	n := e - a
	if n == 1 {
		switch t.Kind {
		case sqllex.String, sqllex.DollarString:
			return setText, false
		case sqllex.Number:
			return setFixed, false // an exponent too (numlit.go)
		case sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "TRUE", "FALSE":
				return setBool, false
			case "NULL":
				return setNull, false
			case "CURRENT_DATE":
				return setDate, false
			case "CURRENT_TIMESTAMP", "LOCALTIMESTAMP":
				return setStamp, false
			case "CURRENT_TIME", "LOCALTIME":
				return setTime, false
			}
		}
	}
	if t.IsOp("(") && p.matching(a) == e-1 {
		if p.toks[a+1].IsWord("SELECT") || p.toks[a+1].IsWord("WITH") {
			return p.setSubqueryFamily(a+1, e-1), true
		}
		return p.setExprFam(a+1, e-1)
	}
	if n == 2 && (t.IsOp("-") || t.IsOp("+")) && p.toks[a+1].Kind == sqllex.Number {
		return p.setExprFam(a+1, e)
	}
	if n == 2 && p.toks[a+1].Kind == sqllex.String && t.Kind == sqllex.Word {
		switch strings.ToUpper(t.Text) {
		case "DATE":
			return setDate, false
		case "TIME":
			return setTime, false
		case "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
			return setStamp, false
		}
	}
	if p.isPlainColumn(a, e-1) && (n == 1 || n == 3) {
		var parts []tok
		for k := a; k < e; k += 2 {
			parts = append(parts, p.toks[k])
		}
		if _, raw := p.columnTypes(parts); raw != "" {
			return duckFamily(raw), false
		}
		return p.setRefFamily(parts)
	}
	// The operators at the top level (a CASE ... END counts as brackets).
	depth, cast, boolean, concat, path := 0, -1, false, false, false
	var add, mul []int
	for k := a; k < e; k++ {
		tk := p.toks[k]
		switch {
		case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{") || tk.IsWord("CASE"):
			if depth == 0 && tk.IsOp("[") && k > a {
				path = true // a subscript: an element of a VARIANT or ARRAY
			}
			depth++
		case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}") || tk.IsWord("END"):
			depth--
		case depth != 0:
		case tk.IsOp("::"):
			cast = k
		case comparisonOps[tk.Text] && tk.Kind == sqllex.Op, tk.Kind == sqllex.Word && setBoolWords[strings.ToUpper(tk.Text)]:
			boolean = true
		case tk.IsOp("||"):
			concat = true
		case tk.IsOp(":") && cast < 0:
			path = true
		case (tk.IsOp("+") || tk.IsOp("-")) && k > a && endsOperand(p.toks[k-1]):
			add = append(add, k)
		case tk.IsOp("*") || tk.IsOp("/") || tk.IsOp("%"):
			mul = append(mul, k)
		case k > a && tk.Kind == sqllex.Word && setCallSuffix[strings.ToUpper(tk.Text)]:
			// f(...) OVER (...), WITHIN GROUP (...), IGNORE NULLS: f's type.
			return p.setExprFam(a, k)
		case tk.IsWord("COLLATE"):
			return "", false
		}
	}
	switch {
	case boolean:
		return setBool, true // comparisons, AND, OR, NOT, IS, IN, LIKE...: a BOOLEAN
	case concat && len(add) == 0:
		return setText, true // whatever is cast on either side of it
	case concat:
		return "", false
	case len(add) > 0:
		return p.setArithFamily(a, e, add, true), true
	case len(mul) > 0:
		return p.setArithFamily(a, e, mul, false), true
	case t.IsOp("-") || t.IsOp("+"):
		// A sign (of a cast too: :: binds tighter): a NUMBER keeps its
		// type, a FLOAT too; a text converts to a FLOAT (mlorek/frostlake
		// docs/operators.md, an independent reference, live-verified:
		// "+'5' is 5, -'3' is -3.0").
		switch f := p.setExprFamily(a+1, e); f {
		case setFixed, setFloat:
			return f, true
		case setText:
			return setFloat, true
		}
		return "", false
	case cast >= 0:
		// expr::TYPE at the top level, the last one deciding.
		return castFamily(p.toks[cast+1 : e]), false
	case path:
		return setOther, false // a path into a VARIANT is a VARIANT
	case t.IsWord("CASE") && p.toks[e-1].IsWord("END"):
		return p.setCaseFamily(a, e), true
	}
	// CAST(x AS type), TRY_CAST, and calls of known result.
	name, open := p.setCallName(a, e)
	if open < 0 {
		return "", false
	}
	if name == "CAST" || name == "TRY_CAST" {
		d := 0
		for k := open + 1; k < e-1; k++ {
			switch tk := p.toks[k]; {
			case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{"):
				d++
			case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}"):
				d--
			case d == 0 && tk.IsWord("AS"):
				return castFamily(p.toks[k+1 : e-1]), false
			}
		}
		return "", false
	}
	if Allowed(name) {
		if f := functionFamily(name); f != "" {
			return f, true
		}
		if functionResults[name] == "NUMERIC" {
			return p.setNumericCallFamily(open+1, e-1), true
		}
		if f, ok := p.setDateCallFamily(name, open+1, e-1); ok {
			return f, true
		}
		return p.setArgsFamily(name, open+1, e-1), true
	}
	if p.opts.UserFunctionReturns != nil && p.opts.UserFunction != nil && p.opts.UserFunction(name) {
		// A user function's value is cast to its declared RETURNS type
		// (the engine's macro casts it).
		toks, err := sqllex.Tokenize(p.opts.UserFunctionReturns(name))
		if err != nil {
			return "", true
		}
		var ts []tok
		for _, x := range toks {
			ts = append(ts, tok{Token: x})
		}
		return castFamily(ts), true
	}
	return "", true
}

// setBoolWords are the words of a BOOLEAN expression's operators.
var setBoolWords = toSet(`AND OR NOT IS IN LIKE ILIKE RLIKE REGEXP BETWEEN EXISTS`)

// setCallSuffix are the words after a call that make it a window function
// or an aggregate of an ordered group, of the call's type.
var setCallSuffix = toSet(`OVER WITHIN IGNORE RESPECT`)

// setCallName reads the call between a and e: its name (upper-cased,
// dot-qualified) and the index of its opening parenthesis, -1 when the
// expression is not one call.
func (p *parser) setCallName(a, e int) (string, int) {
	var parts []string
	k := a
	for ; k < e && p.toks[k].Kind == sqllex.Word; k += 2 {
		parts = append(parts, strings.ToUpper(p.toks[k].Text))
		if k+1 >= e || !p.toks[k+1].IsOp(".") {
			k++
			break
		}
	}
	if len(parts) == 0 || k >= e || !p.toks[k].IsOp("(") || p.matching(k) != e-1 {
		return "", -1
	}
	return strings.Join(parts, "."), k
}

// setArithFamily is the family of the arithmetic between a and e whose
// operators at the top level are at ops (the additive ones where add):
// numbers give a NUMBER, a FLOAT where one of them is (a text beside a
// NUMBER reads as a NUMBER, beside a FLOAT, a text or NULL as a FLOAT:
// mlorek/frostlake docs/operators.md, an independent reference,
// live-verified); a DATE minus a DATE is "an integer number of days"
// (docs: Arithmetic operators,
// https://docs.snowflake.com/en/sql-reference/operators-arithmetic).
// Anything else (a DATE plus a number, an interval, a timestamp
// difference) is left unknown: the docs do not give its type.
func (p *parser) setArithFamily(a, e int, ops []int, add bool) string {
	var fams []string
	from := a
	for _, k := range append(ops, e) {
		fams = append(fams, p.setExprFamily(from, k))
		from = k + 1
	}
	if add && len(fams) == 2 && fams[0] == setDate && fams[1] == setDate && p.toks[ops[0]].IsOp("-") {
		return setFixed
	}
	fixed, float, text := false, false, false
	for _, f := range fams {
		switch f {
		case setFixed:
			fixed = true
		case setFloat:
			float = true
		case setText:
			text = true
		case setNull:
		default:
			return ""
		}
	}
	switch {
	case float || text && !fixed:
		return setFloat
	case fixed:
		return setFixed
	}
	return ""
}

// setNumericCallFamily is the family of a call whose result is a number of
// its arguments' kind (functionResults' NUMERIC), its arguments between a
// and b: a FLOAT where one of them is, a NUMBER where all are NUMBERs (or
// NULL); unknown for any other argument.
func (p *parser) setNumericCallFamily(a, b int) string {
	fam := setNull
	for _, r := range p.topLevelRanges(a, b) {
		switch f := p.setExprFamily(r[0], r[1]); f {
		case setFixed, setFloat, setNull:
			fam = setCombine(fam, f)
		default:
			return ""
		}
	}
	if fam == setNull {
		return ""
	}
	return fam
}

// setDateCallFamily is the family of a call of DATEADD (TIMEADD,
// TIMESTAMPADD) or DATE_TRUNC whose arguments lie between a and b, where
// the docs give it from the value's: "If date_or_time_expr is a time, then
// the return data type is a time. If date_or_time_expr is a timestamp,
// then the return data type is a timestamp. If date_or_time_expr is a
// date: If date_or_time_part is day or larger ..., the function returns a
// DATE value. If date_or_time_part is smaller than a day ..., the function
// returns a TIMESTAMP_NTZ value" (docs: DATEADD, Returns); DATE_TRUNC
// "returns a value of the same data type as the input" (docs: DATE_TRUNC,
// Returns). ok is false for another function; the family is "" where the
// value's is not a DATE, TIME or timestamp (a text) or the part is not a
// literal.
func (p *parser) setDateCallFamily(fn string, a, b int) (string, bool) {
	unit, value := -1, -1
	switch fn {
	case "DATEADD", "TIMEADD", "TIMESTAMPADD":
		unit, value = 0, 2
	case "DATE_TRUNC":
		unit, value = 0, 1
	default:
		return "", false
	}
	args := p.topLevelRanges(a, b)
	if len(args) != value+1 || args[unit][1] != args[unit][0]+1 {
		return "", true
	}
	w := p.toks[args[unit][0]]
	if w.Kind != sqllex.Word && w.Kind != sqllex.String {
		return "", true
	}
	name := strings.ToUpper(w.Text)
	if w.Kind == sqllex.String {
		name = strings.ToUpper(snowflakeString(w.Text))
	}
	part, ok := dateParts[name]
	if !ok {
		return "", true
	}
	switch f := p.setExprFamily(args[value][0], args[value][1]); f {
	case setTime, setStamp:
		return f, true
	case setDate:
		switch part {
		case "year", "quarter", "month", "week", "day":
			return setDate, true
		}
		if fn == "DATE_TRUNC" {
			return setDate, true
		}
		return setStamp, true
	}
	return "", true
}

// setCaseFamily is the family of the CASE ... END between a and e: the
// family its results agree on (NULLs aside, a NUMBER beside a FLOAT a
// FLOAT), else unknown.
func (p *parser) setCaseFamily(a, e int) string {
	var results [][2]int
	depth, from := 0, -1
	for k := a + 1; k < e-1; k++ {
		tk := p.toks[k]
		switch {
		case tk.IsOp("(") || tk.IsOp("[") || tk.IsOp("{") || tk.IsWord("CASE"):
			depth++
		case tk.IsOp(")") || tk.IsOp("]") || tk.IsOp("}") || tk.IsWord("END"):
			depth--
		case depth != 0:
		case tk.IsWord("WHEN"):
			if from >= 0 {
				results = append(results, [2]int{from, k})
				from = -1
			}
		case tk.IsWord("THEN") || tk.IsWord("ELSE"):
			if from >= 0 {
				results = append(results, [2]int{from, k})
			}
			from = k + 1
		}
	}
	if from >= 0 {
		results = append(results, [2]int{from, e - 1})
	}
	fam := setNull
	for _, r := range results {
		if fam = setCombine(fam, p.setExprFamily(r[0], r[1])); fam == "" {
			return ""
		}
	}
	if fam == setNull {
		return ""
	}
	return fam
}

// setCombine is the family of a conditional's results of families f and g:
// the one they agree on, a NULL taking the other's, a NUMBER beside a FLOAT
// a FLOAT; "" for any other pair.
func setCombine(f, g string) string {
	switch {
	case f == "" || g == "":
		return ""
	case f == setNull || f == g:
		return g
	case g == setNull:
		return f
	case strings.Contains(setFixed+setFloat, f) && strings.Contains(setFixed+setFloat, g):
		return setFloat
	}
	return ""
}

// setSubqueryFamily is the family of the scalar subquery between a and b:
// its one select item's.
func (p *parser) setSubqueryFamily(a, b int) string {
	if p.setDepth > 8 {
		return ""
	}
	items := p.setQueryItems(a, b)
	if len(items) != 1 || items[0].fam == setNull {
		return ""
	}
	return items[0].fam
}

// setArgsFamily is the family of a call of fn whose arguments lie between
// a and b where fn's result has the type of some of its arguments
// (ResultArgs: the family they agree on, NULLs aside; a DECODE's results
// are every other argument after the first, and its default); SUM and AVG
// of a NUMBER are NUMBERs, of a FLOAT FLOATs (docs: each function's page).
func (p *parser) setArgsFamily(fn string, a, b int) string {
	idx, ok := ResultArgs[fn]
	if fn == "SUM" || fn == "AVG" {
		idx, ok = []int{0}, true
	}
	if !ok || b <= a || p.toks[a].IsWord("DISTINCT") {
		return ""
	}
	args := p.topLevelRanges(a, b)
	switch {
	case (fn == "MIN_BY" || fn == "MAX_BY") && len(args) == 3:
		return setOther // docs (max_by): with a count, an ARRAY
	case fn == "DECODE":
		idx = nil
		for k := 2; k < len(args); k += 2 {
			idx = append(idx, k)
		}
		if len(args) > 2 && len(args)%2 == 0 {
			idx = append(idx, len(args)-1)
		}
	case len(idx) == 1 && idx[0] == -1:
		idx = nil
		for k := range args {
			idx = append(idx, k)
		}
	}
	fam := setNull
	for _, k := range idx {
		if k >= len(args) {
			if fn == "LAG" || fn == "LEAD" {
				continue // no default
			}
			return ""
		}
		if fam = setCombine(fam, p.setExprFamily(args[k][0], args[k][1])); fam == "" {
			return ""
		}
	}
	if (fn == "SUM" || fn == "AVG") && fam != setFixed && fam != setFloat || fam == setNull {
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
// reference finds one relation; and whether that item's family is derived
// from its parts (setItem.derived).
func (p *parser) setRefFamily(parts []tok) (string, bool) {
	sc := p.scope
	if sc == nil || sc.unknown || p.setDepth > 8 {
		return "", false
	}
	var rel *scopeRel
	switch len(parts) {
	case 1:
		if len(sc.rels) != 1 || sc.aliases[identKey(parts[0])] {
			return "", false
		}
		rel = sc.rels[0]
	case 2:
		for _, r := range sc.rels {
			if r.name == identKey(parts[0]) {
				if rel != nil {
					return "", false
				}
				rel = r
			}
		}
	}
	if rel == nil {
		return "", false
	}
	a, b, names, ok := p.relQuery(rel) // types_intfn.go
	if !ok || b <= a {
		return "", false
	}
	items := slices.Clone(p.setQueryItems(a, b))
	if names != nil {
		if len(names) != len(items) {
			return "", false
		}
		for k := range items {
			items[k].name = names[k]
		}
	}
	col, fam, derived := identKey(parts[len(parts)-1]), "", false
	for _, it := range items {
		switch {
		case it.name == "":
			return "", false // a column that might be the one referenced
		case it.name == col && fam != "":
			return "", false // named twice
		case it.name == col:
			fam, derived = it.fam, it.derived
		}
	}
	return fam, derived
}

// setQueryItems types the items of the query between a and b (a CTE's, a
// derived table's or a subquery's), once per statement: each of their
// items may name another such query's column, which would otherwise be
// typed again for each name. A query naming itself (a recursive CTE) is
// of unknown items while it is being typed.
func (p *parser) setQueryItems(a, b int) []setItem {
	key := [2]int{a, b}
	if items, ok := p.setMemo[key]; ok {
		return items
	}
	if p.setMemo == nil {
		p.setMemo = map[[2]int][]setItem{}
	}
	p.setMemo[key] = nil
	p.setDepth++
	defer func() { p.setDepth-- }()
	var items []setItem
	if p.hasSetOp(a, b) {
		items, _ = p.setNested(a, b)
	} else {
		items, _ = p.setBranch(a, b)
	}
	p.setMemo[key] = items
	return items
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

// topLevelRanges splits the tokens between a and b (call arguments, a
// VALUES row's items) at their top-level commas: the token range [from, to)
// of each.
func (p *parser) topLevelRanges(a, b int) [][2]int {
	var args [][2]int
	d, from := 0, a
	for k := a; k < b; k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
		case d == 0 && t.IsOp(","):
			args = append(args, [2]int{from, k})
			from = k + 1
		}
	}
	return append(args, [2]int{from, b})
}
