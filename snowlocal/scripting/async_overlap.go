package scripting

import (
	"context"
	"math/big"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Child jobs that commute beyond SELECTs and INSERTs (docs: Working with
// asynchronous child jobs, "Running child jobs in stored procedures with
// AWAIT ALL statements"): Snowflake runs UPDATEs of one table one after
// another in an order nobody knows, and procedures called by ASYNC (CALL
// ...) side by side. The interpreter runs them in the order they started,
// which answers as Snowflake does when every order gives the same tables:
//   - UPDATEs setting columns to literals where a column equals a literal
//     (UPDATE t SET c = 200 WHERE id = 1), no job setting a column another
//     job's WHERE reads, and two jobs setting the same column of the same
//     table only where the same column equals different integers;
//   - CALLs of procedures whose bodies only create tables, insert literal
//     rows, update as above, run such statements as child jobs and AWAIT
//     them, and return a literal, no two procedures naming the same table.

// ProcedureSource is a Host that gives the body of the procedure a CALL
// statement names, for ASYNC (CALL ...) jobs.
type ProcedureSource interface {
	ProcedureBody(ctx context.Context, call string) (body string, ok bool)
}

// updateJob is an UPDATE of the commuting shape.
type updateJob struct {
	table string          // the table's name, its last part
	set   map[string]bool // the columns set
	where string          // the column the WHERE compares, "" for none
	value sqllex.Token    // the literal it equals
}

// parseUpdate reads UPDATE name SET c = lit [, ...] [WHERE c = lit].
func parseUpdate(q string) (updateJob, bool) {
	sig, err := sqllex.TokenizeSignificant(q)
	if err != nil || len(sig) < 6 || !sig[0].IsWord("UPDATE") {
		return updateJob{}, false
	}
	table, k, ok := tableName(sig, 1)
	if !ok || k >= len(sig) || !sig[k].IsWord("SET") {
		return updateJob{}, false
	}
	u := updateJob{table: table, set: map[string]bool{}}
	for k++; ; k++ {
		if k+2 >= len(sig) || !isColumn(sig[k]) || !sig[k+1].IsOp("=") || !isLiteral(sig[k+2]) {
			return updateJob{}, false
		}
		u.set[identName(sig[k])] = true
		if k += 3; k == len(sig) {
			return u, true
		}
		if !sig[k].IsOp(",") {
			break
		}
	}
	if k+4 != len(sig) || !sig[k].IsWord("WHERE") || !isColumn(sig[k+1]) || !sig[k+2].IsOp("=") ||
		(sig[k+3].Kind != sqllex.Number && sig[k+3].Kind != sqllex.String) {
		return updateJob{}, false
	}
	u.where, u.value = identName(sig[k+1]), sig[k+3]
	return u, true
}

// updatesCommute reports whether two UPDATEs give the same table in
// either order.
func updatesCommute(a, b updateJob) bool {
	if a.table != b.table {
		return true
	}
	if a.set[b.where] || b.set[a.where] {
		return false // one changes the rows the other picks
	}
	for c := range a.set {
		if b.set[c] && (a.where == "" || a.where != b.where || !literalsDiffer(a.value, b.value)) {
			return false // both may set one row's column
		}
	}
	return true
}

// literalsDiffer reports whether two WHERE literals are integers that
// differ in any type the column may have: digits only, at most 15 of them
// (a DOUBLE holds each exactly). Strings may be equal under a collation.
func literalsDiffer(a, b sqllex.Token) bool {
	small := func(t sqllex.Token) bool {
		return t.Kind == sqllex.Number && len(t.Text) <= 15 && strings.Trim(t.Text, "0123456789") == ""
	}
	if !small(a) || !small(b) {
		return false
	}
	x, _ := new(big.Int).SetString(a.Text, 10)
	y, _ := new(big.Int).SetString(b.Text, 10)
	return x.Cmp(y) != 0
}

// callsCommute checks that the procedures of CALL jobs touch no common
// table and do only what procedureTables reads.
func (in *interp) callsCommute(ctx context.Context, jobs []*job) bool {
	src, ok := in.h.(ProcedureSource)
	if !ok {
		return false
	}
	seen := map[string]bool{}
	for _, j := range jobs {
		body, ok := src.ProcedureBody(ctx, j.sql)
		if !ok {
			return false
		}
		tables, ok := procedureTables(body)
		if !ok {
			return false
		}
		for t := range tables {
			if seen[t] {
				return false
			}
			seen[t] = true
		}
	}
	return true
}

// procedureTables are the tables a procedure body writes, when it is a
// BEGIN ... END block of statements that create a table without defaults,
// insert literal rows, update of the commuting shape, run them as ASYNC
// child jobs, AWAIT ALL, or RETURN a literal; ok is false for anything
// else.
func procedureTables(body string) (map[string]bool, bool) {
	sig, err := sqllex.TokenizeSignificant(body)
	if err != nil || len(sig) < 2 || !sig[0].IsWord("BEGIN") {
		return nil, false
	}
	tables := map[string]bool{}
	depth, start := 0, 1
	for k := 1; k < len(sig); k++ {
		switch t := sig[k]; {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case t.IsOp(";") && depth == 0:
			if !statementTables(sig[start:k], tables) {
				return nil, false
			}
			start = k + 1
		}
	}
	if start < len(sig) && !(start == len(sig)-1 && sig[start].IsWord("END")) {
		return nil, false
	}
	return tables, true
}

// statementTables adds the table one statement of a body writes to tables.
func statementTables(st []sqllex.Token, tables map[string]bool) bool {
	if len(st) == 0 {
		return true
	}
	for _, t := range st {
		if t.Kind == sqllex.Variable || t.Kind == sqllex.Bind {
			return false
		}
		if t.Kind == sqllex.Word {
			switch strings.ToUpper(t.Text) {
			case "SELECT", "FROM", "NEXTVAL", "IDENTIFIER", "DEFAULT", "IDENTITY", "AUTOINCREMENT", "AS", "CLONE", "LIKE",
				"CALL", "EXECUTE", "LAST_QUERY_ID", "RESULT_SCAN", "SEQ1", "SEQ2", "SEQ4", "SEQ8":
				return false
			}
			if strings.HasPrefix(strings.ToUpper(t.Text), "SYSTEM$") {
				return false
			}
		}
	}
	switch {
	case len(st) == 1 && st[0].IsWord("END"):
		return true
	case len(st) == 2 && st[0].IsWord("AWAIT") && st[1].IsWord("ALL"):
		return true
	case len(st) == 2 && st[0].IsWord("RETURN") && isLiteral(st[1]):
		return true
	case len(st) > 3 && st[0].IsWord("ASYNC") && st[1].IsOp("(") && st[len(st)-1].IsOp(")"):
		return statementTables(st[2:len(st)-1], tables)
	case st[0].IsWord("CREATE"):
		k := 1
		if k+1 < len(st) && st[k].IsWord("OR") && st[k+1].IsWord("REPLACE") {
			k += 2
		}
		if k >= len(st) || !st[k].IsWord("TABLE") {
			return false
		}
		k++
		if k+2 < len(st) && st[k].IsWord("IF") && st[k+1].IsWord("NOT") && st[k+2].IsWord("EXISTS") {
			k += 3
		}
		name, next, ok := tableName(st, k)
		if !ok || next >= len(st) || !st[next].IsOp("(") || !st[len(st)-1].IsOp(")") {
			return false
		}
		tables[name] = true
		return true
	case st[0].IsWord("INSERT"):
		if len(st) < 3 || !st[1].IsWord("INTO") {
			return false
		}
		name, _, ok := tableName(st, 2)
		if !ok {
			return false
		}
		tables[name] = true
		return true
	case st[0].IsWord("UPDATE"):
		var b strings.Builder
		for _, t := range st {
			b.WriteString(t.Text + " ")
		}
		u, ok := parseUpdate(b.String())
		if !ok {
			return false
		}
		tables[u.table] = true
		return true
	}
	return false
}

// tableName reads [db.][schema.]name at sig[k]: the name's last part
// (upper-cased unless quoted) and the index after it.
func tableName(sig []sqllex.Token, k int) (string, int, bool) {
	name := ""
	for {
		if k >= len(sig) || !isColumn(sig[k]) {
			return "", 0, false
		}
		name = identName(sig[k])
		k++
		if k < len(sig) && sig[k].IsOp(".") {
			k++
			continue
		}
		return name, k, true
	}
}

func isColumn(t sqllex.Token) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }

// identName is an identifier as Snowflake resolves it.
func identName(t sqllex.Token) string {
	if t.Kind == sqllex.QuotedIdent {
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
	}
	return strings.ToUpper(t.Text)
}

func isLiteral(t sqllex.Token) bool {
	return t.Kind == sqllex.Number || t.Kind == sqllex.String || t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE")
}
