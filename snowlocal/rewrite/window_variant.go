package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// VARIANTs in a window's OVER (PARTITION BY … ORDER BY …). DuckDB holds a
// VARIANT as JSON text, so it partitioned by the text: 1 and 1.0, or one
// OBJECT's keys written in two orders, were two partitions. PARTITION BY
// "Groups rows into partitions" and ORDER BY "Orders rows within each
// partition" (docs: window function syntax,
// https://docs.snowflake.com/en/sql-reference/functions-window-syntax),
// grouping and ordering as GROUP BY and ORDER BY do: VARIANTs by value,
// "its equality answers =, IN, DISTINCT, GROUP BY and the set operations",
// the same order "ORDER BY" (mlorek/frostlake docs/functions.md, "How
// VARIANT values order and compare", an independent reference,
// live-verified). Unlike GROUP BY, a partition shows no key of its own:
// each row keeps its value, so equal values written differently need no
// refusal.
//   - a PARTITION BY key that is a VARIANT the rewriter sees is keyed by
//     _SF_VEQK (variant_order.go); an ORDER BY item by _SF_VSORT (done where
//     any ORDER BY item is, expr.go).
//   - a key or item whose type the rewriter does not see (a column of
//     FLATTEN or of a derived table it cannot type, an expression around
//     one) is keyed by veqkAny(x) or _SF_VSORT_OR(x): DuckDB folds
//     typeof(x) as it binds the macro, so a JSON x (a VARIANT) is keyed by
//     value and any other x stays itself, of its own type (a RANGE frame
//     still reads its numbers), the unused field a constant NULL.

func init() {
	prelude = append(prelude,
		// _SF_NOTJ(x): NULL if x is a JSON, else x (unseenOrderKeys).
		`CREATE OR REPLACE TEMP MACRO _SF_NOTJ(x) AS CASE WHEN typeof(x) = 'JSON' THEN NULL ELSE x END`,
		// _SF_VSORT_OR(x): x's _SF_VSORT key if x is a JSON, else x.
		`CREATE OR REPLACE TEMP MACRO _SF_VSORT_OR(x) AS struct_extract({
		'j': CASE WHEN typeof(x) = 'JSON' THEN _SF_VSORT(to_json(x)) END,
		'o': CASE WHEN typeof(x) = 'JSON' THEN NULL ELSE x END}, CASE WHEN typeof(x) = 'JSON' THEN 'j' ELSE 'o' END)`)
}

// windowSpec parses the inside of OVER (…), up to its closing bracket,
// keying its PARTITION BY keys and ORDER BY items that are (or may be, as
// DuckDB binds them) VARIANTs. One that does not begin with PARTITION BY or
// ORDER BY is written as it is.
func (p *parser) windowSpec() (string, error) {
	partition := p.isWord("PARTITION") && p.peekN(1).IsWord("BY")
	order := p.isWord("ORDER") && p.peekN(1).IsWord("BY")
	win := &windowParts{frame: -1}
	if !partition && !order {
		if frameWord(p.peek()) {
			win.frame = p.i
		}
		s, err := p.seq(nil)
		p.lastWindow = win
		return s, err
	}
	var out []string
	if partition {
		p.i += 2
		var keys []string
		for {
			a := p.i
			s, err := p.seq(func(t tok, operand bool) bool {
				return t.IsOp(",") || operand && (t.IsWord("ORDER") || frameWord(t))
			})
			if err != nil {
				return "", err
			}
			keys = append(keys, p.windowPartitionKey(a, p.i, s))
			win.partition = append(win.partition, keys[len(keys)-1])
			if !p.acceptOp(",") {
				break
			}
		}
		out = append(out, "PARTITION BY "+strings.Join(keys, ", "))
	}
	if p.isWord("ORDER") && p.peekN(1).IsWord("BY") {
		p.i += 2
		var items []string
		for {
			a := p.i
			s, err := p.seq(func(t tok, operand bool) bool {
				return t.IsOp(",") || operand && (t.IsWord("ASC") || t.IsWord("DESC") || t.IsWord("NULLS") || frameWord(t))
			})
			if err != nil {
				return "", err
			}
			s = p.windowOrderItem(a, p.i, s)
			win.order = append(win.order, s)
			for p.isWord("ASC") || p.isWord("DESC") || p.isWord("NULLS") || p.peekN(-1).IsWord("NULLS") && (p.isWord("FIRST") || p.isWord("LAST")) {
				s += " " + strings.ToUpper(p.next().Text)
			}
			items = append(items, s)
			if !p.acceptOp(",") {
				break
			}
		}
		out = append(out, "ORDER BY "+strings.Join(items, ", "))
	}
	if frameWord(p.peek()) {
		win.frame = p.i
	}
	rest, err := p.seq(nil) // the window frame
	if err != nil {
		return "", err
	}
	p.lastWindow = win
	if rest = strings.TrimSpace(rest); rest != "" {
		out = append(out, rest)
	}
	return strings.Join(out, " "), nil
}

// windowParts are an OVER clause's parts as windowSpec renders them: the
// PARTITION BY keys, the ORDER BY items without their direction, and the
// token index of the window frame's first word (-1: none).
type windowParts struct {
	partition, order []string
	frame            int
}

