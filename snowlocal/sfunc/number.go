package sfunc

import (
	"database/sql/driver"
	"math/big"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// numberFunctions are the fixed-point arithmetic and number format model
// functions (docs: "Arithmetic operators", "SQL format models").
func numberFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_REGEXP_REPLACE(subject, pattern, replacement, position,
		// occurrence, parameters).
		"_SF_GO_REGEXP_REPLACE": {in: []duckdb.Type{text, text, text, i64, i64, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return RegexpReplace(a[0].(string), a[1].(string), a[2].(string), a[3].(int64), a[4].(int64), a[5].(string))
		}},
		// _SF_GO_TO_CHAR_NUM(number text, format, is float): TO_CHAR with
		// a numeric format model.
		"_SF_GO_TO_CHAR_NUM": {in: []duckdb.Type{text, text, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			return FormatNumber(a[0].(string), a[1].(string), a[2].(bool))
		}},
		// _SF_GO_TO_NUMBER(text, format, scale, try): TO_NUMBER with a
		// numeric format model, as decimal text rounded to scale.
		"_SF_GO_TO_NUMBER": {in: []duckdb.Type{text, text, i64, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			v, err := ParseNumber(a[0].(string), a[1].(string), int(a[2].(int64)))
			if err != nil {
				if a[3].(bool) && !isUnsupported(err) {
					return nil, nil
				}
				return nil, err
			}
			return v, nil
		}},
	}
}

// roundRat renders r with scale fractional digits, rounding half away from
// zero.
func roundRat(r *big.Rat, scale int) string {
	neg := r.Sign() < 0
	a := new(big.Rat).Abs(r)
	pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
	a.Mul(a, new(big.Rat).SetInt(pow))
	// floor(a + 1/2)
	a.Add(a, big.NewRat(1, 2))
	n := new(big.Int).Quo(a.Num(), a.Denom())
	s := n.String()
	if scale > 0 {
		if len(s) <= scale {
			s = strings.Repeat("0", scale-len(s)+1) + s
		}
		s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	}
	if neg && n.Sign() != 0 {
		s = "-" + s
	}
	return s
}
