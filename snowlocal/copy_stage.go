package snowlocal

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zstd"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/snowlocal/stagefs"
)

// Staged files are parsed in Go (decompression, Snowflake's CSV rules, JSON
// values) and appended to a session temp table whose columns are the file's
// fields, "$1".."$n", followed by bookkeeping columns:
//
//	__FILE     index of the file in the staged set
//	__ROW      record number in the file (METADATA$FILE_ROW_NUMBER)
//	__LINE     line the record starts on (for error reports)
//	__NFIELDS  number of fields the record had
//	__ERR      why the record could not be parsed (NULL when it could)
//	__RAW      the record's text when it could not be parsed
//
// Parquet files are read by DuckDB's read_parquet, each row becoming one
// JSON object in "$1".

// stagedTable is a temp table holding staged records.
type stagedTable struct {
	name    string
	ncols   int
	json    bool // "$1" is JSON text (JSON and Parquet formats)
	files   []stagedFile
	records int64
}

// fileError is a failure to read a whole file (unlike a bad record).
type fileError struct {
	file string
	err  error
}

func (e *fileError) Error() string { return e.err.Error() }

// stageFiles parses files into a new temp table on conn. ncols is the number
// of "$n" columns for CSV (0 = as many as the widest record).
func (l *loading) stageFiles(ctx context.Context, conn *sql.Conn, sl *stageLoc, files []stagedFile, ff *fileFormat, ncols int) (*stagedTable, error) {
	st := &stagedTable{name: fmt.Sprintf("_flurry_staged_%d", l.tmpSeq.Add(1)), files: files}
	switch ff.Type {
	case "CSV":
	case "JSON", "PARQUET":
		st.json, ncols = true, 1
	default:
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: loading %s files in the local engine (CSV, JSON and PARQUET are supported).", ff.Type)
	}
	if ff.Type == "PARQUET" {
		return st, l.stageParquet(ctx, conn, sl, st)
	}
	parse := parseCSVRecords
	if ff.Type == "JSON" {
		parse = parseJSONRecords
	}

	// Files are read whole (Snowflake recommends 100-250 MB files); CSV
	// without a known width is parsed twice, first to find the widest record.
	datas := make([][]byte, len(files))
	for i, f := range files {
		data, err := readStagedFile(ctx, sl.store, f, ff)
		if err != nil {
			return nil, &fileError{file: f.display, err: err}
		}
		datas[i] = data
		if ncols <= 0 {
			width := 1
			_ = parse(data, ff, func(fields []any, _, _ int64, nfields int, _, _ string) {
				if nfields > width {
					width = nfields
				}
			})
			if width > st.ncols {
				st.ncols = width
			}
		}
	}
	if ncols > 0 {
		st.ncols = ncols
	}
	if st.ncols < 1 {
		st.ncols = 1
	}
	if err := createStagedTable(ctx, conn, st); err != nil {
		return nil, err
	}
	n := st.ncols
	err := conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", st.name)
		if err != nil {
			return fmt.Errorf("stage files: %w", err)
		}
		row := make([]driver.Value, n+6)
		var appendErr error
		for i, data := range datas {
			file := int32(i)
			perr := parse(data, ff, func(fields []any, rowNum, line int64, nfields int, perr, raw string) {
				if appendErr != nil {
					return
				}
				for k := 0; k < n; k++ {
					if k < len(fields) {
						row[k] = fields[k]
					} else {
						row[k] = nil
					}
				}
				row[n], row[n+1], row[n+2], row[n+3], row[n+4], row[n+5] = file, rowNum, line, int32(nfields), nil, nil
				if perr != "" {
					row[n+4], row[n+5] = perr, raw
				}
				if err := a.AppendRow(row...); err != nil {
					appendErr = fmt.Errorf("stage files: %w", err)
					return
				}
				st.records++
			})
			if perr != nil {
				a.Close()
				return &fileError{file: files[i].display, err: perr}
			}
			datas[i] = nil
			if appendErr != nil {
				a.Close()
				return appendErr
			}
		}
		return a.Close()
	})
	if err != nil {
		dropTemp(ctx, conn, st.name)
		return nil, err
	}
	return st, nil
}

