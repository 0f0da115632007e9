package scripting

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// InvalidIdentifier is a block's compilation error 000904: a name the
// block cannot resolve.
type InvalidIdentifier struct {
	Name      string
	Line, Col int
}

func (e *InvalidIdentifier) Error() string {
	return fmt.Sprintf("error line %d at position %d\ninvalid identifier '%s'", e.Line, e.Col-1, e.Name)
}

// bareContext holds the context functions SQL lets a statement call
// without parentheses (docs: Context functions, Usage notes).
var bareContext = map[string]bool{
	"CURRENT_DATE": true, "CURRENT_TIME": true, "CURRENT_TIMESTAMP": true,
	"CURRENT_USER": true, "LOCALTIME": true, "LOCALTIMESTAMP": true,
}

// checkBareContext reports a context function called without parentheses
// in toks, the expression a variable is set to: there Snowflake reads it as
// a name and the block does not compile (docs: Context functions, "In a
// Snowflake Scripting block, attempting to set a variable to an expression
// that calls the CURRENT_DATE function without parentheses results in an
// error": 000904 invalid identifier 'CURRENT_DATE'). A query in parentheses
// is SQL, where the bare call is allowed.
func checkBareContext(toks []sqllex.Token) error {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.IsOp("(") && i+1 < len(toks) && (toks[i+1].IsWord("SELECT") || toks[i+1].IsWord("WITH")) {
			depth := 0
			for ; i < len(toks); i++ {
				if toks[i].IsOp("(") {
					depth++
				} else if toks[i].IsOp(")") {
					if depth--; depth == 0 {
						break
					}
				}
			}
			continue
		}
		if t.Kind != sqllex.Word {
			continue
		}
		name := strings.ToUpper(t.Text)
		if !bareContext[name] || i > 0 && (toks[i-1].IsOp(".") || toks[i-1].IsOp("::")) {
			continue
		}
		if i+1 < len(toks) && toks[i+1].IsOp("(") {
			continue
		}
		return &InvalidIdentifier{Name: name, Line: t.Line, Col: t.Col}
	}
	return nil
}
