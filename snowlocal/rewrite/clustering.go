package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A table's clustering key (CREATE TABLE ... CLUSTER BY, ALTER TABLE ...
// CLUSTER BY) changes no answer but SHOW TABLES' cluster_by and
// automatic_clustering and INFORMATION_SCHEMA.TABLES' CLUSTERING_KEY and
// AUTO_CLUSTERING_ON, which the engine keeps (clustering.go of package
// snowlocal). The docs print a key of columns only (CREATE TABLE: CLUSTER BY
// (date, id) shows LINEAR(DATE, ID)); a key with an expression or a quoted
// name is refused, as what it shows is not documented.

// clusterKey reads ( name [, name ...] ) after CLUSTER BY [LINEAR] (at is
// the CLUSTER token) and returns the names.
func (p *parser) clusterKey(at tok) ([]tok, error) {
	p.accept("LINEAR")
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var cols []tok
	for {
		c := p.next()
		if c.Kind != sqllex.Word || !p.isOp(",") && !p.isOp(")") {
			return nil, p.unsupported(at, "CLUSTER BY of an expression or a quoted name")
		}
		cols = append(cols, c)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return cols, nil
}

// checkClusterBy requires CREATE TABLE's clustering key (if any) to name
// columns of its column list, which a temporary table and a CREATE TABLE
// ... AS SELECT without one do not have (refused).
func (p *parser) checkClusterBy(head string, cols []column) error {
	if p.clusterBy == nil {
		return nil
	}
	at := p.clusterBy[0]
	if strings.Contains(head, " IF NOT EXISTS ") {
		// Of an existing table it would change nothing, the key included.
		return p.unsupported(at, "CLUSTER BY in CREATE TABLE IF NOT EXISTS")
	}
	if strings.Contains(head, " TEMP ") {
		return p.unsupported(at, "CLUSTER BY of a temporary table")
	}
	if len(cols) == 0 {
		return p.unsupported(at, "CLUSTER BY without a column list")
	}
	for _, k := range p.clusterBy {
		found := false
		for _, c := range cols {
			if c.name == identSQL(k) {
				found = true
			}
		}
		if !found {
			return &Error{Code: CodeInvalidIdent, Line: k.Line, Col: k.Col,
				Message: "SQL compilation error:\ninvalid identifier '" + strings.ToUpper(k.Text) + "'"}
		}
	}
	return nil
}