func createStagedTable(ctx context.Context, conn *sql.Conn, st *stagedTable) error {
	var cols []string
	for i := 1; i <= st.ncols; i++ {
		// JSON text is kept as VARCHAR (the appender would encode a Go
		// string for a JSON column as a JSON string); readers cast it.
		cols = append(cols, fmt.Sprintf(`"$%d" VARCHAR`, i))
	}
	cols = append(cols, `__FILE INTEGER`, `__ROW BIGINT`, `__LINE BIGINT`, `__NFIELDS INTEGER`, `__ERR VARCHAR`, `__RAW VARCHAR`)
	_, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE "+quoteIdent(st.name)+" ("+strings.Join(cols, ", ")+")")
	if err != nil {
		return fmt.Errorf("stage files: %w", err)
	}
	return nil
}

func dropTemp(ctx context.Context, conn *sql.Conn, name string) {
	_, _ = conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS temp.main."+quoteIdent(name))
}

// stageParquet reads each file with read_parquet (from the stage directory,
// or from a temporary copy of an object).
func (l *loading) stageParquet(ctx context.Context, conn *sql.Conn, sl *stageLoc, st *stagedTable) error {
	st.ncols = 1
	if err := createStagedTable(ctx, conn, st); err != nil {
		return err
	}
	for i, f := range st.files {
		path, cleanup, err := localCopy(ctx, l.e.scratch, sl.store, f)
		if err != nil {
			dropTemp(ctx, conn, st.name)
			return &fileError{file: f.display, err: err}
		}
		r, err := conn.ExecContext(ctx, `INSERT INTO temp.main.`+quoteIdent(st.name)+`
			SELECT to_json(p), ?, row_number() OVER (), row_number() OVER (), 1, NULL, NULL FROM read_parquet(?) p`, int32(i), path)
		cleanup()
		if err != nil {
			dropTemp(ctx, conn, st.name)
			return &fileError{file: f.display, err: fmt.Errorf("Error reading Parquet file: %v", firstLine(err.Error()))}
		}
		n, _ := r.RowsAffected()
		st.records += n
	}
	return nil
}

// localCopy gives a local file name for f: the file itself for directory
// stores, a temporary copy in scratch (a directory DuckDB may read) otherwise.
func localCopy(ctx context.Context, scratch string, store stagefs.Store, f stagedFile) (string, func(), error) {
	if d, ok := store.(*stagefs.Dir); ok {
		p, err := d.Path(f.Path)
		return p, func() {}, err
	}
	rc, err := store.Open(ctx, f.Path)
	if err != nil {
		return "", nil, err
	}
	defer rc.Close()
	tmp, err := os.CreateTemp(scratch, "flurry-staged-*")
	if err != nil {
		return "", nil, err
	}
	if _, err := io.Copy(tmp, rc); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", nil, fmt.Errorf("read %s: %w", f.display, err)
	}
	tmp.Close()
	return tmp.Name(), func() { os.Remove(tmp.Name()) }, nil
}

// readStagedFile reads and decompresses one file.
func readStagedFile(ctx context.Context, store stagefs.Store, f stagedFile, ff *fileFormat) ([]byte, error) {
	rc, err := store.Open(ctx, f.Path)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	br := bufio.NewReaderSize(rc, 64<<10)
	r, err := decompressor(br, ff.get("COMPRESSION"), f.rel)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("Error reading file: %v", err)
	}
	return data, nil
}

