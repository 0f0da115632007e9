package conformance

import (
	"math"
	"strconv"
	"strings"
)

// renderVector shows a VECTOR value as the docs print it. The JSON result
// set carries it as [5.000000,7.000000,9.000000] (snowflakedb/snowflake-jdbc
// ResultSetVectorLatestIT.java); SnowSQL, built on the Python connector,
// reads it with json.loads (snowflake-connector-python converter.py,
// _VECTOR_to_python) and prints the Python list: [5.0, 7.0, 9.0], integers
// as [1, 3]. Text that is not such a list is returned as it is.
func renderVector(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") {
		return s
	}
	inner := strings.TrimSpace(t[1 : len(t)-1])
	if inner == "" {
		return "[]"
	}
	parts := strings.Split(inner, ",")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if !strings.ContainsAny(p, ".eE") {
			if _, err := strconv.ParseInt(p, 10, 64); err != nil {
				return s
			}
			parts[i] = p
			continue
		}
		f, err := strconv.ParseFloat(p, 64)
		if err != nil {
			return s
		}
		parts[i] = pythonFloat(f)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// pythonFloat is Python's repr of a float: the shortest digits that read
// back as f, in positional form from 1e-4 up to 1e16 (with ".0" when
// integral), else in exponent form (1e+16, 1.5e-05).
func pythonFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if a := math.Abs(f); a != 0 && (a < 1e-4 || a >= 1e16) {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign, digits := exp[:1], strings.TrimLeft(exp[1:], "0")
		if len(digits) < 2 {
			digits = strings.Repeat("0", 2-len(digits)) + digits
		}
		return mant + "e" + sign + digits
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}
