package scripting

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake Scripting UDFs (docs: developer-guide/udf/sql/
// udf-sql-procedural-functions) run a subset of the language: "Blocks,
// Variables, RETURN command, Conditional logic, Loops, Exceptions". Cursors,
// RESULTSETs, asynchronous child jobs and SQL statements ("including SELECT,
// INSERT, UPDATE, and so on") are not supported there; the docs do not give
// Snowflake's error for them, so the local engine refuses them.

// ExprCheck inspects one expression of a function body (at is where the
// statement holding it starts).
type ExprCheck func(expr string, at sqllex.Token) error

// CheckFunction parses the body of a Snowflake Scripting UDF and refuses
// what such a function cannot hold; expr is called on each expression.
func CheckFunction(src string, expr ExprCheck) error {
	b, err := parseBlock(src)
	if err != nil {
		return err
	}
	return checkFunctionBlock(b, expr)
}

// notInFunction refuses a construct the docs rule out of Snowflake
// Scripting UDFs.
func notInFunction(what string, at sqllex.Token) error {
	return &Unsupported{What: what + " in a Snowflake Scripting UDF (the docs do not support it there)", Line: at.Line, Col: at.Col}
}

func checkFunctionBlock(b *block, expr ExprCheck) error {
	for _, d := range b.decls {
		switch d.kind {
		case "CURSOR", "RESULTSET":
			return notInFunction("a "+d.kind, d.at)
		case "VAR":
			if d.expr != "" {
				if err := expr(d.expr, d.at); err != nil {
					return err
				}
			}
		}
	}
	if err := checkFunctionList(b.body, expr); err != nil {
		return err
	}
	for _, h := range b.handlers {
		if err := checkFunctionList(h.body, expr); err != nil {
			return err
		}
	}
	return nil
}

func checkFunctionList(list []*stmt, expr ExprCheck) error {
	for _, s := range list {
		if err := checkFunctionStmt(s, expr); err != nil {
			return err
		}
	}
	return nil
}

func checkFunctionStmt(s *stmt, expr ExprCheck) error {
	var texts []string
	switch s.kind {
	case "BLOCK":
		return checkFunctionBlock(s.block, expr)
	case "NULL", "BREAK", "CONTINUE", "RAISE", "LOOP":
	case "LET", "ASSIGN":
		if s.isQuery || s.async {
			return notInFunction("a RESULTSET or query assigned to a variable", s.at)
		}
		texts = []string{s.text}
	case "IF", "WHILE", "REPEAT":
		texts = s.conds
	case "CASE":
		texts = append([]string{s.text}, s.conds...)
	case "FOR":
		texts = []string{s.from, s.to}
	case "RETURN":
		if _, ok := tableArg(strings.TrimSpace(s.text)); ok {
			return notInFunction("RETURN TABLE(...)", s.at)
		}
		texts = []string{s.text}
	case "FORCUR", "LETCURSOR", "OPEN", "FETCH", "CLOSE":
		return notInFunction("a cursor", s.at)
	case "ASYNC", "AWAIT":
		return notInFunction("an asynchronous child job", s.at)
	case "SQL":
		return notInFunction("a SQL statement", s.at)
	default:
		return notInFunction(s.kind, s.at)
	}
	for _, t := range texts {
		if strings.TrimSpace(t) == "" {
			continue
		}
		if err := expr(t, s.at); err != nil {
			return err
		}
	}
	for _, body := range s.body {
		if err := checkFunctionList(body, expr); err != nil {
			return err
		}
	}
	return nil
}
