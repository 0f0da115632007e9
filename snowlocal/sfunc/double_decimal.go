package sfunc

import (
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

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

// FloatText is the text of a FLOAT where the readings of Snowflake's
// float output the docs offer agree (rewrite/numcast.go): a finite value
// of at most 15 significant digits between 1e-4 and 1e15, or zero, in
// positional notation without trailing fraction zeros ("1", "0.25", "-0");
// ok is false for any other.
func FloatText(d float64) (text string, ok bool) {
	if a := math.Abs(d); d != 0 && (math.IsNaN(d) || a < 1e-4 || a >= 1e15) {
		return "", false
	}
	s := strconv.FormatFloat(d, 'f', -1, 64)
	digits := strings.Trim(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	return s, len(digits) <= 15
}

func doubleDecimalFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_FLOAT_TEXT(text): FloatText of the DOUBLE DuckDB's text
		// reads back as (its shortest round-trip text), refused (002040)
		// where it is not ok.
		"_SF_GO_FLOAT_TEXT": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			d, err := strconv.ParseFloat(a[0].(string), 64)
			if err != nil {
				return nil, fmt.Errorf("FLOAT text %q: %w", a[0], err)
			}
			if s, ok := FloatText(d); ok {
				return s, nil
			}
			return nil, fmt.Errorf("Unsupported feature: the text of a FLOAT of more than 15 significant digits, beyond 1e15, below 1e-4 or not finite (the docs do not pin how Snowflake prints %s), in the local engine.", strconv.FormatFloat(d, 'g', -1, 64))
		}},
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
