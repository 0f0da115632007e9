package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake's VECTOR(INT | FLOAT, n) (docs: data types vector,
// https://docs.snowflake.com/en/sql-reference/data-types-vector): "32-bit
// integers or 32-bit floating-point numbers", n "a positive integer value
// with a maximum value of 4096". DuckDB's fixed-size arrays hold them:
// VECTOR(FLOAT, n) is FLOAT[n] (32-bit) and VECTOR(INT, n) INTEGER[n]; a
// result column of either type is described as Snowflake's VECTOR
// (snowlocal/vector.go). A VECTOR converts from an ARRAY, a structured
// ARRAY or a VARIANT holding an ARRAY; what the docs leave open (an
// element that is not a number of the vector's type, a NULL element, a
// length other than n) is refused.

// maxVectorDimension is the docs' largest dimension.
const maxVectorDimension = 4096

// vectorDuck matches the DuckDB type of a VECTOR: its element type and
// dimension.
var vectorDuck = regexp.MustCompile(`^(FLOAT|INTEGER)\[(\d+)\]$`)

// vectorShape is the element type (FLOAT or INTEGER, DuckDB's names) and
// dimension of DuckDB type duck when it is a VECTOR's; ok is false for any
// other type.
func vectorShape(duck string) (elem string, dim int, ok bool) {
	m := vectorDuck.FindStringSubmatch(strings.TrimSpace(duck))
	if m == nil {
		return "", 0, false
	}
	n, err := strconv.Atoi(m[2])
	if err != nil || n < 1 || n > maxVectorDimension {
		return "", 0, false
	}
	return m[1], n, true
}

// vectorTypeName is Snowflake's name of the VECTOR held as DuckDB type
// duck: VECTOR(FLOAT, 3).
func vectorTypeName(duck string) string {
	elem, dim, _ := vectorShape(duck)
	if elem == "INTEGER" {
		elem = "INT"
	}
	return fmt.Sprintf("VECTOR(%s, %d)", elem, dim)
}

// parseVectorType parses VECTOR(type, dimension) after the word VECTOR (t).
// The docs' invalid definitions (VECTOR(STRING, 256), VECTOR(INT, -1)) fail
// in Snowflake with an error the docs do not print: refused here.
func (p *parser) parseVectorType(t tok) (sqlType, error) {
	if err := p.expectOp("("); err != nil {
		return sqlType{}, err
	}
	var words []string
	for depth := 0; !p.eof(); {
		a := p.peek()
		if depth == 0 && a.IsOp(")") {
			break
		}
		switch {
		case a.IsOp("("):
			depth++
		case a.IsOp(")"):
			depth--
		}
		words = append(words, a.Text)
		p.next()
	}
	if err := p.expectOp(")"); err != nil {
		return sqlType{}, err
	}
	text := strings.NewReplacer(" , ", ", ", "- ", "-").Replace(strings.Join(words, " "))
	refuse := func(why string) (sqlType, error) {
		return sqlType{}, p.unsupported(t, "data type VECTOR("+text+") ("+why+")")
	}
	if len(words) != 3 || words[1] != "," {
		return refuse("VECTOR takes an element type and a dimension")
	}
	var duck string
	switch strings.ToUpper(words[0]) {
	case "INT":
		duck = "INTEGER"
	case "FLOAT":
		duck = "FLOAT"
	default:
		return refuse("the element type is INT or FLOAT")
	}
	n, err := strconv.Atoi(words[2])
	if err != nil || n < 1 || n > maxVectorDimension {
		return refuse("the dimension is a positive integer of at most 4096")
	}
	duck = fmt.Sprintf("%s[%d]", duck, n)
	return sqlType{sf: "VECTOR", duck: duck, kind: "vector"}, nil
}

