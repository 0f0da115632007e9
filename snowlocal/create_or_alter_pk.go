package snowlocal

import (
	"context"
	"fmt"
)

// An inline PRIMARY KEY added to an existing column by CREATE OR ALTER
// TABLE makes the column NOT NULL as CREATE TABLE would (docs:
// sql/create-table, CREATE OR ALTER TABLE: "Setting or unsetting an inline
// primary key changes the nullability of the column ... CREATE TABLE t(a
// INT); CREATE OR ALTER TABLE t(a INT PRIMARY KEY);" then DESC TABLE t
// shows A NUMBER(38,0) null? N, primary key Y), unlike ALTER TABLE ... ADD
// PRIMARY KEY, which leaves the nullability alone.

// coaAddsPrimaryKey reports whether a column's DESC TABLE row changes from
// old to new only by gaining the primary key and losing null? Y, as that
// example's column does.
func coaAddsPrimaryKey(heads, old, new []string) bool {
	for j, h := range heads {
		switch {
		case h == "primary key":
			if old[j] != "N" || new[j] != "Y" {
				return false
			}
		case h == "null?":
			if old[j] != "Y" || new[j] != "N" {
				return false
			}
		case old[j] != new[j]:
			return false
		}
	}
	return true
}

// coaPrimaryKeyPlan is the ALTER TABLE actions giving column col of table
// the primary key: NOT NULL, then the constraint. A table with a primary
// key already (which the new definition would move or widen) is refused.
// A NULL in the column is Snowflake's error 001471 as the docs print it
// (sql/create-table, CREATE OR ALTER TABLE t(a INT PRIMARY KEY) after
// INSERT INTO t VALUES (null)).
func (s *Session) coaPrimaryKeyPlan(ctx context.Context, table, col string, heads []string, oldRows map[string][]string) ([]string, error) {
	for j, h := range heads {
		if h != "primary key" {
			continue
		}
		for _, row := range oldRows {
			if row[j] == "Y" {
				return nil, coaUnsupported("CREATE OR ALTER TABLE changing column " + col + "'s primary key of a table with a primary key")
			}
		}
	}
	res, err := s.execStatement(ctx, fmt.Sprintf("SELECT COUNT(*) FROM %s WHERE %s IS NULL", table, quoteIdent(col)), nil)
	if err != nil {
		return nil, err
	}
	if len(res.Rows) != 1 || len(res.Rows[0]) != 1 || res.Rows[0][0] == nil || *res.Rows[0][0] != "0" {
		return nil, Errorf("001471", "42601", "SQL compilation error:\nColumn '%s' contains null values. Not null constraint cannot be added.", col)
	}
	return []string{"ALTER COLUMN " + quoteIdent(col) + " SET NOT NULL", "ADD PRIMARY KEY (" + quoteIdent(col) + ")"}, nil
}
