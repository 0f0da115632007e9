package rewrite

import (
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// objectName parses a dotted object name.
func (p *parser) objectName() (string, []tok, error) {
	var parts []tok
	for {
		t := p.next()
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return "", nil, p.unexpected(t)
		}
		if t.IsWord("IDENTIFIER") && p.isOp("(") {
			// IDENTIFIER('name') or IDENTIFIER($var) (a session variable
			// is a string literal by now) names the object (docs:
			// identifier-literal, session-variables); any other argument
			// is refused.
			if len(parts) > 0 || p.peekN(1).Kind != sqllex.String || !p.peekN(2).IsOp(")") {
				return "", nil, p.unsupported(t, "IDENTIFIER()")
			}
			lit := p.peekN(1)
			p.i += 3
			ps, err := identifierParts(lit)
			if err != nil {
				return "", nil, err
			}
			if p.isOp(".") {
				return "", nil, p.unsupported(t, "IDENTIFIER() followed by a name part")
			}
			return renderName(ps), ps, nil
		}
		parts = append(parts, t)
		if !p.acceptOp(".") {
			break
		}
	}
	return renderName(parts), parts, nil
}

func (p *parser) ifExists() bool {
	if p.isWord("IF") && p.peekN(1).IsWord("EXISTS") {
		p.i += 2
		return true
	}
	return false
}

func (p *parser) ifNotExists() bool {
	if p.isWord("IF") && p.peekN(1).IsWord("NOT") && p.peekN(2).IsWord("EXISTS") {
		p.i += 3
		return true
	}
	return false
}

// create rewrites CREATE [OR REPLACE] [TEMPORARY|TRANSIENT|SECURE...] TABLE|VIEW.
func (p *parser) create() (string, error) {
	start := p.next()
	var head strings.Builder
	head.WriteString("CREATE")
	if p.accept("OR") {
		if p.isWord("ALTER") {
			// CREATE OR ALTER (docs: CREATE TABLE, "CREATE OR ALTER
			// TABLE examples") changes an existing object to the new
			// definition, dropping the columns it no longer lists.
			return "", p.unsupported(start, "CREATE OR ALTER")
		}
		if err := p.expectWord("REPLACE"); err != nil {
			return "", err
		}
		head.WriteString(" OR REPLACE")
	}
	temp := false
loop:
	for {
		switch t := p.peek(); {
		case t.IsWord("LOCAL"), t.IsWord("GLOBAL"), t.IsWord("TRANSIENT"), t.IsWord("SECURE"):
			p.next()
		case t.IsWord("TEMP"), t.IsWord("TEMPORARY"), t.IsWord("VOLATILE"):
			p.next()
			temp = true
		case t.IsWord("RECURSIVE"), t.IsWord("MATERIALIZED"), t.IsWord("DYNAMIC"), t.IsWord("EXTERNAL"),
			t.IsWord("HYBRID"), t.IsWord("ICEBERG"), t.IsWord("EVENT"):
			return "", p.unsupported(t, "CREATE "+strings.ToUpper(t.Text))
		default:
			break loop
		}
	}
	if temp {
		head.WriteString(" TEMP")
	}
	switch t := p.next(); {
	case t.IsWord("TABLE"), t.IsWord("VIEW"):
		kind := strings.ToUpper(t.Text)
		head.WriteString(" " + kind)
		create := p.createTable
		if kind == "VIEW" {
			create = p.createView
		}
		out, err := create(head.String())
		if err != nil || p.objComment == nil || p.created == "" {
			return out, err
		}
		if strings.Contains(strings.ToUpper(out), " IF NOT EXISTS ") && p.tableExists(p.created) {
			// CREATE … IF NOT EXISTS of an existing object does nothing
			// (docs: CREATE TABLE), its comment included.
			return out, nil
		}
		// SHOW TABLES / SHOW VIEWS show the object's comment.
		return out + ";\nCOMMENT ON " + kind + " " + p.created + " IS " + sqlString(*p.objComment), nil
	case t.IsWord("SEQUENCE") && !temp:
		return p.createSequence(head.String() + " SEQUENCE") // sequence.go
	default:
		return "", p.unsupported(start, "CREATE "+strings.ToUpper(t.Text)+" in the SQL rewriter")
	}
}

// column is a parsed column definition.
type column struct {
	name string // rendered name
	typ  string // DuckDB type, "" in a CTAS column list without types
	sf   string // Snowflake type name (OBJECT, ARRAY: funcs_types.go)
	def  string // rendered definition (name type modifiers)
	// length is the declared n of VARCHAR(n) or BINARY(n), else "".
	length string
	// identity is an AUTOINCREMENT/IDENTITY column's sequence (identity.go).
	identity *identity
	// pk, uk and comment are the column's PRIMARY KEY and UNIQUE
	// constraints and its COMMENT, which DESCRIBE TABLE shows (colmeta.go).
	pk, uk     bool
	comment    string
	hasComment bool
	// alias is the type as declared when it is one upper-case name
	// (colmeta.go: declaredAlias), else "".
	alias string
	// collation is the COLLATE clause's specification, "" for none.
	collation string
	// check is an inline CHECK constraint (check_constraint.go).
	check bool
	// interval is an interval column's declared type (ivColumnMarker),
	// else "" (interval_columns.go).
	interval string
}

// createdName appends CREATE's optional IF NOT EXISTS and the object's
// name to head.
func (p *parser) createdName(head string) (string, error) {
	if p.ifNotExists() {
		head += " IF NOT EXISTS"
	}
	name, _, err := p.objectName()
	if err != nil {
		return "", err
	}
	p.created = name
	return head + " " + name, nil
}

