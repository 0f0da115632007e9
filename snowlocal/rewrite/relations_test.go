package rewrite

import (
	"fmt"
	"strings"
	"testing"
)

func TestReferences(t *testing.T) {
	cases := []struct {
		stmt  string
		rels  string // name:write, in order
		calls string
	}{
		{"select * from t", "T:", ""},
		{"select a from db.s.t x join \"Mixed\".u on x.id = u.id, v where a in (select b from w)", "DB.S.T: Mixed.U: V: W:", ""},
		{"with c as (select * from base) select * from c join other using (id)", "BASE: OTHER:", ""},
		{"insert into t (a, b) select a, b from s", "T:INSERT S:", ""},
		{"update t set a = 1 from s where t.id = s.id", "T:UPDATE S:", ""},
		{"delete from t using s where t.id = s.id", "T:DELETE S:", ""},
		{"merge into t using s on t.id = s.id when matched then update set a = s.a", "T:MERGE S:", ""},
		{"truncate table if exists db.s.t", "DB.S.T:TRUNCATE", ""},
		{"select extract(year from ts), trim(both 'x' from name) from t", "T:", "EXTRACT TRIM"},
		{"select f.value from t, lateral flatten(input => t.v) f", "T:", "FLATTEN"},
		{"select * from table(my_udtf(1)) join t2 on true", "T2:", "MY_UDTF"},
		{"select $1 from @stage (pattern => '.*')", "", ""},
		{"select db.s.fn(a) from (select a from t)", "T:", "DB.S.FN"},
		{"create table x as select * from y", "Y:", ""},
		{"create table x clone y", "Y:", ""},
	}
	for _, c := range cases {
		rels, calls, err := References(c.stmt)
		if err != nil {
			t.Fatalf("%s: %v", c.stmt, err)
		}
		var got []string
		for _, r := range rels {
			got = append(got, strings.Join(r.Parts, ".")+":"+r.Write)
		}
		var gotCalls []string
		for _, p := range calls {
			gotCalls = append(gotCalls, strings.Join(p, "."))
		}
		if g := strings.Join(got, " "); g != c.rels {
			t.Errorf("%s\nrelations %q, want %q", c.stmt, g, c.rels)
		}
		if g := strings.Join(gotCalls, " "); g != c.calls {
			t.Errorf("%s\ncalls %s, want %s", c.stmt, g, fmt.Sprint(c.calls))
		}
	}
}
