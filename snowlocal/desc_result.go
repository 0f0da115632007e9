package snowlocal

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// DESCRIBE RESULT { '<query_id>' | LAST_QUERY_ID() } (docs: desc-result)
// "describes the columns in the result of a query": the page prints the ten
// columns of DESCRIBE TABLE before its policy name, one row per result
// column, e.g. CITY VARCHAR(16777216) COLUMN Y NULL N N NULL NULL NULL for a
// table's VARCHAR column. The session answers it from the results it keeps
// for RESULT_SCAN (result_scan.go), for the result column types whose text
// the page and DESCRIBE TABLE pin (a sized VARCHAR, NUMBER, FLOAT, BOOLEAN,
// DATE) and nullable columns; anything else is refused.
func (s *Session) describeResult(c *cursor) (*Result, error) {
	unsupported := func(what string, args ...any) (*Result, error) {
		return nil, varUnsupported("DESCRIBE RESULT "+what, args...)
	}
	var id string
	t, _ := c.peek(0)
	switch {
	case t.Kind == sqllex.String:
		if strings.Contains(t.Text, `\`) || !strings.HasPrefix(t.Text, "'") {
			return unsupported("of a query ID with escapes")
		}
		id = unquoteString(t.Text)
		c.pos++
	case c.accept("LAST_QUERY_ID") && c.acceptOp("("):
		pos := -1
		if !c.acceptOp(")") {
			var sig []sqllex.Token
			for ; !c.done(); c.pos++ {
				tk, _ := c.peek(0)
				if tk.IsOp(")") {
					break
				}
				sig = append(sig, tk)
			}
			p, next, ok := intArg(sig, 0)
			if !ok || next != len(sig) || !c.acceptOp(")") {
				return unsupported("of LAST_QUERY_ID of an argument other than an integer")
			}
			pos = p
		}
		var err error
		if id, err = s.history.at(pos); err != nil {
			return nil, err
		}
	default:
		return unsupported("of an argument other than a query ID or LAST_QUERY_ID()")
	}
	c.acceptOp(";")
	if !c.done() {
		return unsupported("with text after its argument")
	}
	res := s.history.results[id]
	if res == nil {
		return unsupported("of a query whose result the session does not keep (%s)", id)
	}
	out := newTable("name", "type", "kind", "null?", "default", "primary key", "unique key", "check", "expression", "comment")
	for _, col := range res.Columns {
		typ, ok := describedResultType(col)
		if !ok {
			return unsupported("of a result column %s of type %s", col.Name, strings.ToUpper(col.Type))
		}
		if !col.Nullable {
			return unsupported("of a result column %s that is not nullable", col.Name)
		}
		out.add(col.Name, typ, "COLUMN", "Y", nil, "N", "N", nil, nil, nil)
	}
	return out.result(), nil
}

// describedResultType is a result column's type as DESCRIBE RESULT prints
// it, for the types whose text is pinned.
func describedResultType(c Column) (string, bool) {
	switch c.Type {
	case "text":
		if c.Length > 0 && c.Length <= 16777216 {
			return fmt.Sprintf("VARCHAR(%d)", c.Length), true
		}
	case "fixed", "real", "boolean", "date":
		return sqlType(c), true
	}
	return "", false
}