func (p *parser) createTable(head string) (string, error) {
	head, err := p.createdName(head)
	if err != nil {
		return "", err
	}
	switch t := p.peek(); {
	case t.IsWord("LIKE"):
		p.next()
		src, _, err := p.objectName()
		if err != nil {
			return "", err
		}
		if err := p.tableOptions(); err != nil {
			return "", err
		}
		if p.clusterBy != nil {
			return "", p.unsupported(p.clusterBy[0].at, "CLUSTER BY in CREATE TABLE ... LIKE")
		}
		defs, err := p.definitionsOf(createdTableName(head), src, t)
		if err != nil {
			return "", err
		}
		return head + " AS SELECT * FROM " + src + " LIMIT 0" + p.metadataOf(createdTableName(head), src) + defs, nil
	case t.IsWord("CLONE"):
		p.next()
		src, _, err := p.objectName()
		if err != nil {
			return "", err
		}
		if n := p.peek(); (n.IsWord("AT") || n.IsWord("BEFORE")) && p.peekN(1).IsOp("(") {
			return "", p.unsupported(n, "CLONE "+strings.ToUpper(n.Text)+" (time travel)")
		}
		if p.undefinedTable(p.toks[p.i-1]) { // undefined_stored.go
			return "", p.unsupported(t, "CLONE of a table whose column may hold arrays with undefined elements")
		}
		defs, err := p.definitionsOf(createdTableName(head), src, t)
		if err != nil {
			return "", err
		}
		return head + " AS SELECT * FROM " + src + p.metadataOf(createdTableName(head), src) + defs, nil
	case t.IsWord("USING"):
		return "", p.unsupported(t, "CREATE TABLE ... USING TEMPLATE")
	}
	var cols []column
	if p.acceptOp("(") {
		if cols, err = p.columnDefs(); err != nil {
			return "", err
		}
	}
	if err := p.tableOptions(); err != nil {
		return "", err
	}
	if err := p.checkClusterBy(head, cols); err != nil {
		return "", err
	}
	if p.accept("AS") {
		q, err := p.seq(nil)
		if err != nil {
			return "", err
		}
		if q == "" {
			return "", p.unexpected(p.peek())
		}
		if len(cols) == 0 {
			return head + " AS " + q, nil
		}
		checked := len(p.checks) > 0
		for _, c := range cols {
			checked = checked || c.check
			if c.identity != nil {
				return "", p.unsupported(p.toks[0], "AUTOINCREMENT column in CREATE TABLE ... AS SELECT")
			}
			if c.interval != "" {
				// Only text in the interval format is read into one
				// (interval_columns.go), not a query's values.
				return "", p.unsupported(p.toks[0], "a column of an interval data type in CREATE TABLE ... AS SELECT")
			}
		}
		var sel, names []string
		for _, c := range cols {
			names = append(names, c.name)
			switch {
			case c.typ == "":
				sel = append(sel, c.name)
			case lengthType(c) != "":
				sel = append(sel, assignExpr("CAST("+c.name+" AS "+c.typ+")", lengthType(c))+" AS "+c.name)
			default:
				sel = append(sel, "CAST("+c.name+" AS "+c.typ+") AS "+c.name)
			}
		}
		if checked {
			return p.checkedCTAS(head, cols, q, sel, names)
		}
		return head + " AS SELECT " + strings.Join(sel, ", ") + " FROM (" + q + ") AS _sf_ctas(" + strings.Join(names, ", ") + ")" +
			semiTypeComments(createdTableName(head), cols), nil
	}
	if len(cols) == 0 {
		return "", p.unexpected(p.peek())
	}
	if strings.Contains(head, " IF NOT EXISTS ") {
		for _, c := range cols {
			if c.identity != nil {
				// The sequence would be created even where the table exists.
				return "", p.unsupported(p.toks[0], "AUTOINCREMENT column in CREATE TABLE IF NOT EXISTS")
			}
		}
	}
	sequences, cols := identityDefs(createdTableName(head), cols) // identity.go
	var defs []string
	for _, c := range cols {
		if c.typ == "" {
			return "", p.unexpected(p.peek())
		}
		defs = append(defs, c.def)
	}
	checks, err := p.renderChecks(createdTableName(head), cols) // check_constraint.go
	if err != nil {
		return "", err
	}
	defs = append(defs, checks...)
	comments := semiTypeComments(createdTableName(head), cols)
	if comments != "" && strings.Contains(head, " IF NOT EXISTS ") && p.tableExists(createdTableName(head)) {
		// CREATE TABLE IF NOT EXISTS of an existing table changes nothing,
		// its columns' comments (keys, COMMENTs, declared types) included.
		comments = ""
	}
	return sequences + head + " (" + strings.Join(defs, ", ") + ")" + comments, nil
}

// tableExists reports whether table or view (a rendered name) has columns
// in the catalog (Options.ColumnComments); false when that cannot be read.
func (p *parser) tableExists(table string) bool {
	if p.opts.ColumnComments == nil {
		return false
	}
	raw, err := p.opts.ColumnComments(table)
	return err == nil && len(raw) > 0
}

