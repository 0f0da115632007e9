package sfunc

import (
	"database/sql/driver"
	"math"
	"math/big"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// DoubleDecimal is the decimal text of the exact value of a finite DOUBLE
// rounded to scale fractional digits, half away from zero: Snowflake
// converts the binary value itself (docs: to_double shows
// TO_DOUBLE(1.1)::NUMBER(38, 18) = 1.100000000000000089), where DuckDB's
// cast scales the DOUBLE in floating point first (…128).
func DoubleDecimal(d float64, scale int64) string {
	x := new(big.Float).SetPrec(2000).SetFloat64(d) // exact: 53 bits
	ten := new(big.Float).SetPrec(2000).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(scale), nil))
	x.Mul(x, ten) // exact at this precision for scale <= 38
	half := big.NewFloat(0.5)
	if x.Sign() < 0 {
		half.Neg(half)
	}
	x.Add(x, half)
	n, _ := x.Int(nil) // truncates toward zero
	return ScaledText(n, int(scale))
}

// ScaledText renders integer n / 10^scale as a decimal ("-1.50" for -150, 2).
func ScaledText(n *big.Int, scale int) string {
	neg := n.Sign() < 0
	digits := new(big.Int).Abs(n).String()
	if scale > 0 {
		for len(digits) <= scale {
			digits = "0" + digits
		}
		digits = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

func doubleDecimalFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_DOUBLE_DECIMAL(double, scale): DoubleDecimal, NULL for a
		// NaN or infinity (the caller casts those as before).
		"_SF_GO_DOUBLE_DECIMAL": {in: []duckdb.Type{duckdb.TYPE_DOUBLE, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			d := a[0].(float64)
			if math.IsNaN(d) || math.IsInf(d, 0) {
				return nil, nil
			}
			return DoubleDecimal(d, a[1].(int64)), nil
		}},
	}
}
