package snowlocal

// WITH name AS PROCEDURE (...) ... CALL name(...) creates and calls an
// anonymous procedure (docs: CALL (with anonymous procedure)). The engine
// does not run it: the docs print no result of one, so the result column's
// name is not known. It is refused with 002040 rather than read as a query.

// refuseAnonymousProcedure refuses a WITH clause that defines a procedure.
func refuseAnonymousProcedure(c *cursor) error {
	if c.word(0) != "WITH" {
		return nil
	}
	depth := 0
	for k, t := range c.toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("AS") && k+1 < len(c.toks) && c.toks[k+1].IsWord("PROCEDURE"):
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CALL with an anonymous procedure (WITH ... AS PROCEDURE)': the local engine does not implement it.")
		case depth == 0 && (t.IsWord("SELECT") || t.IsWord("CALL")):
			return nil // past the WITH clause's first definition
		}
	}
	return nil
}