// columnDefs parses column definitions after '(' through ')'. Constraints
// other than NOT NULL are dropped: Snowflake does not enforce them.
func (p *parser) columnDefs() ([]column, error) {
	var cols []column
	var keys []string    // the columns of a table-level PRIMARY KEY
	var uniques []string // the columns of table-level UNIQUE constraints
	for {
		t := p.peek()
		switch {
		case t.IsWord("CONSTRAINT") && p.peekN(2).IsWord("UNIQUE"), t.IsWord("UNIQUE"):
			if t.IsWord("CONSTRAINT") {
				p.i += 2
			}
			p.i++ // UNIQUE
			k, err := p.identList()
			if err != nil {
				return nil, err
			}
			uniques = append(uniques, k...)
			p.skipGroupUntil(",", ")") // ENFORCED, RELY, ...
		case t.IsWord("CONSTRAINT") && p.peekN(2).IsWord("PRIMARY"), t.IsWord("PRIMARY"):
			if t.IsWord("CONSTRAINT") {
				p.i += 2
			}
			p.i++ // PRIMARY
			if err := p.expectWord("KEY"); err != nil {
				return nil, err
			}
			k, err := p.identList()
			if err != nil {
				return nil, err
			}
			keys = append(keys, k...)
			p.skipGroupUntil(",", ")") // ENFORCED, RELY, ...
		case t.IsWord("CHECK"), t.IsWord("CONSTRAINT") && p.peekN(2).IsWord("CHECK"):
			// Snowflake enforces CHECK: DuckDB's CREATE TABLE carries it
			// (check_constraint.go).
			if err := p.checkClause(); err != nil {
				return nil, err
			}
		case t.IsWord("CONSTRAINT"), t.IsWord("UNIQUE"), t.IsWord("FOREIGN"):
			p.skipGroupUntil(",", ")")
		default:
			c, err := p.columnDef()
			if err != nil {
				return nil, err
			}
			cols = append(cols, c)
		}
		if p.acceptOp(",") {
			continue
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		for _, k := range keys {
			for i := range cols {
				if strings.EqualFold(cols[i].name, k) || cols[i].name == k {
					cols[i].primaryKey()
				}
			}
		}
		for _, k := range uniques {
			for i := range cols {
				if strings.EqualFold(cols[i].name, k) || cols[i].name == k {
					cols[i].uk = true
				}
			}
		}
		return cols, nil
	}
}

// definitionsOf gives table, created LIKE or CLONE of src (at token at), the
// DEFAULTs and NOT NULLs of src's columns ("Column names, types, defaults,
// and constraints are copied to the new table", CREATE TABLE … LIKE):
// statements that follow the CREATE, each starting ";\n". A column whose
// default is an AUTOINCREMENT sequence is refused: whether the copy shares
// the sequence or starts its own is not documented.
func (p *parser) definitionsOf(table, src string, at tok) (string, error) {
	if p.opts.ColumnDefaults == nil {
		return "", nil
	}
	defaults, notNull, err := p.opts.ColumnDefaults(src)
	if err != nil {
		return "", nil
	}
	var names []string
	for n := range defaults {
		names = append(names, n)
	}
	for n := range notNull {
		if _, ok := defaults[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		col := table + " ALTER COLUMN " + quoteIdent(n)
		if d := defaults[n]; d != "" {
			if _, _, _, _, ok := IdentityOf(d); ok {
				return "", p.unsupported(at, "CREATE TABLE ... "+strings.ToUpper(at.Text)+" of a table with an AUTOINCREMENT column")
			}
			b.WriteString(";\nALTER TABLE " + col + " SET DEFAULT " + d)
		}
		if notNull[n] {
			b.WriteString(";\nALTER TABLE " + col + " SET NOT NULL")
		}
	}
	return b.String(), nil
}

// primaryKey makes c NOT NULL: Snowflake enforces NOT NULL, and a PRIMARY KEY
// column is one (the docs' DESCRIBE TABLE example shows `null?` N for it),
// though the key itself is not enforced.
func (c *column) primaryKey() {
	c.pk = true
	if !strings.Contains(c.def, " NOT NULL") {
		c.def += " NOT NULL"
	}
}

// skipGroupUntil skips tokens (balancing brackets) until one of stops at depth 0.
func (p *parser) skipGroupUntil(stops ...string) {
	depth := 0
	for !p.eof() {
		t := p.peek()
		if depth == 0 {
			for _, s := range stops {
				if t.IsOp(s) || t.IsWord(s) {
					return
				}
			}
		}
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		}
		p.next()
	}
}

var columnModifierWords = toSet(`NOT NULL PRIMARY UNIQUE REFERENCES CONSTRAINT COMMENT COLLATE WITH MASKING TAG
FOREIGN DEFAULT AUTOINCREMENT IDENTITY ENFORCED RELY NORELY VALIDATE NOVALIDATE DEFERRABLE INITIALLY ENABLE
DISABLE PROJECTION`)

func (p *parser) columnDef() (column, error) {
	n := p.next()
	if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
		return column{}, p.unexpected(n)
	}
	c := column{name: identSQL(n)}
	if p.isOp(",") || p.isOp(")") {
		return c, nil
	}
	at := p.i
	var ty sqlType
	if marker, ok, err := p.intervalColumnDef(); err != nil { // interval_columns.go
		return column{}, err
	} else if ok {
		ty, c.interval = sqlType{sf: "INTERVAL", duck: "INTERVAL", kind: "other"}, marker
	} else if ty, err = p.parseType(); err != nil {
		return column{}, err
	}
	if err := p.refuseStructured(p.toks[at], ty); err != nil {
		return column{}, err
	}
	c.typ, c.sf, c.length = ty.duck, ty.sf, ty.length
	c.alias = p.declaredAlias(at)
	def := c.name + " " + ty.duck
	for !p.isOp(",") && !p.isOp(")") && !p.eof() {
		t := p.peek()
		switch {
		case t.IsWord("NOT") && p.peekN(1).IsWord("NULL"):
			p.i += 2
			def += " NOT NULL"
		case t.IsWord("NULL"):
			p.next()
		case t.IsWord("DEFAULT") && c.interval != "":
			return column{}, p.unsupported(t, "DEFAULT of a column of an interval data type")
		case t.IsWord("DEFAULT"):
			p.next()
			start := p.i
			d, err := p.seq(func(t tok, operand bool) bool {
				return t.IsOp(",") || (operand && t.Kind == sqllex.Word && columnModifierWords[strings.ToUpper(t.Text)])
			})
			if err != nil {
				return column{}, err
			}
			if d == "" {
				return column{}, p.unexpected(p.peek())
			}
			def += " DEFAULT " + spelledDefault(p.toks[start:p.i], d) // column_default.go
		case (t.IsWord("AUTOINCREMENT") || t.IsWord("IDENTITY")) && c.interval != "":
			return column{}, p.unsupported(t, t.Text+" of a column of an interval data type")
		case t.IsWord("AUTOINCREMENT"), t.IsWord("IDENTITY"):
			p.next()
			if strings.Contains(def, " DEFAULT ") || c.identity != nil {
				// "DEFAULT and AUTOINCREMENT are mutually exclusive".
				return column{}, p.unexpected(t)
			}
			id, err := p.identityClause() // identity.go
			if err != nil {
				return column{}, err
			}
			c.identity = id
			def += " DEFAULT nextval(" + identityPlaceholder + ")"
		case t.IsWord("COLLATE"):
			// COLLATE '' "is equivalent to specifying no collation for the
			// column" (docs: collation, COLLATE clause); another
			// specification the engine applies is kept with the column
			// (collate_column.go).
			s := p.peekN(1)
			if s.Kind != sqllex.String || ty.duck != "VARCHAR" || c.collation != "" {
				return column{}, p.unsupported(t, "COLLATE")
			}
			spec := snowflakeString(s.Text)
			if spec != "" {
				if cs := parseCollSpec(spec); !cs.valid || strings.ContainsAny(spec, "|") {
					return column{}, p.unsupported(s, "COLLATE "+s.Text)
				}
			}
			c.collation = spec
			p.i += 2
		case t.IsWord("COMMENT"):
			p.next()
			s := p.next()
			if s.Kind != sqllex.String {
				return column{}, p.unexpected(s)
			}
			c.comment, c.hasComment = StringValue(s.Text), true
		case t.IsWord("PRIMARY") || t.IsWord("FOREIGN"):
			p.i++
			if err := p.expectWord("KEY"); err != nil {
				return column{}, err
			}
			if t.IsWord("PRIMARY") {
				c.pk = true
				if !strings.Contains(def, " NOT NULL") {
					def += " NOT NULL" // see primaryKey
				}
			}
		case t.IsWord("UNIQUE"):
			p.next()
			c.uk = true
		case t.IsWord("CHECK"), t.IsWord("CONSTRAINT") && p.peekN(2).IsWord("CHECK"):
			// Rendered as a table constraint once the columns are
			// known (check_constraint.go).
			if err := p.checkClause(); err != nil {
				return column{}, err
			}
			c.check = true
		case t.IsWord("ENFORCED"), t.IsWord("RELY"), t.IsWord("NORELY"), t.IsWord("VALIDATE"),
			t.IsWord("NOVALIDATE"), t.IsWord("DEFERRABLE"), t.IsWord("ENABLE"), t.IsWord("DISABLE"):
			p.next()
		case t.IsWord("NOT"):
			p.next() // NOT ENFORCED / NOT DEFERRABLE
		case t.IsWord("INITIALLY"):
			p.i += 2
		case t.IsWord("CONSTRAINT"):
			p.i += 2
		case t.IsWord("REFERENCES"):
			p.next()
			if _, _, err := p.objectName(); err != nil {
				return column{}, err
			}
			if p.isOp("(") {
				if _, err := p.identList(); err != nil {
					return column{}, err
				}
			}
		case t.IsWord("WITH"), t.IsWord("MASKING"), t.IsWord("TAG"), t.IsWord("PROJECTION"):
			// Governance policies and tags do not apply locally.
			p.accept("WITH")
			if p.accept("TAG") {
				p.skipGroupUntil(",", ")")
				continue
			}
			p.next() // MASKING / PROJECTION
			p.accept("POLICY")
			p.next() // policy name
			for p.acceptOp(".") {
				p.next()
			}
			if p.accept("USING") && p.isOp("(") {
				if _, err := p.identList(); err != nil {
					return column{}, err
				}
			}
		case t.IsWord("AS"):
			p.next()
			if err := p.expectOp("("); err != nil {
				return column{}, err
			}
			g, err := p.seq(nil)
			if err != nil {
				return column{}, err
			}
			if err := p.expectOp(")"); err != nil {
				return column{}, err
			}
			def += " GENERATED ALWAYS AS (" + g + ")"
		default:
			return column{}, p.unexpected(t)
		}
	}
	c.def = def
	return c, nil
}

