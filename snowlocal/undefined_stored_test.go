package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// vartabSetup is the vartab table of the docs' IS_<object_type>, TYPEOF,
// AS_<object_type> and IS_OBJECT pages: row 8 is an array whose last
// element is missing (undefined).
var vartabSetup = []string{
	"create database u",
	"CREATE OR REPLACE TABLE vartab (n NUMBER(2), v VARIANT)",
	`INSERT INTO vartab
  SELECT column1 AS n, PARSE_JSON(column2) AS v
    FROM VALUES (1, 'null'), (2, null), (3, 'true'), (4, '-17'), (5, '123.12'), (6, '1.912e2'),
                (7, '"Om ara pa ca na dhih"  '), (8, '[-1, 12, 289, 2188, false,]'),
                (9, '{ "x" : "abc", "y" : false, "z": 10} ') AS vals`,
}

// docsRow8 is row 8 as the docs print it (typeof, is pages).
const docsRow8 = "[\n  -1,\n  12,\n  289,\n  2188,\n  false,\n  undefined\n]"

// TestStoredUndefined: an INSERT ... SELECT stores an array with undefined
// elements, and the readers the docs show read it as the docs print them
// (docs: typeof, is, is_object, as, array_compact, array_to_string,
// array_intersection).
func TestStoredUndefined(t *testing.T) {
	db := open(t)
	mustExec(t, db, vartabSetup...)
	_, rows := queryRows(t, db, "SELECT n, v, TYPEOF(v) FROM vartab ORDER BY n")
	want := [][]string{{"1", "null", "NULL_VALUE"}, {"2", "", ""}, {"3", "true", "BOOLEAN"}, {"4", "-17", "INTEGER"},
		{"5", "123.12", "DECIMAL"}, {"6", "1.912000000000000e+02", "DOUBLE"}, {"7", `"Om ara pa ca na dhih"`, "VARCHAR"},
		{"8", docsRow8, "ARRAY"}, {"9", "OBJECT"}}
	if len(rows) != 9 {
		t.Fatalf("vartab: %d rows, want 9", len(rows))
	}
	for i, w := range want {
		if i == 8 {
			if rows[i][2] != "OBJECT" {
				t.Errorf("row 9 TYPEOF = %q, want OBJECT", rows[i][2])
			}
			continue
		}
		if rows[i][0] != w[0] || rows[i][1] != w[1] || rows[i][2] != w[2] {
			t.Errorf("row %s = %q, want %q", w[0], rows[i], w)
		}
	}
	for q, want := range map[string]string{
		"SELECT v FROM vartab WHERE IS_ARRAY(v)":                        docsRow8,
		"SELECT COUNT(*) FROM vartab WHERE IS_VARCHAR(v)":               "1",
		"SELECT n FROM vartab WHERE IS_OBJECT(v)":                       "9",
		"SELECT COUNT(*) FROM vartab WHERE IS_DOUBLE(v)":                "3",
		"SELECT AS_REAL(v) IS NULL FROM vartab WHERE n = 8":             "1",
		"SELECT ARRAY_SIZE(v) FROM vartab WHERE n = 8":                  "6",
		"SELECT ARRAY_TO_STRING(v, ', ') FROM vartab WHERE n = 8":       "-1, 12, 289, 2188, false, ",
		"SELECT ARRAY_COMPACT(v) FROM vartab WHERE n = 8":               "[\n  -1,\n  12,\n  289,\n  2188,\n  false\n]",
		"SELECT COUNT(*) FROM vartab, LATERAL FLATTEN(v) f WHERE n = 8": "5",
		"SELECT v AS w FROM vartab WHERE n = 8":                         docsRow8,
		// A row holding no undefined element reads as any other.
		"SELECT v::VARCHAR FROM vartab WHERE n = 4":   "-17",
		"SELECT v:x::VARCHAR FROM vartab WHERE n = 9": "abc",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// A result column of a join prints it too.
	if got := queryValue(t, db, "SELECT vartab.v FROM vartab JOIN vartab w ON vartab.n = w.n WHERE w.n = 8"); got != docsRow8 {
		t.Errorf("a joined result column = %q", got)
	}
	// SELECT * prints the array as Snowflake does (docs: is, IS_ARRAY).
	_, rows = queryRows(t, db, "SELECT * FROM vartab WHERE IS_ARRAY(v)")
	if len(rows) != 1 || rows[0][0] != "8" || rows[0][1] != docsRow8 {
		t.Errorf("SELECT * ... IS_ARRAY(v) = %q", rows)
	}

	// An ARRAY column (docs: array_compact, array_to_string,
	// array_intersection); the result column is an ARRAY.
	mustExec(t, db, "CREATE TABLE array_demo (ID INTEGER, array1 ARRAY, array2 ARRAY)",
		"INSERT INTO array_demo (ID, array1, array2) SELECT 2, ARRAY_CONSTRUCT(10, NULL, 30), ARRAY_CONSTRUCT(40)",
		"INSERT INTO array_demo (ID, array1, array2) SELECT 4, ARRAY_CONSTRUCT(NULL, 102, NULL), ARRAY_CONSTRUCT(NULL, NULL, 103)",
		"CREATE TABLE test_array_to_string_with_null(a ARRAY)",
		"INSERT INTO test_array_to_string_with_null SELECT (['A', NULL, 'B'])")
	r, err := db.Query("SELECT array1, ARRAY_COMPACT(array1) FROM array_demo WHERE ID = 2")
	if err != nil {
		t.Fatal(err)
	}
	types, _ := r.ColumnTypes()
	var a1, compact string
	for r.Next() {
		if err := r.Scan(&a1, &compact); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	if a1 != "[\n  10,\n  undefined,\n  30\n]" || compact != "[\n  10,\n  30\n]" {
		t.Errorf("array_compact page: %q, %q", a1, compact)
	}
	if len(types) != 2 || types[0].DatabaseTypeName() != "ARRAY" || types[1].DatabaseTypeName() != "ARRAY" {
		t.Errorf("array_compact page: column types %v, want ARRAY, ARRAY", typeNames(types))
	}
	for q, want := range map[string]string{
		"SELECT ARRAY_TO_STRING(a, ', ') FROM test_array_to_string_with_null":           "A, , B",
		"SELECT ARRAY_TO_STRING(a, '') FROM test_array_to_string_with_null":             "AB",
		"SELECT ARRAY_INTERSECTION(array1, array2) FROM array_demo WHERE ID = 4":        "[\n  undefined,\n  undefined\n]",
		"SELECT ARRAYS_OVERLAP(array1, array2) FROM array_demo WHERE ID = 4":            "1",
		"SELECT array1 FROM array_demo WHERE ID = 4":                                    "[\n  undefined,\n  102,\n  undefined\n]",
		"SELECT COUNT(*) FROM array_demo WHERE ARRAY_CONTAINS(NULL, array1) AND ID = 2": "1",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}

	// Another session (a new engine connection would read the same mark
	// from the column's comment) reads the table the same way.
	if got := queryValue(t, db, "SELECT v FROM u.public.vartab WHERE n = 8"); got != docsRow8 {
		t.Errorf("qualified read = %q", got)
	}
}

func typeNames(types []*sql.ColumnType) []string {
	var out []string
	for _, c := range types {
		out = append(out, c.DatabaseTypeName())
	}
	return out
}

// TestStoredUndefinedRefusedElsewhere: every other reader of a stored
// array with undefined elements refuses (002040) rather than answer with
// the stored form, a JSON null or a shorter array; so does what would read
// the table without the rewriter (a stream, CHANGES, a clone), and storing
// where a view, stream, SQL function or change tracking reads the table.
func TestStoredUndefinedRefusedElsewhere(t *testing.T) {
	db := open(t)
	mustExec(t, db, vartabSetup...)
	mustExec(t, db, "create table other (n int, v variant)", "insert into other select 8, parse_json('[1]')")
	for _, q := range []string{
		"select v::varchar from vartab",
		"select to_json(v) from vartab",
		"select v:x from vartab",
		"select v[0] from vartab",
		"select get(v, 0) from vartab",
		"select v || 'x' from vartab",
		"select n from vartab where v = v",
		"select n from vartab where v is not null",
		"select count(*) from vartab group by v",
		"select v from vartab order by v",
		"select * from vartab order by v",
		"select distinct v from vartab",
		"select v from vartab union all select v from vartab",
		"select * from (select * from vartab)",
		"with c as (select v from vartab) select * from c",
		"select (select max(n) from other where other.v = vartab.v) from vartab",
		"select array_agg(v) from vartab",
		"select max_by(v, n) from vartab",
		"select array_slice(v, 0, 2) from vartab",
		"select array_cat(v, v) from vartab",
		"select object_construct('a', v) from vartab",
		"select as_array(v) from vartab",
		"select v from vartab qualify row_number() over (order by n) = 8",
		"select vartab.n from vartab join other on vartab.v = other.v",
		"create table t2 as select * from vartab",
		"create table t3 as select v from vartab",
		"insert into other select * from vartab",
		"insert into other select n, v from vartab",
		"update vartab set v = v",
		"update other set v = (select v from vartab where n = 8)",
		"execute immediate $$ declare x variant; begin x := (select v from vartab where n = 8); return 1; end; $$",
	} {
		wantRefused(t, db, q, "undefined")
	}
	for q, part := range map[string]string{
		"select object_construct(*) from vartab":                                "wildcard",
		"select hash(*) from vartab":                                            "wildcard",
		"select * exclude n from vartab":                                        "EXCLUDE",
		"select * from vartab, other":                                           "join",
		"select * from vartab natural join other":                               "NATURAL",
		"select n from vartab join other using (v)":                             "USING",
		"select vartab from vartab":                                             "cannot resolve",
		"select typeof(v) from identifier('vartab')":                            "cannot resolve",
		"select * from identifier('vartab')":                                    "IDENTIFIER",
		"select * from table('vartab')":                                         "IDENTIFIER",
		"select $2 from vartab":                                                 "positional",
		"select val from vartab unpivot (val for col in (v))":                   "UNPIVOT",
		"select * from vartab pivot (max(n) for v in (1))":                      "PIVOT",
		"create table t4 clone vartab":                                          "CLONE",
		"alter table vartab alter column v set data type varchar":               "type",
		"create stream s on table vartab":                                       "stream",
		"select n from vartab changes(information => default) at(offset => -1)": "undefined",
	} {
		wantRefused(t, db, q, part)
	}
	// Storing is refused where the stored form would be read without the
	// rewriter: a view, a stream, a SQL function, change tracking.
	mustExec(t, db, "create table viewed (v variant)", "create view w as select v from viewed",
		"create table streamed (v variant)", "create stream st on table streamed",
		"create table fed (v variant)", "create function f() returns variant as 'select v from fed limit 1'",
		"create table tracked (v variant)", "alter table tracked set change_tracking = true")
	for _, table := range []string{"viewed", "streamed", "fed", "tracked"} {
		wantRefused(t, db, "insert into "+table+" select parse_json('[1,]')", "undefined")
	}
	// An OBJECT column does not take it; nor does a statement that writes
	// no undefined element, whose PARSE_JSON of a column keeps refusing one.
	mustExec(t, db, "create table o (x object)", "create table src (s varchar)", "insert into src values ('[1,]')",
		"create table plain (v variant)")
	wantRefused(t, db, "insert into o select object_construct('a', array_construct(1, null))", "undefined")
	wantRefused(t, db, "insert into plain select parse_json(s) from src", "undefined")
	if got := queryValue(t, db, "select count(*) from plain"); got != "0" {
		t.Errorf("plain holds %s rows after the refused INSERT", got)
	}
	// The unmarked table's columns read as before: a star over a join
	// with it, OBJECT_CONSTRUCT(*).
	mustExec(t, db, "insert into plain select parse_json('[1]')")
	if got := queryValue(t, db, "select object_construct(*) from plain"); !strings.Contains(got, `"V"`) {
		t.Errorf("object_construct(*) of an unmarked table = %q", got)
	}
}
