package sqllex

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func texts(stmts []Statement) []string {
	out := make([]string, len(stmts))
	for i, s := range stmts {
		out[i] = s.Text
	}
	return out
}

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", nil},
		{"only space and comments", "  -- nothing\n /* here */ \n// at all\n", nil},
		{"one without semicolon", "select 1", []string{"select 1"}},
		{"empty statements skipped", ";; select 1;;\n;select 2;", []string{"select 1", "select 2"}},
		{"comment-only tail", "select 1; -- trailing\n/* tail */", []string{"select 1"}},
		{"leading and trailing comments trimmed", "-- about it\nselect /* keep */ 1 -- end\n;", []string{"select /* keep */ 1"}},
		{"semicolon in string", "select 'a;b'; select 2", []string{"select 'a;b'", "select 2"}},
		{"doubled quote in string", "select 'it''s;'; select 2", []string{"select 'it''s;'", "select 2"}},
		{"backslash quote in string", `select 'it\'s;'; select 2`, []string{`select 'it\'s;'`, "select 2"}},
		{"backslash at end of string", `select 'a\\'; select 2`, []string{`select 'a\\'`, "select 2"}},
		{"semicolon in quoted identifier", `select 1 as "a;""b"; select 2`, []string{`select 1 as "a;""b"`, "select 2"}},
		{"semicolon in line comments", "select 1 -- x;y\n, 2 // z;w\n; select 3", []string{"select 1 -- x;y\n, 2", "select 3"}},
		{"semicolon in block comment", "select /* ; */ 1; select 2", []string{"select /* ; */ 1", "select 2"}},
		{"dollar body", "create function f() returns int as $$ select 1; $$; select 2",
			[]string{"create function f() returns int as $$ select 1; $$", "select 2"}},
		{"execute immediate", "EXECUTE IMMEDIATE $$ BEGIN RETURN 1; END; $$; select 2",
			[]string{"EXECUTE IMMEDIATE $$ BEGIN RETURN 1; END; $$", "select 2"}},
		{"anonymous block", "BEGIN\n  INSERT INTO t VALUES (1);\n  RETURN 1;\nEND;\nselect 2",
			[]string{"BEGIN\n  INSERT INTO t VALUES (1);\n  RETURN 1;\nEND", "select 2"}},
		{"declare block", "DECLARE\n  x INT DEFAULT 1;\n  c CURSOR FOR SELECT 1;\nBEGIN\n  RETURN x;\nEND;\nselect 2",
			[]string{"DECLARE\n  x INT DEFAULT 1;\n  c CURSOR FOR SELECT 1;\nBEGIN\n  RETURN x;\nEND", "select 2"}},
		// nested procedures' bodies in the DECLARE section (docs: Writing
		// stored procedures in Snowflake Scripting, nested procedures)
		{"nested procedures", "DECLARE\n  p PROCEDURE() RETURNS INT AS BEGIN RETURN 1; END;\n  q PROCEDURE() RETURNS INT AS DECLARE v INT := 2; BEGIN RETURN v; END;\nBEGIN\n  CALL p();\nEND;\nselect 2",
			[]string{"DECLARE\n  p PROCEDURE() RETURNS INT AS BEGIN RETURN 1; END;\n  q PROCEDURE() RETURNS INT AS DECLARE v INT := 2; BEGIN RETURN v; END;\nBEGIN\n  CALL p();\nEND", "select 2"}},
		{"nested blocks and control flow", `begin
  if (x > 1) then
    begin
      select 1;
    end;
  elseif (x < 0) then
    return 0;
  else
    return case when x = 1 then 'a' else 'b' end;
  end if;
  for i in 1 to 3 do
    insert into t values (:i);
  end for;
  for r in c loop
    x := x + 1;
  end loop;
  while (x < 10) do
    x := x + 1;
  end while;
  repeat
    x := x - 1;
  until (x = 0)
  end repeat;
  loop
    break;
  end loop;
  case (x)
    when 1 then return 'one';
    else return 'many';
  end case;
  create table if not exists t2 (a int);
  drop table if exists t3;
exception
  when other then return 'err';
end;
select 'after'`, nil},
		{"begin transaction", "BEGIN; insert into t values (1); COMMIT;", []string{"BEGIN", "insert into t values (1)", "COMMIT"}},
		{"begin transaction keyword", "begin transaction; select 1; rollback", []string{"begin transaction", "select 1", "rollback"}},
		{"begin work name", "BEGIN WORK; select 1; BEGIN NAME t1; commit", []string{"BEGIN WORK", "select 1", "BEGIN NAME t1", "commit"}},
		{"begin at end of script", "select 1; begin", []string{"select 1", "begin"}},
		{"case expression outside block", "select case when a then 1 end from t; select 2", []string{"select case when a then 1 end from t", "select 2"}},
		{"end as qualified column", "begin select t.end from t; end; select 2", []string{"begin select t.end from t; end", "select 2"}},
		{"procedure without dollar quotes", "create or replace procedure p() returns varchar language sql as\nbegin\n  insert into t values (1);\n  return 'ok';\nend;\ncall p();",
			[]string{"create or replace procedure p() returns varchar language sql as\nbegin\n  insert into t values (1);\n  return 'ok';\nend", "call p()"}},
		{"view with begin column is not a block", "create view v as select begin from t; select 2", []string{"create view v as select begin from t", "select 2"}},
		{"crlf line endings", "select 1 -- c\r\n;\r\nselect 2;\r\n", []string{"select 1", "select 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.src)
			if err != nil {
				t.Fatalf("Split: %v", err)
			}
			want := tt.want
			if tt.name == "nested blocks and control flow" {
				want = []string{tt.src[:strings.LastIndex(tt.src, "end;")+3], "select 'after'"}
			}
			if diff := cmp.Diff(want, texts(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("statements (-want +got):\n%s", diff)
			}
			for i, s := range got {
				if s.Index != i+1 {
					t.Errorf("statement %d has Index %d", i+1, s.Index)
				}
				if tt.src[s.Pos:s.Pos+len(s.Text)] != s.Text {
					t.Errorf("statement %d: Pos %d does not locate its Text", i+1, s.Pos)
				}
			}
		})
	}
}