// decompressor wraps r per COMPRESSION; AUTO looks at the content (gzip,
// bzip2 magic numbers) rather than trusting the file name.
func decompressor(br *bufio.Reader, compression, name string) (io.Reader, error) {
	if compression == "AUTO" || compression == "" {
		magic, _ := br.Peek(4)
		switch {
		case len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b:
			compression = "GZIP"
		case len(magic) >= 3 && string(magic[:3]) == "BZh":
			compression = "BZ2"
		case len(magic) >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd:
			compression = "ZSTD"
		default:
			compression = "NONE"
		}
	}
	switch compression {
	case "NONE":
		return br, nil
	case "GZIP":
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("Error reading file: not gzip-compressed (%v); use COMPRESSION = AUTO or NONE", err)
		}
		return zr, nil
	case "BZ2":
		return bzip2.NewReader(br), nil
	case "DEFLATE":
		zr, err := zlib.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("Error reading file: not deflate-compressed (%v)", err)
		}
		return zr, nil
	case "RAW_DEFLATE":
		return flate.NewReader(br), nil
	case "ZSTD":
		// One decoder goroutine, its window capped: files come from users.
		zr, err := zstd.NewReader(br, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(128<<20))
		if err != nil {
			return nil, fmt.Errorf("Error reading file: not zstd-compressed (%v)", err)
		}
		return zr.IOReadCloser(), nil
	}
	return nil, fmt.Errorf("Error reading file %s: %s compression is not supported by the local engine (GZIP, ZSTD, BZ2, DEFLATE, RAW_DEFLATE and NONE are)", name, compression)
}

// recordEmitter receives one parsed record: its fields (nil = NULL), record
// number, first line, field count, and for a record that could not be parsed
// the reason and its raw text.
type recordEmitter = func(fields []any, row, line int64, nfields int, perr, raw string)

// parseJSONRecords splits data into JSON values: one per line (NDJSON),
// concatenated, or the elements of an outer array with STRIP_OUTER_ARRAY.
// A value that does not parse is reported and parsing resumes on the next
// line.
func parseJSONRecords(data []byte, ff *fileFormat, emit recordEmitter) error {
	if ff.bool("SKIP_BYTE_ORDER_MARK") {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	stripNulls := ff.bool("STRIP_NULL_VALUES")
	var row int64
	lineAt := newLineCounter(data)
	valueAt := func(raw []byte, line int64) {
		row++
		var buf bytes.Buffer
		if stripNulls {
			raw = stripNullValues(raw)
		}
		if err := json.Compact(&buf, raw); err != nil {
			emit([]any{nil}, row, line, 1, "Error parsing JSON: "+err.Error(), strings.ToValidUTF8(string(raw), "\uFFFD"))
			return
		}
		if !utf8.Valid(buf.Bytes()) {
			emit([]any{nil}, row, line, 1, "Error parsing JSON: invalid UTF-8", strings.ToValidUTF8(string(raw), "\uFFFD"))
			return
		}
		emit([]any{buf.String()}, row, line, 1, "", "")
	}
	pos := skipSpace(data, 0)
	if pos < len(data) && data[pos] != '[' && !stripNulls && parseNDJSON(data, emit) {
		return nil
	}
	if ff.bool("STRIP_OUTER_ARRAY") && pos < len(data) && data[pos] == '[' {
		dec := json.NewDecoder(bytes.NewReader(data[pos:]))
		if _, err := dec.Token(); err != nil {
			return fmt.Errorf("Error parsing JSON: %v", err)
		}
		for dec.More() {
			off := pos + int(dec.InputOffset())
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				row++
				emit([]any{nil}, row, lineAt(off), 1, "Error parsing JSON: "+err.Error(), snippet(data[off:]))
				return nil // the rest of the array cannot be found again
			}
			for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
				off++
			}
			valueAt(raw, lineAt(off))
		}
		if _, err := dec.Token(); err != nil {
			row++
			emit([]any{nil}, row, lineAt(pos+int(dec.InputOffset())), 1, "Error parsing JSON: "+err.Error(), "")
		}
		// Values after the array are read as concatenated values.
		pos = skipSpace(data, pos+int(dec.InputOffset()))
	}
	// Values are decoded in sequence (one per line, concatenated, or
	// pretty-printed over several lines). A line where decoding fails is one
	// error record, values it started with included: "2022-01-18T10:00" is
	// not the number 2022 followed by garbage.
	type value struct {
		raw  []byte
		line int64
	}
	var values []value
	errLines := map[int64]bool{}
	flush := func(before int64) {
		for len(values) > 0 && values[0].line < before {
			if !errLines[values[0].line] {
				valueAt(values[0].raw, values[0].line)
			}
			values = values[1:]
		}
	}
	for pos < len(data) {
		dec := json.NewDecoder(bytes.NewReader(data[pos:]))
		for {
			start := pos + skipSpace(data[pos:], int(dec.InputOffset()))
			if start >= len(data) {
				flush(math.MaxInt64)
				return nil
			}
			line := lineAt(start)
			flush(line)
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				// The error is on the line the value started on: report
				// that line and resume on the next one.
				ls := bytes.LastIndexByte(data[:start], '\n') + 1
				end := bytes.IndexByte(data[start:], '\n')
				if end < 0 {
					end = len(data) - start
				}
				bad := data[ls : start+end]
				var v json.RawMessage
				if lerr := json.Unmarshal(bytes.TrimSpace(bad), &v); lerr != nil {
					err = lerr // the line's own error is clearer than the stream's
				}
				errLines[line] = true
				flush(line + 1)
				row++
				emit([]any{nil}, row, line, 1, "Error parsing JSON: "+err.Error(), string(bytes.TrimRight(bad, "\r")))
				pos = start + end + 1
				break
			}
			values = append(values, value{raw: raw, line: line})
		}
	}
	flush(math.MaxInt64)
	return nil
}

