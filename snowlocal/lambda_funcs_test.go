package snowlocal_test

import "testing"

// The higher-order functions FILTER, TRANSFORM and REDUCE (docs:
// https://docs.snowflake.com/en/sql-reference/functions/filter,
// .../functions/transform, .../functions/reduce). All three were refused
// at the name (002040 function FILTER …) before.

// TestLambdaDocsExamples: the docs pages' examples answer as printed.
func TestLambdaDocsExamples(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database lam",
		`CREATE TABLE orders AS
		  SELECT 1 AS order_id, '2024-01-01' AS order_date, [
		    {'item':'UHD Monitor', 'quantity':3, 'subtotal':1500},
		    {'item':'Business Printer', 'quantity':1, 'subtotal':1200}
		  ] AS order_detail
		  UNION
		  SELECT 2 AS order_id, '2024-01-02' AS order_date, [
		    {'item':'Laptop', 'quantity':5, 'subtotal':7500},
		    {'item':'Noise-canceling Headphones', 'quantity':5, 'subtotal':1000}
		  ] AS order_detail`,
		`CREATE TABLE filter_column_ref_demo AS
		  SELECT [ 10, 15, 20 ] AS col1, 18 AS col2
		  UNION
		  SELECT [ 30, 50, 70 ] AS col1, 40 AS col2`,
		`CREATE TABLE transform_column_ref_demo AS
		  SELECT [ 1, 2, 3 ] AS col1, 10 AS col2
		  UNION
		  SELECT [ 4, 5, 6 ] AS col1, -1 AS col2
		  UNION
		  SELECT [ 7, 8, 9 ] AS col1, NULL AS col2`)
	for _, c := range []struct{ query, want string }{
		// filter: "Filter for array elements greater than a value".
		{`SELECT FILTER([{'name':'Pat', 'value': 50}, {'name':'Terry', 'value': 75}, {'name':'Dana', 'value': 25}],
		  a -> a:value >= 50)`, `[{"name":"Pat","value":50},{"name":"Terry","value":75}]`},
		// filter: "Filter for array elements that are not NULL" (the NULL
		// items are undefined elements).
		{`SELECT FILTER([1, NULL, 3, 5, NULL], a -> a IS NOT NULL)`, `[1,3,5]`},
		// transform: a typed lambda argument, semi-structured and structured.
		{`SELECT TRANSFORM([1, 2, 3], a INT -> a * 2)`, `[2,4,6]`},
		{`SELECT TRANSFORM([{'name':'Pat', 'value': 50}, {'name':'Terry', 'value': 75}, {'name':'Dana', 'value': 25}],
		  c -> c:value || ' is the number')`, `["50isthenumber","75isthenumber","25isthenumber"]`},
		// reduce: "Use an array for the accumulator".
		{`SELECT REDUCE([1, 2, 3, 4], [], (acc, val) -> ARRAY_PREPEND(acc, val))`, `[4,3,2,1]`},
	} {
		if got := compactJSON(queryValue(t, db, c.query)); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.query, got, c.want)
		}
	}
	for _, c := range []struct{ query, want string }{
		{`SELECT order_id, FILTER(o.order_detail, i -> i:subtotal >= 1500) FROM orders o ORDER BY 1`,
			`1,[{"item":"UHDMonitor","quantity":3,"subtotal":1500}]|2,[{"item":"Laptop","quantity":5,"subtotal":7500}]`},
		{`SELECT order_id, TRANSFORM(o.order_detail, i -> OBJECT_INSERT(i, 'unit_price', (i:subtotal / i:quantity)::NUMERIC(10,2))) FROM orders o ORDER BY 1`,
			`1,[{"item":"UHDMonitor","quantity":3,"subtotal":1500,"unit_price":500},{"item":"BusinessPrinter","quantity":1,"subtotal":1200,"unit_price":1200}]|` +
				`2,[{"item":"Laptop","quantity":5,"subtotal":7500,"unit_price":1500},{"item":"Noise-cancelingHeadphones","quantity":5,"subtotal":1000,"unit_price":200}]`},
		{`SELECT order_id, TRANSFORM(o.order_detail, i -> OBJECT_DELETE(i, 'quantity')) FROM orders o ORDER BY 1`,
			`1,[{"item":"UHDMonitor","subtotal":1500},{"item":"BusinessPrinter","subtotal":1200}]|` +
				`2,[{"item":"Laptop","subtotal":7500},{"item":"Noise-cancelingHeadphones","subtotal":1000}]`},
		// The lambdas refer to a column of the row: FILTER's and
		// TRANSFORM's "Reference a table column in a lambda expression";
		// a NULL col2 makes every element undefined.
		{`SELECT col2, FILTER(col1, v -> v < col2) FROM filter_column_ref_demo ORDER BY 1`, `18,[10,15]|40,[30]`},
		{`SELECT col2, TRANSFORM(col1, v INT -> v + col2) FROM transform_column_ref_demo ORDER BY col2 NULLS LAST`,
			`-1,[3,4,5]|10,[11,12,13]|,[undefined,undefined,undefined]`},
	} {
		_, rows := queryRows(t, db, c.query)
		for _, r := range rows {
			r[1] = compactJSON(r[1])
		}
		if got := fmtRows(rows); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.query, got, c.want)
		}
	}
}

