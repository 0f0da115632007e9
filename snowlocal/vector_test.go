package snowlocal_test

import (
	"database/sql"
	"strconv"
	"testing"
)

// vectorSetup is the table of the VECTOR similarity function pages (docs:
// vector_l1_distance, vector_inner_product, vector_l2_distance).
var vectorSetup = []string{
	"create database vectors",
	"CREATE TABLE vectors (a VECTOR(FLOAT, 3), b VECTOR(FLOAT, 3))",
	"INSERT INTO vectors SELECT [1.1,2.2,3]::VECTOR(FLOAT,3), [1,1,1]::VECTOR(FLOAT,3)",
	"INSERT INTO vectors SELECT [1,2.2,3]::VECTOR(FLOAT,3), [4,6,8]::VECTOR(FLOAT,3)",
}

// TestVectorResultThroughDriver checks what gosnowflake sees of a VECTOR
// result column: the type name VECTOR and the JSON result set's text, the
// elements between brackets without blanks, integers as such and 32-bit
// floats with six decimals (snowflakedb/snowflake-jdbc
// ResultSetVectorLatestIT.java: [-1,5] and, "in json",
// [-1.200000,5.100000,15.870000]; NULL::VECTOR(INT, 2) is NULL).
func TestVectorResultThroughDriver(t *testing.T) {
	t.Parallel()
	db := open(t)
	rows, err := db.Query("select [-1, 5]::vector(int, 2) i, [-1.2, 5.1, 15.87]::vector(float, 3) f, null::vector(int, 2) n, null::vector(float, 2) m")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range cts {
		if got := ct.DatabaseTypeName(); got != "VECTOR" {
			t.Errorf("column %s: type %s, want VECTOR", ct.Name(), got)
		}
	}
	if !rows.Next() {
		t.Fatal("no row")
	}
	var i, f, n, m sql.NullString
	if err := rows.Scan(&i, &f, &n, &m); err != nil {
		t.Fatal(err)
	}
	if i.String != "[-1,5]" || f.String != "[-1.200000,5.100000,15.870000]" || n.Valid || m.Valid {
		t.Errorf("got %v %v %v %v, want [-1,5] [-1.200000,5.100000,15.870000] NULL NULL", i, f, n, m)
	}
	rows.Close() // the session's one connection
	// From a structured ARRAY of the vector's element type and from a
	// VARIANT holding an ARRAY (docs: data types vector, "Converting a
	// value to a VECTOR value").
	for q, want := range map[string]string{
		"select [1,2,3]::ARRAY(FLOAT)::VECTOR(FLOAT, 3)": "[1.000000,2.000000,3.000000]",
		"select [1,2,3]::ARRAY(INT)::VECTOR(INT, 3)":     "[1,2,3]",
		"select parse_json('[4, 5]')::VECTOR(INT, 2)":    "[4,5]",
		"select to_variant([1.5, 2])::VECTOR(FLOAT, 2)":  "[1.500000,2.000000]",
	} {
		if got := queryOne(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}

// TestVectorFunctions checks the similarity functions on the docs' table.
// They compute in 32-bit floats: VECTOR_L1_DISTANCE prints 3.300000191
// and 11.800000191 (docs: vector_l1_distance), the 32-bit sums, where the
// exact ones are 3.3 and 11.8; VECTOR_INNER_PRODUCT prints 6.3 and 41.2
// (docs: vector_inner_product); VECTOR_COSINE_SIMILARITY of [1, 2.2, 3]
// and [1, 2, 3] 0.9990... (docs: vector_cosine_similarity).
func TestVectorFunctions(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, vectorSetup...)
	for _, tc := range []struct {
		q    string
		want []string
		tol  float64
	}{
		{"SELECT VECTOR_L1_DISTANCE(a, b) FROM vectors", []string{"3.300000191", "11.800000191"}, 5e-10},
		{"SELECT VECTOR_INNER_PRODUCT(a, b) FROM vectors", []string{"6.3", "41.2"}, 5e-2},
		{"SELECT VECTOR_COSINE_SIMILARITY(a, [1,2,3]::VECTOR(FLOAT, 3)) AS similarity FROM vectors ORDER BY similarity DESC LIMIT 1", []string{"0.9990"}, 5e-4},
	} {
		cols, got := queryRows(t, db, tc.q)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d rows, want %d", tc.q, len(got), len(tc.want))
		}
		for k, w := range tc.want {
			g, err := strconv.ParseFloat(got[k][0], 64)
			wf, _ := strconv.ParseFloat(w, 64)
			if err != nil || g < wf-tc.tol || g > wf+tc.tol {
				t.Errorf("%s (%v) row %d: %s, want %s", tc.q, cols, k, got[k][0], w)
			}
		}
	}
	var typ string
	r, err := db.Query("SELECT VECTOR_L2_DISTANCE(a, b) FROM vectors")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := r.ColumnTypes()
	typ = cts[0].DatabaseTypeName()
	r.Close()
	if typ != "REAL" { // "Returns the distance ... as a FLOAT value" (docs: vector_l2_distance)
		t.Errorf("VECTOR_L2_DISTANCE type %s, want REAL", typ)
	}
}

