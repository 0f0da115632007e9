package snowlocal

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"reflect"
	"testing"
)

type rec struct {
	Fields []any
	Row    int64
	Line   int64
	N      int
	Err    string
	Raw    string
}

func collect(t *testing.T, parse func([]byte, *fileFormat, recordEmitter) error, data string, opts map[string]string) []rec {
	t.Helper()
	ff, err := newFileFormat(opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []rec
	if err := parse([]byte(data), ff, func(fields []any, row, line int64, n int, perr, raw string) {
		out = append(out, rec{append([]any(nil), fields...), row, line, n, perr, raw})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestParseJSONRecordsNDJSONFromGzipFixture(t *testing.T) {
	f, err := os.Open("../testdata/lake/teleport/logs/2022/10/11/202210111832_0.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := decompressor(bufio.NewReader(f), "AUTO", "x.gz")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	recs := collect(t, parseJSONRecords, string(data), map[string]string{"TYPE": "JSON", "STRIP_OUTER_ARRAY": "TRUE"})
	if len(recs) != 4 {
		t.Fatalf("%d records: %+v", len(recs), recs)
	}
	for i, r := range recs {
		if r.Err != "" || r.Line != int64(i+1) || r.Row != int64(i+1) {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
}

func TestParseJSONRecordsTruncatedChunk(t *testing.T) {
	f, err := os.Open("../testdata/lake/teleport-bad/logs/2022/10/11/202210111850_0.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := decompressor(bufio.NewReader(f), "AUTO", "x.gz")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(r)
	recs := collect(t, parseJSONRecords, string(data), map[string]string{"TYPE": "JSON"})
	if len(recs) != 2 || recs[0].Err != "" || recs[1].Err != "Error parsing JSON: unexpected end of JSON input" || recs[1].Line != 2 {
		t.Fatalf("%+v", recs)
	}
}

func TestParseJSONRecordsArraysErrorsAndConcatenation(t *testing.T) {
	opts := map[string]string{"TYPE": "JSON", "STRIP_OUTER_ARRAY": "TRUE"}
	got := collect(t, parseJSONRecords, "[\n {\"a\": 1},\n {\"b\": [1, 2]}\n]\n", opts)
	want := []rec{{[]any{`{"a":1}`}, 1, 2, 1, "", ""}, {[]any{`{"b":[1,2]}`}, 2, 3, 1, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("array:\n got %+v\nwant %+v", got, want)
	}
	// Without STRIP_OUTER_ARRAY the array is one record.
	got = collect(t, parseJSONRecords, "[1, 2]", map[string]string{"TYPE": "JSON"})
	if len(got) != 1 || got[0].Fields[0] != "[1,2]" {
		t.Fatalf("array as one value: %+v", got)
	}
	// A bad line is reported with its line number; parsing resumes on the next line.
	got = collect(t, parseJSONRecords, "{\"a\":1}\n{\"a\": tru}\n\n{\"a\":3}{\"a\":4}\n", map[string]string{"TYPE": "JSON"})
	if len(got) != 4 || got[1].Err == "" || got[1].Line != 2 || got[1].Raw != `{"a": tru}` || got[2].Fields[0] != `{"a":3}` || got[3].Fields[0] != `{"a":4}` {
		t.Fatalf("bad line: %+v", got)
	}
}

func TestParseCSVRecordsSnowflakeRules(t *testing.T) {
	csv := map[string]string{"TYPE": "CSV"}
	got := collect(t, parseCSVRecords, "a,b,c\r\n1,,\\N\n", csv)
	want := []rec{{[]any{"a", "b", "c"}, 1, 1, 3, "", ""}, {[]any{"1", nil, nil}, 2, 2, 3, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("basic:\n got %+v\nwant %+v", got, want)
	}
	// Enclosed fields: delimiters and newlines inside, doubled quotes, empty string.
	got = collect(t, parseCSVRecords, "\"x,\ny\",\"say \"\"hi\"\"\",\"\"\n", map[string]string{"TYPE": "CSV", "FIELD_OPTIONALLY_ENCLOSED_BY": `"`})
	want = []rec{{[]any{"x,\ny", `say "hi"`, ""}, 1, 1, 3, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("enclosed:\n got %+v\nwant %+v", got, want)
	}
	// The escape character makes delimiters literal and is dropped.
	got = collect(t, parseCSVRecords, `a\,b,c\\d,e\"f`+"\n", csv)
	if want := []any{"a,b", `c\d`, `e"f`}; !reflect.DeepEqual(got[0].Fields, want) {
		t.Fatalf("escapes: %q", got[0].Fields)
	}
	// ESCAPE_UNENCLOSED_FIELD = NONE keeps backslashes; FIELD_DELIMITER = NONE keeps the line whole.
	got = collect(t, parseCSVRecords, "a\\,b \"c\"\n\nd\n", map[string]string{"TYPE": "CSV", "FIELD_DELIMITER": "NONE", "ESCAPE_UNENCLOSED_FIELD": "NONE", "SKIP_BLANK_LINES": "TRUE"})
	want = []rec{{[]any{`a\,b "c"`}, 1, 1, 1, "", ""}, {[]any{"d"}, 2, 3, 1, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("NONE:\n got %+v\nwant %+v", got, want)
	}
	// Tabs, SKIP_HEADER, TRIM_SPACE, NULL_IF.
	got = collect(t, parseCSVRecords, "h1\th2\n a \tNULL\n", map[string]string{"TYPE": "CSV", "FIELD_DELIMITER": "\t", "SKIP_HEADER": "1", "TRIM_SPACE": "TRUE", "NULL_IF": "('NULL')"})
	want = []rec{{[]any{"a", nil}, 1, 2, 2, "", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("tsv:\n got %+v\nwant %+v", got, want)
	}
	// An unterminated enclosed field is a record error, not a lost file.
	got = collect(t, parseCSVRecords, "1,\"open\n2,ok\n", map[string]string{"TYPE": "CSV", "FIELD_OPTIONALLY_ENCLOSED_BY": `"`})
	if len(got) != 1 || got[0].Err == "" {
		t.Fatalf("unterminated: %+v", got)
	}
	// Character after a closing quote.
	got = collect(t, parseCSVRecords, "\"a\"b,c\nd,e\n", map[string]string{"TYPE": "CSV", "FIELD_OPTIONALLY_ENCLOSED_BY": `"`})
	if len(got) != 2 || got[0].Err == "" || got[0].Line != 1 || !reflect.DeepEqual(got[1].Fields, []any{"d", "e"}) {
		t.Fatalf("garbage after quote: %+v", got)
	}
}

func TestDecompressorDetectsContent(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte("hello\n"))
	zw.Close()
	for _, c := range []string{"AUTO", "GZIP"} {
		r, err := decompressor(bufio.NewReader(bytes.NewReader(buf.Bytes())), c, "f")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		if string(b) != "hello\n" {
			t.Fatalf("%s: %q", c, b)
		}
	}
	if _, err := decompressor(bufio.NewReader(bytes.NewReader([]byte("plain"))), "GZIP", "f"); err == nil {
		t.Fatal("GZIP on plain text: want an error")
	}
	r, _ := decompressor(bufio.NewReader(bytes.NewReader([]byte("plain"))), "AUTO", "f")
	if b, _ := io.ReadAll(r); string(b) != "plain" {
		t.Fatalf("AUTO plain: %q", b)
	}
}
