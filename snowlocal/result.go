package snowlocal

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
)

var decimalType = regexp.MustCompile(`^DECIMAL\((\d+),\s*(\d+)\)$`)

// columnFromDuck maps a DuckDB result column type to Snowflake's wire type.
func columnFromDuck(name, dt string) Column {
	c := Column{Name: name, Nullable: true}
	switch {
	case dt == "BOOLEAN":
		c.Type = "boolean"
	case dt == "TINYINT" || dt == "SMALLINT" || dt == "INTEGER" || dt == "BIGINT" || dt == "HUGEINT" ||
		dt == "UTINYINT" || dt == "USMALLINT" || dt == "UINTEGER" || dt == "UBIGINT" || dt == "UHUGEINT":
		c.Type, c.Precision = "fixed", 38
	case strings.HasPrefix(dt, "DECIMAL"):
		c.Type, c.Precision = "fixed", 38
		if m := decimalType.FindStringSubmatch(dt); m != nil {
			c.Precision, _ = strconv.Atoi(m[1])
			c.Scale, _ = strconv.Atoi(m[2])
		}
	case dt == "FLOAT" || dt == "DOUBLE":
		c.Type = "real"
	case dt == "DATE":
		c.Type = "date"
	case dt == "TIME":
		c.Type, c.Scale = "time", 9
	case dt == "TIMESTAMPTZ" || dt == "TIMESTAMP WITH TIME ZONE":
		c.Type, c.Scale = "timestamp_ltz", 9
	case strings.HasPrefix(dt, "TIMESTAMP"):
		c.Type, c.Scale = "timestamp_ntz", 9
	case dt == "JSON":
		c.Type = "variant"
	case strings.HasPrefix(dt, "STRUCT(sf_undef_json ") || strings.HasPrefix(dt, `STRUCT("sf_undef_json" `):
		// An array that may hold undefined elements (rewrite/undefined.go);
		// the driver names the type with the field quoted.
		c.Type = "variant"
	case strings.HasPrefix(dt, "STRUCT(sf_time_ns ") || strings.HasPrefix(dt, `STRUCT("sf_time_ns" `):
		// A TIME with nanoseconds as a result column: its nanoseconds
		// since midnight (rewrite/nanos_item.go).
		c.Type, c.Scale = "time", 9
	case strings.HasPrefix(dt, "STRUCT(sf_decfloat ") || strings.HasPrefix(dt, `STRUCT("sf_decfloat" `):
		// A DECFLOAT select item: its printed text (rewrite/decfloat.go).
		// Snowflake's wire type is decfloat (gosnowflake v1.19.1
		// converter.go reads a JSON rowset's "decfloat" column as text).
		c.Type = "decfloat"
	case strings.Contains(dt, "sf_tz_utc"):
		// TIMESTAMP_TZ: the instant and its offset (rewrite/tz.go).
		c.Type, c.Scale = "timestamp_tz", 9
	case strings.HasPrefix(dt, "STRUCT") || strings.HasPrefix(dt, "MAP"):
		c.Type = "object"
	case vectorDuckType.MatchString(dt):
		// A VECTOR (vector.go).
		elem, dim, _ := vectorDuck(dt)
		c.Type, c.VectorDimension, c.VectorElement = "vector", dim, map[string]string{"FLOAT": "real", "INTEGER": "fixed"}[elem]
	case strings.HasSuffix(dt, "]"):
		c.Type = "array"
	case dt == "BLOB":
		c.Type, c.Length = "binary", 8388608
	default:
		c.Type, c.Length = "text", 16777216
	}
	return c
}

// duckOnlyTypes are DuckDB result types the engine maps to no Snowflake
// type: a value of one reaches a result only through a construct the
// rewriter passed on (TIMESTAMP - TIMESTAMP is DuckDB's INTERVAL, which
// Snowflake's interval data types do not print so), and written as text it
// would be an answer Snowflake never gives.
var duckOnlyTypes = map[string]bool{"INTERVAL": true, "BIT": true, "UUID": true, "UNION": true, "VARINT": true,
	"BIGNUM": true, "TIMETZ": true, "TIME WITH TIME ZONE": true, "ENUM": true}

