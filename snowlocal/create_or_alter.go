package snowlocal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// CREATE OR ALTER TABLE (docs: CREATE TABLE, "CREATE OR ALTER TABLE" and
// "CREATE OR ALTER TABLE usage notes",
// https://docs.snowflake.com/en/sql-reference/sql/create-table; CREATE OR
// ALTER <object>, https://docs.snowflake.com/en/sql-reference/sql/create-or-alter):
// an absent table is created as CREATE TABLE creates it; an existing one
// is altered into the definition with the engine's own ALTER TABLE
// statements, so privileges and bookkeeping are those of ALTER. What the
// engine cannot do that way (a changed column, a new column before an
// existing one, a changed kind or property it does not alter) is refused
// before anything changes.

// isCreateOrAlterTable reports CREATE OR ALTER [modifiers] TABLE.
func isCreateOrAlterTable(c *cursor) bool {
	if c.word(0) != "CREATE" || c.word(1) != "OR" || c.word(2) != "ALTER" {
		return false
	}
	for i := 3; ; i++ {
		switch w := c.word(i); {
		case w == "TABLE":
			return true
		case !createModifiers[w] || w == "OR" || w == "REPLACE":
			return false
		}
	}
}

// coaScratch numbers the scratch tables CREATE OR ALTER reads a definition from.
var coaScratch atomic.Int64

func (s *Session) createOrAlterTable(ctx context.Context, text string) (*Result, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, err
	}
	or := c.toks[1]
	afterAlter := c.toks[3]
	c.pos = 3
	for c.word(0) != "TABLE" {
		c.pos++
	}
	c.pos++ // TABLE
	if c.word(0) == "IF" {
		return nil, coaUnsupported("CREATE OR ALTER TABLE IF NOT EXISTS")
	}
	nameAt := c.pos
	if c.word(0) == "IDENTIFIER" {
		if t, ok := c.peek(1); ok && t.Kind == sqllex.Op && t.Text == "(" {
			// The name is only known once IDENTIFIER is resolved.
			return nil, coaUnsupported("CREATE OR ALTER TABLE IDENTIFIER(...)")
		}
	}
	if _, err := c.objectName(); err != nil {
		return nil, err
	}
	open, ok := c.peek(0)
	if !ok || open.Kind != sqllex.Op || open.Text != "(" {
		// CTAS, LIKE, CLONE and USING TEMPLATE are not supported by
		// CREATE OR ALTER TABLE (docs: usage notes, "Limitations").
		what := "without a column list"
		if ok {
			what = strings.ToUpper(open.Text)
		}
		return nil, coaUnsupported("CREATE OR ALTER TABLE ... " + what)
	}
	entries, closeAt := columnEntries(c)
	for i := closeAt + 1; i < len(c.toks); i++ {
		if t := c.toks[i]; t.Kind == sqllex.Word && (strings.EqualFold(t.Text, "AS") || strings.EqualFold(t.Text, "CLONE") || strings.EqualFold(t.Text, "LIKE")) {
			return nil, coaUnsupported("CREATE OR ALTER TABLE ... " + strings.ToUpper(t.Text))
		}
	}
	createText := text[:or.Pos] + text[afterAlter.Pos:]
	words := []string{"CREATE", "TABLE"}
	tgt, ok := s.parseTarget(ctx, words, createText)
	if !ok || !tgt.exists {
		return s.execStatement(ctx, createText, nil)
	}
	if _, days := retentionStatement(words, createText); days != s.e.tableRetention(ctx, tgt.db, tgt.schema, tgt.name) {
		// The plan below does not alter the retention (retention.go).
		return nil, coaUnsupported("CREATE OR ALTER TABLE that changes the DATA_RETENTION_TIME_IN_DAYS of an existing table")
	}
	table := quoteIdent(tgt.db) + "." + quoteIdent(tgt.schema) + "." + quoteIdent(tgt.name)
	alter := "ALTER TABLE " + table
	// An existing table is altered: OWNERSHIP, as ALTER TABLE needs (docs:
	// CREATE TABLE, "CREATE OR ALTER TABLE examples", note).
	if _, _, err := s.authorizeAlter(ctx, []string{"ALTER", "TABLE"}, alter+" ADD COLUMN X INT"); err != nil {
		return nil, err
	}
	// The definition is read back from a scratch table created from the
	// statement itself, so that types, defaults and constraints are those
	// CREATE TABLE gives; it is dropped again at once.
	scratchName := fmt.Sprintf("SNOWLOCAL_CREATE_OR_ALTER_%d_%d", time.Now().UnixNano(), coaScratch.Add(1))
	scratch := quoteIdent(tgt.db) + "." + quoteIdent(tgt.schema) + "." + quoteIdent(scratchName)
	scratchText := text[:or.Pos] + text[afterAlter.Pos:c.toks[nameAt].Pos] + scratch + " " + text[open.Pos:]
	wasInternal := s.internalDDL
	s.internalDDL = true
	_, err = s.execStatement(ctx, scratchText, nil)
	if err != nil {
		s.internalDDL = wasInternal
		// The scratch statement's error would give positions after the
		// name, or the name itself, of the scratch table, not the user's.
		var e *Error
		if errors.As(err, &e) && e.Code != CodeUnsupported &&
			(strings.Contains(e.Message, "position") || strings.Contains(e.Message, scratchName)) {
			return nil, coaUnsupported(fmt.Sprintf("CREATE OR ALTER TABLE of an existing table with a definition CREATE TABLE rejects (%s)", e.Code))
		}
		return nil, err
	}
	plan, err := s.planCreateOrAlter(ctx, table, scratch, tgt.name, scratchName, tgt.db, tgt.schema, entries, text, closeAt, c)
	_, _ = s.execStatement(ctx, "DROP TABLE IF EXISTS "+scratch, nil)
	s.internalDDL = wasInternal
	if err != nil {
		return nil, err
	}
	for _, op := range plan {
		if _, err := s.execStatement(ctx, alter+" "+op, nil); err != nil {
			return nil, err
		}
	}
	return statusResult("Statement executed successfully."), nil
}

