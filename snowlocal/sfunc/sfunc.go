// Package sfunc holds Snowflake scalar functions whose exact semantics are
// simpler to state in Go than in DuckDB macros (Snowflake's JSON parser,
// TO_JSON's sorted keys, PARSE_IP for IPv6, INITCAP's delimiters, SOUNDEX,
// the XML functions), and registers them in a DuckDB database as _SF_GO_*
// scalar functions that the rewriter (package rewrite) calls.
package sfunc

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Register adds the functions to the database conn belongs to (DuckDB
// scalar functions are visible to every connection of the database).
func Register(conn *sql.Conn) error {
	for _, set := range []map[string]*scalar{functions(), numberFunctions(), bitFunctions(), regexpMoreFunctions(), editDistanceFunctions(), parseURLFunctions(), hashFunctions(), uuidFunctions(), arraysZipFunctions(), objectMoreFunctions(), doubleDecimalFunctions(), jaroWinklerFunctions(), dateTimeElementFunctions(), variantTypedFunctions(), dateTimeAutoFunctions(), undefinedFunctions(), undefinedStoredFunctions(), searchIPFunctions(), searchFunctions(), xmlFunctions(), snappyFunctions(), caseFullFunctions(), decfloatFunctions()} {
		for name, f := range set {
			if err := duckdb.RegisterScalarUDF(conn, name, f); err != nil {
				return fmt.Errorf("register %s: %w", name, err)
			}
		}
	}
	return nil
}

type scalar struct {
	in       []duckdb.Type
	out      duckdb.Type
	nullsIn  bool // the function sees NULL arguments (else NULL in, NULL out)
	volatile bool
	variadic duckdb.Type // the type of any further arguments; TYPE_INVALID for none
	fn       func(args []driver.Value) (any, error)
}

func (s *scalar) Config() duckdb.ScalarFuncConfig {
	var in []duckdb.TypeInfo
	for _, t := range s.in {
		ti, _ := duckdb.NewTypeInfo(t)
		in = append(in, ti)
	}
	out, _ := duckdb.NewTypeInfo(s.out)
	var variadic duckdb.TypeInfo
	if s.variadic != duckdb.TYPE_INVALID {
		variadic, _ = duckdb.NewTypeInfo(s.variadic)
	}
	return duckdb.ScalarFuncConfig{InputTypeInfos: in, ResultTypeInfo: out, VariadicTypeInfo: variadic, SpecialNullHandling: s.nullsIn, Volatile: s.volatile}
}

func (s *scalar) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: s.fn}
}

const (
	text = duckdb.TYPE_VARCHAR
	i64  = duckdb.TYPE_BIGINT
	flag = duckdb.TYPE_BOOLEAN
)

// parseJSONScalar is _SF_GO_PARSE_JSON(text, parameter, try) (undef:
// _SF_GO_PARSE_JSON_U, keeping missing array elements as undefined):
// PARSE_JSON / TRY_PARSE_JSON as JSON text, NULL for empty input, and for
// TRY_ a NULL where the text does not parse (a refusal stays one).
func parseJSONScalar(undef bool) *scalar {
	return &scalar{in: []duckdb.Type{text, text, flag}, out: text, nullsIn: true, fn: func(a []driver.Value) (any, error) {
		if a[0] == nil {
			return nil, nil
		}
		params, _ := a[1].(string)
		try, _ := a[2].(bool)
		out, err := parseJSON(a[0].(string), params, undef)
		if err != nil {
			if try && !isUnsupported(err) {
				return nil, nil
			}
			return nil, err
		}
		if out == "" {
			return nil, nil
		}
		return out, nil
	}}
}

func functions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_TO_JSON(json text): compact JSON with object keys sorted.
		"_SF_GO_TO_JSON": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return variantJSON(a[0].(string))
		}},
		// _SF_GO_CHECK_LENGTH(s, n): s, or Snowflake's error for a string
		// longer than n characters (VARCHAR(n) casts). In Go rather than a
		// macro with error(): DuckDB keeps every view column holding error()
		// even when a query reads none of it, and the macro evaluated s
		// three times.
		"_SF_GO_CHECK_LENGTH": {in: []duckdb.Type{text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			s := a[0].(string)
			if int64(utf8.RuneCountInString(s)) > a[1].(int64) {
				return nil, fmt.Errorf("String '%s' is too long and would be truncated", s)
			}
			return s, nil
		}},
		// _SF_GO_JSON_AT(json text, JSONPath): the value there with its
		// numbers' text kept (variant_number.go), NULL when absent.
		"_SF_GO_JSON_AT": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := JSONAt(a[0].(string), a[1].(string))
			if !ok || err != nil {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_DOCUMENT_VARCHAR(JSON text): an OBJECT or ARRAY cast to
		// VARCHAR, NULL for other text.
		"_SF_GO_DOCUMENT_VARCHAR": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := VarcharOfDocument(a[0].(string))
			if !ok || err != nil {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_NUMBER_VARCHAR(JSON number text): a VARIANT number cast to VARCHAR.
		"_SF_GO_NUMBER_VARCHAR": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return VarcharOfNumber(a[0].(string))
		}},
		// _SF_GO_CHECK_JSON(text): CHECK_JSON's message, NULL when valid.
		"_SF_GO_CHECK_JSON": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			msg, err := CheckJSON(a[0].(string))
			if err != nil || msg == "" {
				return nil, err
			}
			return msg, nil
		}},
		// _SF_GO_PARSE_JSON(text, parameter, try): Snowflake's PARSE_JSON /
		// TRY_PARSE_JSON as JSON text (NULL for empty input).
		"_SF_GO_PARSE_JSON": parseJSONScalar(false),
		// _SF_GO_PARSE_IP(expr, type, permissive): PARSE_IP's object as JSON text.
		"_SF_GO_PARSE_IP": {in: []duckdb.Type{text, text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			return ParseIP(a[0].(string), a[1].(string), a[2].(int64) == 1)
		}},
		// _SF_GO_INITCAP(text [, delimiters]).
		"_SF_GO_INITCAP": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return Initcap(a[0].(string), "", false), nil
		}},
		"_SF_GO_INITCAP2": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return Initcap(a[0].(string), a[1].(string), true), nil
		}},
		"_SF_GO_STRTOK": {in: []duckdb.Type{text, text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			if t, ok := Strtok(a[0].(string), a[1].(string), a[2].(int64)); ok {
				return t, nil
			}
			return nil, nil
		}},
		// _SF_GO_OBJECT_INSERT(object, key, value JSON text or NULL, update).
		"_SF_GO_OBJECT_INSERT": {in: []duckdb.Type{text, text, text, flag}, out: text, nullsIn: true, fn: func(a []driver.Value) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			if a[1] == nil || a[2] == nil {
				return a[0], nil
			}
			update, _ := a[3].(bool)
			return ObjectInsert(a[0].(string), a[1].(string), a[2].(string), update)
		}},
		"_SF_GO_SOUNDEX": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return Soundex(a[0].(string)), nil
		}},
	}
}
