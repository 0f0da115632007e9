package snowlocal_test

import "testing"

// TestCheckConstraintRefused: Snowflake enforces CHECK constraints (docs:
// https://docs.snowflake.com/en/sql-reference/sql/create-table-constraint,
// "For standard Snowflake tables, NOT NULL and CHECK are the only types of
// constraints that are enforced"; its INSERT of quantity -5 fails). An
// inline CHECK was a 001003 syntax error, an out-of-line CONSTRAINT ...
// CHECK was dropped (so the INSERT succeeded), and ALTER TABLE ... ADD
// CONSTRAINT ... CHECK was a syntax error. All are refused.
func TestCheckConstraintRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chk", "create table t (a int, b int)")
	for q, part := range map[string]string{
		"CREATE TABLE test_check_constraint_orders (order_id INT, quantity INT CHECK (quantity > 0), price NUMBER(10, 2))":                "CHECK constraint",
		"CREATE TABLE m (order_id INT, price NUMBER(10, 2), max_price NUMBER(10, 2), CONSTRAINT chk_price_max CHECK (price < max_price))": "CHECK constraint",
		"CREATE TABLE m2 (price INT, max_price INT, CHECK (price < max_price))":                                                           "CHECK constraint",
		"ALTER TABLE t ADD CONSTRAINT c1 CHECK (a > 0)":                                                                                   "CHECK constraint",
		"ALTER TABLE t ADD CHECK (a > 0)":                            "CHECK constraint",
		"ALTER TABLE t ADD COLUMN c INT CONSTRAINT c2 CHECK (c > 0)": "CHECK constraint",
	} {
		wantRefused(t, db, q, part)
	}
}