// parseNDJSON is the fast path for one JSON value per line (what Fluentd
// and most shippers write): json.Compact validates and compacts each line in
// one pass, where the decoder would scan it three times. It reports false,
// having emitted nothing, when the data is not line-delimited JSON (a value
// spans lines, or a line holds several), for the general parser to take over.
func parseNDJSON(data []byte, emit recordEmitter) bool {
	type rec struct {
		value string
		line  int64
		err   error
		raw   []byte
	}
	recs := make([]rec, 0, bytes.Count(data, []byte{'\n'})+1)
	var buf bytes.Buffer
	var line int64
	for pos := 0; pos < len(data); {
		line++
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += pos
		}
		l := bytes.TrimSpace(data[pos:end])
		pos = end + 1
		if len(l) == 0 {
			continue
		}
		if l[0] != '{' && l[0] != '[' {
			return false // a scalar, or the inside of a multi-line value
		}
		buf.Reset()
		err := json.Compact(&buf, l)
		if err != nil && strings.Contains(err.Error(), "after top-level value") {
			return false // concatenated values
		}
		if err == nil && !utf8.Valid(buf.Bytes()) {
			err = errors.New("invalid UTF-8")
		}
		if err != nil {
			var v json.RawMessage
			if uerr := json.Unmarshal(l, &v); uerr != nil {
				err = uerr // worded like the general parser's errors
			}
			recs = append(recs, rec{line: line, err: err, raw: l})
			continue
		}
		recs = append(recs, rec{value: buf.String(), line: line})
	}
	out := make([]any, 1)
	for i, r := range recs {
		if r.err != nil {
			emit([]any{nil}, int64(i+1), r.line, 1, "Error parsing JSON: "+r.err.Error(), strings.ToValidUTF8(string(r.raw), "\uFFFD"))
			continue
		}
		out[0] = r.value
		emit(out, int64(i+1), r.line, 1, "", "")
	}
	return true
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t') {
		i++
	}
	return i
}

func snippet(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > 200 {
		b = b[:200]
	}
	return string(b)
}

func stripNullValues(raw []byte) []byte {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	var strip func(any) any
	strip = func(x any) any {
		switch t := x.(type) {
		case map[string]any:
			for k, e := range t {
				if e == nil {
					delete(t, k)
				} else {
					t[k] = strip(e)
				}
			}
		case []any:
			for i, e := range t {
				t[i] = strip(e)
			}
		}
		return x
	}
	b, err := json.Marshal(strip(v))
	if err != nil {
		return raw
	}
	return b
}

// newLineCounter returns a function giving the 1-based line of an offset;
// offsets must not decrease.
func newLineCounter(data []byte) func(off int) int64 {
	line, at := int64(1), 0
	return func(off int) int64 {
		if off > len(data) {
			off = len(data)
		}
		if off > at {
			line += int64(bytes.Count(data[at:off], []byte{'\n'}))
			at = off
		}
		return line
	}
}

