// Package tableout renders SQL result sets for people and programs, in one of
// three stable formats:
//
//   - table: an aligned text table with a header, numbers right-aligned,
//     NULL shown as NULL, followed by "(N rows)". For people; not for parsing.
//
//     +----+-------+
//     | ID | NAME  |
//     |----+-------|
//     |  1 | alice |
//     +----+-------+
//     (1 row)
//
//   - json: JSON Lines, one JSON object per row, keys in column order and
//     named exactly as the columns are returned (a repeated name gets a _2, _3
//     suffix). Numbers are JSON numbers written with all their digits,
//     VARIANT/OBJECT/ARRAY values are embedded JSON, BOOLEAN is true/false,
//     NULL is null, dates and times are strings (DATE 2006-01-02, TIME
//     15:04:05.999999999, TIMESTAMP_NTZ 2006-01-02T15:04:05.999999999,
//     TIMESTAMP_LTZ/TZ RFC 3339 with offset), BINARY is uppercase hex. A result
//     set without rows prints nothing.
//
//   - csv: RFC 4180, a header row of column names, then one record per row;
//     NULL is an empty field, VARIANT values are compact JSON, times as in
//     table. Successive result sets are separated by an empty line.
//
// In table and csv, times print as 2006-01-02 15:04:05.999999999 (with a
// -0700 offset for TIMESTAMP_LTZ/TZ). The formats are part of flurry's
// interface: changing them breaks users' scripts.
package tableout

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Format is an output format.
type Format string

const (
	Table Format = "table"
	JSON  Format = "json"
	CSV   Format = "csv"
)

// Formats lists the valid formats, for flag help.
var Formats = []Format{Table, JSON, CSV}

// ParseFormat validates a --format value (case-insensitive).
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case Table, JSON, CSV:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: want table, json or csv", s)
}

// Column is a result column: its name as returned and its Snowflake type
// (FIXED, REAL, TEXT, BOOLEAN, DATE, TIME, TIMESTAMP_NTZ, TIMESTAMP_LTZ,
// TIMESTAMP_TZ, VARIANT, OBJECT, ARRAY, BINARY; "" if unknown).
type Column struct {
	Name string
	Type string
}

// Writer renders result sets to an io.Writer in one format.
type Writer struct {
	w       io.Writer
	format  Format
	results int // result sets written so far
}

// NewWriter returns a Writer rendering to w in format f.
func NewWriter(w io.Writer, f Format) *Writer { return &Writer{w: w, format: f} }

// WriteRows renders every row of rows (it does not close rows) and returns
// the number of rows. json and csv stream; table reads all rows first to
// size its columns.
func (w *Writer) WriteRows(rows *sql.Rows) (int64, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return 0, err
	}
	cols := make([]Column, len(types))
	for i, ct := range types {
		cols[i] = Column{Name: ct.Name(), Type: strings.ToUpper(ct.DatabaseTypeName())}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		return vals, nil
	}
	return w.write(cols, next)
}

// Write renders one result set held in memory.
func (w *Writer) Write(cols []Column, rows [][]any) error {
	i := 0
	_, err := w.write(cols, func() ([]any, error) {
		if i == len(rows) {
			return nil, nil
		}
		i++
		return rows[i-1], nil
	})
	return err
}

// write renders rows produced by next until it returns nil.
func (w *Writer) write(cols []Column, next func() ([]any, error)) (int64, error) {
	if len(cols) == 0 {
		return 0, nil
	}
	defer func() { w.results++ }()
	switch w.format {
	case JSON:
		return w.writeJSON(cols, next)
	case CSV:
		return w.writeCSV(cols, next)
	default:
		return w.writeTable(cols, next)
	}
}

