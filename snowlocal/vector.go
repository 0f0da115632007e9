package snowlocal

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Snowflake's VECTOR(INT | FLOAT, n) is held as DuckDB's INTEGER[n] or
// FLOAT[n] (rewrite/vector.go). A result column of either type is
// Snowflake's "vector" on the wire, as the drivers read it: type "vector"
// with one field naming the element type, "fixed" or "real"
// (snowflakedb/snowflake-jdbc ResultSetVectorLatestIT.java: the column's
// type name is VECTOR and its one field's type INTEGER or FLOAT; the
// Python connector's converter.py reads a VECTOR value as JSON,
// json.loads). In a JSON result set a value is its elements between
// brackets, separated by commas without blanks: integers as such ([-1,5]),
// floats with six decimals ([-1.200000,5.100000,15.870000], "in json we
// have slightly different format", the same test; snowflake-connector-net
// VectorTypesIT.cs reads [1.100000,2.200000,3.300000]).

var vectorDuckType = regexp.MustCompile(`^(FLOAT|INTEGER)\[(\d+)\]$`)

// vectorDuck is the element type (FLOAT or INTEGER) and dimension of DuckDB
// type dt when it holds a VECTOR.
func vectorDuck(dt string) (elem string, dim int, ok bool) {
	m := vectorDuckType.FindStringSubmatch(dt)
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 || n > 4096 {
		return "", 0, false
	}
	return m[1], n, true
}

// vectorTypeText is Snowflake's name of a VECTOR column of DuckDB type dt,
// as DESCRIBE TABLE shows it: VECTOR(FLOAT, 1536) (dbt-labs/dbt-snowflake
// issue #1098: get_columns_in_relation, which reads DESCRIBE TABLE, got
// the data type "VECTOR(FLOAT, 1536)").
func vectorTypeText(dt string) string {
	elem, dim, _ := vectorDuck(dt)
	if elem == "INTEGER" {
		elem = "INT"
	}
	return fmt.Sprintf("VECTOR(%s, %d)", elem, dim)
}

// vectorRowtype adds a VECTOR column's dimension and element field to its
// rowtype entry m.
func vectorRowtype(c Column, m map[string]any) {
	if c.Type != "vector" {
		return
	}
	m["vectorDimension"] = c.VectorDimension
	m["fields"] = []map[string]any{{"name": "", "type": c.VectorElement, "nullable": false,
		"precision": 0, "scale": 0, "length": 0, "byteLength": 0}}
}

// encodeVector renders a VECTOR value (a slice of float32 or int32 as
// duckdb-go scans FLOAT[n] and INTEGER[n]) as Snowflake's JSON result set
// does.
func encodeVector(v any) (string, error) {
	elems, ok := v.([]any)
	if !ok {
		return "", fmt.Errorf("VECTOR value %v", v)
	}
	parts := make([]string, len(elems))
	for i, e := range elems {
		switch x := e.(type) {
		case float32:
			parts[i] = strconv.FormatFloat(float64(x), 'f', 6, 32)
		case int32:
			parts[i] = strconv.FormatInt(int64(x), 10)
		default:
			return "", fmt.Errorf("VECTOR element %v", e)
		}
	}
	return "[" + strings.Join(parts, ",") + "]", nil
}