// tableOptions skips table and view properties that do not apply locally
// (CHANGE_TRACKING = TRUE; DATA_RETENTION_TIME_IN_DAYS = 0 or 1, which
// the engine keeps: snowlocal/retention.go;
// COPY GRANTS, WITH TAG (...), WITH ROW ACCESS POLICY ...), refuses those
// SHOW TABLES would show and the engine does not keep (CLUSTER BY,
// unkeptTableProperty), and keeps COMMENT = '...' in p.objComment.
func (p *parser) tableOptions() error {
	for !p.eof() && !p.isWord("AS") {
		t := p.peek()
		switch {
		case t.IsWord("COMMENT") && p.peekN(1).IsOp("=") && p.peekN(2).Kind == sqllex.String:
			c := StringValue(p.peekN(2).Text)
			p.objComment = &c
			p.i += 3
		case t.IsWord("COMMENT") && p.peekN(1).IsOp("="):
			// COMMENT = '<string_literal>' (docs: CREATE TABLE): any
			// other value is not skipped as the ignored properties are.
			return p.unexpected(p.peekN(2))
		case unkeptTableProperty(t, p.peekN(1), p.peekN(2)):
			return p.unsupported(t, strings.ToUpper(t.Text)+" = "+strings.ToUpper(p.peekN(2).Text)+unkeptWhy(t))
		case t.Kind == sqllex.Word && p.peekN(1).IsOp("="):
			p.i += 2
			if p.isOp("(") {
				p.next()
				p.skipGroupUntil(")")
				if err := p.expectOp(")"); err != nil {
					return err
				}
			} else {
				p.next()
				for p.acceptOp(".") {
					p.next()
				}
			}
		case t.IsWord("CLUSTER") && p.peekN(1).IsWord("BY") && p.clusterBy == nil:
			// The engine keeps the key for SHOW TABLES (clustering.go).
			p.i += 2
			key, err := p.clusterKey(t)
			if err != nil {
				return err
			}
			p.clusterBy = key
		case t.IsWord("COPY") && p.peekN(1).IsWord("GRANTS"):
			p.i += 2
		case t.IsWord("COMMENT") && p.peekN(1).Kind == sqllex.String:
			c := StringValue(p.peekN(1).Text)
			p.objComment = &c
			p.i += 2
		case t.IsWord("WITH"), t.IsWord("TAG"), t.IsWord("ROW"):
			p.accept("WITH")
			if p.accept("TAG") {
				if err := p.expectOp("("); err != nil {
					return err
				}
				p.skipGroupUntil(")")
				if err := p.expectOp(")"); err != nil {
					return err
				}
				continue
			}
			// ROW ACCESS POLICY name ON (cols) / AGGREGATION POLICY name
			p.skipGroupUntil("AS", "WITH", "COMMENT", "TAG")
		default:
			return p.unexpected(t)
		}
	}
	return nil
}

