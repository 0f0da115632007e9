package rewrite

import "fmt"

// Strings and binary values: LPAD/RPAD pad VARCHAR by characters and BINARY
// by bytes (docs: lpad, rpad); the base's type, known when DuckDB binds
// the call (typeof folds to a constant), picks the branch.

func init() {
	registerFuncs(map[string]funcHandler{
		"LPAD": padStrOrBinary("lpad"),
		"RPAD": padStrOrBinary("rpad"),
	})
}

// padStrOrBinary: a BINARY base is padded on its hex text (two digits a
// byte, so the pad repeats and the result truncates on whole bytes); an
// empty pad only truncates; a VARCHAR base pads as funcs_sem.go did.
func padStrOrBinary(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 3); err != nil {
			return expr{}, err
		}
		base, n, pad := c.args[0].str(), "CAST("+c.args[1].num()+" AS INTEGER)", "' '"
		if len(c.args) == 3 {
			pad = c.args[2].str()
		}
		keep := "left"
		text := fmt.Sprintf("CASE WHEN CAST(%[3]s AS VARCHAR) = '' THEN %[4]s(CAST(%[1]s AS VARCHAR), %[2]s) ELSE %[5]s(CAST(%[1]s AS VARCHAR), %[2]s, CAST(%[3]s AS VARCHAR)) END",
			base, n, pad, keep, name)
		bin := fmt.Sprintf("unhex(CASE WHEN hex(%[3]s) = '' THEN %[4]s(hex(%[1]s), 2 * %[2]s) ELSE %[5]s(hex(%[1]s), 2 * %[2]s, hex(%[3]s)) END)",
			base, n, pad, keep, name)
		return expr{sql: fmt.Sprintf("struct_extract({'v': %s, 'b': %s}, CASE WHEN typeof(%s) = 'BLOB' THEN 'b' ELSE 'v' END)", text, bin, base)}, nil
	}
}