// parseCSVRecords splits delimited text per Snowflake's CSV options:
// RECORD_DELIMITER and FIELD_DELIMITER (NONE: the whole record, or the whole
// file, is one value), FIELD_OPTIONALLY_ENCLOSED_BY with doubled quotes or
// ESCAPE inside enclosed fields, ESCAPE_UNENCLOSED_FIELD (it is dropped and
// the character after it taken literally, delimiters included), SKIP_HEADER, SKIP_BLANK_LINES, TRIM_SPACE,
// NULL_IF and EMPTY_FIELD_AS_NULL.
func parseCSVRecords(data []byte, ff *fileFormat, emit recordEmitter) error {
	if ff.bool("SKIP_BYTE_ORDER_MARK") {
		data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	}
	p := csvParser{
		data:       data,
		rec:        []byte(ff.delimiter("RECORD_DELIMITER")),
		fld:        []byte(ff.delimiter("FIELD_DELIMITER")),
		encl:       ff.char("FIELD_OPTIONALLY_ENCLOSED_BY"),
		esc:        ff.char("ESCAPE"),
		escU:       ff.char("ESCAPE_UNENCLOSED_FIELD"),
		trim:       ff.bool("TRIM_SPACE"),
		emptyNull:  ff.bool("EMPTY_FIELD_AS_NULL"),
		nullIf:     map[string]bool{},
		stripCR:    ff.delimiter("RECORD_DELIMITER") == "\n",
		validUTF8:  ff.bool("VALIDATE_UTF8") && !ff.bool("REPLACE_INVALID_CHARACTERS"),
		replaceBad: ff.bool("REPLACE_INVALID_CHARACTERS"),
	}
	for _, n := range ff.nullIf() {
		p.nullIf[n] = true
	}
	skipHeader := ff.int("SKIP_HEADER")
	skipBlank := ff.bool("SKIP_BLANK_LINES")
	lineAt := newLineCounter(data)
	var row int64
	for p.pos < len(data) {
		start := p.pos
		fields, perr := p.record()
		line := lineAt(start)
		raw := data[start:p.pos]
		if skipHeader > 0 {
			skipHeader--
			continue
		}
		blank := len(bytes.TrimRight(raw, "\r\n")) == 0 || (len(p.rec) > 0 && bytes.Equal(raw, p.rec))
		if blank && skipBlank {
			continue
		}
		row++
		if perr != "" {
			emit(nil, row, line, len(fields), perr, string(bytes.TrimSuffix(raw, p.rec)))
			continue
		}
		emit(fields, row, line, len(fields), "", "")
	}
	return nil
}

type csvParser struct {
	data            []byte
	pos             int
	rec, fld        []byte
	encl, esc, escU byte
	trim, emptyNull bool
	nullIf          map[string]bool
	stripCR         bool
	validUTF8       bool
	replaceBad      bool
	buf             []byte
	raw             string // the last field before unescaping (for NULL_IF)
}

func (p *csvParser) at(delim []byte) bool {
	return len(delim) > 0 && bytes.HasPrefix(p.data[p.pos:], delim)
}

// record parses one record and consumes its delimiter.
func (p *csvParser) record() ([]any, string) {
	var fields []any
	for {
		v, enclosed, perr := p.field()
		if perr != "" {
			// Skip to the end of the record.
			if i := indexFrom(p.data, p.pos, p.rec); i >= 0 {
				p.pos = i + len(p.rec)
			} else {
				p.pos = len(p.data)
			}
			return fields, perr
		}
		if !utf8.ValidString(v) {
			if p.replaceBad {
				v = strings.ToValidUTF8(v, "\uFFFD")
			} else if p.validUTF8 {
				if i := indexFrom(p.data, p.pos, p.rec); i >= 0 {
					p.pos = i + len(p.rec)
				} else {
					p.pos = len(p.data)
				}
				return fields, "Invalid UTF8 detected in string '" + strings.ToValidUTF8(v, "?") + "'"
			}
		}
		fields = append(fields, p.value(v, enclosed))
		if p.at(p.fld) {
			p.pos += len(p.fld)
			continue
		}
		if p.at(p.rec) {
			p.pos += len(p.rec)
		}
		return fields, ""
	}
}

