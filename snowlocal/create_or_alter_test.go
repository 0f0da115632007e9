package snowlocal_test

import (
	"reflect"
	"strings"
	"testing"
)

// CREATE OR ALTER TABLE (docs: CREATE TABLE, "CREATE OR ALTER TABLE" and its
// usage notes and examples, https://docs.snowflake.com/en/sql-reference/sql/create-table;
// CREATE OR ALTER <object>, https://docs.snowflake.com/en/sql-reference/sql/create-or-alter)
// was refused whole. An absent table is created; an existing one keeps the
// data of the columns it still lists, loses the others, gains new ones at
// the end, and loses a comment the definition no longer sets.

// TestCreateOrAlterTableAddsAndDropsColumns is the documented example:
// renaming column b to c drops b and adds an empty c.
func TestCreateOrAlterTableAddsAndDropsColumns(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coa",
		"CREATE OR ALTER TABLE my_table(a INT PRIMARY KEY, b INT)",
		"INSERT INTO my_table VALUES (1, 2), (2, 3)")
	if cols, rows := queryRows(t, db, "select * from my_table order by a"); !reflect.DeepEqual(cols, []string{"A", "B"}) ||
		!reflect.DeepEqual(rows, [][]string{{"1", "2"}, {"2", "3"}}) {
		t.Fatalf("created table: %v %v", cols, rows)
	}
	mustExec(t, db, "CREATE OR ALTER TABLE my_table(a INT PRIMARY KEY, c INT)")
	cols, rows := queryRows(t, db, "select a, iff(c is null, 'NULL', 'set') from my_table order by a")
	if _, all := queryRows(t, db, "select * from my_table"); len(all) != 2 {
		t.Fatalf("rows after alter: %v", all)
	}
	if star, _ := queryRows(t, db, "select * from my_table"); !reflect.DeepEqual(star, []string{"A", "C"}) {
		t.Fatalf("columns after alter = %v, want [A C]", star)
	}
	if !reflect.DeepEqual(rows, [][]string{{"1", "NULL"}, {"2", "NULL"}}) {
		t.Fatalf("%v %v, want A kept and C NULL", cols, rows)
	}
	// A new column goes at the end; the kept columns keep their data.
	mustExec(t, db, "CREATE OR ALTER TABLE my_table(a INT PRIMARY KEY, c INT, d VARCHAR)")
	if star, _ := queryRows(t, db, "select * from my_table"); !reflect.DeepEqual(star, []string{"A", "C", "D"}) {
		t.Fatalf("columns = %v, want [A C D]", star)
	}
	// A new column before an existing one is not at the end (usage notes,
	// "Columns"); Snowflake's error for it is not documented.
	wantRefused(t, db, "CREATE OR ALTER TABLE my_table(x INT, a INT PRIMARY KEY, c INT, d VARCHAR)", "CREATE OR ALTER TABLE adding column X before existing column A")
}

// TestCreateOrAlterTableUnchangedIsNoOp: a table that already matches the
// definition "remains unchanged" (CREATE OR ALTER <object>): its data and
// its LAST_DDL stay.
func TestCreateOrAlterTableUnchangedIsNoOp(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coa", "create table t(a int not null, b varchar(10) default 'x')", "insert into t(a) values (1)")
	_, before := queryRows(t, db, "select last_ddl from information_schema.tables where table_name = 'T'")
	mustExec(t, db, "CREATE OR ALTER TABLE t(a int not null, b varchar(10) default 'x')")
	_, after := queryRows(t, db, "select last_ddl from information_schema.tables where table_name = 'T'")
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("LAST_DDL %v -> %v on an unchanged definition", before, after)
	}
	if _, rows := queryRows(t, db, "select a, b from t"); !reflect.DeepEqual(rows, [][]string{{"1", "x"}}) {
		t.Fatalf("rows = %v", rows)
	}
}