// TestVectorAggregates checks VECTOR_SUM, VECTOR_AVG, VECTOR_MIN and
// VECTOR_MAX on their pages' tables (docs: vector_sum, vector_avg,
// vector_min, vector_max), in the JSON result set's form, and that a group
// of only NULLs gives NULL ("If all values in the group are NULL, the
// function returns NULL").
func TestVectorAggregates(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database vagg",
		"CREATE OR REPLACE TABLE vector_data (id INT, category VARCHAR, embedding VECTOR(FLOAT, 3))",
		`INSERT INTO vector_data
		SELECT 1, 'A', [1.5, 8.0, 3.2]::VECTOR(FLOAT, 3)
		UNION ALL SELECT 2, 'A', [4.1, 2.5, 6.7]::VECTOR(FLOAT, 3)
		UNION ALL SELECT 3, 'B', [2.0, 1.0, 4.0]::VECTOR(FLOAT, 3)
		UNION ALL SELECT 4, 'B', [3.0, 2.0, 1.0]::VECTOR(FLOAT, 3)
		UNION ALL SELECT 5, 'C', NULL`,
		"CREATE OR REPLACE TABLE int_vector_data (id INT, vec VECTOR(INT, 2))",
		"INSERT INTO int_vector_data SELECT 1, [1, 3]::VECTOR(INT, 2) UNION ALL SELECT 2, [2, 4]::VECTOR(INT, 2)",
	)
	for _, tc := range []struct{ q, want string }{
		{"SELECT VECTOR_MIN(embedding) FROM vector_data WHERE category = 'A'", "[1.500000,2.500000,3.200000]"},
		{"SELECT VECTOR_MAX(embedding) FROM vector_data", "[4.100000,8.000000,6.700000]"},
		{"SELECT VECTOR_MIN(embedding) FROM vector_data", "[1.500000,1.000000,1.000000]"},
		{"SELECT VECTOR_SUM(embedding) FROM vector_data WHERE category = 'B'", "[5.000000,3.000000,5.000000]"},
		{"SELECT VECTOR_AVG(embedding) FROM vector_data WHERE category = 'B'", "[2.500000,1.500000,2.500000]"},
		{"SELECT VECTOR_SUM(embedding) FROM vector_data WHERE category = 'C'", "<null>"},
		{"SELECT VECTOR_AVG(vec) FROM int_vector_data", "[1.500000,3.500000]"}, // always VECTOR(FLOAT, N)
		{"SELECT VECTOR_SUM(vec) FROM int_vector_data", "[3,7]"},               // the input's type
		{"SELECT VECTOR_MAX(vec) FROM int_vector_data", "[2,4]"},
	} {
		if got := queryOne(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	// A sum beyond 32-bit integers: Snowflake's answer is not documented.
	mustExec(t, db, "INSERT INTO int_vector_data SELECT 3, [2147483647, 0]::VECTOR(INT, 2)")
	_, err := queryRowsErrVector(db, "SELECT VECTOR_SUM(vec) FROM int_vector_data")
	snowflakeError(t, err, 2040, "VECTOR_SUM of a VECTOR(INT, n) beyond 32-bit integers")
}

// TestVectorColumnMetadata checks DESCRIBE TABLE's type of a VECTOR column,
// VECTOR(FLOAT, 1536) as dbt-snowflake read it from DESCRIBE TABLE
// (dbt-labs/dbt-snowflake issue #1098), and that what no source gives is
// refused: SHOW COLUMNS' data_type and INFORMATION_SCHEMA.COLUMNS'
// DATA_TYPE of one.
func TestVectorColumnMetadata(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database vmeta", "create table t (f VECTOR(FLOAT, 1536), i vector(int, 16), n int)")
	_, rows := queryRows(t, db, "desc table t")
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]] = r[1]
	}
	if got["F"] != "VECTOR(FLOAT, 1536)" || got["I"] != "VECTOR(INT, 16)" {
		t.Errorf("DESCRIBE types %v, want F VECTOR(FLOAT, 1536), I VECTOR(INT, 16)", got)
	}
	_, err := db.Exec("show columns in table t")
	snowflakeError(t, err, 2040, "SHOW COLUMNS of VECTOR(FLOAT, 1536) column F")
	_, err = queryRowsErrVector(db, "select data_type from information_schema.columns where table_name = 'T'")
	snowflakeError(t, err, 2040, "DATA_TYPE of column F, a VECTOR")
	if got := queryOne(t, db, "select data_type from information_schema.columns where table_name = 'T' and column_name = 'N'"); got != "NUMBER" {
		t.Errorf("DATA_TYPE of N %s, want NUMBER", got)
	}
}

