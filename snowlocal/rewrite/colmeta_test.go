package rewrite

import "testing"

// TestColumnMetaRoundTrip: what a column's DuckDB comment records reads
// back as written; a type alone keeps the older form; a comment with the
// separators in it survives; a comment the engine did not write is the
// user's.
func TestColumnMetaRoundTrip(t *testing.T) {
	for _, m := range []ColumnMeta{
		{Type: "VARCHAR(30)"},
		{Type: "OBJECT", PrimaryKey: true},
		{Unique: true, Comment: "a|c=b|pk", HasComment: true},
		{Type: "BINARY(8)", PrimaryKey: true, Unique: true, Comment: "", HasComment: true},
	} {
		if got := ParseColumnMeta(m.String()); got != m {
			t.Errorf("ParseColumnMeta(%q) = %+v, want %+v", m.String(), got, m)
		}
	}
	if s := (ColumnMeta{Type: "VARCHAR(30)"}).String(); s != "flurry:VARCHAR(30)" {
		t.Errorf("type-only comment = %q, want flurry:VARCHAR(30)", s)
	}
	if s := (ColumnMeta{}).String(); s != "" {
		t.Errorf("empty meta = %q, want \"\"", s)
	}
	if got := ParseColumnMeta("set elsewhere"); got != (ColumnMeta{Comment: "set elsewhere", HasComment: true}) {
		t.Errorf("foreign comment = %+v", got)
	}
	if got := TypeMarker("flurry:VARCHAR(5)|pk|c=x"); got != "flurry:VARCHAR(5)" {
		t.Errorf("TypeMarker = %q", got)
	}
}
