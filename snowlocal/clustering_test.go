package snowlocal_test

import (
	"reflect"
	"testing"
)

// Clustering keys were refused. The docs (user-guide/tables-clustering-keys:
// CREATE TABLE t1 ... CLUSTER BY (c1, c2) shows cluster_by LINEAR(C1, C2)
// and automatic_clustering ON, ALTER TABLE ... DROP CLUSTERING KEY shows
// them empty and OFF, "An existing clustering key is copied when a table is
// created using CREATE TABLE ... CLONE. However, Automatic Clustering is
// suspended for the cloned table", "An existing clustering key is not
// supported when a table is created using CREATE TABLE ... AS SELECT";
// user-guide/tables-auto-reclustering: SUSPEND RECLUSTER shows OFF, and
// "the CLUSTER_BY column (SHOW TABLES) or CLUSTERING_KEY column (TABLES
// view) displays the column(s) defined as the clustering key(s)", with
// AUTO_CLUSTERING_ON the status).
func TestClusteringKeys(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database clus",
		"CREATE OR REPLACE TABLE t1 (c1 DATE, c2 STRING, c3 NUMBER) CLUSTER BY (c1, c2)")
	show := `SHOW TABLES ->> SELECT "name", "cluster_by", "automatic_clustering" FROM $1 ORDER BY "name"`
	if _, rows := queryRows(t, db, show); !reflect.DeepEqual(rows, [][]string{{"T1", "LINEAR(C1, C2)", "ON"}}) {
		t.Errorf("after CREATE: %v", rows)
	}
	mustExec(t, db, "ALTER TABLE t1 SUSPEND RECLUSTER", "CREATE TABLE t1c CLONE t1", "ALTER TABLE t1 RESUME RECLUSTER",
		"ALTER TABLE t1 RENAME TO t0")
	want := [][]string{{"T0", "LINEAR(C1, C2)", "ON"}, {"T1C", "LINEAR(C1, C2)", "OFF"}}
	if _, rows := queryRows(t, db, show); !reflect.DeepEqual(rows, want) {
		t.Errorf("after CLONE and RENAME:\n got %v\nwant %v", rows, want)
	}
	info := `SELECT table_name, clustering_key, auto_clustering_on FROM information_schema.tables WHERE table_schema = 'PUBLIC' ORDER BY 1`
	if _, rows := queryRows(t, db, info); !reflect.DeepEqual(rows, [][]string{{"T0", "LINEAR(C1, C2)", "YES"}, {"T1C", "LINEAR(C1, C2)", "NO"}}) {
		t.Errorf("INFORMATION_SCHEMA.TABLES: %v", rows)
	}
	mustExec(t, db, "ALTER TABLE t0 DROP CLUSTERING KEY")
	if _, rows := queryRows(t, db, show); !reflect.DeepEqual(rows[0], []string{"T0", "", "OFF"}) {
		t.Errorf("after DROP CLUSTERING KEY: %v", rows)
	}
	wantRefused(t, db, "CREATE TABLE t2 (c1 TIMESTAMP) CLUSTER BY (TO_DATE(c1))", "CLUSTER BY of an expression")
	wantRefused(t, db, "CREATE TABLE t3 CLUSTER BY (c1) AS SELECT 1 AS c1", "CLUSTER BY without a column list")
	wantRefused(t, db, "ALTER TABLE t0 SUSPEND RECLUSTER", "SUSPEND RECLUSTER of a table without a clustering key")
}