func (w *Writer) writeJSON(cols []Column, next func() ([]any, error)) (int64, error) {
	keys := make([][]byte, len(cols))
	for i, name := range uniqueNames(cols) {
		keys[i], _ = json.Marshal(name)
	}
	var n int64
	var buf bytes.Buffer
	for {
		row, err := next()
		if err != nil || row == nil {
			return n, err
		}
		buf.Reset()
		buf.WriteByte('{')
		for i, c := range cols {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(keys[i])
			buf.WriteByte(':')
			v, err := jsonValue(c.Type, row[i])
			if err != nil {
				return n, fmt.Errorf("column %s: %w", c.Name, err)
			}
			buf.Write(v)
		}
		buf.WriteString("}\n")
		if _, err := w.w.Write(buf.Bytes()); err != nil {
			return n, err
		}
		n++
	}
}

func (w *Writer) writeCSV(cols []Column, next func() ([]any, error)) (int64, error) {
	if w.results > 0 {
		if _, err := io.WriteString(w.w, "\n"); err != nil {
			return 0, err
		}
	}
	cw := csv.NewWriter(w.w)
	rec := make([]string, len(cols))
	for i, c := range cols {
		rec[i] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return 0, err
	}
	var n int64
	for {
		row, err := next()
		if err != nil || row == nil {
			cw.Flush()
			if err == nil {
				err = cw.Error()
			}
			return n, err
		}
		for i, c := range cols {
			if row[i] == nil {
				rec[i] = ""
			} else {
				rec[i] = Text(c.Type, row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return n, err
		}
		n++
		if n%1000 == 0 {
			cw.Flush()
		}
	}
}

func (w *Writer) writeTable(cols []Column, next func() ([]any, error)) (int64, error) {
	var cells [][]string
	widths := make([]int, len(cols))
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = escapeControl(c.Name)
		widths[i] = utf8.RuneCountInString(header[i])
	}
	for {
		row, err := next()
		if err != nil {
			return 0, err
		}
		if row == nil {
			break
		}
		line := make([]string, len(cols))
		for i, c := range cols {
			if row[i] == nil {
				line[i] = "NULL"
			} else {
				line[i] = escapeControl(Text(c.Type, row[i]))
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(line[i]))
		}
		cells = append(cells, line)
	}

	var b strings.Builder
	if w.results > 0 {
		b.WriteByte('\n')
	}
	rule := func(edge, join byte) {
		b.WriteByte(edge)
		for i, wd := range widths {
			if i > 0 {
				b.WriteByte(join)
			}
			b.WriteString(strings.Repeat("-", wd+2))
		}
		b.WriteByte(edge)
		b.WriteByte('\n')
	}
	line := func(vals []string, rightAlign func(int) bool) {
		b.WriteByte('|')
		for i, v := range vals {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(v))
			b.WriteByte(' ')
			if rightAlign(i) {
				b.WriteString(pad + v)
			} else {
				b.WriteString(v + pad)
			}
			b.WriteString(" |")
		}
		b.WriteByte('\n')
	}
	rule('+', '+')
	line(header, func(int) bool { return false })
	rule('|', '+')
	for _, l := range cells {
		line(l, func(i int) bool { return isNumeric(cols[i].Type) })
	}
	rule('+', '+')
	if len(cells) == 1 {
		b.WriteString("(1 row)\n")
	} else {
		fmt.Fprintf(&b, "(%d rows)\n", len(cells))
	}
	_, err := io.WriteString(w.w, b.String())
	return int64(len(cells)), err
}

func isNumeric(typ string) bool {
	switch typ {
	case "FIXED", "REAL", "NUMBER", "DECFLOAT", "FLOAT", "DOUBLE", "INTEGER", "BIGINT":
		return true
	}
	return false
}

func isSemiStructured(typ string) bool {
	return typ == "VARIANT" || typ == "OBJECT" || typ == "ARRAY" || typ == "MAP"
}

// boolText maps the JSON rowset's encoding of a BOOLEAN ("1"/"0", or
// "TRUE"/"FALSE") to true/false; ok is false for anything else.
func boolText(typ, s string) (b, ok bool) {
	if typ != "BOOLEAN" {
		return false, false
	}
	switch strings.ToUpper(s) {
	case "1", "TRUE":
		return true, true
	case "0", "FALSE":
		return false, true
	}
	return false, false
}

