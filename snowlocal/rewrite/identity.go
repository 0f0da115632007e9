package rewrite

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// AUTOINCREMENT and IDENTITY columns (synonyms) draw their DEFAULT from a
// sequence of their own, as Snowflake's do: CREATE TABLE creates a DuckDB
// sequence next to the table and the column's default takes nextval of it.
// The sequence's name records what SHOW COLUMNS and DESCRIBE report
// (START, INCREMENT, ORDER or NOORDER, IdentityOf) and is unique, so that
// CREATE OR REPLACE TABLE never meets the old table's sequence. ORDER and
// NOORDER both hand out values in increasing order here, which NOORDER
// allows ("not guaranteed to be in increasing order").

// identityPrefix starts the name of an identity column's sequence.
const identityPrefix = "_SF_IDENTITY_"

// identityPlaceholder stands for the sequence's name in a column definition
// until CREATE TABLE knows the table's (identityDefs).
const identityPlaceholder = "\x00identity\x00"

// identity is an AUTOINCREMENT/IDENTITY column's sequence.
type identity struct {
	start, step string // integers, possibly negative
	order       bool
}

// identityClause parses what follows AUTOINCREMENT or IDENTITY:
// [ ( start , step ) | START [=] n INCREMENT [=] n ] [ ORDER | NOORDER ].
// The default order is NOORDER (the NOORDER_SEQUENCE_AS_DEFAULT parameter's
// default, TRUE).
func (p *parser) identityClause() (*identity, error) {
	id := &identity{start: "1", step: "1"}
	number := func() (string, error) {
		p.acceptOp("=")
		sign := ""
		if p.acceptOp("-") {
			sign = "-"
		} else {
			p.acceptOp("+")
		}
		n := p.next()
		if n.Kind != sqllex.Number || !isIntegerLiteral(n.Text) {
			return "", p.unexpected(n)
		}
		v, err := strconv.ParseInt(sign+n.Text, 10, 64)
		if err != nil {
			return "", p.unexpected(n)
		}
		return strconv.FormatInt(v, 10), nil
	}
	var err error
	switch {
	case p.acceptOp("("):
		if id.start, err = number(); err != nil {
			return nil, err
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
		if id.step, err = number(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	case p.isWord("START"):
		for p.accept("START") || p.accept("INCREMENT") {
			kw := strings.ToUpper(p.toks[p.i-1].Text)
			v, err := number()
			if err != nil {
				return nil, err
			}
			if kw == "START" {
				id.start = v
			} else {
				id.step = v
			}
		}
	}
	if id.step == "0" {
		return nil, p.unsupported(p.toks[p.i-1], "AUTOINCREMENT with INCREMENT 0")
	}
	switch {
	case p.accept("ORDER"):
		id.order = true
	case p.accept("NOORDER"):
	}
	return id, nil
}

// sequenceName is the name of the sequence of a new identity column of
// table (as rendered), in the table's schema.
func (id *identity) sequenceName(table string) string {
	var b [6]byte
	rand.Read(b[:])
	order := "NOORDER"
	if id.order {
		order = "ORDER"
	}
	leaf := `"` + identityPrefix + strings.ReplaceAll(id.start, "-", "M") + "_" + strings.ReplaceAll(id.step, "-", "M") +
		"_" + order + "_" + hex.EncodeToString(b[:]) + `"`
	if i := lastDotOutsideQuotes(table); i >= 0 {
		return table[:i+1] + leaf
	}
	return leaf
}

// createSQL creates the sequence named name.
func (id *identity) createSQL(name string) string {
	out := "CREATE SEQUENCE " + name + " START WITH " + id.start + " INCREMENT BY " + id.step
	if strings.HasPrefix(id.step, "-") {
		return out + " MINVALUE -9223372036854775808 MAXVALUE " + id.start
	}
	return out + " MINVALUE " + minOf(id.start) + " MAXVALUE 9223372036854775807"
}

// identityDefs gives the identity columns of table their sequences: the
// statements creating them (each ending in ";\n"), and the column
// definitions with their defaults filled in.
func identityDefs(table string, cols []column) (string, []column) {
	var pre strings.Builder
	for i, c := range cols {
		if c.identity == nil {
			continue
		}
		name := c.identity.sequenceName(table)
		pre.WriteString(c.identity.createSQL(name) + ";\n")
		cols[i].def = strings.Replace(c.def, identityPlaceholder, sqlString(name), 1)
	}
	return pre.String(), cols
}

// lastDotOutsideQuotes is the index of the last '.' of a rendered name that
// is not inside a double-quoted part, or -1.
func lastDotOutsideQuotes(name string) int {
	last, quoted := -1, false
	for i, r := range name {
		switch {
		case r == '"':
			quoted = !quoted
		case r == '.' && !quoted:
			last = i
		}
	}
	return last
}

// IdentityOf reads a column default that an identity column's sequence
// gives (nextval('…_SF_IDENTITY_1_1_NOORDER_…')) as Snowflake describes the
// column: "IDENTITY START 1 INCREMENT 1 NOORDER". ok is false for any other
// default.
func IdentityOf(dflt string) (desc, start, step string, order, ok bool) {
	i := strings.Index(dflt, identityPrefix)
	if !strings.HasPrefix(dflt, "nextval(") || i < 0 {
		return "", "", "", false, false
	}
	parts := strings.Split(dflt[i+len(identityPrefix):], "_")
	if len(parts) < 4 {
		return "", "", "", false, false
	}
	start = strings.ReplaceAll(parts[0], "M", "-")
	step = strings.ReplaceAll(parts[1], "M", "-")
	order = parts[2] == "ORDER"
	return "IDENTITY START " + start + " INCREMENT " + step + " " + parts[2], start, step, order, true
}