func (p *parser) createView(head string) (string, error) {
	if p.opts.WallClockZone == "" {
		p.opts.WallClockZone = StoredWallClockZone // wallclock.go
	}
	head, err := p.createdName(head)
	if err != nil {
		return "", err
	}
	var cols []string
	comments := map[int]string{} // column COMMENTs by position
	if p.acceptOp("(") {
		for {
			n := p.next()
			if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
				return "", p.unexpected(n)
			}
			cols = append(cols, identSQL(n))
			if p.isWord("COMMENT") && p.peekN(1).Kind == sqllex.String {
				comments[len(cols)-1] = StringValue(p.peekN(1).Text)
				p.i += 2
			}
			p.skipGroupUntil(",", ")") // WITH MASKING POLICY, ...
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
		if len(comments) == 0 {
			head += " (" + strings.Join(cols, ", ") + ")"
		}
	}
	if err := p.tableOptions(); err != nil {
		return "", err
	}
	if p.clusterBy != nil {
		return "", p.unsupported(p.clusterBy[0].at, "CLUSTER BY of a view")
	}
	if err := p.expectWord("AS"); err != nil {
		return "", err
	}
	q, err := p.seq(nil)
	if err != nil {
		return "", err
	}
	if q == "" {
		return "", p.unexpected(p.peek())
	}
	if len(comments) == 0 {
		return head + " AS " + q, nil
	}
	// DuckDB comments a view's column by its query's name, not by the
	// view's column list: the names are given inside the query instead.
	out := head + " AS SELECT * FROM (" + q + ") AS _sf_view(" + strings.Join(cols, ", ") + ")"
	for i, c := range cols {
		if text, ok := comments[i]; ok {
			out += ";\n" + commentSQL(p.created, c, ColumnMeta{Comment: text, HasComment: true})
		}
	}
	return out, nil
}

// noOp is a DuckDB statement that does nothing but check that table exists.
func noOp(table string) string {
	if table == "" {
		return "SELECT 1 WHERE FALSE"
	}
	return "SELECT 1 FROM " + table + " WHERE FALSE"
}