// vectorCast renders e::VECTOR(...) (ty.duck FLOAT[n] or INTEGER[n]). A
// VECTOR of the same type is itself; an ARRAY, a structured ARRAY or a
// VARIANT (all held as JSON) is checked by _SF_VECTOR_CHECK and converted;
// anything else, TRY_CAST, and a VECTOR of another type are refused
// (002040) as the value is read.
func vectorCast(e expr, ty sqlType, try bool) expr {
	refuse := func(what string) expr {
		return expr{sql: "CAST(error('Unsupported feature: " + strings.ReplaceAll(what, "'", "''") +
			", in the local engine.') AS " + ty.duck + ")", typ: ty.duck}
	}
	if try {
		return refuse("TRY_CAST to " + vectorTypeName(ty.duck))
	}
	if e.typ == ty.duck && e.path == nil {
		return expr{sql: e.sql, typ: ty.duck}
	}
	if _, _, ok := vectorShape(e.typ); ok {
		return refuse("a cast of a " + vectorTypeName(e.typ) + " to " + vectorTypeName(ty.duck))
	}
	if e.path == nil && strings.EqualFold(strings.TrimSpace(e.sql), "NULL") {
		return expr{sql: "CAST(NULL AS " + ty.duck + ")", typ: ty.duck}
	}
	if e.path == nil && e.typ != "JSON" && !e.variant && !isVariant(e) && e.st == nil {
		return refuse("a cast to " + vectorTypeName(ty.duck) + " of a value that is not an ARRAY")
	}
	elem, dim, _ := vectorShape(ty.duck)
	if e.st != nil && !structuredVectorSource(e.st, elem) {
		// "the data type of the array elements must match the data type
		// of the vector" (docs: data types vector).
		return refuse("a cast to " + vectorTypeName(ty.duck) + " of a structured value other than an ARRAY of its element type")
	}
	sql := fmt.Sprintf("CAST(CAST(_SF_VECTOR_CHECK(CAST(%s AS JSON), %d, %s) AS %s[]) AS %s)",
		e.renderValue(), dim, sqlString(elem), elem, ty.duck)
	return expr{sql: sql, typ: ty.duck}
}

// structuredVectorSource reports whether structured type st is an ARRAY
// whose elements are of the vector element type elem (DuckDB's FLOAT or
// INTEGER): FLOAT, or an integer NUMBER (INT is NUMBER(38,0)).
func structuredVectorSource(st *stype, elem string) bool {
	if st.kind != "ARRAY" || st.elem == nil || st.elem.kind != "" {
		return false
	}
	d := st.elem.scalar.duck
	if elem == "FLOAT" {
		return d == "DOUBLE"
	}
	return d == "BIGINT" || strings.HasPrefix(d, "DECIMAL(") && strings.HasSuffix(d, ",0)")
}