// TestVectorRefusals checks that what the docs leave open or describe
// otherwise than DuckDB computes is refused (002040): the docs' invalid
// definitions, a dimension over 4096, a cast of an ARRAY of another length
// (Snowflake's "Array-like value being cast to a vector has incorrect
// dimension", snowflakedb/snowflake-connector-net VectorTypesIT.cs, has no
// code there), a non-integer element of an INT vector, an ordering
// comparison or ORDER BY ("byte-wise lexicographic", docs: data types
// vector), a VECTOR converted to ARRAY or text, and arguments of different
// VECTOR types.
func TestVectorRefusals(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, vectorSetup...)
	for _, tc := range []struct{ q, what string }{
		{"select [1]::VECTOR(STRING, 256)", "the element type is INT or FLOAT"},
		{"select [1]::VECTOR(INT, -1)", "VECTOR(INT, -1)"},
		{"select [1]::VECTOR(INT, 4097)", "at most 4096"},
		{"select [1.1]::VECTOR(INT, 3)", "incorrect dimension"},
		{"select [1.5, 2]::VECTOR(INT, 2)", "not a number of the vector's element type"},
		{"select [3000000000]::VECTOR(INT, 1)", "not a number of the vector's element type"},
		{"select 'abc'::VECTOR(FLOAT, 3)", "not an ARRAY"},
		{"select [1,2,3]::ARRAY(INT)::VECTOR(FLOAT, 3)", "other than an ARRAY of its element type"},
		{"select parse_json('[-0.0, 1]')::VECTOR(FLOAT, 2)", "negative zero"}, // Snowflake compares bytes
		{"select a < b from vectors", "an ordering comparison of a VECTOR"},
		{"select a from vectors order by a", "ORDER BY a VECTOR"},
		{"select a::ARRAY from vectors", "a conversion of a VECTOR(FLOAT, 3) to ARRAY"},
		{"select to_array(a) from vectors", "TO_ARRAY of a VECTOR(FLOAT, 3)"},
		{"select a::varchar from vectors", "to VARCHAR"},
		{"select vector_l1_distance(a, [1,2]::VECTOR(FLOAT, 2)) from vectors", "VECTOR_L1_DISTANCE of a VECTOR(FLOAT, 3) and a VECTOR(FLOAT, 2)"},
		{"select vector_sum(x) from (select a x from vectors)", "does not see is a VECTOR"},
		// Stored without a cast: the docs convert only by an explicit cast.
		{"insert into vectors select [1,2,3], [1,2,3]::VECTOR(FLOAT, 3)", "a value stored into a VECTOR(FLOAT, 3) column that is not a VECTOR(FLOAT, 3)"},
		{"insert into vectors (a) values ('[1,2,3]')", "a value stored into a VECTOR(FLOAT, 3) column"},
		{"update vectors set b = [1,2,3]::VECTOR(INT, 3)", "a value stored into a VECTOR(FLOAT, 3) column"},
	} {
		_, err := queryRowsErrVector(db, tc.q)
		snowflakeError(t, err, 2040, tc.what)
	}
	if got := queryOne(t, db, "select count(*) from vectors where a = [1,2.2,3]::VECTOR(FLOAT, 3)"); got != "1" {
		t.Errorf("equality of vectors: %s rows, want 1", got)
	}
}

// queryRowsErrVector runs q and reads its rows, returning the first error.
func queryRowsErrVector(db *sql.DB, q string) (int, error) {
	r, err := db.Query(q)
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for r.Next() {
		n++
	}
	return n, r.Err()
}
