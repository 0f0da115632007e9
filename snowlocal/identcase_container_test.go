package snowlocal_test

import (
	"testing"
)

// Databases, schemas, temporary tables and columns whose names differ only
// in case are distinct in Snowflake: "Double-quoted identifiers are
// case-sensitive", "When an identifier is double-quoted, it is stored and
// resolved exactly as entered, including case"
// (https://docs.snowflake.com/en/sql-reference/identifiers-syntax,
// "Identifier resolution"), for every object. The engine (DuckDB resolves
// names case-insensitively) read schema S for "s", database D for "d" and
// the temporary table "t" for T, and failed with DuckDB's texts where
// Snowflake makes a second object. A name that names no object fails as
// for one that does not exist: "Schema 'DB.S' does not exist or not
// authorized." is Snowflake's text for a schema a query names that the
// role cannot see or that does not exist (002003; the engine's
// errSchemaHidden), with a name that is not plain upper case printed
// double-quoted as Snowflake prints it ('THYROID_VALIDATION.PUBLIC."M025
// NODULE-LEVEL (TI-RADS PERFORMANCE)"' in a Snowflake "does not exist or
// not authorized" message quoted in a public project's notes).

// TestCaseSchemaNames: "s" is not schema S.
func TestCaseSchemaNames(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d", "create schema S", "create table S.t(a int)", "insert into S.t values (1)", "use schema public", "create role r")
	missing := "SQL compilation error:\nSchema 'D.\"s\"' does not exist or not authorized."
	for _, stmt := range []string{
		`create table "s".t2(a int)`,
		`create or replace table "s".t(b int)`,
		`select * from "s".t`,
		`select * from d."s".t`,
		`select * from public.t, "s".t`,
		`insert into "s".t values (2)`,
		`update "s".t set a = 3`,
		`delete from "s".t`,
		`truncate table "s".t`,
		`drop table "s".t`,
		`create view "s".v as select 1 as x`,
		`show tables in schema "s"`,
		`show tables in schema d."s"`,
		// IDENTIFIER('name') names what the string names
		// (https://docs.snowflake.com/en/sql-reference/identifier-literal).
		`select * from identifier('"s".t')`,
		// Bulk grants on a schema's objects: the engine's text for a
		// future grant's missing schema, now also for ALL.
		`grant select on all tables in schema "s" to role r`,
		`grant select on future tables in schema "s" to role r`,
	} {
		wantError(t, db, stmt, 2003, missing)
	}
	wantError(t, db, `use schema "s"`, 2003, "Object does not exist, or operation cannot be performed.")
	// Where the engine cannot tell what Snowflake answers it refuses.
	wantRefused(t, db, `drop table if exists "s".t`, `DROP ... IF EXISTS naming a schema "s" whose name differs only in case from schema S`)
	wantRefused(t, db, `select "s".t.a from S.t`, `a qualified column name naming a schema "s"`)
	// S and its table are untouched; its exact names still work.
	if got := queryValue(t, db, `select count(*) from S.t where a = 1`); got != "1" {
		t.Errorf("S.t after the statements naming \"s\" = %s rows of 1, want 1", got)
	}
	if got := queryValue(t, db, `select count(*) from d.s.t`); got != "1" { // unquoted s is S
		t.Errorf("d.s.t = %s rows, want 1", got)
	}
	// A second schema differing only in case: Snowflake makes it, the
	// engine cannot hold both.
	for _, stmt := range []string{`create schema "s"`, `create schema if not exists "s"`, `create or replace schema "s"`, `create schema d."s"`} {
		wantRefused(t, db, stmt, `a schema "s" whose name differs only in case from schema S`)
	}
	mustExec(t, db, `create schema "low"`)
	wantRefused(t, db, `create schema LOW`, `a schema LOW whose name differs only in case from schema "low"`)
	mustExec(t, db, `create table "low".x(a int)`, `create schema if not exists "low"`)
}