// alter rewrites ALTER TABLE.
func (p *parser) alter() (string, error) {
	start := p.next()
	if !p.accept("TABLE") {
		return "", p.unsupported(start, "ALTER "+strings.ToUpper(p.peek().Text)+" in the SQL rewriter")
	}
	head := "ALTER TABLE"
	ifExists := p.ifExists()
	if ifExists {
		head += " IF EXISTS"
	}
	name, nameParts, err := p.objectName()
	if err != nil {
		return "", err
	}
	head += " " + name
	check := name
	if ifExists {
		check = ""
	}
	t := p.next()
	u := strings.ToUpper(t.Text)
	switch {
	case u == "RENAME" && p.isWord("TO"):
		p.next()
		_, parts, err := p.objectName()
		if err != nil {
			return "", err
		}
		return head + " RENAME TO " + identSQL(parts[len(parts)-1]), nil
	case u == "RENAME" && p.accept("COLUMN"):
		a := p.next()
		if err := p.expectWord("TO"); err != nil {
			return "", err
		}
		b := p.next()
		if (a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent) || (b.Kind != sqllex.Word && b.Kind != sqllex.QuotedIdent) {
			return "", p.unexpected(b)
		}
		return head + " RENAME COLUMN " + identSQL(a) + " TO " + identSQL(b), nil
	case u == "SWAP" && p.isWord("WITH"):
		// Two renames through a free name (docs: ALTER TABLE, "Swap renames
		// two tables"); the engine checked the target before
		// (table_swap.go), and the first statement fails as Snowflake
		// does when it does not exist.
		p.next()
		other, otherParts, err := p.objectName()
		if err != nil {
			return "", err
		}
		if ifExists {
			return "", p.unsupported(t, "ALTER TABLE IF EXISTS ... SWAP WITH")
		}
		if !p.eof() && !p.isOp(";") {
			return "", p.unexpected(p.peek())
		}
		k := len(nameParts) - 1
		if len(otherParts) != len(nameParts) || renderName(nameParts[:k]) != renderName(otherParts[:k]) {
			return "", p.unsupported(t, "ALTER TABLE ... SWAP WITH a table named with another qualifier")
		}
		qual := ""
		if k > 0 {
			qual = renderName(nameParts[:k]) + "."
		}
		const free = `"_sf_swap"`
		return noOp(other) + ";\n" +
			head + " RENAME TO " + free + ";\n" +
			"ALTER TABLE " + other + " RENAME TO " + identSQL(nameParts[k]) + ";\n" +
			"ALTER TABLE " + qual + free + " RENAME TO " + identSQL(otherParts[k]), nil
	case u == "ADD":
		if p.isWord("CONSTRAINT") || p.isWord("PRIMARY") || p.isWord("UNIQUE") || p.isWord("CHECK") {
			return p.alterKeys(name, check, ifExists, true)
		}
		if p.isWord("FOREIGN") || p.isWord("ROW") || p.isWord("SEARCH") || p.isWord("AGGREGATION") {
			p.i = len(p.toks)
			return noOp(check), nil
		}
		p.accept("COLUMN")
		ine := ""
		if p.ifNotExists() {
			ine = " IF NOT EXISTS"
		}
		c, err := p.columnDef()
		if err != nil {
			return "", err
		}
		if c.identity != nil {
			return "", p.unsupported(t, "ALTER TABLE ... ADD of an AUTOINCREMENT column")
		}
		if c.check {
			return "", p.unsupported(t, "ALTER TABLE ... ADD of a column with a CHECK constraint")
		}
		if p.isOp(",") {
			return "", p.unsupported(p.peek(), "ALTER TABLE ... ADD of several columns in one statement")
		}
		if c.typ == "" {
			return "", p.unexpected(p.peek())
		}
		if def, ok := strings.CutSuffix(c.def, " NOT NULL"); ok || strings.Contains(c.def, " NOT NULL ") {
			// DuckDB cannot add a column with a constraint: add it, then set
			// NOT NULL, which cannot fail when a non-NULL DEFAULT filled it.
			def = strings.Replace(c.def, " NOT NULL", "", 1)
			out := head + " ADD COLUMN" + ine + " " + def + ";\n" + head + " ALTER COLUMN " + c.name + " SET NOT NULL"
			if !strings.Contains(c.def, " DEFAULT ") || strings.HasSuffix(c.def, " DEFAULT NULL") {
				// Without a DEFAULT the new column is NULL in every row: the
				// docs add one to an empty table (ALTER TABLE, "Adding
				// columns"; CREATE | ALTER TABLE ... CONSTRAINT); what
				// Snowflake answers for a table with rows is not documented,
				// so that is refused before anything changes. IF EXISTS and
				// IF NOT EXISTS (which would set NOT NULL on a column that
				// was there) are refused too.
				if ifExists || ine != "" {
					return "", p.unsupported(t, "ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT with IF [NOT] EXISTS")
				}
				out = "SELECT _SF_REFUSE('ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT to a table with rows', 0) FROM " + name + " LIMIT 1;\n" + out
			}
			if !ifExists {
				out += semiTypeComments(name, []column{c})
			}
			return out, nil
		}
		if !ifExists {
			return head + " ADD COLUMN" + ine + " " + c.def + semiTypeComments(name, []column{c}), nil
		}
		return head + " ADD COLUMN" + ine + " " + c.def, nil
	case u == "DROP":
		if p.isWord("CONSTRAINT") || p.isWord("PRIMARY") || p.isWord("UNIQUE") {
			return p.alterKeys(name, check, ifExists, false)
		}
		if p.isWord("FOREIGN") || p.isWord("ROW") || p.isWord("CLUSTERING") || p.isWord("SEARCH") || p.isWord("AGGREGATION") {
			p.i = len(p.toks)
			return noOp(check), nil
		}
		p.accept("COLUMN")
		ie := ""
		if p.ifExists() {
			ie = " IF EXISTS"
		}
		c := p.next()
		if c.Kind != sqllex.Word && c.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(c)
		}
		if p.isOp(",") {
			return "", p.unsupported(p.peek(), "ALTER TABLE ... DROP of several columns in one statement")
		}
		return head + " DROP COLUMN" + ie + " " + identSQL(c), nil
	case u == "ALTER" || u == "MODIFY":
		return p.alterColumns(head, name, check, ifExists) // alter_columns.go
	case u == "SET" || u == "UNSET":
		// Table properties (CHANGE_TRACKING, DATA_RETENTION_TIME_IN_DAYS,
		// tags) do not change local results; COMMENT shows in SHOW
		// TABLES and INFORMATION_SCHEMA.TABLES (docs: ALTER TABLE, SET
		// COMMENT = 'string_literal' and UNSET COMMENT).
		comment, err := p.alterTableComment(u == "SET")
		if err != nil || comment == "" {
			return noOp(check), err
		}
		if ifExists {
			return "", p.unsupported(t, "ALTER TABLE IF EXISTS ... "+u+" COMMENT")
		}
		return "COMMENT ON TABLE " + name + " IS " + comment, nil
	case u == "CLUSTER" && p.accept("BY"):
		// The key is kept by the engine (clustering.go); its names must be
		// the table's columns.
		key, err := p.clusterKey(t)
		if err != nil {
			return "", err
		}
		if !p.eof() && !p.isOp(";") {
			return "", p.unexpected(p.peek())
		}
		var names []string
		for _, k := range key {
			if err := p.checkAlterClusterElement(name, k); err != nil {
				return "", err
			}
			names = append(names, identSQL(k.col))
		}
		return "SELECT " + strings.Join(names, ", ") + " FROM " + name + " WHERE FALSE", nil
	case (u == "SUSPEND" || u == "RESUME") && p.accept("RECLUSTER"):
		// Automatic clustering's state, kept by the engine (clustering.go).
		if !p.eof() && !p.isOp(";") {
			return "", p.unexpected(p.peek())
		}
		return noOp(check), nil
	case u == "CLUSTER" || u == "RECLUSTER":
		// RECLUSTER is deprecated (docs: ALTER TABLE).
		return "", p.unsupported(t, "ALTER TABLE ... "+u)
	}
	return "", p.unsupported(t, "ALTER TABLE ... "+u)
}

