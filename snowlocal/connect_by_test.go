package snowlocal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConnectBy: hierarchical queries as the CONNECT BY page documents
// them — LEVEL (1 at the top), CONNECT_BY_ROOT, SYS_CONNECT_BY_PATH, PRIOR
// on either side, and WHERE filters applied after the hierarchy is built
// ("filters in a WHERE clause are processed after the CONNECT BY"), so a
// row filtered out still leads to its subordinates.
func TestConnectBy(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"create table employees (title varchar, employee_ID integer, manager_ID integer)",
		`insert into employees (title, employee_ID, manager_ID) values
		    ('President', 1, NULL), ('Vice President Engineering', 10, 1), ('Programmer', 100, 10),
		    ('QA Engineer', 101, 10), ('Vice President HR', 20, 1), ('Health Insurance Analyst', 200, 20)`)
	for _, c := range []struct {
		q    string
		cols []string
		rows [][]string
	}{
		// LEVEL as a result column is cast: its NUMBER's precision is not
		// documented (intwidth_refusal_test.go).
		{`select employee_id, level::number(38, 0) as level, connect_by_root title as root from employees e
		    start with title = 'President' connect by prior e.employee_id = e.manager_id
		    where title <> 'Vice President HR' order by employee_id`,
			[]string{"EMPLOYEE_ID", "LEVEL", "ROOT"},
			[][]string{{"1", "1", "President"}, {"10", "2", "President"}, {"100", "3", "President"}, {"101", "3", "President"}, {"200", "3", "President"}}},
		// Two roots; LEVEL in WHERE and ORDER BY; the path of a number.
		{`select sys_connect_by_path(employee_id, '/') p, * from employees
		    start with manager_id = 1 connect by manager_id = prior employee_id
		    where level = 2 order by level, p`,
			[]string{"P", "TITLE", "EMPLOYEE_ID", "MANAGER_ID"},
			[][]string{{"/10/100", "Programmer", "100", "10"}, {"/10/101", "QA Engineer", "101", "10"}, {"/20/200", "Health Insurance Analyst", "200", "20"}}},
		// Aggregates over the hierarchy; an unaliased item keeps its name.
		{`select max(level)::number(38, 0) as "MAX(LEVEL)", count(*) from employees start with employee_id = 1 connect by manager_id = prior employee_id`,
			[]string{"MAX(LEVEL)", "COUNT(*)"}, [][]string{{"3", "6"}}},
		// In a subquery beside other SQL.
		{`select count(*) from (select title from employees start with employee_id = 10 connect by manager_id = prior employee_id) where title like '%er%'`,
			[]string{"COUNT(*)"}, [][]string{{"3"}}},
	} {
		cols, rows := queryRows(t, db, c.q)
		if diff := cmp.Diff(c.cols, cols); diff != "" {
			t.Errorf("%s: columns (-want +got):\n%s", c.q, diff)
		}
		if diff := cmp.Diff(c.rows, rows); diff != "" {
			t.Errorf("%s: rows (-want +got):\n%s", c.q, diff)
		}
	}
	// What the docs do not pin is refused.
	mustExec(t, db, "create table loop (id int, parent int)", "insert into loop values (1, 2), (2, 1)",
		"create table gaps (id int, parent int, name varchar)", "insert into gaps values (1, null, 'a'), (2, 1, null)")
	for q, part := range map[string]string{
		"select id from loop start with id = 1 connect by parent = prior id":                                      "CONNECT BY deeper than 300 levels",
		"select sys_connect_by_path(name, '/') from gaps start with id = 1 connect by parent = prior id":          "SYS_CONNECT_BY_PATH of a NULL value",
		"select id from loop start with level = 1 connect by parent = prior id":                                   "in START WITH",
		"select id from loop connect by parent = prior id":                                                        "CONNECT BY without START WITH",
		"select id from loop start with id = 1 connect by parent = id":                                            "without exactly one PRIOR",
		"select id from loop start with id = 1 connect by parent > prior id":                                      "other than an equality of columns",
		"select prior id from loop start with id = 1 connect by parent = prior id":                                "PRIOR outside CONNECT BY",
		"select l.id from loop l join gaps g on l.id = g.id start with l.id = 1 connect by l.parent = prior l.id": "a join",
		"select id from (select * from loop) start with id = 1 connect by parent = prior id":                      "a data source other than a table or view",
	} {
		wantRefused(t, db, q, part)
	}
	// START WITH elsewhere is not a hierarchy.
	mustExec(t, db, "create sequence s start with 5 increment by 1")
	if _, rows := queryRows(t, db, "select s.nextval"); len(rows) != 1 || rows[0][0] != "5" {
		t.Errorf("sequence START WITH 5: first value %v", rows)
	}
}