// TestCaseDatabaseNames: "d" is not database D.
func TestCaseDatabaseNames(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database D", "create table t(a int)", "insert into t values (1)")
	missing := "SQL compilation error:\nDatabase '\"d\"' does not exist or not authorized."
	for _, stmt := range []string{
		`select * from "d".public.t`,
		`insert into "d".public.t values (2)`,
		`create table "d".public.t2(a int)`,
		`create schema "d".s2`,
		`show schemas in database "d"`,
	} {
		wantError(t, db, stmt, 2003, missing)
	}
	wantError(t, db, `use database "d"`, 2003, "Object does not exist, or operation cannot be performed.")
	wantRefused(t, db, `create database "d"`, `a database "d" whose name differs only in case from database D`)
	wantRefused(t, db, `create database if not exists "d"`, `a database "d" whose name differs only in case from database D`)
	if got := queryValue(t, db, `select count(*) from D.PUBLIC.T`); got != "1" {
		t.Errorf("D.PUBLIC.T = %s rows, want 1", got)
	}
}

// TestCaseTemporaryTables: a temporary table "t" does not hide a permanent
// T, nor a temporary T a permanent "t" (Snowflake reads the table named
// exactly); DuckDB would read the temporary one for either name. Such a
// name is refused; the temporary table's own name and qualified names of
// the permanent one still work.
func TestCaseTemporaryTables(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d", "create table t(a int)", "insert into t values (1)",
		`create temporary table "t"(b int)`, `insert into "t" values (2)`)
	const tempT = `a table name T that differs only in case from the temporary table "t"`
	for _, stmt := range []string{
		`select * from T`,
		`select * from t`,
		`insert into T values (3)`,
		`update T set a = 4`,
		`delete from T`,
		`drop table T`,
		`create table t2 as select * from T`,
		`select * from identifier('T')`,
	} {
		wantRefused(t, db, stmt, tempT)
	}
	if got := queryValue(t, db, `select b from "t"`); got != "2" {
		t.Errorf(`temporary "t" = %s, want 2`, got)
	}
	if got := queryValue(t, db, `select a from d.public.t`); got != "1" {
		t.Errorf("d.public.t = %s, want 1", got)
	}
	// A CTE named T is no table.
	if got := queryValue(t, db, `with T as (select 5 as c) select c from T`); got != "5" {
		t.Errorf("CTE T = %s, want 5", got)
	}

	db2 := open(t)
	mustExec(t, db2, "create database d", `create table "t"(a int)`, `insert into "t" values (1)`,
		`create temporary table T(b int)`, `insert into T values (2)`)
	wantRefused(t, db2, `select * from "t"`, `a table name "t" that differs only in case from the temporary table T`)
	if got := queryValue(t, db2, `select a from d.public."t"`); got != "1" {
		t.Errorf(`d.public."t" = %s, want 1`, got)
	}
	if got := queryValue(t, db2, `select b from T`); got != "2" {
		t.Errorf("temporary T = %s, want 2", got)
	}
}

// TestCaseColumnNames: "a" and A are two columns in Snowflake; DuckDB
// cannot hold both (its "Column with name A already exists!", or a table
// or view made from a query renaming the second A_1). Refused.
func TestCaseColumnNames(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d", `create table t("a" int, b int)`)
	const both = `columns whose names differ only in case ("a" and A)`
	for _, stmt := range []string{
		`create table t2("a" int, "A" int)`,
		`alter table t add column "A" int`,
		`alter table t add column a int`,
		`alter table t rename column b to "A"`,
		`create table t3 as select 1 as "a", 2 as "A"`,
		`create table t4("a", "A") as select 1, 2`,
		`create view v as select 1 as "a", 2 as "A"`,
		`create view v2("a", "A") as select 1, 2`,
		`create view v3 as select * from t, (select 1 as "A")`,
	} {
		wantRefused(t, db, stmt, both)
	}
	// Names that differ otherwise still make their columns.
	mustExec(t, db, `create table t5 as select 1 as "a", 2 as "b"`, `create view v5 as select 1 as "a", 2 as "A_1"`)
	cols, _ := queryRows(t, db, `select * from v5`)
	if len(cols) != 2 || cols[0] != "a" || cols[1] != "A_1" {
		t.Errorf("v5 columns = %v, want [a A_1]", cols)
	}
}
