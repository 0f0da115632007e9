package detections

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"
)

// Queryer runs a query: *sql.DB, *sql.Conn and *sql.Tx all do.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Row is one result row: column name (as the warehouse reports it) to a
// JSON-ready value: nil, bool, string, json.Number, or for VARIANT, OBJECT
// and ARRAY columns the decoded JSON (map[string]any, []any, ...).
// Timestamps are RFC 3339 strings in UTC, dates YYYY-MM-DD.
type Row map[string]any

// ResultSet is what one query returned.
type ResultSet struct {
	Columns []string
	Rows    []Row
}

// Query runs sqlText and reads all rows, normalising values so that the same
// data compares equal whichever result format (JSON or Arrow) the warehouse
// chose and after a round trip through JSON.
func Query(ctx context.Context, q Queryer, sqlText string) (*ResultSet, error) {
	return queryMax(ctx, q, sqlText, 0)
}

// errTooLarge reports a result with more rows than the caller holds in memory.
var errTooLarge = errors.New("result too large to hold in memory")

// queryMax is Query reading at most max rows (0: no limit): a longer result
// stops the read with errTooLarge, its columns known and its rows dropped.
func queryMax(ctx context.Context, q Queryer, sqlText string, max int) (*ResultSet, error) {
	rows, err := q.QueryContext(ctx, sqlText)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	rs := &ResultSet{Columns: make([]string, len(types))}
	for i, t := range types {
		rs.Columns[i] = t.Name()
	}
	vals := make([]any, len(types))
	ptrs := make([]any, len(types))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if max > 0 && len(rs.Rows) == max {
			rs.Rows = nil
			return rs, errTooLarge
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		row := make(Row, len(types))
		for i, t := range types {
			v, err := normalize(vals[i], t)
			if err != nil {
				return nil, fmt.Errorf("column %s: %w", t.Name(), err)
			}
			row[rs.Columns[i]] = v
		}
		rs.Rows = append(rs.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

func normalize(v any, ct *sql.ColumnType) (any, error) {
	if v == nil {
		return nil, nil
	}
	typ := strings.ToUpper(ct.DatabaseTypeName())
	switch x := v.(type) {
	case time.Time:
		if typ == "DATE" {
			return x.Format(time.DateOnly), nil
		}
		if typ == "TIME" {
			return x.Format("15:04:05.999999999"), nil
		}
		return x.UTC().Format(time.RFC3339Nano), nil
	case bool:
		return x, nil
	case []byte:
		v = string(x)
	}
	switch typ {
	case "VARIANT", "OBJECT", "ARRAY":
		s, ok := v.(string)
		if !ok {
			return canonicalJSON(v)
		}
		return decodeJSON(s)
	case "BOOLEAN":
		switch s := fmt.Sprint(v); strings.ToLower(s) {
		case "1", "true":
			return true, nil
		case "0", "false":
			return false, nil
		default:
			return nil, fmt.Errorf("boolean value %q", s)
		}
	case "FIXED", "REAL", "NUMBER", "DECIMAL", "FLOAT", "DOUBLE", "INTEGER", "BIGINT":
		return number(v)
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case int64, int32, int, float64, float32, *big.Int, big.Int, *big.Float, big.Float:
		return number(x)
	}
	return canonicalJSON(v)
}

// number renders a numeric value as a json.Number in canonical form: no
// exponent for integers, no trailing zeros after a decimal point.
func number(v any) (json.Number, error) {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		s = strconv.FormatFloat(float64(x), 'f', -1, 32)
	case big.Int:
		s = x.String()
	case *big.Int:
		s = x.String()
	case big.Float:
		s = x.Text('f', -1)
	case *big.Float:
		s = x.Text('f', -1)
	default:
		s = fmt.Sprint(x)
	}
	return canonicalNumber(s)
}

func canonicalNumber(s string) (json.Number, error) {
	s = strings.TrimSpace(s)
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return "", fmt.Errorf("number %q: %w", s, err)
	}
	if strings.ContainsAny(s, "eE") {
		f, _, err := big.ParseFloat(s, 10, 200, big.ToNearestEven)
		if err != nil {
			return "", err
		}
		s = f.Text('f', -1)
	}
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	if s == "-0" || s == "" {
		s = "0"
	}
	return json.Number(s), nil
}

func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, fmt.Errorf("variant value %.80q: %w", s, err)
	}
	return canonicalize(out), nil
}

func canonicalJSON(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return decodeJSON(string(b))
}

// canonicalize rewrites json.Numbers inside decoded JSON to canonical form.
func canonicalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = canonicalize(e)
		}
	case []any:
		for i, e := range x {
			x[i] = canonicalize(e)
		}
	case json.Number:
		if n, err := canonicalNumber(string(x)); err == nil {
			return n
		}
	}
	return v
}

// marshalRow encodes a row as compact JSON with sorted keys (encoding/json
// sorts map keys), the form state and alerts use.
func marshalJSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// lookupColumn finds a column by name: exactly, else case-insensitively.
func lookupColumn(cols []string, name string) (string, bool) {
	for _, c := range cols {
		if c == name {
			return c, true
		}
	}
	for _, c := range cols {
		if strings.EqualFold(c, name) {
			return c, true
		}
	}
	return "", false
}
