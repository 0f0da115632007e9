package rewrite

import (
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A table's clustering key (CREATE TABLE ... CLUSTER BY, ALTER TABLE ...
// CLUSTER BY) changes no answer but SHOW TABLES' cluster_by and
// automatic_clustering and INFORMATION_SCHEMA.TABLES' CLUSTERING_KEY and
// AUTO_CLUSTERING_ON, which the engine keeps (clustering.go of package
// snowlocal). The docs print a key of columns (CREATE TABLE: CLUSTER BY
// (date, id) shows LINEAR(DATE, ID)) and, in CREATE TABLE, of the
// expressions below (clusterElement); any other expression, and a quoted
// name, is refused, as what it shows is not documented.

// clusterElement is one element of a clustering key.
type clusterElement struct {
	at    tok    // its first token
	col   tok    // the column it reads
	shown string // as SHOW TABLES shows it
	// needs is "" for a column, else the DuckDB type (or VARIANT) of
	// the column the expression's printed form is documented for.
	needs string
}

// ClusterElement reads one element of a clustering key at toks[i] (the
// statement's significant tokens), ended by ',' or ')': a column name, or
// an expression of a form the docs print in SHOW TABLES' cluster_by (docs:
// https://docs.snowflake.com/en/user-guide/tables-clustering-keys,
// "Defining a clustering key for a table" and "Changing the clustering key
// for a table"):
//   - TO_DATE(c) of a TIMESTAMP_NTZ column, shown as CAST(C AS DATE);
//   - SUBSTRING(c, m, n) of a text column, m and n integers, shown as
//     SUBSTRING(C, m, n);
//   - c:"Data":id::number and c:"Data":name::string of a VARIANT column,
//     shown as TO_NUMBER(GET_PATH(C, 'Data.id')) and
//     TO_CHAR(GET_PATH(C, 'Data.name')) (keys of letters, digits and
//     underscores; NUMBER and STRING only).
//
// col is the column it reads, needs the column type the form is
// documented for ("" for a column; DuckDB's TIMESTAMP or VARCHAR, or
// VARIANT), next the index after it; ok is false for anything else.
func ClusterElement(toks []sqllex.Token, i int) (col sqllex.Token, shown, needs string, next int, ok bool) {
	at := func(j int) sqllex.Token {
		if j < len(toks) {
			return toks[j]
		}
		return sqllex.Token{}
	}
	ends := func(j int) bool { return at(j).IsOp(",") || at(j).IsOp(")") }
	name := func(t sqllex.Token) string { return strings.ToUpper(t.Text) }
	switch {
	case at(i).Kind == sqllex.Word && ends(i+1):
		return at(i), name(at(i)), "", i + 1, true
	case at(i).IsWord("TO_DATE") && at(i+1).IsOp("(") && at(i+2).Kind == sqllex.Word && at(i+3).IsOp(")") && ends(i+4):
		return at(i + 2), "CAST(" + name(at(i+2)) + " AS DATE)", "TIMESTAMP", i + 4, true
	case at(i).IsWord("SUBSTRING") && at(i+1).IsOp("(") && at(i+2).Kind == sqllex.Word && at(i+3).IsOp(",") && plainInteger(at(i+4)) &&
		at(i+5).IsOp(",") && plainInteger(at(i+6)) && at(i+7).IsOp(")") && ends(i+8):
		return at(i + 2), "SUBSTRING(" + name(at(i+2)) + ", " + at(i+4).Text + ", " + at(i+6).Text + ")", "VARCHAR", i + 8, true
	case at(i).Kind == sqllex.Word && at(i+1).IsOp(":"):
		var path []string
		j := i + 1
		for at(j).IsOp(":") {
			k := at(j + 1)
			key := k.Text
			if k.Kind == sqllex.QuotedIdent {
				key = strings.ReplaceAll(k.Text[1:len(k.Text)-1], `""`, `"`)
			} else if k.Kind != sqllex.Word {
				return col, "", "", i, false
			}
			if !plainPathKey.MatchString(key) {
				return col, "", "", i, false
			}
			path = append(path, key)
			j += 2
		}
		conv := map[string]string{"NUMBER": "TO_NUMBER", "STRING": "TO_CHAR"}[name(at(j+1))]
		if !at(j).IsOp("::") || at(j+1).Kind != sqllex.Word || conv == "" || !ends(j+2) {
			return col, "", "", i, false
		}
		return at(i), conv + "(GET_PATH(" + name(at(i)) + ", '" + strings.Join(path, ".") + "'))", "VARIANT", j + 2, true
	}
	return col, "", "", i, false
}

// plainPathKey is a key of a path the docs print inside GET_PATH's quotes as is.
var plainPathKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// plainInteger reports a non-negative integer literal written without
// leading zeros (as SHOW TABLES would print it).
func plainInteger(t sqllex.Token) bool {
	return t.Kind == sqllex.Number && (t.Text == "0" || t.Text[0] != '0') && strings.Trim(t.Text, "0123456789") == ""
}

// clusterKey reads ( element [, element ...] ) after CLUSTER BY [LINEAR]
// (at is the CLUSTER token).
func (p *parser) clusterKey(at tok) ([]clusterElement, error) {
	p.accept("LINEAR")
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	rest := make([]sqllex.Token, 0, len(p.toks)-p.i)
	for _, t := range p.toks[p.i:] {
		rest = append(rest, t.Token)
	}
	var key []clusterElement
	for j := 0; ; {
		col, shown, needs, next, ok := ClusterElement(rest, j)
		if !ok {
			return nil, p.unsupported(at, "CLUSTER BY of an expression or a quoted name")
		}
		key = append(key, clusterElement{at: p.toks[p.i+j], col: p.toks[p.i+j+indexOf(rest[j:next], col)], shown: shown, needs: needs})
		j = next
		if !rest[j].IsOp(",") {
			p.i += j
			break
		}
		j++
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return key, nil
}

// indexOf is the index of t in toks (by position).
func indexOf(toks []sqllex.Token, t sqllex.Token) int {
	for i, x := range toks {
		if x.Pos == t.Pos {
			return i
		}
	}
	return 0
}

// checkClusterBy requires CREATE TABLE's clustering key (if any) to name
// columns of its column list, which a temporary table and a CREATE TABLE
// ... AS SELECT without one do not have (refused).
func (p *parser) checkClusterBy(head string, cols []column) error {
	if p.clusterBy == nil {
		return nil
	}
	at := p.clusterBy[0].at
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
		var found *column
		for i, c := range cols {
			if c.name == identSQL(k.col) {
				found = &cols[i]
			}
		}
		if found == nil {
			return &Error{Code: CodeInvalidIdent, Line: k.col.Line, Col: k.col.Col,
				Message: "SQL compilation error:\ninvalid identifier '" + strings.ToUpper(k.col.Text) + "'"}
		}
		switch {
		case k.needs == "":
		case found.collation != "":
			return p.unsupported(k.at, "CLUSTER BY of an expression of a column with a collation")
		case k.needs == "VARIANT" && found.sf == "VARIANT", k.needs == found.typ && found.sf != "VARIANT":
		default:
			// The form's printed text is documented for another type.
			return p.unsupported(k.at, "CLUSTER BY of this expression of a "+found.sf+" column")
		}
	}
	return nil
}

// checkAlterClusterElement checks, for ALTER TABLE ... CLUSTER BY, that an
// expression's column has the type its printed form is documented for, as
// checkClusterBy does for CREATE TABLE, from the table's DuckDB types and
// column metadata (a VARIANT is JSON without a declared OBJECT or ARRAY;
// text is VARCHAR, or VARCHAR(n) as ColumnTypes reports a declared
// length). A column it cannot find is left to the statement's
// own check (the table's or column's error).
func (p *parser) checkAlterClusterElement(table string, k clusterElement) error {
	if k.needs == "" {
		return nil
	}
	refused := p.unsupported(k.at, "ALTER TABLE ... CLUSTER BY of an expression of a column whose type the local engine cannot read")
	if p.opts.ColumnTypes == nil {
		return refused
	}
	names, types, err := p.opts.ColumnTypes(table, nil)
	if err != nil {
		return nil
	}
	metas, _ := p.columnMetas(table)
	for i, n := range names {
		if n != strings.ToUpper(k.col.Text) {
			continue
		}
		m := metas[n]
		if m.Collation != "" {
			return p.unsupported(k.at, "CLUSTER BY of an expression of a column with a collation")
		}
		declared := strings.ToUpper(m.Type)
		switch {
		case k.needs == "VARIANT" && types[i] == "JSON" && declared == "",
			k.needs == "TIMESTAMP" && types[i] == "TIMESTAMP",
			k.needs == "VARCHAR" && (types[i] == "VARCHAR" || strings.HasPrefix(types[i], "VARCHAR(")) && (declared == "" || textTypeName.MatchString(declared)):
			return nil
		}
		return p.unsupported(k.at, "CLUSTER BY of this expression of a column of another type than the docs print it for")
	}
	return nil
}

// textTypeName is a declared text type a column's metadata may record.
var textTypeName = regexp.MustCompile(`^(VARCHAR|STRING|TEXT|CHAR|CHARACTER|NCHAR|NVARCHAR|NVARCHAR2|CHAR VARYING|NCHAR VARYING)\b`)
