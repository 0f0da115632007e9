package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// ALTER SEQUENCE name SET INCREMENT [BY] [=] n (docs:
// https://docs.snowflake.com/en/sql-reference/sql/alter-sequence). The
// querying-sequences page's example
// (https://docs.snowflake.com/en/user-guide/querying-sequences, "Reversing
// the direction of a sequence") shows what follows: a sequence at 1, 2, 3
// (INCREMENT 1) altered to INCREMENT -4 gives 4, then 0: the first value
// after the ALTER was calculated before it, with the old increment. DuckDB
// cannot alter a sequence: it is made again, starting at that next value
// with the new increment, and the column defaults that draw from it (which
// keep DuckDB from dropping it) are set again around that, in one
// transaction. Other ALTER SEQUENCE forms (RENAME TO, comments, ORDER) are
// refused.

func init() {
	extensions = append(extensions, func(ctx context.Context, e *Engine) error {
		e.Register("ALTER SEQUENCE", cmdAlterSequence)
		return nil
	})
}

func cmdAlterSequence(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "SEQUENCE")
	ifExists := c.accept("IF", "EXISTS")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	c.accept("SET")
	if !c.accept("INCREMENT") {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER SEQUENCE other than SET INCREMENT': the local engine does not implement it.")
	}
	c.accept("BY")
	c.acceptOp("=")
	neg := c.acceptOp("-")
	t, ok := c.peek(0)
	if !ok || t.Kind != sqllex.Number || strings.ContainsAny(t.Text, ".eE") {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: ALTER SEQUENCE ... SET INCREMENT needs an integer")
	}
	c.pos++
	c.acceptOp(";")
	if !c.done() {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER SEQUENCE ... SET of several properties': the local engine does not implement it.")
	}
	step := t.Text
	if neg {
		step = "-" + step
	}
	if step == "0" || step == "-0" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER SEQUENCE ... SET INCREMENT = 0': the local engine does not implement it.")
	}
	if s.ext.inTx {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER SEQUENCE inside an explicit transaction': the local engine does not implement it.")
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	var start, inc int64
	var last sql.NullInt64
	err = s.conn.QueryRowContext(ctx, `SELECT start_value, increment_by, last_value FROM duckdb_sequences()
		WHERE database_name = ? AND schema_name = ? AND sequence_name = ? AND NOT temporary`, db, schema, name).Scan(&start, &inc, &last)
	if err == sql.ErrNoRows {
		if ifExists {
			return statusResult("Statement executed successfully."), nil
		}
		return nil, notExistError("SEQUENCE", n.String())
	}
	if err != nil {
		return nil, duckError(err)
	}
	next := start
	if last.Valid {
		next = last.Int64 + inc
	}
	q := quoteIdent(db) + "." + quoteIdent(schema) + "." + quoteIdent(name)
	// The defaults that may draw from it: every column default of the
	// database naming a sequence of its name (set again unchanged).
	type dflt struct{ schema, table, column, expr string }
	var deps []dflt
	rows, err := s.conn.QueryContext(ctx, `SELECT schema_name, table_name, column_name, column_default FROM duckdb_columns()
		WHERE database_name = ? AND column_default ILIKE '%nextval(%' AND contains(upper(column_default), ?)`, db, strings.ToUpper(name))
	if err != nil {
		return nil, duckError(err)
	}
	for rows.Next() {
		var d dflt
		if err := rows.Scan(&d.schema, &d.table, &d.column, &d.expr); err != nil {
			rows.Close()
			return nil, duckError(err)
		}
		deps = append(deps, d)
	}
	rows.Close()
	stmts := []string{}
	for _, d := range deps {
		stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s.%s.%s ALTER COLUMN %s DROP DEFAULT", quoteIdent(db), quoteIdent(d.schema), quoteIdent(d.table), quoteIdent(d.column)))
	}
	stmts = append(stmts, "DROP SEQUENCE "+q,
		fmt.Sprintf("CREATE SEQUENCE %s START WITH %d INCREMENT BY %s MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807", q, next, step))
	for _, d := range deps {
		stmts = append(stmts, fmt.Sprintf("ALTER TABLE %s.%s.%s ALTER COLUMN %s SET DEFAULT %s", quoteIdent(db), quoteIdent(d.schema), quoteIdent(d.table), quoteIdent(d.column), d.expr))
	}
	if err := execAllInTx(ctx, s.conn, stmts); err != nil {
		return nil, duckError(err)
	}
	return statusResult("Statement executed successfully."), nil
}
