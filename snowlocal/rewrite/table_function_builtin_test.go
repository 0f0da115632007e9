package rewrite

import (
	"errors"
	"strings"
	"testing"
)

// TestUnimplementedSystemTableFunctionsAreRefused: Snowflake's own table
// functions the engine lacks (docs: functions-table, to_query) are refused
// with 002040 naming them, never handed to the user-defined function lookup
// (which answered 002140 "Unknown user-defined table function").
func TestUnimplementedSystemTableFunctionsAreRefused(t *testing.T) {
	t.Parallel()
	opts := Options{TableFunction: func(name string, args []string, alias string) (string, error) {
		return "", errors.New("looked up as a user-defined table function: " + name)
	}}
	for _, tt := range []struct{ sql, name string }{
		{`SELECT * FROM TABLE(TO_QUERY('SELECT 1'))`, "TO_QUERY"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM t WHERE a = :v', v => '10'))`, "TO_QUERY"},
		{`SELECT * FROM TABLE(INFER_SCHEMA(LOCATION => '@st', FILE_FORMAT => 'ff'))`, "INFER_SCHEMA"},
		{`SELECT * FROM TABLE(GET_QUERY_OPERATOR_STATS('01b5b715-0002-852b-0000-a99500665352'))`, "GET_QUERY_OPERATOR_STATS"},
	} {
		_, err := Rewrite(tt.sql, opts)
		var re *Error
		if !errors.As(err, &re) || re.Code != CodeUnsupported || !strings.Contains(re.Message, "table function "+tt.name) {
			t.Errorf("Rewrite(%s) = %v, want 002040 naming table function %s", tt.sql, err, tt.name)
		}
	}
}