func init() {
	prelude = append(prelude,
		// _SF_VECTOR_CHECK(j, n, elem): the JSON j, refused (002040) when
		// it is not an ARRAY of n numbers of the element type (elem
		// INTEGER: integers of 32 bits; FLOAT: numbers within a 32-bit
		// float's range). The .NET connector's tests show Snowflake's
		// "Array-like value being cast to a vector has incorrect
		// dimension" (snowflakedb/snowflake-connector-net
		// Snowflake.Data.Tests/IntegrationTests/VectorTypesIT.cs) without
		// its error code; the docs give none of these errors. A negative
		// zero (or a negative number a 32-bit float rounds to one) is
		// refused too: Snowflake compares a VECTOR by its bytes (docs:
		// data types vector), so -0.0 and 0.0 differ there, where DuckDB
		// finds them equal (=, GROUP BY, DISTINCT).
		`CREATE OR REPLACE TEMP MACRO _SF_VECTOR_CHECK(j, n, elem) AS CASE
		WHEN j IS NULL THEN j
		WHEN json_type(j) <> 'ARRAY' THEN error('Unsupported feature: a cast to VECTOR of a value that is not an ARRAY, in the local engine.')
		WHEN json_array_length(j) <> n THEN error('Unsupported feature: a cast to VECTOR of an ARRAY whose length is not the vector''s dimension (Snowflake: Array-like value being cast to a vector has incorrect dimension), in the local engine.')
		WHEN len(list_filter(json_extract(j, '$[*]'), _sf_v -> json_type(_sf_v) = 'NULL')) > 0 THEN error('Unsupported feature: a cast to VECTOR of an ARRAY holding a null element, in the local engine.')
		WHEN len(list_filter(json_extract(j, '$[*]'), _sf_v -> json_type(_sf_v) NOT IN ('BIGINT', 'UBIGINT', 'DOUBLE')
			OR (elem = 'INTEGER' AND (json_type(_sf_v) = 'DOUBLE' OR TRY_CAST(_sf_v AS INTEGER) IS NULL))
			OR (elem = 'FLOAT' AND abs(TRY_CAST(_sf_v AS DOUBLE)) > 3.4028234663852886e38))) > 0
			THEN error('Unsupported feature: a cast to VECTOR of an ARRAY holding an element that is not a number of the vector''s element type, in the local engine.')
		WHEN elem = 'FLOAT' AND len(list_filter(json_extract(j, '$[*]'), _sf_v -> starts_with(CAST(_sf_v AS VARCHAR), '-')
			AND CAST(TRY_CAST(_sf_v AS DOUBLE) AS FLOAT) = 0)) > 0
			THEN error('Unsupported feature: a cast to VECTOR(FLOAT, n) of an ARRAY holding a negative zero (equal to 0 in the local engine, not in the bytes Snowflake compares), in the local engine.')
		ELSE j END`,
	)
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_VECTOR_INT32(x) AS CASE WHEN x BETWEEN -2147483648 AND 2147483647 THEN x
		ELSE error('Unsupported feature: VECTOR_SUM of a VECTOR(INT, n) beyond 32-bit integers, in the local engine.') END`,
	)
	// Their pages' Returns sections: the similarity functions a FLOAT
	// (VECTOR_INNER_PRODUCT "a REAL"), the aggregates a VECTOR, which is
	// not semi-structured (functionResults: funcs_results.go).
	for _, n := range []string{"VECTOR_L1_DISTANCE", "VECTOR_L2_DISTANCE", "VECTOR_COSINE_SIMILARITY", "VECTOR_INNER_PRODUCT"} {
		functionResults[n] = "FLOAT"
	}
	for _, n := range []string{"VECTOR_SUM", "VECTOR_AVG", "VECTOR_MIN", "VECTOR_MAX"} {
		functionResults[n] = ""
	}
	registerFuncs(map[string]funcHandler{
		"VECTOR_L1_DISTANCE":       vectorDistance("L1"),
		"VECTOR_L2_DISTANCE":       vectorDistance("L2"),
		"VECTOR_COSINE_SIMILARITY": vectorDistance("COSINE"),
		"VECTOR_INNER_PRODUCT":     vectorDistance("INNER"),
		"VECTOR_SUM":               vectorAggregate("sum"),
		"VECTOR_AVG":               vectorAggregate("avg"),
		"VECTOR_MIN":               vectorAggregate("min"),
		"VECTOR_MAX":               vectorAggregate("max"),
	})
}

// vectorArg is the DuckDB type of argument i of c when the rewriter sees it
// is a VECTOR, or the error refusing the call.
func vectorArg(p *parser, c *call, i int) (string, error) {
	a := argExpr(c.args[i])
	if _, _, ok := vectorShape(a.typ); ok && a.path == nil {
		return a.typ, nil
	}
	return "", p.unsupported(c.t, c.name+" of an argument the local engine does not see is a VECTOR")
}

// vectorDistance renders the similarity functions (docs: functions-vector):
// "two VECTOR arguments of equal element type and dimension", returning a
// FLOAT. They are computed in 32-bit floats, as Snowflake's are: the
// vector_l1_distance page prints 3.300000191 for [1.1,2.2,3] and [1,1,1],
// the 32-bit sum widened to a double (the exact sum is 3.3). DuckDB's
// array_distance, array_inner_product and array_cosine_similarity compute
// in the arrays' FLOAT; L1 sums |a[i] - b[i]| in FLOAT from the first
// element on. VECTOR(INT, n) arguments are read as FLOAT.
func vectorDistance(kind string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		if c.over != "" {
			return expr{}, p.unsupported(c.t, c.name+" with OVER")
		}
		ta, err := vectorArg(p, c, 0)
		if err != nil {
			return expr{}, err
		}
		tb, err := vectorArg(p, c, 1)
		if err != nil {
			return expr{}, err
		}
		if ta != tb {
			return expr{}, p.unsupported(c.t, c.name+" of a "+vectorTypeName(ta)+" and a "+vectorTypeName(tb))
		}
		_, dim, _ := vectorShape(ta)
		a, b := c.args[0].sql, c.args[1].sql
		if strings.HasPrefix(ta, "INTEGER") {
			ft := fmt.Sprintf("FLOAT[%d]", dim)
			a, b = "CAST("+a+" AS "+ft+")", "CAST("+b+" AS "+ft+")"
		}
		var fn string
		switch kind {
		case "L1":
			fn = fmt.Sprintf("list_reduce(list_transform(range(1, %d), _sf_i -> abs((%s)[_sf_i] - (%s)[_sf_i])), (_sf_x, _sf_y) -> _sf_x + _sf_y)", dim+1, a, b)
		case "L2":
			fn = "array_distance(" + a + ", " + b + ")"
		case "COSINE":
			fn = "array_cosine_similarity(" + a + ", " + b + ")"
		case "INNER":
			fn = "array_inner_product(" + a + ", " + b + ")"
		}
		return expr{sql: "CAST(" + fn + " AS DOUBLE)", float: true}, nil
	}
}

// vectorAggregate renders VECTOR_SUM, VECTOR_AVG, VECTOR_MIN and VECTOR_MAX
// (docs: vector_sum, vector_avg, vector_min, vector_max): the element-wise
// aggregate of the group's vectors, NULLs ignored, NULL when every value is
// NULL; VECTOR_AVG is "always VECTOR(FLOAT, N)", the others keep the
// input's type. Written as one aggregate per element, [agg(v[1]), ...,
// agg(v[n])], NULL where count(v) is 0.
func vectorAggregate(fn string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		if c.over != "" || c.args[0].distinct != nil || c.within != "" {
			return expr{}, p.unsupported(c.t, c.name+" with DISTINCT, WITHIN GROUP or OVER")
		}
		ty, err := vectorArg(p, c, 0)
		if err != nil {
			return expr{}, err
		}
		_, dim, _ := vectorShape(ty)
		out := ty
		if fn == "avg" {
			out = fmt.Sprintf("FLOAT[%d]", dim)
		}
		v := c.args[0].sql
		parts := make([]string, dim)
		for i := range parts {
			parts[i] = fmt.Sprintf("%s((%s)[%d])", fn, v, i+1)
			if fn == "sum" && strings.HasPrefix(ty, "INTEGER") {
				// A sum beyond 32 bits: Snowflake's answer is not documented.
				parts[i] = "_SF_VECTOR_INT32(" + parts[i] + ")"
			}
		}
		sql := fmt.Sprintf("CASE WHEN count(%s) > 0 THEN CAST([%s] AS %s) END", v, strings.Join(parts, ", "), out)
		return expr{sql: sql, typ: out}, nil
	}
}

// refuseVectorOrder refuses a VECTOR operand (at token start, just parsed)
// compared by order or sorted on: Snowflake's "direct vector comparisons
// (for example, v1 < v2) are byte-wise lexicographic" (docs: data types
// vector), of the elements' bytes, where DuckDB compares the elements'
// values. Equality is the same either way.
func (p *parser) refuseVectorOrder(e expr, start int) error {
	if _, _, ok := vectorShape(e.typ); !ok || e.path != nil {
		return nil
	}
	var prev tok
	if start >= 1 {
		prev = p.toks[start-1]
	}
	n := p.peek()
	switch {
	case prev.Kind == sqllex.Op && orderingOps[prev.Text], n.Kind == sqllex.Op && orderingOps[n.Text],
		prev.IsWord("BETWEEN"), n.IsWord("BETWEEN"):
		return p.unsupported(p.toks[start], "an ordering comparison of a VECTOR (Snowflake compares its bytes)")
	case p.orderItem(start):
		return p.unsupported(p.toks[start], "ORDER BY a VECTOR (Snowflake orders its bytes)")
	}
	return nil
}

// vectorConversion refuses (the SQL of a run-time 002040) a VECTOR
// converted to another type: the docs allow an ARRAY or a structured ARRAY
// but print no converted value (whether a 32-bit float's element shows as
// 1.1 or with the digits of its double), and list no other conversion.
func vectorConversion(e expr, ty sqlType) (expr, bool) {
	if _, _, ok := vectorShape(e.typ); !ok || e.path != nil {
		return expr{}, false
	}
	return expr{sql: "CAST(error('Unsupported feature: a conversion of a " + vectorTypeName(e.typ) + " to " + ty.sf +
		", in the local engine.') AS " + ty.duck + ")", typ: ty.duck}, true
}

// vectorArgFuncs take a VECTOR argument as the engine holds it: the VECTOR
// functions, and those that pass a value on unchanged or only count it.
var vectorArgFuncs = toSet(`VECTOR_L1_DISTANCE VECTOR_L2_DISTANCE VECTOR_COSINE_SIMILARITY VECTOR_INNER_PRODUCT
VECTOR_SUM VECTOR_AVG VECTOR_MIN VECTOR_MAX COUNT ANY_VALUE COALESCE NVL IFNULL IFF NULLIF CAST TRY_CAST`)

// refuseVectorArgs refuses a call of another function with a VECTOR
// argument: DuckDB would read the FLOAT[n] or INTEGER[n] as a list (TO_ARRAY,
// ARRAY_SIZE, HASH...), where Snowflake converts a VECTOR to nothing but an
// ARRAY and the docs print no such value.
func (p *parser) refuseVectorArgs(c *call) error {
	if vectorArgFuncs[c.name] {
		return nil
	}
	for _, a := range c.args {
		if a.e == nil {
			continue
		}
		if _, _, ok := vectorShape(a.e.typ); ok && a.e.path == nil {
			return p.unsupported(c.t, c.name+" of a "+vectorTypeName(a.e.typ))
		}
	}
	return nil
}

// vectorAssign wraps value v stored into a VECTOR column of DuckDB type
// duck: a VECTOR of that type or a NULL is stored; anything else is refused
// (002040) where DuckDB would convert it (an ARRAY, the text '[1,2]', a
// bound value). The docs convert to a VECTOR only by an explicit cast
// ("VECTOR values can be explicitly cast from ..."; "when writing to a
// VECTOR column through a Snowflake driver, you must cast the VECTOR
// values in the query"), and give no error for the rest.
func vectorAssign(v, duck string) (string, bool) {
	if _, _, ok := vectorShape(duck); !ok {
		return "", false
	}
	form := "CASE WHEN typeof(%[1]s) IN ('%[2]s', '\"NULL\"') THEN CAST(%[1]s AS %[2]s) ELSE CAST(error('Unsupported feature: a value stored into a " +
		vectorTypeName(duck) + " column that is not a " + vectorTypeName(duck) + " (cast it with ::" + vectorTypeName(duck) + "), in the local engine.') AS %[2]s) END"
	return namedOnce(v, duck, form), true
}