// coaEntry is one element of the column list: a column definition or an
// out-of-line constraint (name "").
type coaEntry struct {
	name string
	text string
}

// columnEntries splits the parenthesized list at c into its top-level
// elements and returns the index of the closing parenthesis.
func columnEntries(c *cursor) ([]coaEntry, int) {
	var entries []coaEntry
	depth, start := 0, c.pos+1
	add := func(end int) {
		if start >= end {
			return
		}
		first := c.toks[start]
		e := coaEntry{text: strings.TrimSpace(c.text[first.Pos : c.toks[end-1].Pos+len(c.toks[end-1].Text)])}
		switch {
		case first.Kind == sqllex.QuotedIdent:
			e.name = unquoteIdent(first.Text)
		case first.Kind == sqllex.Word:
			switch w := strings.ToUpper(first.Text); w {
			case "CONSTRAINT", "PRIMARY", "UNIQUE", "FOREIGN":
			default:
				e.name = w
			}
		}
		entries = append(entries, e)
	}
	for i := c.pos; i < len(c.toks); i++ {
		t := c.toks[i]
		if t.Kind != sqllex.Op {
			continue
		}
		switch t.Text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				add(i)
				return entries, i
			}
		case ",":
			if depth == 1 {
				add(i)
				start = i + 1
			}
		}
	}
	return entries, len(c.toks) - 1
}