// Text renders a non-NULL value as table and csv show it.
func Text(typ string, v any) string {
	switch x := v.(type) {
	case string:
		if b, ok := boolText(typ, x); ok {
			return strconv.FormatBool(b)
		}
		if isSemiStructured(typ) {
			var buf bytes.Buffer
			if json.Compact(&buf, []byte(x)) == nil {
				return buf.String()
			}
		}
		return x
	case []byte:
		return strings.ToUpper(hex.EncodeToString(x))
	case time.Time:
		switch typ {
		case "DATE":
			return x.Format("2006-01-02")
		case "TIME":
			return x.Format("15:04:05.999999999")
		case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
			return x.Format("2006-01-02 15:04:05.999999999 -0700")
		default:
			return x.Format("2006-01-02 15:04:05.999999999")
		}
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case big.Float:
		return x.Text('g', -1)
	case *big.Float:
		return x.Text('g', -1)
	case big.Int:
		return x.String()
	case *big.Int:
		return x.String()
	case fmt.Stringer:
		return x.String()
	default:
		return fmt.Sprint(x)
	}
}

// jsonValue renders a value as a JSON value (see the package doc).
func jsonValue(typ string, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return []byte("null"), nil
	case string:
		if b, ok := boolText(typ, x); ok {
			return strconv.AppendBool(nil, b), nil
		}
		if isNumeric(typ) && isJSONNumber(x) {
			return []byte(x), nil
		}
		if isSemiStructured(typ) {
			var buf bytes.Buffer
			if json.Compact(&buf, []byte(x)) == nil {
				return buf.Bytes(), nil
			}
		}
		return json.Marshal(x)
	case bool:
		return json.Marshal(x)
	case int64, int32, int, uint64:
		return []byte(fmt.Sprint(x)), nil
	case float64:
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !isJSONNumber(s) {
			return json.Marshal(s) // NaN, +Inf, -Inf
		}
		return []byte(s), nil
	case time.Time:
		switch typ {
		case "DATE":
			return json.Marshal(x.Format("2006-01-02"))
		case "TIME":
			return json.Marshal(x.Format("15:04:05.999999999"))
		case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
			return json.Marshal(x.Format(time.RFC3339Nano))
		default:
			return json.Marshal(x.Format("2006-01-02T15:04:05.999999999"))
		}
	default:
		s := Text(typ, v)
		if isNumeric(typ) && isJSONNumber(s) {
			return []byte(s), nil
		}
		return json.Marshal(s)
	}
}

// isJSONNumber reports whether s is a number in JSON's grammar.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	i = skipDigits(s, i)
	digits := i - start
	if digits == 0 || (digits > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		if i = skipDigits(s, j); i == j {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := i
		if i = skipDigits(s, j); i == j {
			return false
		}
	}
	return i == len(s)
}

// skipDigits returns the index just past the ASCII digits that start at s[i].
func skipDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// uniqueNames returns the column names, suffixing repeats with _2, _3, ...
func uniqueNames(cols []Column) []string {
	seen := map[string]int{}
	taken := map[string]bool{}
	for _, c := range cols {
		taken[c.Name] = true
	}
	out := make([]string, len(cols))
	for i, c := range cols {
		seen[c.Name]++
		name := c.Name
		if seen[c.Name] > 1 {
			for k := seen[c.Name]; ; k++ {
				name = c.Name + "_" + strconv.Itoa(k)
				if !taken[name] {
					break
				}
			}
			taken[name] = true
		}
		out[i] = name
	}
	return out
}

// escapeControl keeps a table cell on one line.
func escapeControl(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") {
		return s
	}
	return strings.NewReplacer("\n", `\n`, "\r", `\r`, "\t", `\t`).Replace(s)
}