// frameWord reports whether t begins a window frame.
func frameWord(t tok) bool {
	return t.IsWord("ROWS") || t.IsWord("RANGE") || t.IsWord("GROUPS")
}

// windowPartitionKey is the PARTITION BY key between token indices a and
// e, rendered as s, keyed by VARIANT equality where it is (or may be) a
// VARIANT.
func (p *parser) windowPartitionKey(a, e int, s string) string {
	if e <= a {
		return s
	}
	if p.isPlainColumn(a, e-1) && p.plainVariant(a, e) {
		return "_SF_VEQK(" + s + ")" // (as GROUP BY's groupKeyVariant)
	}
	if v, ok := p.renderVariant(a, e); ok {
		return "_SF_VEQK(" + v + ")"
	}
	if p.keyTypeUnseen(a, e) {
		if p.hasBind(a, e) {
			return "list_transform([" + s + "], lambda _sf_wk: " + veqkAny("_sf_wk") + ")[1]"
		}
		return veqkAny(s)
	}
	return s
}

// veqkAny is x's _SF_VEQK key if x is a JSON, else x, as DuckDB binds it.
// (Written out, not a prelude macro: _SF_VEQK reaches a Go function, which
// DuckDB binds when a macro calling it is created, before the engine
// registers it; variant_veq.go.)
func veqkAny(x string) string {
	return fmt.Sprintf("struct_extract({'j': CASE WHEN typeof(%[1]s) = 'JSON' THEN _SF_VEQK(to_json(%[1]s)) END, "+
		"'o': CASE WHEN typeof(%[1]s) = 'JSON' THEN NULL ELSE %[1]s END}, CASE WHEN typeof(%[1]s) = 'JSON' THEN 'j' ELSE 'o' END)", x)
}

// windowOrderItem is the window's ORDER BY item between token indices a
// and e, rendered as s (a VARIANT the rewriter sees already keyed by
// _SF_VSORT), keyed by VARIANT order where its type only DuckDB sees.
func (p *parser) windowOrderItem(a, e int, s string) string {
	if e <= a || strings.HasPrefix(s, "_SF_VSORT(") {
		return s
	}
	if p.keyTypeUnseen(a, e) && !(p.isPlainColumn(a, e-1) && p.plainVariant(a, e)) && !p.exprVariant(a, e) {
		if p.hasBind(a, e) {
			return "list_transform([" + s + "], lambda _sf_wk: _SF_VSORT_OR(_sf_wk))[1]"
		}
		return "_SF_VSORT_OR(" + s + ")"
	}
	return s
}

// keyTypeUnseen reports whether the expression between token indices a
// and e is of a type the rewriter does not see, so that it may be a
// VARIANT: of no family setExprFamily works out (or of its other types, a
// VARIANT among them), and a column whose type the rewriter does not see
// (unknownColumn: a base table's column is typed from the catalog) or an
// expression naming one or a VARIANT column (coalesce(v, w): the rewriter
// types no such call).
func (p *parser) keyTypeUnseen(a, e int) bool {
	if f := p.setExprFamily(a, e); p.scope == nil || f != "" && f != setOther {
		return false // (no scope: the rewriter's tests, as unknownOrderItem)
	}
	if p.isPlainColumn(a, e-1) && (e-a == 1 || e-a == 3) {
		return p.unknownColumn(a, e)
	}
	for k := a; k < e; k++ {
		if t := p.toks[k]; t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || !p.isPlainColumn(k, k) {
			continue // (a keyword)
		}
		if k > a && (p.toks[k-1].IsOp(".") || p.toks[k-1].IsOp(":") || p.toks[k-1].IsOp("::")) || k+1 < e && p.toks[k+1].IsOp("(") {
			continue // a qualified name's part, a path's key, a type, a function
		}
		end := k + 1
		if k+2 < e && p.toks[k+1].IsOp(".") && p.isPlainColumn(k, k+2) {
			end = k + 3
		}
		if p.unknownColumn(k, end) || p.isPlainColumn(k, end-1) && p.plainVariant(k, end) {
			return true
		}
		k = end - 1
	}
	return false
}

// hasBind reports whether the tokens between indices a and e hold a bind
// marker or a session variable, which a key written several times would
// bind several times: such a key is bound once, by a lambda.
func (p *parser) hasBind(a, e int) bool {
	for k := a; k < e; k++ {
		if t := p.toks[k]; t.Kind == sqllex.Bind || t.Kind == sqllex.Variable {
			return true
		}
	}
	return false
}

// unseenOrderKeys are the keys of a query's ORDER BY item x (with its
// direction dir, written after the first) whose type only DuckDB sees:
// _SF_VSORT_ANY(x), its value's key if it binds as a VARIANT, else a
// constant; then _SF_NOTJ(x), x itself unless it is a VARIANT, a constant
// then. Both fold as DuckDB binds them, leaving one key. (x itself as the
// second key split the ties of equal VARIANTs written differently, 1 and
// 1.0, by their text, ahead of the item's next key: ORDER BY x, id listed
// them by text, not by id.)
func unseenOrderKeys(x, dir string) string {
	return "_SF_VSORT_ANY(" + x + ")" + dir + ", _SF_NOTJ(" + x + ")"
}