// TestLambdaEdges: NULL and empty arrays, NULL elements, typed arguments,
// nested paths and lambdas, result types, and what stays refused.
func TestLambdaEdges(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database lame")
	for _, c := range []struct{ query, want string }{
		// "If either argument is NULL, the function returns NULL" (filter,
		// transform); REDUCE "returns NULL ... The input array is NULL".
		{`SELECT FILTER(NULL, a -> a > 1)`, "NULL"},
		{`SELECT TRANSFORM(NULL, a -> a)`, "NULL"},
		{`SELECT REDUCE(NULL, [], (acc, v) -> ARRAY_APPEND(acc, v))`, "NULL"},
		// An empty array: nothing to keep or transform; REDUCE "returns the
		// initial value of the accumulator" (docs: reduce).
		{`SELECT FILTER([], a -> a > 1)`, "[]"},
		{`SELECT TRANSFORM([], a -> a)`, "[]"},
		{`SELECT REDUCE([], [9], (acc, v) -> ARRAY_APPEND(acc, v))`, "[9]"},
		// A JSON null element is a VARIANT null, not SQL NULL (docs:
		// https://docs.snowflake.com/en/user-guide/semistructured-considerations):
		// IS NOT NULL keeps it; a SQL NULL (undefined) element is dropped.
		{`SELECT FILTER(PARSE_JSON('[1, null, 2]'), a -> a IS NOT NULL)`, "[1,null,2]"},
		{`SELECT FILTER([1, NULL, PARSE_JSON('null')], a -> a IS NULL)`, "[undefined]"},
		// "If the filter condition evaluates to NULL, the corresponding
		// array element is filtered out" (docs: filter).
		{`SELECT FILTER([1, 2, 3], a -> IFF(a = 2, NULL, TRUE))`, "[1,3]"},
		// An undefined element reaches TRANSFORM's lambda as NULL.
		{`SELECT TRANSFORM([1, NULL, 3], a INT -> a + 1)`, "[2,undefined,4]"},
		// Typed arguments coerce the element ("the array element is
		// coerced into the specified type before lambda invocation").
		{`SELECT FILTER(['a', 'b'], x VARCHAR -> x = 'b')`, `["b"]`},
		{`SELECT TRANSFORM(['1', '22'], x INT -> x * 2)`, "[2,44]"},
		// Paths on the lambda argument, and a lambda inside a lambda.
		{`SELECT TRANSFORM([{'a': {'b': [1, 2]}}, {'a': {'b': [3]}}], x -> x:a.b[0])`, "[1,3]"},
		{`SELECT TRANSFORM([[1, 2], [3]], a -> TRANSFORM(a, b INT -> b * 10))`, "[[10,20],[30]]"},
		{`SELECT FILTER([[1, 2], [3]], a -> ARRAY_SIZE(FILTER(a, b -> b > 1)) > 0)`, "[[1,2],[3]]"},
		// An untyped argument of a semi-structured array is a VARIANT
		// (docs: transform, usage notes), converted where it is used as a
		// VARIANT path is: a string function and a comparison with a
		// string read its string value, IN and BETWEEN compare it.
		{`SELECT FILTER(['a', 'B'], a -> UPPER(a) = 'A')`, `["a"]`},
		{`SELECT FILTER(['a', 'B'], a -> a = 'a')`, `["a"]`},
		{`SELECT FILTER([1, 2, 3], a -> a IN (1, 3))`, "[1,3]"},
		{`SELECT FILTER([1, 2, 3], a -> a BETWEEN 2 AND 3)`, "[2,3]"},
		// TRANSFORM with the identity keeps every element as it was: a
		// DOUBLE, a JSON null, an object.
		{`SELECT IFF(TRANSFORM(PARSE_JSON('[1.5e2, 2.25, "x", null, {"a": 1e1}]'), a -> a)::VARCHAR =
		  PARSE_JSON('[1.5e2, 2.25, "x", null, {"a": 1e1}]')::VARCHAR, 'same', 'changed')`, "same"},
		// A long array (of FLOATs, whose exponent form the elements keep)
		// is taken apart once, not once per element.
		{`SELECT ARRAY_SIZE(FILTER(a, x -> x > 10)) FROM (SELECT ARRAY_AGG(SEQ4()::FLOAT) a FROM TABLE(GENERATOR(ROWCOUNT => 20000)))`, "19989"},
		{`SELECT ARRAY_SIZE(FILTER(a, x -> x:i > 10)) FROM (SELECT ARRAY_AGG({'i': SEQ4()}) a FROM TABLE(GENERATOR(ROWCOUNT => 20000)))`, "19989"},
		// A lambda argument is not a select item's alias of the same name.
		{`SELECT TRANSFORM([1, 2], a INT -> a + 1) AS a`, "[2,3]"},
	} {
		if got := compactJSON(queryValue(t, db, c.query)); got != c.want {
			t.Errorf("%s\n got  %s\n want %s", c.query, got, c.want)
		}
	}
	// FILTER and TRANSFORM return an ARRAY; REDUCE its accumulator's type.
	// Their result columns carry the array as one that may hold undefined
	// elements, as ARRAY_CONSTRUCT(1, NULL)'s does (docs: array_construct,
	// an ARRAY), which was typed OBJECT before.
	wantColumnsTyped(t, db, "SELECT FILTER([1], a -> true), TRANSFORM([1], a -> a), REDUCE([1], [], (acc, v) -> ARRAY_APPEND(acc, v)), ARRAY_CONSTRUCT(1, NULL)", "ARRAY")
	for query, what := range map[string]string{
		`SELECT REDUCE([1, NULL], [], (acc, v) -> ARRAY_APPEND(acc, v))`: "REDUCE of an array with an undefined (SQL NULL) element",
		// A structured value given to FILTER, or a structured ARRAY of
		// structured values, is refused (rewrite/structured_lambda.go).
		`SELECT FILTER([1, 2]::ARRAY(INT), a -> a > 1)`:      "structured type",
		`SELECT TRANSFORM([[1]]::ARRAY(ARRAY(INT)), a -> a)`: "structured type",
		`SELECT FILTER(PARSE_JSON('{"a": 1}'), a -> TRUE)`:   "FILTER of a value that is not an ARRAY",
		`SELECT FILTER([1], (a, b) -> TRUE)`:                 "FILTER with a lambda expression of 2 arguments",
		// DuckDB's lambdas take no subquery; an aggregate's meaning
		// inside a lambda no source gives.
		`SELECT FILTER([1, 2], a -> a > (SELECT 1))`: "a subquery in a lambda expression",
		`SELECT FILTER([1, 2], a -> a > MAX(1))`:     "an aggregate or window function in a lambda expression",
		// An undefined element elsewhere than in the result.
		`SELECT TRANSFORM([1, NULL], a -> a)::VARCHAR`: "TRANSFORM with an undefined (SQL NULL) element",
	} {
		wantRefused(t, db, query, what)
	}
}