// alterTableComment reads the rest of ALTER TABLE ... SET or UNSET (p
// after the word) and returns the table comment it sets as DuckDB SQL
// ('text', or NULL when UNSET names COMMENT), "" when it sets none.
func (p *parser) alterTableComment(set bool) (string, error) {
	comment := ""
	depth := 0
	for !p.eof() {
		t := p.next()
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("COMMENT") && !set:
			comment = "NULL"
		case depth == 0 && t.IsWord("COMMENT") && p.isOp("="):
			p.next()
			v := p.next()
			if v.Kind != sqllex.String {
				return "", p.unexpected(v)
			}
			comment = sqlString(StringValue(v.Text))
		case depth == 0 && set && unkeptTableProperty(t, p.peek(), p.peekN(1)):
			return "", p.unsupported(t, "ALTER TABLE ... SET "+strings.ToUpper(t.Text)+" = "+strings.ToUpper(p.peekN(1).Text)+unkeptWhy(t))
		}
	}
	return comment, nil
}

// alterKeys rewrites ALTER TABLE name ADD|DROP of a PRIMARY KEY or UNIQUE
// constraint (p after ADD or DROP): the constraint is not enforced, but
// DESCRIBE TABLE shows the columns' key flags, which the columns' comments
// record (colmeta.go). Foreign keys do not show there: a no-op.
func (p *parser) alterKeys(name, check string, ifExists, add bool) (string, error) {
	at := p.peek()
	if p.accept("CONSTRAINT") {
		n := p.next() // the constraint's name
		if !add {
			// Which columns a named constraint covers is not recorded: a
			// no-op only where no column has a key.
			if metas, ok := p.columnMetas(name); ok {
				for _, m := range metas {
					if m.PrimaryKey || m.Unique {
						return "", p.unsupported(at, "ALTER TABLE ... DROP CONSTRAINT of a table with a PRIMARY KEY or UNIQUE column")
					}
				}
			}
			p.i = len(p.toks)
			return noOp(check), nil
		}
		if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(n)
		}
	}
	kind := p.next()
	switch {
	case kind.IsWord("PRIMARY"):
		if err := p.expectWord("KEY"); err != nil {
			return "", err
		}
	case kind.IsWord("UNIQUE"):
	case kind.IsWord("FOREIGN"):
		p.i = len(p.toks)
		return noOp(check), nil
	case kind.IsWord("CHECK"):
		return "", p.unsupported(kind, "CHECK constraint")
	default:
		return "", p.unexpected(kind)
	}
	var cols []tok
	if p.acceptOp("(") {
		for {
			c := p.next()
			if c.Kind != sqllex.Word && c.Kind != sqllex.QuotedIdent {
				return "", p.unexpected(c)
			}
			cols = append(cols, c)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
	} else if add || kind.IsWord("UNIQUE") {
		return "", p.unexpected(p.peek())
	}
	p.i = len(p.toks) // ENFORCED, RELY, REFERENCES of a FOREIGN KEY, ...
	if ifExists {
		return "", p.unsupported(at, "ALTER TABLE IF EXISTS ... "+map[bool]string{true: "ADD", false: "DROP"}[add]+" "+strings.ToUpper(kind.Text))
	}
	metas, ok := p.columnMetas(name)
	if !ok {
		return "", p.unsupported(at, "ALTER TABLE ... "+strings.ToUpper(kind.Text)+" constraint")
	}
	changed := map[string]ColumnMeta{}
	if !add && kind.IsWord("PRIMARY") && len(cols) == 0 {
		for k, m := range metas {
			if m.PrimaryKey {
				m.PrimaryKey = false
				changed[k] = m
			}
		}
	}
	for _, c := range cols {
		k, m, ok := metaOf(metas, c)
		if !ok {
			return "", p.unsupported(c, "ALTER TABLE ... "+strings.ToUpper(kind.Text)+" constraint of a column not found")
		}
		if kind.IsWord("PRIMARY") {
			m.PrimaryKey = add
		} else {
			m.Unique = add
		}
		changed[k] = m
	}
	if len(changed) == 0 {
		return noOp(check), nil
	}
	var keys []string
	for k := range changed {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var stmts []string
	for _, k := range keys {
		stmts = append(stmts, commentSQL(name, quoteIdent(k), changed[k]))
	}
	return strings.Join(stmts, ";\n"), nil
}

// insert rewrites INSERT INTO t [(cols)] query|VALUES.
func (p *parser) insert() (string, error) {
	p.next()
	if t := p.peek(); t.IsWord("OVERWRITE") || t.IsWord("ALL") || t.IsWord("FIRST") {
		return "", p.unsupported(t, "INSERT "+strings.ToUpper(t.Text))
	}
	if err := p.expectWord("INTO"); err != nil {
		return "", err
	}
	name, _, err := p.objectName()
	if err != nil {
		return "", err
	}
	out := "INSERT INTO " + name
	var cols []string
	if p.isOp("(") {
		if n := p.peekN(1); !(n.IsWord("SELECT") || n.IsWord("WITH") || n.IsOp("(")) {
			if cols, err = p.identList(); err != nil {
				return "", err
			}
			out += " (" + strings.Join(cols, ", ") + ")"
		}
	}
	p.insertStore = &insertStore{name: name, cols: cols} // undefined_stored.go
	rest, err := p.seq(nil)
	p.insertStore = nil
	if err != nil {
		return "", err
	}
	if rest == "" {
		return "", p.unexpected(p.peek())
	}
	if s, ok, err := p.assignInsert(name, cols, rest); err != nil || ok { // assign.go
		return s, err
	}
	return out + " " + rest, nil
}

// update rewrites UPDATE t SET ... [FROM ...] [WHERE ...].
func (p *parser) update() (string, error) {
	p.next()
	defer p.pushDMLScope("FROM")() // coltypes_time.go
	target, err := p.relation()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("SET"); err != nil {
		return "", err
	}
	set, err := p.assignSet(strings.Fields(target)[0]) // assign.go
	if err != nil {
		return "", err
	}
	return p.sourcesAndRest("UPDATE "+target+" SET "+set, "FROM")
}

// delete rewrites DELETE FROM t [USING ...] [WHERE ...].
func (p *parser) delete() (string, error) {
	p.next()
	if err := p.expectWord("FROM"); err != nil {
		return "", err
	}
	defer p.pushDMLScope("USING")() // coltypes_time.go
	target, err := p.relation()
	if err != nil {
		return "", err
	}
	return p.sourcesAndRest("DELETE FROM "+target, "USING")
}

// sourcesAndRest appends to out the optional `word <from list>` clause
// (UPDATE's FROM, DELETE's USING) and the rest of the statement (WHERE ...).
func (p *parser) sourcesAndRest(out, word string) (string, error) {
	if p.accept(word) {
		list, err := p.fromList()
		if err != nil {
			return "", err
		}
		out += " " + word + " " + list
	}
	rest, err := p.seq(nil)
	if err != nil {
		return "", err
	}
	if rest != "" {
		out += " " + rest
	}
	return out, nil
}

// merge rewrites MERGE INTO t USING s ON ... WHEN ...
func (p *parser) merge() (string, error) {
	p.next()
	if err := p.expectWord("INTO"); err != nil {
		return "", err
	}
	defer p.pushDMLScope("USING")() // coltypes_time.go
	target, err := p.relation()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("USING"); err != nil {
		return "", err
	}
	source, err := p.relation()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("ON"); err != nil {
		return "", err
	}
	rest, err := p.mergeClauses(strings.Fields(target)[0]) // dml.go
	if err != nil {
		return "", err
	}
	return "MERGE INTO " + target + " USING " + source + " ON " + rest, nil
}

// drop rewrites DROP TABLE|VIEW [IF EXISTS] name [CASCADE|RESTRICT].
func (p *parser) drop() (string, error) {
	start := p.next()
	kind := p.next()
	if !kind.IsWord("TABLE") && !kind.IsWord("VIEW") && !kind.IsWord("SEQUENCE") {
		return "", p.unsupported(start, "DROP "+strings.ToUpper(kind.Text)+" in the SQL rewriter")
	}
	out := "DROP " + strings.ToUpper(kind.Text)
	if p.ifExists() {
		out += " IF EXISTS"
	}
	name, _, err := p.objectName()
	if err != nil {
		return "", err
	}
	out += " " + name
	if p.accept("CASCADE") {
		out += " CASCADE"
	} else {
		p.accept("RESTRICT")
	}
	return out, nil
}

// truncate rewrites TRUNCATE [TABLE] [IF EXISTS] name.
func (p *parser) truncate() (string, error) {
	p.next()
	p.accept("TABLE")
	// DuckDB's TRUNCATE has no IF EXISTS: a missing table is an error.
	p.ifExists()
	name, _, err := p.objectName()
	if err != nil {
		return "", err
	}
	return "TRUNCATE " + name, nil
}

// unkeptWhy says why unkeptTableProperty refuses a retention: the engine
// keeps a dropped table or changed rows for no more than 1 day.
func unkeptWhy(name tok) string {
	if name.IsWord("DATA_RETENTION_TIME_IN_DAYS") {
		return ", a history longer than the 1 day the local engine keeps"
	}
	return ""
}

// unkeptTableProperty reports whether name = value (a CREATE TABLE or
// ALTER TABLE ... SET property) sets what SHOW TABLES or
// INFORMATION_SCHEMA.TABLES would show and the engine does not keep: a
// retention other than 0 or the default day (RETENTION_TIME,
// retention_time: the engine keeps no longer history; 0 and 1 it keeps,
// snowlocal/retention.go), schema evolution (enable_schema_evolution),
// row timestamps or DML error logging (ROW_TIMESTAMP_ON / ERROR_LOGGING
// and row_timestamp / error_logging read NO / OFF: bundles 2026_02 and
// 2026_03, bcr-2168 and bcr-2185).
func unkeptTableProperty(name, eq, value tok) bool {
	if !eq.IsOp("=") {
		return false
	}
	switch {
	case name.IsWord("DATA_RETENTION_TIME_IN_DAYS"):
		return value.Kind != sqllex.Number || value.Text != "0" && value.Text != "1"
	case name.IsWord("ENABLE_SCHEMA_EVOLUTION"), name.IsWord("ROW_TIMESTAMP"), name.IsWord("ERROR_LOGGING"):
		return !value.IsWord("FALSE")
	}
	return false
}
