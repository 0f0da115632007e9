package snowlocal_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// duckWords are DuckDB's own words in its error texts; none reaches a user.
var duckWords = []string{"Binder Error", "Parser Error", "Catalog Error", "Conversion Error",
	"Invalid Input Error", "Not implemented Error", "Out of Range Error", "Constraint Error",
	"INTERNAL Error", "TransactionContext Error", "DuckDB", "duckdb", "_SF_", "at or near"}

// TestNothingDuckDBOnlyGetsThrough sends DuckDB-only syntax, operators
// Snowflake does not have, Snowflake constructs the engine lacks and
// malformed statements through gosnowflake: each fails with the Snowflake
// code listed (001003 syntax error where Snowflake has no such syntax,
// 002040 where Snowflake has it and the engine does not) and no message
// carries DuckDB's words. Operators: https://docs.snowflake.com/en/sql-reference/operators
func TestNothingDuckDBOnlyGetsThrough(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database if not exists duckonly", "use schema duckonly.public",
		"create or replace table t (a int, b varchar, v variant)",
		"insert into t select 1, 'x', parse_json('{\"k\": 2}')")
	cases := []struct {
		sql  string
		code int // 0: any Snowflake code
	}{
		// DuckDB operators Snowflake does not have (arithmetic: + - * / %,
		// comparison: = != <> < <= > >=, ||, and the spread ** only as an argument).
		{"select 2**3", 1003},
		{"select 2 ** 0.5", 1003},
		{"select 2 ^ 3", 1003},
		{"select -2 ^ 2", 1003},
		{"select 1 << 2", 1003},
		{"select 8 >> 1", 1003},
		{"select 5 & 3", 1003},
		{"select 5 | 3", 1003},
		{"select ~5", 1003},
		{"select 'abc' ~~ 'a%'", 1003},
		{"select 'abc' !~~ 'x'", 1003},
		{"select 'abc' ~~* 'A%'", 1003},
		{"select 'abc' ^@ 'a'", 1003},
		{"select 1 == 1", 1003},
		{"select 1 <=> 1", 1003},
		{"select !true", 1003},
		{"select 1 ! = 2", 1003},
		{"select 1 !< 2", 1003},
		{"select #1 from (select 1)", 1003},
		{"select a from t order by #1", 1003},
		{"select 1 -> 2", 1003},
		{"select x -> x + 1", 1003},
		{"select 1 := 2", 1003},
		{"select v->'k' from t", 1003},
		{"select v->>'k' from t", 1003},
		{"select @1", 1003},
		{"select 1 @ 2", 1003},
		{"select [1, 2] && [2]", 1003},
		{"select [1, 2] @> [2]", 1003},
		{"select 'a' = = 'a'", 1003},
		{"select 1 +", 1003},
		{"select a from t where a >", 1003},
		{"select 1 limit 10%", 1003},
		{"select 1 limit 10 percent", 1003},
		{"select a from t limit all", 1003},
		{"select a from t limit 1, 2", 1003},
		{"select a from t limit 1 + 1", 1003},
		{"select a from t where a = any([1, 2])", 1003},
		{"select a from t where a = any (1, 2)", 1003},
		// A VALUES list where a query goes (DuckDB's, PostgreSQL's):
		// Snowflake's VALUES is a FROM clause's subclause and INSERT's
		// (docs: VALUES).
		{"values (1), (2)", 1003},
		{"(values (1))", 1003},
		{"select 1 union all values (22)", 1003},
		{"select 1 union all (values (22))", 1003},
		{"with c as (values (1)) select * from c", 1003},
		{"select a from t where a in (values (1))", 1003},
		{"create or replace view vv as values (1)", 1003},
		// DuckDB predicates and clauses.
		{"select 1 is true", 1003},
		{"select 1 is not false", 1003},
		{"select null is unknown", 1003},
		{"select 1 not null", 1003},
		{"select 1 isnull", 0}, // an alias in Snowflake: answers (checked below)
		{"select 'ab' glob 'a*'", 1003},
		{"select 'ab' similar to 'a.*'", 1003},
		{"select 'ab' not similar to 'a.*'", 1003},
		{"select count(*) filter (where a > 0) from t", 1003},
		{"select sum(a) over w from t window w as (order by a)", 1003},
		{"select a from t qualify row_number() over (order by a) = 1 window w as (order by a)", 1003},
		{"select 1 in [1, 2]", 1003},
		{"select [x + 1 for x in [1, 2]]", 1003},
		{"select interval 1 day", 1003},
		{"select substring('abc' from 2 for 1)", 1003},
		{"select trim(both 'x' from 'xax')", 1003},
		{"select 'ab' a 'cd'", 1003},
		{"select * from t x y", 1003},
		{"select a from t t1 positional join t t2", 0},
		{"select * from t using sample 10%", 1003},
		{"select a from t order by a using <", 1003},
		{"insert into t (a) values (1) on conflict do nothing", 1003},
		{"insert into t (a) values (1) returning a", 1003},
		{"select {'a': 1}.a", 1003},
		{"select 'abc'[1:2]", 1003},
		{"select sum(a) over (order by a rows between unbounded preceding and current row exclude current row) from t", 1003},
		{"select lag(a ignore nulls) over (order by a) from t", 1003},
		{"select max(a order by b) from t", 1003},
		{"select array_agg(a order by b) from t", 1003},
		{"select 1::int[]", 1003},
		{"select e'\\n'", 1003},
		// DuckDB statements and table functions.
		{"from t", 1003},
		{"pragma version", 1003},
		{"summarize t", 1003},
		{"select * from read_csv('x.csv')", 2140},
		{"select * from range(3)", 2140},
		{"select list_value(1, 2)", 2140},
		{"select columns('a') from t", 2140},
		// Snowflake constructs the engine does not implement.
		{"select greatest(** [1, 5, 3])", 2040},
		{"select a from t where a in (** [1, 2])", 2040},
		{"select * from t t1, t t2 where t1.a(+) = t2.a(+)", 2040},
		{"select * from t t1, t t2 where t1.a = t2.a (+) or t1.a = 1", 2040},
		{"select reduce([1, 2], 0, (acc, x) -> acc)", 2040},
		{"select reduce([1, 2], 1.5, (acc, x) -> acc + x)", 2040},
		{"select filter([1, 2], x -> x > (select 1))", 2040},
		{"select '5' + 1", 2040},
		{"select 1 + '5'", 2040},
		{"select -'3'", 2040},
		{"select b + 1 from t", 2040},
		{"select like('a', 'a')", 2040},
		{"select b, count(*) from t group by b order by all", 2040},
		{"select $4 from t", 904},
		{"select zz from t", 904},
		{"select zz", 904},
		{"select a from t group by b", 1104},
		{"select t1.a from t t1 join t t2 on t1.a = t2.a where a = 1", 2028},
		{"select x.a from t", 904},
		{"select 1 union select 1, 2", 0},
		{"select sum(sum(a)) from t", 0},
		{"select * from nosuchtable", 2003},
		{"select nosuchfunction(1)", 2140},
		// Malformed statements.
		{"select", 0},
		{"select 1,", 0},
		{"select (1", 0},
		{"select 1)", 0},
		{"select a from", 0},
		{"select * from t where", 1003},
		{"select * from t group by", 1003},
		{"select case when 1 then 2", 0},
		{"select cast(1 as)", 0},
		{"select 1::", 0},
		{"select 'a' || ", 0},
		{"select a from t order by", 0},
		{"insert into t values (1, 'a'", 0},
		{"update t set", 0},
		{"delete from t where", 0},
		{"create table", 0},
		{"select 1 from t t join t", 0},
		{"select interval", 0},
		{"select 1 between 0", 0},
		{"select a from t where a is", 0},
		{"select not", 1003},
		{"select exists", 0},
		{"select 1 in", 0},
	}
	for _, c := range cases {
		_, err := db.Exec(c.sql)
		if c.code == 0 && err == nil {
			continue // accepted, as Snowflake accepts it (checked elsewhere)
		}
		var se *sf.SnowflakeError
		if !errors.As(err, &se) {
			t.Errorf("%s\n=> %v; want a Snowflake error", c.sql, err)
			continue
		}
		if c.code != 0 && se.Number != c.code {
			t.Errorf("%s\n=> %06d %s; want %06d", c.sql, se.Number, se.Message, c.code)
		}
		for _, w := range duckWords {
			if strings.Contains(se.Message, w) {
				t.Errorf("%s\n=> %06d %s; DuckDB's words (%q) reach the user", c.sql, se.Number, se.Message, w)
			}
		}
	}
}

