package snowlocal_test

import (
	"reflect"
	"testing"
)

// TestSearchWildcardOverDerivedTable: SEARCH((T3.*), 's') over a UNION in
// FROM searches its text columns and ignores the INT one (docs:
// functions/search, "Wildcard search on the output of a UNION subquery":
// rows 2 and 4); a derived table beside a table, a CTE and a VARIANT path
// answer the same way; a column of a family the rewriter does not settle
// (a NULL, an expression it types only as it runs) stays refused.
func TestSearchWildcardOverDerivedTable(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database srchd",
		"CREATE TABLE t1 (col1 INT, col2 VARCHAR(20), col3 VARCHAR(20))",
		"INSERT INTO t1 VALUES (1,'Mini','Cooper'), (2,'Mini','Cooper S'), (3,'Mini','Countryman'), (4,'Mini','Countryman S')",
		"CREATE TABLE t2 (col1 INT, col2 VARCHAR(20), col3 VARCHAR(20), col4 VARCHAR(20))",
		"INSERT INTO t2 VALUES (1,'Mini','Cooper', 'Convertible'), (2,'Mini','Cooper S', 'Convertible'), (3,'Mini','Countryman SE','ALL4'), (4,'Mini','Countryman S','ALL4')",
		"CREATE TABLE v (id INT, j VARIANT)",
		`INSERT INTO v SELECT 1, PARSE_JSON('{"a": "hello world"}')`,
		`INSERT INTO v SELECT 2, PARSE_JSON('{"a": "bye"}')`)
	for _, c := range []struct {
		q    string
		want [][]string
	}{
		{"SELECT * FROM (SELECT col1, col2, col3 FROM t1 UNION SELECT col1, col2, col3 FROM t2) AS T3 WHERE SEARCH((T3.*),'s') ORDER BY col1",
			[][]string{{"2", "Mini", "Cooper S"}, {"4", "Mini", "Countryman S"}}},
		// The INT column is ignored: '1' finds nothing.
		{"SELECT col1 FROM (SELECT col1, col3 FROM t1) x WHERE SEARCH((x.*), '1')", nil},
		{"SELECT t1.col1 FROM t1 JOIN (SELECT col1 AS k, col3 AS c FROM t2) q ON t1.col1 = q.k WHERE SEARCH((q.*), 'se')",
			[][]string{{"3"}}},
		{"WITH c AS (SELECT col1 AS n, col3 FROM t1) SELECT n FROM c WHERE SEARCH((c.*), 'countryman') ORDER BY n",
			[][]string{{"3"}, {"4"}}},
		{"SELECT id FROM (SELECT id, j:a AS s FROM v) q WHERE SEARCH((q.*), 'hello')", [][]string{{"1"}}},
	} {
		if _, rows := queryRows(t, db, c.q); !reflect.DeepEqual(rows, c.want) {
			t.Errorf("%s = %v, want %v", c.q, rows, c.want)
		}
	}
	wantRefused(t, db, "SELECT id FROM (SELECT id, NULL AS z FROM v) q WHERE SEARCH((q.*), 'hello')", "SEARCH(*) over a derived table")
	wantRefused(t, db, "SELECT col1 FROM (SELECT col1, col2 || col3 AS k FROM t1) x WHERE SEARCH((x.*), 'minicooper')", "SEARCH(*) over a derived table")
}
