package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// alterColumns rewrites the rest of ALTER TABLE ... { ALTER | MODIFY } (p
// after the word): one column action, or several separated by commas and
// optionally in parentheses (docs: sql/alter-table-column, "ALTER TABLE t1
// MODIFY c2 DROP DEFAULT, c3 SET DEFAULT seq5.nextval" and "ALTER TABLE t1
// ALTER ( c1 DROP NOT NULL, c5 COMMENT '...', ... )"). Each action becomes
// one DuckDB ALTER TABLE statement, run in the order written.
//
// DuckDB runs those statements one after another, so a later one failing
// would leave the earlier ones done where Snowflake changes nothing. Several
// actions are therefore kept to those that cannot fail once rewritten
// (DROP NOT NULL, SET/DROP DEFAULT, COMMENT/UNSET COMMENT, a text or binary
// type change, which lengthChange checks here); SET NOT NULL and other type
// changes, which can fail on the rows, are refused beside other actions.
// Two type or comment actions on one column are refused as well: each
// records the column's comment from the catalog as it was before the
// statement, so the second would undo the first.
func (p *parser) alterColumns(head, name, check string, ifExists bool) (string, error) {
	paren := p.acceptOp("(")
	var outs []string
	var mayFail *tok
	recorded := map[string]bool{} // columns whose comment record an action rewrites
	for {
		at := p.peek()
		a, err := p.alterColumnAction(head, name, ifExists)
		if err != nil {
			return "", err
		}
		if a.policy {
			// Masking and projection policies and tags do not apply
			// locally: the statement does nothing. Its tag list has commas
			// of its own, so the rest is not read as actions; one that
			// holds a column action as well is refused.
			if len(outs) > 0 || p.restHasColumnAction() {
				return "", p.unsupported(at, "ALTER TABLE ... ALTER of a policy or tag beside other column actions")
			}
			p.i = len(p.toks)
			return noOp(check), nil
		}
		outs = append(outs, a.sql)
		if a.mayFail && mayFail == nil {
			mayFail = &at
		}
		if a.recordsMeta {
			key := strings.ToUpper(identSQL(a.col))
			if recorded[key] {
				return "", p.unsupported(a.col, "ALTER TABLE ... ALTER of one column's type or comment twice in one statement")
			}
			recorded[key] = true
		}
		if !p.acceptOp(",") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
	}
	if mayFail != nil && len(outs) > 1 {
		return "", p.unsupported(*mayFail, "ALTER TABLE ... ALTER of several columns with SET NOT NULL or a non-text type change")
	}
	return strings.Join(outs, ";\n"), nil
}

// columnActionWords are the words of the column actions other than
// policies and tags (DROP NOT NULL, SET DEFAULT, SET DATA TYPE, COMMENT ...).
var columnActionWords = toSet(`DROP NOT NULL DEFAULT DATA TYPE COMMENT`)

// restHasColumnAction reports whether the tokens after p hold a word of a
// column action other than a policy or tag.
func (p *parser) restHasColumnAction() bool {
	for _, t := range p.toks[p.i:] {
		if t.Kind == sqllex.Word && columnActionWords[strings.ToUpper(t.Text)] {
			return true
		}
	}
	return false
}

// columnAction is one rewritten ALTER TABLE ... ALTER COLUMN action.
type columnAction struct {
	sql         string // the DuckDB statement ("" for a policy)
	col         tok    // the column it alters
	policy      bool   // a masking or projection policy or a tag: no local effect
	mayFail     bool   // DuckDB may fail it on the table's rows
	recordsMeta bool   // it rewrites the column's comment record
}

// alterColumnAction reads one "[COLUMN] name action" of ALTER TABLE ...
// ALTER COLUMN.
func (p *parser) alterColumnAction(head, name string, ifExists bool) (columnAction, error) {
	p.accept("COLUMN")
	c := p.next()
	if c.Kind != sqllex.Word && c.Kind != sqllex.QuotedIdent {
		return columnAction{}, p.unexpected(c)
	}
	a := columnAction{col: c}
	col := head + " ALTER COLUMN " + identSQL(c)
	switch {
	case p.isWord("SET") && p.peekN(1).IsWord("DATA"), p.isWord("TYPE"), p.isWord("DATA"):
		p.accept("SET")
		p.accept("DATA")
		if err := p.expectWord("TYPE"); err != nil {
			return a, err
		}
		at, atIndex := p.peek(), p.i
		ty, err := p.parseType()
		if err != nil {
			return a, err
		}
		if err := p.refuseStructured(at, ty); err != nil {
			return a, err
		}
		alias := p.declaredAlias(atIndex)
		a.sql = col + " SET DATA TYPE " + ty.duck
		typ, known := "", false
		if ty.duck == "VARCHAR" || ty.duck == "BLOB" {
			if typ, err = p.lengthChange(name, c, ty, at); err != nil {
				return a, err
			}
			known = true
		} else {
			a.mayFail = true
		}
		a.recordsMeta = true
		if !ifExists {
			// Keep the keys and comment the column's comment records;
			// the type's alias is the one now declared (DATA_TYPE_ALIAS:
			// "or when the column was altered").
			old := ColumnMeta{}
			if metas, ok := p.columnMetas(name); ok {
				_, old, _ = metaOf(metas, c)
			}
			m := old
			if known {
				m.Type = typ
			}
			m.Alias = alias
			if m != old {
				a.sql += ";\n" + commentSQL(name, identSQL(c), m)
			}
		}
	case p.isWord("SET") && p.peekN(1).IsWord("DEFAULT"):
		p.i += 2
		start := p.i
		d, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
		if err != nil {
			return a, err
		}
		if err := p.checkSetDefault(name, c, start, p.i-1); err != nil { // column_default.go
			return a, err
		}
		a.sql = col + " SET DEFAULT " + d
	case p.isWord("DROP") && p.peekN(1).IsWord("DEFAULT"):
		p.i += 2
		a.sql = col + " DROP DEFAULT"
	case p.isWord("SET") && p.peekN(1).IsWord("NOT"):
		p.i += 3
		a.sql = col + " SET NOT NULL"
		a.mayFail = true
	case p.isWord("DROP") && p.peekN(1).IsWord("NOT"):
		p.i += 3
		a.sql = col + " DROP NOT NULL"
	case p.isWord("COMMENT") && p.peekN(1).Kind == sqllex.String,
		p.isWord("UNSET") && p.peekN(1).IsWord("COMMENT"):
		set := p.next().IsWord("COMMENT")
		var text string
		if t := p.next(); set {
			text = StringValue(t.Text)
		}
		if ifExists {
			return a, p.unsupported(c, "ALTER TABLE IF EXISTS ... ALTER COLUMN ... COMMENT")
		}
		var err error
		if a.sql, err = p.columnComment(name, c, c, text, set, "ALTER TABLE ... ALTER COLUMN ... COMMENT"); err != nil {
			return a, err
		}
		a.recordsMeta = true
	case p.isWord("UNSET"), p.isWord("SET"):
		a.policy = true
	default:
		return a, p.unexpected(p.peek())
	}
	return a, nil
}