// checkResultType refuses result column name of DuckDB type dt where
// Snowflake has no such type (duckOnlyTypes).
func checkResultType(name, dt string) error {
	base, _, _ := strings.Cut(dt, "(")
	if duckOnlyTypes[base] || strings.HasPrefix(dt, "UNION(") || strings.HasPrefix(dt, "ENUM(") {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: the result column %s of the local engine's type %s (no Snowflake type; for example TIMESTAMP - TIMESTAMP, where DATEDIFF or TIMESTAMPDIFF answers) in the local engine.", name, dt)
	}
	return nil
}

// resultFromRows reads all rows into Snowflake's JSON rowset encoding.
// types names the wire type of columns read as JSON text (result_json.go).
func resultFromRows(rows *sql.Rows, types map[int]string) (*Result, error) {
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for i, ct := range cts {
		if err := checkResultType(ct.Name(), ct.DatabaseTypeName()); err != nil {
			return nil, err
		}
		c := columnFromDuck(ct.Name(), ct.DatabaseTypeName())
		if t, ok := types[i]; ok {
			c.Type, c.Length = t, 0
		}
		res.Columns = append(res.Columns, c)
	}
	vals := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make([]*string, len(vals))
		for i, v := range vals {
			row[i], err = encodeValue(res.Columns[i], v)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", res.Columns[i].Name, err)
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res, rows.Err()
}

// encodeValue renders one value as Snowflake's JSON rowset does.
func encodeValue(col Column, v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	var s string
	switch col.Type {
	case "variant", "object", "array":
		if m, ok := v.(map[string]any); ok && len(m) == 1 {
			if text, ok := m["sf_undef_json"]; ok {
				// Array text holding the token undefined (rewrite/undefined.go);
				// the struct holds SQL NULL as a NULL field.
				if text == nil {
					return nil, nil
				}
				var err error
				if s, err = sfunc.UndefinedDisplay(text.(string)); err != nil {
					return nil, err
				}
				break
			}
		}
		if text, ok := v.(string); ok { // read as JSON text (result_json.go)
			// As Snowflake prints it: a JSON null as null (not SQL NULL),
			// numbers by their kind (sfunc/variant_number.go).
			var err error
			if s, err = sfunc.VariantDisplay(text); err != nil {
				return nil, unsupportedValue(err)
			}
			break
		}
		b, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			return nil, err
		}
		s = string(b)
	case "decfloat":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("DECFLOAT value %v", v)
		}
		text, ok := m["sf_decfloat"].(string)
		if !ok {
			return nil, nil
		}
		s = text
	case "vector":
		var err error
		if s, err = encodeVector(v); err != nil { // vector.go
			return nil, err
		}
	case "boolean":
		if b, ok := v.(bool); ok && b {
			s = "1"
		} else {
			s = "0"
		}
	case "date":
		t := v.(time.Time)
		s = strconv.FormatInt(floorDiv(t.Unix(), 86400), 10)
	case "time":
		if m, ok := v.(map[string]any); ok {
			ns, ok := m["sf_time_ns"].(int64)
			if !ok {
				return nil, nil
			}
			s = fmt.Sprintf("%d.%09d", ns/1e9, ns%1e9)
			break
		}
		t := v.(time.Time)
		secs := int64(t.Hour()*3600 + t.Minute()*60 + t.Second())
		s = fmt.Sprintf("%d.%09d", secs, t.Nanosecond())
	case "timestamp_ntz", "timestamp_ltz":
		t := v.(time.Time)
		s = fmt.Sprintf("%d.%09d", t.Unix(), t.Nanosecond())
	case "timestamp_tz":
		// Snowflake's wire form: "epoch.fraction offset", the offset in
		// minutes plus 1440.
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("TIMESTAMP_TZ value %v", v)
		}
		t, _ := m["sf_tz_utc"].(time.Time)
		off, _ := m["sf_tz_off"].(int32)
		if m["sf_tz_utc"] == nil {
			return nil, nil
		}
		s = fmt.Sprintf("%d.%09d %d", t.Unix(), t.Nanosecond(), int(off)+1440)
	case "binary":
		// Upper case, as Snowflake renders BINARY in HEX (BINARY_OUTPUT_FORMAT).
		s = strings.ToUpper(hex.EncodeToString(v.([]byte)))
	case "fixed":
		switch n := v.(type) {
		case duckdb.Decimal:
			s = formatDecimal(n.Value, int(n.Scale))
		case *big.Int:
			s = n.String()
		default:
			s = fmt.Sprint(n)
		}
	case "real":
		switch f := v.(type) {
		case float64:
			s = strconv.FormatFloat(f, 'g', -1, 64)
		case float32:
			s = strconv.FormatFloat(float64(f), 'g', -1, 32)
		default:
			s = fmt.Sprint(f)
		}
	default:
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			if len(x) == 16 { // UUID
				s = fmt.Sprintf("%x-%x-%x-%x-%x", x[0:4], x[4:6], x[6:8], x[8:10], x[10:16])
			} else {
				s = string(x)
			}
		default:
			s = fmt.Sprint(x)
		}
	}
	return &s, nil
}