// TestSnowflakeOperatorsStillAnswer keeps the documented operators and
// the forms next to the refused ones answering as documented.
func TestSnowflakeOperatorsStillAnswer(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.json"), []byte("{\"a\": 1}\n{\"a\": 2}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "create database if not exists duckonly2", "use schema duckonly2.public",
		"create or replace table t (a int, b varchar)", "insert into t values (1, 'x'), (2, 'y')",
		"create or replace stage st", "create or replace file format jf type = json",
		fmt.Sprintf("put file://%s/f.json @st auto_compress = false", dir))
	cases := []struct{ sql, want string }{
		{"select 7 % 3, 7 / 2, -7 + +2, 2 * 3 - 1", "1|3.500000|-5|5"},
		{"select 1 != 2, 1 <> 1, 1 <= 1, 2 >= 3, 'a' || 'b'", "1|0|1|0|ab"},
		{"select 1 is distinct from 2, 1 is not distinct from 1, null is null, 1 is not null", "1|1|1|1"},
		{"select 'abc' not ilike 'A%', 'abc' not like 'x%', 2 not between 3 and 4, 1 not in (2, 3)", "0|1|1|1"},
		{"select count(*) from t where exists (select 1) and not exists (select 1 where false)", "2"},
		// (ANY/ALL "can't appear as an argument to an OR operator":
		// operators-subquery; joined by AND.)
		{"select count(*) from t where a >= any (select 1) and a >= all (select 1)", "2"},
		{"select count(*) from t where a = some (with c as (select 2 x) select x from c)", "1"},
		{"select a from t order by a limit 1 offset 1", "2"},
		{"select count(*) from (select a from t limit null offset '')", "2"},
		{"select count(*) from (select a from t limit '' offset null)", "2"},
		{"select count(*) from (select a from t limit $$$$ offset $$$$)", "2"},
		{"select $1::varchar, $2 from t where $1 = 2", "2|y"},
		{"select $1:a::int + 1 from @st (file_format => 'jf') order by 1 limit 1", "2"},
		{"select count(*) from @~", "0"},
		{"select a from t order by all desc limit 1", "2"},
		{"select b, count(*) from t group by all order by b limit 1", "x|1"},
		{"select date '2024-01-02' - 1", "2024-01-01 00:00:00 +0000 UTC"},
		{"select 1 isnull", "1"},
		{"select 1 // 2", "1"},
	}
	for _, c := range cases {
		rows, err := db.Query(c.sql)
		if err != nil {
			t.Errorf("%s\n=> %v; want %s", c.sql, err, c.want)
			continue
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var got []string
		if rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				got = append(got, fmt.Sprint(v))
			}
		}
		rows.Close()
		if g := strings.Join(got, "|"); g != c.want {
			t.Errorf("%s\n=> %s; want %s", c.sql, g, c.want)
		}
	}
}
