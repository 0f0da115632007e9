package tableout

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/warehouse"
	"github.com/google/go-cmp/cmp"
)

var (
	sampleCols = []Column{
		{"ID", "FIXED"}, {"NAME", "TEXT"}, {"SCORE", "REAL"}, {"OK", "BOOLEAN"},
		{"RECORD", "VARIANT"}, {"DAY", "DATE"}, {"AT", "TIMESTAMP_NTZ"}, {"ID", "FIXED"},
	}
	day  = time.Date(2024, 3, 9, 0, 0, 0, 0, time.UTC)
	at   = time.Date(2024, 3, 9, 14, 5, 6, 120000000, time.UTC)
	rows = [][]any{
		{"1", "alice", "1.5", true, "{\n  \"a\": [1, 2]\n}", day, at, "10"},
		{"-20", "bob \"the\"\nbuilder", nil, false, nil, nil, nil, "123456789012345678901234567890"},
	}
)

func render(t *testing.T, f Format, sets ...[][]any) string {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, f)
	for _, s := range sets {
		if err := w.Write(sampleCols, s); err != nil {
			t.Fatal(err)
		}
	}
	return buf.String()
}

func TestTable(t *testing.T) {
	t.Parallel()
	got := render(t, Table, rows, rows[:1])
	want := `+-----+--------------------+-------+-------+-------------+------------+------------------------+--------------------------------+
| ID  | NAME               | SCORE | OK    | RECORD      | DAY        | AT                     | ID                             |
|-----+--------------------+-------+-------+-------------+------------+------------------------+--------------------------------|
|   1 | alice              |   1.5 | true  | {"a":[1,2]} | 2024-03-09 | 2024-03-09 14:05:06.12 |                             10 |
| -20 | bob "the"\nbuilder |  NULL | false | NULL        | NULL       | NULL                   | 123456789012345678901234567890 |
+-----+--------------------+-------+-------+-------------+------------+------------------------+--------------------------------+
(2 rows)

+----+-------+-------+------+-------------+------------+------------------------+----+
| ID | NAME  | SCORE | OK   | RECORD      | DAY        | AT                     | ID |
|----+-------+-------+------+-------------+------------+------------------------+----|
|  1 | alice |   1.5 | true | {"a":[1,2]} | 2024-03-09 | 2024-03-09 14:05:06.12 | 10 |
+----+-------+-------+------+-------------+------------+------------------------+----+
(1 row)
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

func TestJSONLines(t *testing.T) {
	t.Parallel()
	got := render(t, JSON, rows)
	want := `{"ID":1,"NAME":"alice","SCORE":1.5,"OK":true,"RECORD":{"a":[1,2]},"DAY":"2024-03-09","AT":"2024-03-09T14:05:06.12","ID_2":10}
{"ID":-20,"NAME":"bob \"the\"\nbuilder","SCORE":null,"OK":false,"RECORD":null,"DAY":null,"AT":null,"ID_2":123456789012345678901234567890}
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
	for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("invalid JSON line: %s", line)
		}
	}
}

func TestCSV(t *testing.T) {
	t.Parallel()
	got := render(t, CSV, rows, rows[:1])
	want := `ID,NAME,SCORE,OK,RECORD,DAY,AT,ID
1,alice,1.5,true,"{""a"":[1,2]}",2024-03-09,2024-03-09 14:05:06.12,10
-20,"bob ""the""
builder",,false,,,,123456789012345678901234567890

ID,NAME,SCORE,OK,RECORD,DAY,AT,ID
1,alice,1.5,true,"{""a"":[1,2]}",2024-03-09,2024-03-09 14:05:06.12,10
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("csv (-want +got):\n%s", diff)
	}
}

func TestJSONValueEdgeCases(t *testing.T) {
	t.Parallel()
	tz := time.FixedZone("", -7*3600)
	tests := []struct {
		typ  string
		v    any
		want string
	}{
		{"REAL", math.Inf(1), `"+Inf"`},
		{"REAL", "NaN", `"NaN"`},
		{"FIXED", "007", `"007"`}, // not a JSON number: kept as text rather than emitting invalid JSON
		{"FIXED", int64(42), `42`},
		{"TEXT", "42", `"42"`},
		{"BOOLEAN", "1", `true`}, // gosnowflake passes JSON-rowset booleans through as "1"/"0"
		{"BOOLEAN", "0", `false`},
		{"BOOLEAN", "TRUE", `true`},
		{"TEXT", "1", `"1"`},
		{"VARIANT", `"just a string"`, `"just a string"`},
		{"VARIANT", `not json`, `"not json"`},
		{"BINARY", []byte{0xde, 0xad}, `"DEAD"`},
		{"TIMESTAMP_TZ", time.Date(2024, 1, 2, 3, 4, 5, 0, tz), `"2024-01-02T03:04:05-07:00"`},
		{"TIME", time.Date(0, 1, 1, 13, 14, 15, 5000, time.UTC), `"13:14:15.000005"`},
	}
	for _, tt := range tests {
		got, err := jsonValue(tt.typ, tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("jsonValue(%s, %#v) = %s, want %s", tt.typ, tt.v, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"table", "JSON", " csv "} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%q): %v", s, err)
		}
	}
	if _, err := ParseFormat("yaml"); err == nil || !strings.Contains(err.Error(), "want table, json or csv") {
		t.Errorf("ParseFormat(yaml) err = %v", err)
	}
}

func TestUniqueNames(t *testing.T) {
	t.Parallel()
	got := uniqueNames([]Column{{Name: "A"}, {Name: "A"}, {Name: "A_2"}, {Name: "B"}, {Name: "A"}})
	want := []string{"A", "A_3", "A_2", "B", "A_4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestWriteRowsFromEngine renders what gosnowflake really returns from the
// local engine, column types included.
func TestWriteRowsFromEngine(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const q = `select 1 as n, 'x' as s, 2.5::float as f, true as b, null as z,
		parse_json('{"k": [1, "two"]}') as v, '2024-03-09'::date as d`
	want := map[Format]string{
		JSON: `{"N":1,"S":"x","F":2.5,"B":true,"Z":null,"V":{"k":[1,"two"]},"D":"2024-03-09"}` + "\n",
		CSV:  "N,S,F,B,Z,V,D\n1,x,2.5,true,,\"{\"\"k\"\":[1,\"\"two\"\"]}\",2024-03-09\n",
		Table: `+---+---+-----+------+------+-----------------+------------+
| N | S | F   | B    | Z    | V               | D          |
|---+---+-----+------+------+-----------------+------------|
| 1 | x | 2.5 | true | NULL | {"k":[1,"two"]} | 2024-03-09 |
+---+---+-----+------+------+-----------------+------------+
(1 row)
`,
	}
	for _, f := range Formats {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := NewWriter(&buf, f).WriteRows(rows)
		rows.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%s: %d rows", f, n)
		}
		if diff := cmp.Diff(want[f], buf.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f, diff)
		}
	}
}
