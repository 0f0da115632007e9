package snowlocal

import (
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
)

// applyKeyOrders reprints the columns of res that hold structured OBJECTs
// whose fields are not sorted with their keys in the order the rewriter
// gave (rewrite.Options.ResultKeyOrder): Snowflake prints a structured
// OBJECT's fields in its type's order, the engine any OBJECT's keys sorted
// (docs: data-types-structured). A value that does not have the type's
// fields, or a column that is not an OBJECT or ARRAY, is refused (002040).
func applyKeyOrders(res *Result, orders map[int]*sfunc.KeyOrder) error {
	if res == nil {
		return nil
	}
	for k, o := range orders {
		if k >= len(res.Columns) {
			return errKeyOrder(fmt.Sprintf("result column %d of %d", k+1, len(res.Columns)))
		}
		switch res.Columns[k].Type {
		case "object", "array", "variant":
		default:
			return errKeyOrder("result column " + res.Columns[k].Name + " of type " + res.Columns[k].Type)
		}
		for _, row := range res.Rows {
			if row[k] == nil {
				continue
			}
			s, err := sfunc.ReorderDisplay(*row[k], o)
			if err != nil {
				return errKeyOrder(err.Error())
			}
			row[k] = &s
		}
	}
	return nil
}

// errKeyOrder refuses a structured OBJECT the engine cannot print in its
// type's order because of what.
func errKeyOrder(what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a structured OBJECT printed in its type's order (%s)': the local engine does not implement it.", what)
}