func (p *csvParser) value(v string, enclosed bool) any {
	raw := p.raw
	if p.trim && !enclosed {
		v, raw = strings.TrimSpace(v), strings.TrimSpace(raw)
	}
	if p.nullIf[v] || p.nullIf[raw] {
		return nil
	}
	if v == "" && !enclosed && p.emptyNull {
		return nil
	}
	return v
}

func indexFrom(data []byte, from int, delim []byte) int {
	if len(delim) == 0 {
		return -1
	}
	i := bytes.Index(data[from:], delim)
	if i < 0 {
		return -1
	}
	return from + i
}

// field parses one field at p.pos, leaving p.pos on the delimiter after it.
func (p *csvParser) field() (string, bool, string) {
	d := p.data
	if p.encl != 0 {
		i := p.pos
		if p.trim {
			for i < len(d) && (d[i] == ' ' || d[i] == '\t') {
				i++
			}
		}
		if i < len(d) && d[i] == p.encl {
			v, enc, perr := p.enclosedField(i + 1)
			p.raw = v
			return v, enc, perr
		}
	}
	start := p.pos
	p.buf = p.buf[:0]
	escaped := false
	for p.pos < len(d) {
		if p.at(p.fld) || p.at(p.rec) {
			break
		}
		c := d[p.pos]
		if p.escU != 0 && c == p.escU && p.pos+1 < len(d) {
			// The escape character makes the next character (or delimiter)
			// literal and is itself dropped, as Snowflake does: JSON text in
			// an unenclosed field loses one level of backslashes.
			if !escaped {
				p.buf = append(p.buf, d[start:p.pos]...)
				escaped = true
			}
			p.pos++
			n := 1
			if p.at(p.fld) {
				n = len(p.fld)
			} else if p.at(p.rec) {
				n = len(p.rec)
			}
			p.buf = append(p.buf, d[p.pos:p.pos+n]...)
			p.pos += n
			continue
		}
		if escaped {
			p.buf = append(p.buf, c)
		}
		p.pos++
	}
	raw := string(d[start:p.pos])
	v := raw
	if escaped {
		v = string(p.buf)
	}
	if p.stripCR && strings.HasSuffix(v, "\r") && (p.pos >= len(d) || p.at(p.rec)) {
		v, raw = v[:len(v)-1], strings.TrimSuffix(raw, "\r")
	}
	p.raw = raw
	return v, false, ""
}

func (p *csvParser) enclosedField(i int) (string, bool, string) {
	d := p.data
	p.buf = p.buf[:0]
	for {
		if i >= len(d) {
			p.pos = len(d)
			return "", true, fmt.Sprintf("Found EOF while looking for the closing %q of an enclosed field", rune(p.encl))
		}
		c := d[i]
		switch {
		case c == p.encl && i+1 < len(d) && d[i+1] == p.encl:
			p.buf = append(p.buf, c)
			i += 2
		case c == p.encl:
			i++
			// Only spaces may follow before the next delimiter.
			j := i
			for j < len(d) && (d[j] == ' ' || d[j] == '\t') && !bytes.HasPrefix(d[j:], p.fld) && !bytes.HasPrefix(d[j:], p.rec) {
				j++
			}
			p.pos = j
			if p.pos < len(d) && !p.at(p.fld) && !p.at(p.rec) && !(p.stripCR && d[p.pos] == '\r' && p.pos+1 < len(d) && d[p.pos+1] == '\n') {
				return "", true, fmt.Sprintf("Found character '%c' instead of field delimiter '%s'", d[p.pos], escapeOption(string(p.fld)))
			}
			if p.stripCR && p.pos < len(d) && d[p.pos] == '\r' {
				p.pos++
			}
			return string(p.buf), true, ""
		case p.esc != 0 && c == p.esc && i+1 < len(d):
			p.buf = append(p.buf, d[i+1])
			i += 2
		default:
			p.buf = append(p.buf, c)
			i++
		}
	}
}
