package output

import (
	"database/sql"
	"strings"
	"testing"
)

func TestSnowflakeCopyTransformation(t *testing.T) {
	o := &Snowflake{cfg: SnowflakeConfig{Stage: "@%PARSEJSON_RAW", Prefix: "teleport", CopyInto: "SECURITY_LAKE.PUBLIC.PARSEJSON_RAW",
		FileFormat:  "SECURITY_LAKE.PUBLIC.JSON_FORMAT",
		CopyColumns: "RAW_DATA,_FILENAME, _FILE_ROW_NUMBER, _LOADED_AT",
		CopySelect:  "$1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME"}}
	got := o.Statements("2026/12/03/teleport.events-h1-c1.json.gz", "/tmp/x/teleport.events-h1-c1.json.gz")
	want := "COPY INTO SECURITY_LAKE.PUBLIC.PARSEJSON_RAW (RAW_DATA, _FILENAME, _FILE_ROW_NUMBER, _LOADED_AT) " +
		"FROM (SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME FROM @%PARSEJSON_RAW/teleport/2026/12/03) " +
		"FILES = ('teleport.events-h1-c1.json.gz') FILE_FORMAT = (FORMAT_NAME = SECURITY_LAKE.PUBLIC.JSON_FORMAT)"
	if len(got) != 2 || got[1] != want {
		t.Errorf("statements:\n%s\nwant COPY:\n%s", strings.Join(got, "\n"), want)
	}

	db := &sql.DB{}
	base := SnowflakeConfig{DB: db, Stage: "@%T", CopyInto: "T", FileFormat: "F"}
	for _, tc := range []struct{ cols, sel, err string }{
		{"A, B", "$1", "pair up"},
		{"A", "", "pair up"},
		{"A B", "$1", "not a column name"},
		{"A", "$1; DROP TABLE T", "';'"},
		{"A", "$1 -- x", "comments"},
		{"A", "PARSE_JSON($1", "unbalanced"},
		{"A,", "$1,", "empty item"},
	} {
		c := base
		c.CopyColumns, c.CopySelect = tc.cols, tc.sel
		if _, err := NewSnowflake(c); err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("copy_columns %q copy_select %q: err %v, want one mentioning %q", tc.cols, tc.sel, err, tc.err)
		}
	}
	c := base
	c.CopyColumns, c.CopySelect = `RECORD, "file name"`, `PARSE_JSON($1, 'd'), METADATA$FILENAME`
	if _, err := NewSnowflake(c); err != nil {
		t.Errorf("a function call with a comma inside: %v", err)
	}
	c = SnowflakeConfig{DB: db, Stage: "@s", CopyColumns: "A", CopySelect: "$1"}
	if _, err := NewSnowflake(c); err == nil || !strings.Contains(err.Error(), "copy_into") {
		t.Errorf("copy_columns without copy_into: %v", err)
	}
}
