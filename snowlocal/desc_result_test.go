package snowlocal_test

import (
	"strings"
	"testing"
)

// DESCRIBE RESULT LAST_QUERY_ID() prints the ten columns the desc-result
// page shows for the boston_sales query, one row per result column.
func TestDescribeResult(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database d",
		"create table boston_sales (city varchar, sq__ft number, sale_date date, price number(10,2), ok boolean, f float)",
		"insert into boston_sales values ('MA-Lexington', 836, '0016-01-25', 59222, true, 1.5)",
	)
	mustExec(t, db, "select * from boston_sales")
	cols, rows := queryRows(t, db, "desc result last_query_id()")
	wantCols := "name|type|kind|null?|default|primary key|unique key|check|expression|comment"
	if got := strings.Join(cols, "|"); got != wantCols {
		t.Fatalf("columns = %s", got)
	}
	var got []string
	for _, r := range rows { // queryRows reads NULL as ""
		got = append(got, strings.Join(r, " "))
	}
	want := []string{ // <NULL>: the page's NULL
		"CITY VARCHAR(16777216) COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
		"SQ__FT NUMBER(38,0) COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
		"SALE_DATE DATE COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
		"PRICE NUMBER(10,2) COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
		"OK BOOLEAN COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
		"F FLOAT COLUMN Y <NULL> N N <NULL> <NULL> <NULL>",
	}
	if strings.Join(got, "\n") != strings.ReplaceAll(strings.Join(want, "\n"), "<NULL>", "") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A widthless text (its DESCRIBE RESULT text is not pinned), a query
	// the session did not run, and other arguments are refused.
	mustExec(t, db, "select to_varchar(1) as v")
	for _, q := range []string{
		"desc result last_query_id()",
		"desc result '01b2c3d4-0000-0000-0000-000000000000'",
		"desc result last_query_id(x)",
	} {
		if err := queryErr(db, q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
}
