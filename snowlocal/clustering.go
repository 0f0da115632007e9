package snowlocal

import (
	"context"
	"database/sql"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// A table's clustering key and whether Automatic Clustering is on for it
// (docs: https://docs.snowflake.com/en/user-guide/tables-auto-reclustering,
// "Viewing the Automatic Clustering status for a table": SHOW TABLES'
// cluster_by and automatic_clustering, INFORMATION_SCHEMA.TABLES'
// CLUSTERING_KEY and AUTO_CLUSTERING_ON). Defining a key turns Automatic
// Clustering on ("you simply define a clustering key for the table"), as
// changing it does ("Changing the clustering key of a table resumes
// automatic clustering"); SUSPEND RECLUSTER and RESUME RECLUSTER turn it off
// and on; a clone "starts with Automatic Clustering suspended". The key
// shows as LINEAR(<names>) (docs: CREATE TABLE, CLUSTER BY (date, id) shows
// LINEAR(DATE, ID); the auto-reclustering page's LINEAR(C1)); the few
// expressions the docs print show in their printed form, which the
// rewriter reads (rewrite/clustering.go, ClusterElement) and refuses any
// other. Both are kept
// in the table's TABLE_TIMES row, which moves with RENAME and SWAP and
// goes with DROP (table_times.go).

// clustering is one table's key ("" for none) and automatic clustering.
type clustering struct {
	key  string
	auto bool
}

// tableClustering reads the keys of every clustered table, keyed by
// database.schema.name.
func (e *Engine) tableClustering(ctx context.Context) map[string]clustering {
	out := map[string]clustering{}
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, CLUSTER_BY, coalesce(AUTO_CLUSTERING, FALSE)
		FROM `+e.tableTimes()+` WHERE CLUSTER_BY IS NOT NULL AND NAME <> ''`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name, key string
		var auto bool
		if rows.Scan(&db, &schema, &name, &key, &auto) == nil {
			out[db+"."+schema+"."+name] = clustering{key, auto}
		}
	}
	return out
}

// clusterAction reads what a CREATE TABLE or ALTER TABLE statement does to
// the clustering key: set it (key), drop it, or suspend or resume
// Automatic Clustering; "" when nothing. A CREATE TABLE's key is before
// its AS.
func clusterAction(words []string, text string) (action, key string) {
	c, err := newCursor(text)
	if err != nil {
		return "", ""
	}
	c.eachTopLevel(func() bool {
		switch {
		case words[0] == "CREATE" && c.word(0) == "AS":
			return true
		case c.word(0) == "CLUSTER" && c.word(1) == "BY":
			c.pos += 2
			c.accept("LINEAR")
			var names []string
			for c.acceptOp("(") || c.acceptOp(",") {
				_, shown, _, next, ok := rewrite.ClusterElement(c.toks, c.pos)
				if !ok { // the rewriter refused the statement
					shown, next = c.word(0), c.pos+1
				}
				names = append(names, shown)
				c.pos = next
			}
			action, key = "SET", "LINEAR("+strings.Join(names, ", ")+")"
			return true
		case words[0] == "ALTER" && c.word(0) == "DROP" && c.word(1) == "CLUSTERING" && c.word(2) == "KEY":
			action = "DROP"
			return true
		case words[0] == "ALTER" && (c.word(0) == "SUSPEND" || c.word(0) == "RESUME") && c.word(1) == "RECLUSTER":
			action = c.word(0)
			return true
		}
		return false
	})
	return action, key
}

// noteClustering records what a successful CREATE TABLE or ALTER TABLE
// did to the table's clustering key. It runs after noteTableChange made or
// moved the table's row; a key that could not be recorded fails the
// statement's answer rather than leave SHOW TABLES without it.
func (s *Session) noteClustering(ctx context.Context, words []string, text string) error {
	if len(words) < 2 || words[1] != "TABLE" || words[0] != "CREATE" && words[0] != "ALTER" {
		return nil
	}
	n, ok := statementObject(words, text)
	if !ok {
		return nil
	}
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return nil
	}
	action, key := clusterAction(words, text)
	var res sql.Result
	var err error
	where := ` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`
	tt := s.e.tableTimes()
	switch {
	case action == "SET":
		res, err = s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET CLUSTER_BY = ?, AUTO_CLUSTERING = TRUE`+where, key, db, schema, name)
	case action == "DROP":
		res, err = s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET CLUSTER_BY = NULL, AUTO_CLUSTERING = FALSE`+where, db, schema, name)
	case action == "SUSPEND" || action == "RESUME":
		res, err = s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET AUTO_CLUSTERING = ?`+where, action == "RESUME", db, schema, name)
	case words[0] == "CREATE":
		src, ok := clonedFrom(text)
		if !ok {
			return nil
		}
		sdb, sschema, sname, ok := s.qualify(src.parts)
		if !ok {
			return nil
		}
		res, err = s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET CLUSTER_BY = (SELECT CLUSTER_BY FROM `+tt+where+`), AUTO_CLUSTERING = FALSE`+where,
			sdb, sschema, sname, db, schema, name)
	default:
		return nil
	}
	if err == nil {
		if n, _ := res.RowsAffected(); n != 1 && !(words[0] == "ALTER" && len(words) > 2 && words[2] == "IF") {
			err = Errorf("100000", "XX000", "the clustering key of table %s.%s.%s was not recorded", db, schema, name)
		}
	}
	return err
}

// clonedFrom finds CREATE TABLE ... CLONE <source>.
func clonedFrom(text string) (objectName, bool) {
	c, err := newCursor(text)
	if err != nil {
		return objectName{}, false
	}
	for !c.done() {
		if c.accept("CLONE") {
			n, err := c.objectName()
			return n, err == nil
		}
		c.pos++
	}
	return objectName{}, false
}

// checkReclusterable refuses ALTER TABLE ... SUSPEND | RESUME RECLUSTER of
// a table without a clustering key, for which the docs give no answer.
func (s *Session) checkReclusterable(ctx context.Context, t *target, action string) error {
	if _, ok := s.e.tableClustering(ctx)[t.full]; ok {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER TABLE ... %s RECLUSTER of a table without a clustering key': the local engine does not implement it.", action)
}
