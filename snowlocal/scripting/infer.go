package scripting

import (
	"context"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// inferredType is the type of a variable declared without one, from its
// initializer's type. "If the expression can resolve to different data
// types of different sizes, Snowflake typically chooses the type that is
// flexible (for example, FLOAT rather than NUMBER(3, 1)) and has a high
// storage capacity (for example, VARCHAR rather than VARCHAR(4))": a
// variable set to 12.3 is a FLOAT, and the page's block declaring profit
// DEFAULT 0.0 returns 10 (docs: Working with variables, "How Snowflake
// Scripting infers the data type of a variable"). A NUMBER with a scale is
// so a FLOAT, an integer NUMBER(38,0); text is already VARCHAR.
func inferredType(t string) string {
	var p, s int
	if n, _ := fmt.Sscanf(t, "NUMBER(%d,%d)", &p, &s); n == 2 {
		if s > 0 {
			return "FLOAT"
		}
		return "NUMBER(38,0)"
	}
	return t
}

// inferred converts an initializer's value to inferredType of its type.
func (in *interp) inferred(ctx context.Context, val Value, at sqllex.Token) (Value, error) {
	t := inferredType(val.Type)
	if t == val.Type || val.Type == "" {
		return val, nil
	}
	v, err := in.evalLit(ctx, "CAST("+val.Lit+" AS "+t+")", at)
	if err != nil {
		return null, err
	}
	v.Type = t
	return v, nil
}