// descColumns is DESC TABLE's rows by column name, in order.
func (s *Session) descColumns(ctx context.Context, table string) ([]string, map[string][]string, []string, error) {
	res, err := s.execStatement(ctx, "DESC TABLE "+table, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	var heads []string
	for _, col := range res.Columns {
		heads = append(heads, col.Name)
	}
	var names []string
	rows := map[string][]string{}
	for _, r := range res.Rows {
		vals := make([]string, len(r))
		for i, v := range r {
			if v == nil {
				vals[i] = "\x00NULL"
			} else {
				vals[i] = *v
			}
		}
		names = append(names, vals[0])
		rows[vals[0]] = vals
	}
	return names, rows, heads, nil
}

// showTableRow is SHOW TABLES' row for one table, by column name.
func (s *Session) showTableRow(ctx context.Context, db, schema, name string) (map[string]string, error) {
	res, err := s.execStatement(ctx, "SHOW TABLES LIKE "+sqlString(name)+" IN SCHEMA "+quoteIdent(db)+"."+quoteIdent(schema), nil)
	if err != nil {
		return nil, err
	}
	for _, r := range res.Rows {
		row := map[string]string{}
		for i, col := range res.Columns {
			if r[i] != nil {
				row[col.Name] = *r[i]
			}
		}
		if row["name"] == name {
			return row, nil
		}
	}
	return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE OR ALTER TABLE of %s, which SHOW TABLES does not list' in the local engine.", name)
}

// planCreateOrAlter compares the existing table with the scratch table of
// the new definition and returns the ALTER TABLE actions that turn one
// into the other, or refuses what it cannot do.
func (s *Session) planCreateOrAlter(ctx context.Context, table, scratch, name, scratchName, db, schema string, entries []coaEntry, text string, closeAt int, c *cursor) ([]string, error) {
	oldNames, oldRows, heads, err := s.descColumns(ctx, table)
	if err != nil {
		return nil, err
	}
	newNames, newRows, _, err := s.descColumns(ctx, scratch)
	if err != nil {
		return nil, err
	}
	oldAt := map[string]int{}
	for i, n := range oldNames {
		oldAt[n] = i
	}
	defs := map[string]string{}
	for _, e := range entries {
		if e.name != "" {
			defs[e.name] = e.text
		}
	}
	var plan []string
	last, added, pkAdded := -1, "", ""
	kept := map[string]bool{}
	for _, n := range newNames {
		i, ok := oldAt[n]
		if !ok {
			// A new column: ADD COLUMN with its own definition. A
			// constraint on it would need more than ADD COLUMN.
			row := newRows[n]
			for j, h := range heads {
				if (h == "primary key" || h == "unique key") && row[j] == "Y" {
					return nil, coaUnsupported("CREATE OR ALTER TABLE adding column " + n + " with a " + strings.ToUpper(h))
				}
			}
			def, ok := defs[n]
			if !ok {
				return nil, coaUnsupported("CREATE OR ALTER TABLE adding column " + n)
			}
			plan = append(plan, "ADD COLUMN "+def)
			added = n
			continue
		}
		// New columns only at the end (docs: usage notes, "Columns"); the
		// error Snowflake gives otherwise is not documented.
		if added != "" {
			return nil, coaUnsupported("CREATE OR ALTER TABLE adding column " + added + " before existing column " + n)
		}
		if i < last {
			return nil, coaUnsupported("CREATE OR ALTER TABLE changing the column order at column " + n)
		}
		last = i
		kept[n] = true
		changed := ""
		for j := 1; j < len(heads); j++ {
			if oldRows[n][j] != newRows[n][j] && (changed == "" || heads[j] == "primary key") {
				changed = heads[j] // a primary key also changes null?: name the cause
			}
		}
		if changed == "primary key" && coaAddsPrimaryKey(heads, oldRows[n], newRows[n]) && pkAdded == "" {
			pkAdded = n // (create_or_alter_pk.go)
			continue
		}
		if changed != "" {
			return nil, coaUnsupported("CREATE OR ALTER TABLE changing column " + n + "'s " + changed)
		}
	}
	if pkAdded != "" {
		steps, err := s.coaPrimaryKeyPlan(ctx, table, pkAdded, heads, oldRows)
		if err != nil {
			return nil, err
		}
		plan = append(plan, steps...)
	}
	for _, n := range oldNames {
		if !kept[n] {
			plan = append(plan, "DROP COLUMN "+quoteIdent(n))
		}
	}
	oldRow, err := s.showTableRow(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	newRow, err := s.showTableRow(ctx, db, schema, scratchName)
	if err != nil {
		return nil, err
	}
	for k, v := range oldRow {
		switch k {
		case "created_on", "name", "rows", "bytes", "owner", "owner_role_type", "comment", "change_tracking":
			continue
		}
		if newRow[k] != v {
			return nil, coaUnsupported("CREATE OR ALTER TABLE changing the table's " + k)
		}
	}
	// A comment absent from the definition is unset (docs: usage notes,
	// "Table parameters and properties").
	if oldRow["comment"] != newRow["comment"] {
		if newRow["comment"] == "" {
			plan = append(plan, "UNSET COMMENT")
		} else {
			plan = append(plan, "SET COMMENT = "+sqlString(newRow["comment"]))
		}
	}
	// CHANGE_TRACKING is kept when the definition does not name it (docs:
	// CREATE OR ALTER <object>, "Unsetting object properties and parameters").
	for i := closeAt + 1; i < len(c.toks); i++ {
		if t := c.toks[i]; t.Kind == sqllex.Word && strings.EqualFold(t.Text, "CHANGE_TRACKING") {
			if oldRow["change_tracking"] != newRow["change_tracking"] {
				on := "FALSE"
				if newRow["change_tracking"] == "ON" {
					on = "TRUE"
				}
				plan = append(plan, "SET CHANGE_TRACKING = "+on)
			}
			break
		}
	}
	return plan, nil
}

func coaUnsupported(what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s' in the local engine.", what)
}