// TestCreateOrAlterTableRefusesColumnChanges: what the docs do not settle
// for the local engine (a changed type, an inline primary key removed) is
// refused before anything changes; a primary key added to a column holding
// a NULL is the docs' error 001471, also before anything changes.
func TestCreateOrAlterTableRefusesColumnChanges(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coa", "create table t(a int, b int)", "insert into t values (1, 2)",
		"create table p(a int primary key)", "create table n(a int)", "insert into n values (null)")
	wantRefused(t, db, "CREATE OR ALTER TABLE t(a int, b varchar)", "CREATE OR ALTER TABLE changing column B's type")
	wantRefused(t, db, "CREATE OR ALTER TABLE p(a int)", "CREATE OR ALTER TABLE changing column A's primary key")
	// Docs (sql/create-table): 001471 (42601) "Column 'A' contains null
	// values. Not null constraint cannot be added."
	wantError(t, db, "CREATE OR ALTER TABLE n(a int primary key)", 1471, "SQL compilation error:\nColumn 'A' contains null values. Not null constraint cannot be added.")
	wantRefused(t, db, "CREATE OR ALTER TABLE t(a int, b int) as select 1, 2", "CREATE OR ALTER TABLE ... AS")
	wantRefused(t, db, "CREATE OR ALTER TABLE identifier('t')(a int, b int)", "CREATE OR ALTER TABLE IDENTIFIER(...)")
	if star, rows := queryRows(t, db, "select * from t"); !reflect.DeepEqual(star, []string{"A", "B"}) || !reflect.DeepEqual(rows, [][]string{{"1", "2"}}) {
		t.Fatalf("refused statement changed the table: %v %v", star, rows)
	}
}

// TestCreateOrAlterTableAddsPrimaryKey: an inline primary key added to an
// existing column makes it NOT NULL (docs: sql/create-table, CREATE OR
// ALTER TABLE t(a INT PRIMARY KEY) after CREATE TABLE t(a INT), then DESC
// TABLE t: A null? N, primary key Y). The engine refused it before.
func TestCreateOrAlterTableAddsPrimaryKey(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coa", "create table t(a int)", "insert into t values (1)",
		"CREATE OR ALTER TABLE t(a INT PRIMARY KEY)")
	_, rows := queryRows(t, db, "desc table t")
	if len(rows) != 1 || rows[0][0] != "A" || rows[0][3] != "N" || rows[0][5] != "Y" {
		t.Fatalf("desc table t = %v, want A with null? N and primary key Y", rows)
	}
	if _, rows := queryRows(t, db, "select a from t"); !reflect.DeepEqual(rows, [][]string{{"1"}}) {
		t.Fatalf("rows = %v", rows)
	}
}

// TestCreateOrAlterTableUnsetsComment: "The absence of a property ... that
// was previously set in the modified table definition results in unsetting
// it" (usage notes, "Table parameters and properties").
func TestCreateOrAlterTableUnsetsComment(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coa", "create table t(a int) comment = 'old'")
	comment := func() string {
		_, rows := queryRows(t, db, "select coalesce(comment, '<null>') from information_schema.tables where table_name = 'T'")
		return rows[0][0]
	}
	mustExec(t, db, "CREATE OR ALTER TABLE t(a int) comment = 'new'")
	if c := comment(); c != "new" {
		t.Fatalf("comment = %q, want new", c)
	}
	mustExec(t, db, "CREATE OR ALTER TABLE t(a int)")
	if c := comment(); c != "<null>" {
		t.Fatalf("comment = %q after a definition without one, want it unset", c)
	}
}

// TestCreateOrAlterTableNeedsOwnership: "CREATE OR ALTER TABLE statements
// for existing tables can only be executed by a role with the OWNERSHIP
// privilege" (CREATE TABLE examples, note); the error is ALTER TABLE's.
func TestCreateOrAlterTableNeedsOwnership(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant select, insert on table sales.public.orders to role analyst",
		"grant create table on schema sales.public to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	wantError(t, alice, "create or alter table sales.public.orders(id int, amount number(10,2))", 3001,
		"SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'")
	// An absent table is created, owned by the creating role.
	mustExec(t, alice, "create or alter table sales.public.mine(a int)", "create or alter table sales.public.mine(a int, b int)")
	_, rows := queryRows(t, admin, "show tables like 'MINE' in schema sales.public")
	if len(rows) != 1 || !strings.Contains(strings.Join(rows[0], "|"), "ANALYST") {
		t.Fatalf("show tables = %v, want MINE owned by ANALYST", rows)
	}
}