func TestSplitPositions(t *testing.T) {
	t.Parallel()
	src := "-- header\n\n  select 1;\n/* c */ select\n 2; select 3;\n\n\tinsert into t\nvalues (1)"
	got, err := Split(src)
	if err != nil {
		t.Fatal(err)
	}
	type pos struct{ Index, Line, Col int }
	var gotPos []pos
	for _, s := range got {
		gotPos = append(gotPos, pos{s.Index, s.Line, s.Col})
	}
	want := []pos{{1, 3, 3}, {2, 4, 9}, {3, 5, 5}, {4, 7, 2}}
	if diff := cmp.Diff(want, gotPos); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestSplitErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want Error
	}{
		{"unterminated block comment", "select 1;\n\nselect /* open\n;select 2;", Error{3, 8, "unterminated /* comment starting at line 3"}},
		{"unterminated dollar string", "select 1;\ncreate function f() as $$\nselect 1;\n", Error{2, 24, "unterminated $$ string starting at line 2"}},
		{"unterminated string", "select 'abc;\nselect 2;", Error{1, 8, "unterminated string literal starting at line 1"}},
		{"string ending in escaped quote", `select 'abc\';`, Error{1, 8, "unterminated string literal starting at line 1"}},
		{"unterminated quoted identifier", "select 1;\n select \"a;", Error{2, 9, "unterminated quoted identifier starting at line 2"}},
		{"unterminated block", "select 1;\nbegin\n  select 2;\n", Error{2, 1, "unterminated BEGIN block: missing END"}},
		{"unterminated declare", "declare x int;\n", Error{1, 1, "unterminated DECLARE block: missing END"}},
		{"unclosed if in block", "begin\n if (a) then return 1;\nend;", Error{1, 1, "unterminated BEGIN block: missing END"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Split(tt.src)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Split error = %v, want *Error", err)
			}
			if diff := cmp.Diff(tt.want, *e); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	e := &Error{Line: 4, Col: 7, Msg: "unterminated $$ string starting at line 4"}
	if got, want := e.Error(), "line 4, column 7: unterminated $$ string starting at line 4"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestSplitSeeds splits every statement of the seed guides, pasted as one script.
func TestSplitSeeds(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/seeds.sql")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	got, err := Split(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		line  int
		start string
	}{
		{7, "use role accountadmin"},
		{8, "create STORAGE INTEGRATION s3_int_fluentd"},
		{16, "DESC INTEGRATION s3_int_fluentd"},
		{17, "create stage fluentd_stage"},
		{21, "list @fluentd_stage"},
		{22, "create or replace file format fluentd_format"},
		{27, "create table public.logs("},
		{32, "copy into public.logs"},
		{35, "select * from public.logs"},
		{36, "create pipe fluentd.public.mypipe"},
		{41, "show pipes"},
		{42, "alter pipe mypipe refresh"},
		{43, "select * from public.logs"},
		{44, "select * from public.logs order by TIME DESC"},
		{45, "use role accountadmin"},
		{46, "select *\n  from table(snowflake.information_schema.pipe_usage_history("},
		{51, "SELECT\n    time,\n    RECORD:agent,"},
		{67, "CREATE OR REPLACE STORAGE INTEGRATION S3_TELEPORT_INTEGRTN"},
		{73, "DESC INTEGRATION S3_TELEPORT_INTEGRTN"},
		{74, "CREATE OR REPLACE STAGE TELEPORT_LANDING_STAGE"},
		{77, "LIST @TELEPORT_LANDING_STAGE"},
		{78, "create Database LOGS_DB"},
		{79, "create Table PARSEJSON_RAW(raw_data Variant)"},
		{80, "create or Replace File Format JSON_FORMAT"},
		{83, "create PIPE LOGS_DB.Public.AUTOINGST_PARSEJSON"},
		{90, "SHOW PIPES"},
		{91, "select RAW_DATA"},
		{96, "create STORAGE INTEGRATION s3_int_s3_access_logs"},
		{103, "DESC INTEGRATION s3_int_s3_access_logs"},
		{104, "create warehouse security_quickstart"},
		{107, "CREATE FILE FORMAT IF NOT EXISTS TEXT_FORMAT"},
		{112, "create stage s3_access_logs"},
		{117, "list @s3_access_logs"},
		{118, "create table s3_access_logs_staging("},
		{122, "create stream s3_access_logs_stream"},
		{124, "copy into s3_access_logs_staging from ("},
		{130, "select * from public.s3_access_logs_staging limit 5"},
		{131, "create pipe public.s3_access_logs_pipe"},
		{139, "show pipes"},
		{140, "alter pipe s3_access_logs_pipe refresh"},
		{141, "select *\n  from table(snowflake.information_schema.pipe_usage_history("},
		{146, "create or replace function parse_s3_access_logs(log STRING)"},
		{170, "select parsed_logs.*"},
		{173, "create or replace table s3_access_logs("},
		{179, "create or replace task s3_access_logs_transformation"},
		{191, "alter task s3_access_logs_transformation resume"},
		{193, "SELECT RequestDateTime, RemoteIP, Requester, Key"},
		{198, "select count(*),REMOTEIP from s3_access_logs"},
		{201, "SELECT \n    remoteip,"},
		{211, "SELECT * FROM s3_access_logs WHERE httpstatus = '403'"},
		{213, "SELECT * \nFROM s3_access_logs_db.mybucket_logs"},
		{218, "SELECT *\nFROM s3_access_logs\nWHERE Requester IS NULL"},
		{223, "create STORAGE INTEGRATION s3_int_vpc_flow"},
		{230, "DESC INTEGRATION s3_int_vpc_flow"},
		{231, "create warehouse security_quickstart"},
		{234, "create stage vpc_flow_stage"},
		{238, "list @vpc_flow_stage"},
		{239, "create table public.vpc_flow("},
		{242, "copy into public.vpc_flow"},
		{245, "select * from public.vpc_flow limit 10"},
		{246, "create pipe public.vpc_flow_pipe"},
		{251, "show pipes"},
		{252, "alter pipe vpc_flow_pipe refresh"},
		{253, "select * from public.vpc_flow"},
		{254, "select *\n  from table(snowflake.information_schema.pipe_usage_history("},
		{259, "create view vpc_flow_view as"},
		{277, "select * from vpc_flow_view limit 10"},
		{278, "CREATE OR REPLACE FUNCTION ipv4_is_internal(ip varchar)"},
		{290, "(select distinct srcaddr as internal_addr"},
		{296, "select dstaddr,sum(bytes) as total_bytes"},
		{299, "select srcaddr,sum(bytes) as total_bytes"},
		{302, "select interface_id,sum(bytes) as total_bytes"},
	}
	if len(got) != len(want) {
		t.Errorf("got %d statements, want %d", len(got), len(want))
	}
	lines := strings.Split(src, "\n")
	for i := 0; i < len(got) && i < len(want); i++ {
		g, w := got[i], want[i]
		if g.Line != w.line || !strings.HasPrefix(g.Text, w.start) {
			t.Errorf("statement %d: line %d %q..., want line %d %q...", i+1, g.Line, firstLine(g.Text), w.line, w.start)
		}
		if !strings.HasPrefix(strings.TrimSpace(lines[g.Line-1]), strings.TrimSpace(firstLine(g.Text))) {
			t.Errorf("statement %d: line %d of the script is %q, not the statement's start", i+1, g.Line, lines[g.Line-1])
		}
		if strings.HasSuffix(g.Text, ";") {
			t.Errorf("statement %d keeps its ';': %q", i+1, g.Text)
		}
	}
	// Statements whose bodies contain semicolons or quotes must stay whole.
	udtf := got[41].Text
	if !strings.HasSuffix(udtf, "yield(tuple(map(self.clean,line)))\n$$") {
		t.Errorf("python UDTF body was cut: ...%q", udtf[len(udtf)-60:])
	}
	if !strings.Contains(got[47-1].Text, "operation like '%DELETE%'") {
		t.Errorf("statement 47 = %q", got[46].Text)
	}
}

// TestSplitSeedTypo: the S3 access log guide leaves 'public.s3_access_logs_pipe
// unterminated; the error must point at it.
func TestSplitSeedTypo(t *testing.T) {
	t.Parallel()
	src := "alter pipe s3_access_logs_pipe refresh;\nselect *\n  from table(snowflake.information_schema.pipe_usage_history(\n    date_range_start=>dateadd('day',-14,current_date()),\n    date_range_end=>current_date(),\n    pipe_name=>'public.s3_access_logs_pipe));\n"
	_, err := Split(src)
	if err == nil || err.Error() != "line 6, column 16: unterminated string literal starting at line 6" {
		t.Errorf("Split error = %v", err)
	}
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

// BenchmarkSplit splits the seed guides' script (72 statements, 12 KB).
func BenchmarkSplit(b *testing.B) {
	src, err := os.ReadFile("testdata/seeds.sql")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Split(string(src)); err != nil {
			b.Fatal(err)
		}
	}
}

// An unquoted file:// location's "//" is not a comment: two PUTs in one
// script are two statements.
func TestSplitUnquotedFileURLs(t *testing.T) {
	got, err := Split("PUT file:///dir/a.csv @stage;\nput file:///dir/b.csv @stage auto_compress = false; -- done\nlist @stage")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"PUT file:///dir/a.csv @stage", "put file:///dir/b.csv @stage auto_compress = false", "list @stage"}
	if len(got) != len(want) {
		t.Fatalf("got %d statements %+v, want %q", len(got), got, want)
	}
	for i := range want {
		if got[i].Text != want[i] {
			t.Errorf("statement %d: got %q, want %q", i+1, got[i].Text, want[i])
		}
	}
}
