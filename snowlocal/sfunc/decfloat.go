package sfunc

import (
	"database/sql/driver"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// DECFLOAT (docs: data-types-numeric, "DECFLOAT"): a decimal number of up
// to 38 significant digits and a base-10 exponent; "If an operation
// produces a result with more than 38 digits, the DECFLOAT value is rounded
// to 38-digit precision ... Snowflake uses the half up rounding mode". The
// engine holds no DECFLOAT column; TO_DECFLOAT and TRY_TO_DECFLOAT answer
// where their value goes straight to the client (rewrite/decfloat.go), as
// the text Snowflake's JSON result set carries.

// decfloatDigits is DECFLOAT's precision.
const decfloatDigits = 38

// decfloatMaxAdjusted bounds the exponent of a value's first digit that the
// engine answers: the docs give the exponent range as -16383 to 16384
// without saying of which digit, so a value is answered only where every
// reading of that range holds it (37 digits inside it).
const decfloatMaxAdjusted = 16384 - 37

// decfloatText matches the docs' numeric constants ("Numeric constants":
// [+-][digits][.digits][e[+-]digits]).
var decfloatText = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]{1,6}))?$`)

// decfloatIntegerTypes are the DuckDB types of exact numbers whose text
// TO_DECFLOAT reads as it is.
func decfloatExactType(typ string) bool {
	switch typ {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT":
		return true
	}
	return strings.HasPrefix(typ, "DECIMAL(")
}

func decfloatFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_TO_DECFLOAT(value as text, DuckDB type of the value,
		// try): TO_DECFLOAT / TRY_TO_DECFLOAT as the text of the DECFLOAT
		// in a JSON result set.
		"_SF_GO_TO_DECFLOAT": {in: []duckdb.Type{text, text, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			s, err := ToDecfloat(a[0].(string), a[1].(string), a[2].(bool))
			if err != nil || s == "" {
				return nil, err
			}
			return s, nil
		}},
	}
}

// ToDecfloat converts s, the text of a value of DuckDB type typ, to a
// DECFLOAT and returns it as Snowflake's JSON result set prints it; "" is
// NULL (TRY_TO_DECFLOAT of a text that is no number).
func ToDecfloat(s, typ string, try bool) (string, error) {
	fn := "TO_DECFLOAT"
	if try {
		fn = "TRY_TO_DECFLOAT"
	}
	if typ != "VARCHAR" && !decfloatExactType(typ) {
		// FLOAT (whose conversion the docs do not describe), BOOLEAN
		// (whose value the docs do not give) and the rest.
		return "", &UnsupportedError{What: fn + " of a value of the local engine's type " + typ}
	}
	m := decfloatText.FindStringSubmatch(s)
	if m == nil || m[2] == "" && m[3] == "" {
		if try && s != "" && !strings.ContainsAny(s, "0123456789 \t\r\n") && !decfloatSpecial(s) {
			// No number at all ('Invalid'): docs try_to_decfloat,
			// TRY_TO_DECFLOAT('Invalid') is NULL.
			return "", nil
		}
		// Snowflake's error for a text that is not a number, and what it
		// makes of blanks, an empty text or 'NaN', the docs do not give.
		return "", &UnsupportedError{What: fn + " of the text '" + s + "'"}
	}
	neg := m[1] == "-"
	digits := m[2] + m[3]
	exp := -len(m[3])
	if m[4] != "" {
		e, err := strconv.Atoi(m[4])
		if err != nil {
			return "", &UnsupportedError{What: fn + " of the text '" + s + "'"}
		}
		exp += e
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", nil
	}
	if len(digits) > decfloatDigits {
		rounded, up, err := roundDecfloat(digits, neg)
		if err != nil {
			return "", err
		}
		exp += len(digits) - decfloatDigits
		digits = rounded
		if up {
			n, _ := new(big.Int).SetString(digits, 10)
			digits = n.Add(n, big.NewInt(1)).String()
		}
	}
	trimmed := strings.TrimRight(digits, "0")
	exp += len(digits) - len(trimmed)
	digits = trimmed
	adjusted := exp + len(digits) - 1
	if adjusted > decfloatMaxAdjusted || adjusted < -decfloatMaxAdjusted {
		return "", &UnsupportedError{What: fn + " of a value near DECFLOAT's exponent limits"}
	}
	out, err := formatDecfloat(digits, exp)
	if err != nil {
		return "", err
	}
	if neg {
		out = "-" + out
	}
	return out, nil
}

// decfloatSpecial reports FLOAT's special values ('NaN', 'inf', '-inf'),
// which "aren't supported" (docs: to_decfloat) in a way the docs leave open.
func decfloatSpecial(s string) bool {
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case "nan", "inf", "infinity":
		return true
	}
	return false
}

// roundDecfloat keeps the first 38 of digits, rounding half up (docs: the
// fourth and fifth rows of "Show the differences between DECFLOAT and
// FLOAT", ...014 to ...01 and ...015 to ...02); up reports that the kept
// digits are to be incremented. An exact half of a negative value is
// refused: "half up" (the docs link Wikipedia's rounding half up, towards
// positive infinity) could be read either way there.
func roundDecfloat(digits string, neg bool) (kept string, up bool, err error) {
	kept, rest := digits[:decfloatDigits], digits[decfloatDigits:]
	switch {
	case rest[0] > '5':
		return kept, true, nil
	case rest[0] < '5':
		return kept, false, nil
	case strings.Trim(rest[1:], "0") != "":
		return kept, true, nil
	case neg:
		return "", false, &UnsupportedError{What: "rounding a negative DECFLOAT value exactly halfway between two 38-digit values"}
	}
	return kept, true, nil
}

// formatDecfloat prints digits*10^exp (digits without leading or trailing
// zeros) as Snowflake's JSON result set carries a DECFLOAT: plainly when
// short, else in scientific notation with one digit before the point, a
// lower-case e and no + (gosnowflake v1.19.1 driver_test.go TestDecfloat,
// JSON: 1e1 is 10, 1e100 is 1e100, -9.87654321E-250 is -9.87654321e-250,
// the 38-digit 1.2345678901234567890123456789012345678e37 plain; docs
// data-types-numeric: 1.23e7002, -4.2e-5432, 12345678901234567890123456789).
// The length that still prints plainly is 38 characters by the Snowflake
// JDBC driver's formatDecfloat (DecfloatToDecimalConverter.java, counting
// the point and a leading "0."), 38 digits by the docs' row
// 1.0000000000000000000000000000000000001: a value where the two readings
// differ is refused.
func formatDecfloat(digits string, exp int) (string, error) {
	n := len(digits)
	var chars, minDigits int // the plain form's length with and without the point and "0."
	switch {
	case exp >= 0:
		chars, minDigits = n+exp, n+exp
	case -exp < n:
		chars, minDigits = n+1, n
	default:
		chars, minDigits = -exp+2, -exp
	}
	switch {
	case chars <= decfloatDigits:
		switch {
		case exp >= 0:
			return digits + strings.Repeat("0", exp), nil
		case -exp < n:
			return digits[:n+exp] + "." + digits[n+exp:], nil
		default:
			return "0." + strings.Repeat("0", -exp-n) + digits, nil
		}
	case minDigits > decfloatDigits:
		s := digits[:1]
		if n > 1 {
			s += "." + digits[1:]
		}
		return s + "e" + strconv.Itoa(exp+n-1), nil
	}
	return "", &UnsupportedError{What: "printing a DECFLOAT value whose plain form has at most 38 digits but more than 38 characters (in full or with an exponent: the sources differ)"}
}
