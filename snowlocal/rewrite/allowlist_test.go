package rewrite

import (
	"errors"
	"strings"
	"testing"
)

// TestNothingDuckDBOnlyGetsThrough: functions, statements and relations
// that only DuckDB has are refused with Snowflake's errors; Snowflake's own
// functions on the allow-list still pass.
func TestNothingDuckDBOnlyGetsThrough(t *testing.T) {
	t.Parallel()
	refused := []struct{ sql, code, text string }{
		{`select bit_count(7)`, CodeUnknownFunction, "Unknown function BIT_COUNT"},
		{`select skew(a) from t`, CodeUnsupported, "SKEW"},
		{`select list_value(1, 2)`, CodeUnknownFunction, "Unknown function LIST_VALUE"},
		{`select read_text('/etc/hostname')`, CodeUnknownFunction, "Unknown function READ_TEXT"},
		{`select current_setting('threads')`, CodeUnknownFunction, "Unknown function CURRENT_SETTING"},
		{`select array_unique_agg(a) from t`, CodeUnsupported, "ARRAY_UNIQUE_AGG"},
		{`select nosuch(1)`, CodeUnknownFunction, "Unknown function NOSUCH"},
		// Snowflake built-ins for MAP and structured OBJECT values (docs:
		// map_size, object_construct_keep_null_structured) in the forms the
		// engine does not answer (structured_funcs.go): refused, not
		// reported as unknown to Snowflake.
		{`select map_size(parse_json('{}'))`, CodeUnsupported, "function MAP_SIZE"},
		{`select object_construct_keep_null_structured('a')`, CodeUnsupported, "function OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED"},
		// Other documented built-ins (docs: to_decfloat, to_file, fl_get_size,
		// prompt, ai_complete, build_scoped_file_url,
		// extract_semantic_categories, last_successful_scheduled_time).
		{`select to_decfloat('1.5')`, CodeUnsupported, "function TO_DECFLOAT"},
		{`select try_to_decfloat('3.1415926')`, CodeUnsupported, "function TRY_TO_DECFLOAT"},
		{`select to_file('@st/a.txt')`, CodeUnsupported, "function TO_FILE"},
		{`select fl_get_size(f) from t`, CodeUnsupported, "function FL_GET_SIZE"},
		{`select prompt('a {0}', s) from t`, CodeUnsupported, "function PROMPT"},
		{`select ai_complete('m', 'hi')`, CodeUnsupported, "function AI_COMPLETE"},
		{`select build_scoped_file_url(s, 'a.txt') from t`, CodeUnsupported, "function BUILD_SCOPED_FILE_URL"},
		{`select build_scoped_file_url(@s, 'a.txt')`, CodeUnsupported, "function BUILD_SCOPED_FILE_URL"},
		{`select get_presigned_url(@s, 'a.txt', 3600)`, CodeUnsupported, "function GET_PRESIGNED_URL"},
		{`select extract_semantic_categories('t')`, CodeUnsupported, "function EXTRACT_SEMANTIC_CATEGORIES"},
		{`select last_successful_scheduled_time()`, CodeUnsupported, "function LAST_SUCCESSFUL_SCHEDULED_TIME"},
		{`from t select a`, CodeSyntax, "unexpected 'from'"},
		{`from t`, CodeSyntax, "unexpected 'from'"},
		{`pragma version`, CodeSyntax, "unexpected 'pragma'"},
		{`install httpfs`, CodeSyntax, "unexpected 'install'"},
		{`load httpfs`, CodeSyntax, "unexpected 'load'"},
		{`attach '/tmp/x.db' as x`, CodeSyntax, "unexpected 'attach'"},
		{`checkpoint`, CodeSyntax, "unexpected 'checkpoint'"},
		{`summarize t`, CodeSyntax, "unexpected 'summarize'"},
		{`copy t to '/tmp/out.csv'`, CodeUnsupported, "COPY"},
		{`set threads = 1`, CodeUnsupported, "SET"},
		{`select * from "/etc/passwd"`, CodeNotExist, "does not exist or not authorized"},
		{`select * from "data.csv"`, CodeNotExist, "does not exist or not authorized"},
		{`select * from 'data.csv'`, CodeSyntax, "unexpected"},
		{`select * from read_csv('/etc/passwd')`, CodeUnsupported, "table function READ_CSV"},
		{`select * from table(glob('/tmp/*'))`, CodeUnsupported, "table function GLOB"},
	}
	for _, tt := range refused {
		_, err := Rewrite(tt.sql, Options{})
		var re *Error
		if !errors.As(err, &re) || re.Code != tt.code || !strings.Contains(re.Message, tt.text) {
			t.Errorf("Rewrite(%s) = %v, want %s containing %q", tt.sql, err, tt.code, tt.text)
		}
	}
	allowed := []string{
		`select count(*), sum(a), avg(a), min(a), max(a), count_if(a > 1), any_value(b), median(a) from t`,
		`select upper(s), lower(s), trim(s), ltrim(s), rtrim(s), left(s, 1), right(s, 1), reverse(s) from t`,
		`select abs(a), ceil(a), floor(a), sqrt(a), exp(a), ln(a), power(a, 2), sign(a), mod(a, 2) from t`,
		`select row_number() over (order by a), lag(a) over (order by a), coalesce(a, 0), nullif(a, 0) from t`,
		`select current_database(), current_schema(), current_role(), current_user()`,
		`merge into t using s on t.id = s.id when not matched then insert (id) values (s.id)`,
	}
	for _, q := range allowed {
		if _, err := Rewrite(q, Options{}); err != nil {
			t.Errorf("Rewrite(%s): %v", q, err)
		}
	}
	// A user-defined function passes when the engine says it exists.
	opts := Options{UserFunction: func(name string) bool { return name == "MY_UDF" || name == "DB.S.MY_UDF" }}
	for _, q := range []string{`select my_udf(1)`, `select db.s.my_udf(1)`} {
		if _, err := Rewrite(q, opts); err != nil {
			t.Errorf("Rewrite(%s) with a user function: %v", q, err)
		}
	}
}