// unsupportedValue is err, a value the engine cannot print as Snowflake
// does (sfunc.UnsupportedError) reported as 002040.
func unsupportedValue(err error) error {
	var u *sfunc.UnsupportedError
	if errors.As(err, &u) {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", u.Error())
	}
	return err
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func formatDecimal(v *big.Int, scale int) string {
	if v == nil {
		return "0"
	}
	return sfunc.ScaledText(v, scale)
}

var (
	reNotExist   = regexp.MustCompile(`(?i)(?:Table|View|Schema|Catalog|Type) with name "?([^"!]+?)"? does not exist`)
	reNoFunction = regexp.MustCompile(`(?i)(?:Table Function|Scalar Function|Aggregate Function|Function|Macro Function) with name "?([^"!]+?)"? does not exist`)
	reExists     = regexp.MustCompile(`(?i)(?:Table|View|Schema|Catalog) with name "?([^"]+?)"? already exists`)
	reBadColumn  = regexp.MustCompile(`(?i)Referenced column "?([^"\s]+)"? (?:was )?not found`)
	reBadColumn2 = regexp.MustCompile(`(?i)Values list "?([^"\s]+)"? does not have a column named "?([^"\s]+)"?`)
)

// reTextDatetimeCmp is DuckDB's refusal to compare a text with a date,
// time or timestamp, which Snowflake answers by converting the text
// (date-time-examples: a VARCHAR column < '2014-01-01'::DATE).
var reTextDatetimeCmp = regexp.MustCompile(`Cannot compare values of type (VARCHAR and type (?:DATE|TIME|TIMESTAMP)[A-Z_ ]*|(?:DATE|TIME|TIMESTAMP)[A-Z_ ]* and type VARCHAR) - an explicit cast is required`)

// reTextDatetimeMix is the same refusal for x BETWEEN a AND b (a text and
// a date among the three: the rewriter converts a text only against a
// side it or DuckDB sees as a date, rewrite/varchar_unseen_cmp.go) and for
// IN, ANY or ALL with a subquery whose values only DuckDB sees.
// reTextNumberCmp is DuckDB's refusal to order a text against a number.
var reTextNumberCmp = regexp.MustCompile(`Cannot compare values of type (VARCHAR and type (?:INTEGER_LITERAL|DECIMAL|U?(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|DOUBLE|FLOAT)|(?:INTEGER_LITERAL|DECIMAL|U?(?:TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|DOUBLE|FLOAT)[A-Z_(),0-9 ]* and type VARCHAR)\b`)

var reTextDatetimeMix = regexp.MustCompile(`Cannot (?:mix|compare) values of type (?:VARCHAR and (?:DATE|TIME|TIMESTAMP)[A-Z_ ]*|(?:DATE|TIME|TIMESTAMP)[A-Z_ ]* and VARCHAR) in (BETWEEN clause|IN/ANY/ALL clause)`)

var (
	reNoMatch        = regexp.MustCompile(`No function matches the given name and argument types '([^(]+)\((.*)\)'`)
	reConvNumber     = regexp.MustCompile(`Could not convert string "?'?(.*?)'?"? to (?:DECIMAL|INT|UINT|HUGEINT|BIGINT|DOUBLE|FLOAT)`)
	reConvBool       = regexp.MustCompile(`Could not convert string "?'?(.*?)'?"? to BOOL`)
	reConvDate       = regexp.MustCompile(`(?:invalid date field format|date field value out of range): "(.*?)"`)
	reConvTS         = regexp.MustCompile(`(?:invalid timestamp field format|timestamp field value out of range|has a timestamp that is not UTC)[^"]*"(.*?)"|timestamp field value "(.*?)" has a timestamp that is not UTC`)
	reCheckFailed    = regexp.MustCompile(`CHECK constraint failed on table (\S+) with expression CHECK\((.*)\)$`)
	reNoRealResult   = regexp.MustCompile(`(cannot take (?:square root|logarithm) of (?:a negative number|zero))`)
	reOverflow       = regexp.MustCompile(`(?i)overflow|out of range for|Could not cast value|is out of range|exceeds`)
	reUnsupportedKey = regexp.MustCompile(`Could not find key "unsupported: ([^"]+)" in struct`)
	// A run-time refusal (rewrite's _SF_REFUSE macro).
	reUnsupportedCast = regexp.MustCompile(`Could not convert string 'unsupported: ([^']+)' to INT32`)
	reNumberText      = regexp.MustCompile(`^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*$`)
	// An error raised in Snowflake's words by rewrite's stFailure.
	reSnowflakeError = regexp.MustCompile(`Snowflake error ([0-9]{6}): (.*)$`)
	reOwnConv        = regexp.MustCompile(`((Date|Time|Timestamp|Numeric value|Boolean value) '.*' is not recognized)`)
)

// snowflakeErrorState is the SQLSTATE of each code stFailure raises, as
// the docs print it: 093201 (23001) and 093202 (23001)
// (data-types-structured), 100103 (22000) (map_construct); 100096 (22007)
// as ibis's Snowflake tests record it (rewrite/format_parse.go); 100000
// (22000) for a failure whose text the docs print without a code (CHR's
// "Invalid character code -1 in the CHR input"): the code is the local
// engine's own.
var snowflakeErrorState = map[string]string{"093201": "23001", "093202": "23001", "100103": "22000", "100096": "22007", "100000": "22000"}

// runtimeError translates DuckDB's execution errors into the Snowflake error
// a user would get for the same failure (conversion, division by zero,
// numeric overflow); nil when there is no counterpart.
func runtimeError(msg string) *Error {
	switch {
	case strings.Contains(msg, "Division by zero"):
		return Errorf("100051", "22012", "Division by zero")
	case strings.Contains(msg, "The lengths of two variable-sized fields do not match"): // sfunc/bits.go
		return Errorf("100544", "22026", "%s", msg[strings.Index(msg, "The lengths"):])
	case strings.Contains(msg, "is too long and would be truncated"), strings.Contains(msg, "is not a legal hex-encoded value"),
		strings.Contains(msg, "is not a legal base64-encoded value"):
		i := strings.Index(msg, "Error: ")
		text := msg
		if i >= 0 {
			text = msg[i+len("Error: "):]
		}
		// A Go function's error (sfunc) carries the driver's prefix, a
		// failed cast (rewrite's _SF_CHECK_LENGTH) DuckDB's words around it.
		if j := strings.Index(text, "String '"); j > 0 && strings.Contains(text, "is too long") {
			text = strings.TrimSuffix(text[j:], "' to INT32")
		}
		code := "100078"
		if strings.Contains(msg, "hex-encoded") {
			code = "100115"
		} else if strings.Contains(msg, "base64") {
			code = "100116"
		}
		return Errorf(code, "22000", "%s", text)
	}
	if m := reSnowflakeError.FindStringSubmatch(msg); m != nil {
		// An error the rewriter raises in Snowflake's words and code
		// (rewrite/structured_object.go: stFailure).
		return Errorf(m[1], snowflakeErrorState[m[1]], "%s", m[2])
	}
	if i := strings.Index(msg, "Not an array: 'Input argument to ARRAY_FLATTEN"); i >= 0 {
		// rewrite's ARRAY_FLATTEN check, in the docs' words and code
		// (array_flatten: "100107 (22000): Not an array: ...").
		return Errorf("100107", "22000", "%s", strings.TrimSpace(msg[i:]))
	}
	if i := strings.Index(msg, "Unsupported feature: "); i >= 0 && strings.HasSuffix(msg, "in the local engine.") {
		// Raised at run time by a construct the rewriter could not decide
		// statically (rewrite/flatten_seq.go).
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", msg[i:])
	}
	if m := reOwnConv.FindStringSubmatch(msg); m != nil {
		// Raised by the engine's own conversion macros in Snowflake's words.
		code := map[string]string{"Date": "100040", "Time": "100108", "Timestamp": "100035", "Numeric value": "100038", "Boolean value": "100037"}[m[2]]
		return Errorf(code, "22018", "%s", m[1])
	}
	if m := reConvBool.FindStringSubmatch(msg); m != nil {
		return Errorf("100037", "22018", "Boolean value '%s' is not recognized", m[1])
	}
	if m := reConvNumber.FindStringSubmatch(msg); m != nil {
		if reNumberText.MatchString(m[1]) {
			// A number that does not fit the NUMBER(p, s) it is cast to.
			return Errorf("100039", "22003", "Numeric value '%s' is out of range", m[1])
		}
		return Errorf("100038", "22018", "Numeric value '%s' is not recognized", m[1])
	}
	if m := reConvDate.FindStringSubmatch(msg); m != nil {
		return Errorf("100040", "22007", "Date '%s' is not recognized", m[1])
	}
	if m := reConvTS.FindStringSubmatch(msg); m != nil {
		v := m[1]
		if v == "" {
			v = m[2]
		}
		return Errorf("100035", "22007", "Timestamp '%s' is not recognized", v)
	}
	if reOverflow.MatchString(msg) && !strings.Contains(msg, "string") {
		return Errorf("100046", "22003", "Number out of representable range: %s", msg)
	}
	return nil
}

var reAliasSideEffects = regexp.MustCompile(`Alias "([^"]+)" referenced - but the expression has side effects`)

// duckError turns a DuckDB error into a Snowflake-style one, keeping DuckDB's
// explanation so nothing is hidden from the user.
func duckError(err error) error {
	var se *Error
	if errors.As(err, &se) {
		return se
	}
	var de *duckdb.Error
	if !errors.As(err, &de) {
		if errors.Is(err, context.Canceled) {
			return Errorf("000604", "57014", "SQL execution canceled")
		}
		return Errorf("100000", "XX000", "%v", err)
	}
	msg := de.Msg
	if e := goFunctionError(msg); e != nil {
		return e
	}
	if m := reUnsupportedCast.FindStringSubmatch(msg); m != nil {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s': the local engine does not implement it.", m[1])
	}
	if m := reUnsupportedKey.FindStringSubmatch(msg); m != nil {
		// A prelude macro's refusal chosen when DuckDB binds it (types.go).
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s': the local engine does not implement it.", m[1])
	}
	if strings.Contains(msg, "Need named argument for struct pack") {
		// DuckDB cannot bind a concatenation's operand macro
		// (_SF_CAT_OPERAND, rewrite/tz.go) over a column of an outer FROM
		// item inside a LATERAL subquery (LATERAL SPLIT_TO_TABLE(t.s ||
		// ','), LATERAL FLATTEN(PARSE_JSON(t.a || t.b))); Snowflake answers.
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'this expression over a column of an outer FROM item inside LATERAL': the local engine does not implement it.")
	}
	if strings.Contains(msg, "DEFAULT value cannot contain column names") {
		// Snowflake takes a DEFAULT referring to another column (SHOW
		// COLUMNS' example: n2_int integer default n1+5); DuckDB cannot.
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a column DEFAULT referring to another column': the local engine does not implement it.")
	}
	if strings.Contains(msg, "to accurately represent the multiplication result") {
		// DuckDB cannot hold the exact product of NUMBERs whose scales add
		// up to more than 38 (rewrite/types_mul.go); Snowflake answers.
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'multiplication of NUMBERs whose scales add up to more than 38': the local engine does not implement it.")
	}
	first := msg
	if i := strings.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if se := duckOnlyError(first); se != nil {
		return se
	}
	raw := first
	first = duckText(first)
	switch de.Type {
	case duckdb.ErrorTypePermission:
		return permissionError(msg)
	case duckdb.ErrorTypeCatalog:
		if m := reNoFunction.FindStringSubmatch(msg); m != nil {
			return Errorf("002140", "42601", "SQL compilation error:\nUnknown function %s", strings.ToUpper(m[1]))
		}
		if m := reNotExist.FindStringSubmatch(msg); m != nil {
			return Errorf(CodeNotExist, "42S02", "SQL compilation error:\nObject '%s' does not exist or not authorized.", strings.ToUpper(m[1]))
		}
		if m := reExists.FindStringSubmatch(msg); m != nil {
			return Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists.", strings.ToUpper(m[1]))
		}
		return Errorf(CodeNotExist, "42S02", "SQL compilation error:\n%s", first)
	case duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax:
		return duckSyntaxError(first)
	case duckdb.ErrorTypeBinder:
		if m := reAliasSideEffects.FindStringSubmatch(first); m != nil {
			// DuckDB cannot reuse a select-list alias whose expression may
			// raise an error (the local engine's checks do): a gap, not an error.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: referring to the column alias %s of an expression the local engine checks at run time (for example for undefined array elements); repeat the expression instead.", m[1])
		}
		if strings.Contains(first, "sf_time_ns") {
			// A TIME with nanoseconds is written so only as a result
			// column (rewrite/nanos_item.go): its alias used elsewhere.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: referring to the column alias of a TIME with nanoseconds (more than 6 fractional digits of seconds), which the local engine keeps only as a result column; repeat the expression instead.")
		}
		if m := reBadColumn.FindStringSubmatch(msg); m != nil {
			return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '%s'", strings.ToUpper(m[1]))
		}
		if m := reBadColumn2.FindStringSubmatch(msg); m != nil {
			return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '%s.%s'", strings.ToUpper(m[1]), strings.ToUpper(m[2]))
		}
		if m := reNoMatch.FindStringSubmatch(first); m != nil {
			// DuckDB has no overload for these argument types: a construct
			// the local engine does not translate (Snowflake may accept it).
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s(%s) in the local engine.", strings.ToUpper(m[1]), m[2])
		}
		if reTextDatetimeCmp.MatchString(first) {
			// Snowflake converts the text implicitly (under the session's
			// input format); the local engine does not for a column.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: comparing a VARCHAR with a date, time or timestamp without an explicit cast, in the local engine.")
		}
		if m := reTextDatetimeMix.FindStringSubmatch(first); m != nil {
			what := "BETWEEN of a text and a date, time or timestamp among its operands"
			if strings.HasPrefix(m[1], "IN") {
				what = "IN, ANY or ALL with a subquery"
			}
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: comparing a VARCHAR with a date, time or timestamp without an explicit cast (%s whose types the local engine sees only as it runs the statement), in the local engine.", what)
		}
		if reTextNumberCmp.MatchString(first) {
			// Snowflake reads the text as a number (rewrite/varchar_number.go);
			// DuckDB binds a text against a number only for equality.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: comparing a VARCHAR with a number by <, <=, >, >= or BETWEEN without an explicit cast, in the local engine.")
		}
		return Errorf("002020", "42000", "SQL compilation error:\n%s", first)
	case duckdb.ErrorTypeConversion, duckdb.ErrorTypeInvalidInput, duckdb.ErrorTypeOutOfRange:
		if se := runtimeError(raw); se != nil {
			return se
		}
		if m := reNoRealResult.FindStringSubmatch(first); m != nil {
			// SQRT, LN, LOG of a value outside their domain: DuckDB fails,
			// and the docs (sqrt, ln, log) show no answer (NaN, NULL or an
			// error) for one.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s (the docs do not say what Snowflake answers) in the local engine.", m[1])
		}
		return Errorf(CodeRuntime, "22018", "%s", first)
	case duckdb.ErrorTypeConstraint:
		if strings.Contains(first, "NOT NULL constraint failed") {
			// Snowflake's words for 100072 (its Python connector maps the
			// code to IntegrityError under this text).
			return Errorf("100072", "22000", "NULL result in a non-nullable column")
		}
		if m := reCheckFailed.FindStringSubmatch(first); m != nil {
			// Snowflake documents that a failing CHECK fails the statement
			// (constraints-overview, "CHECK constraints") but not its error
			// code or text: these are the local engine's, with SQLSTATE
			// 23514 (check_violation, SQL standard).
			return Errorf("100000", "23514", "CHECK constraint failed on table %s: CHECK %s is FALSE for a row (the local engine's error text; Snowflake's is not documented)", m[1], m[2])
		}
		return Errorf("100072", "22000", "%s", first)
	case duckdb.ErrorTypeInterrupt:
		return Errorf("000604", "57014", "SQL execution canceled")
	case duckdb.ErrorTypeTransaction:
		return Errorf("000625", "40001", "Statement reached its statement or warehouse timeout or was aborted by a conflicting transaction: %s", first)
	case duckdb.ErrorTypeNotImplemented:
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s", first)
	}
	return Errorf("100000", "XX000", "%s", first)
}
