package snowlocal_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/warehouse"
)

// The overhead benchmark: the same analytic query over 1M rows, through the
// local engine (gosnowflake -> wire -> rewrite -> DuckDB) and on DuckDB directly.
const benchRows = 1_000_000

const benchQuery = `select remoteip, count(*) as requests, sum(bytessent) as total
from access group by remoteip order by total desc limit 10`

// benchLoad builds 1M rows in SQL both Snowflake and DuckDB accept: three
// cross-joined 100-row VALUES lists.
var benchLoad = func() string {
	var vals []string
	for i := 0; i < 100; i++ {
		vals = append(vals, fmt.Sprintf("(%d)", i))
	}
	v := strings.Join(vals, ",")
	return `create table access as
select '10.0.' || (i % 50) || '.' || (i % 250) as remoteip, (i * 7919) % 100000 as bytessent
from (select a.x::bigint * 10000 + b.x * 100 + c.x as i
      from (values ` + v + `) a(x), (values ` + v + `) b(x), (values ` + v + `) c(x)) t`
}()

func BenchmarkAnalyticQuery(b *testing.B) {
	b.Run("engine", func(b *testing.B) {
		db, err := warehouse.OpenLocal(context.Background(), "")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		if _, err := db.Exec("create database bench"); err != nil {
			b.Fatal(err)
		}
		if _, err := db.Exec(benchLoad); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			drain(b, db.DB)
		}
	})
	b.Run("duckdb", func(b *testing.B) {
		db, err := sql.Open("duckdb", "")
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		db.SetMaxOpenConns(1)
		if _, err := db.Exec(benchLoad); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			drain(b, db)
		}
	})
}

func drain(b *testing.B, db *sql.DB) {
	rows, err := db.Query(benchQuery)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	if n != 10 {
		b.Fatalf("got %d rows", n)
	}
}

// BenchmarkProductPrepare: a statement with a product of two NUMBER
// columns, alone and in a UNION ALL (whose guard repeats each item in
// the statement DuckDB binds), through the engine. The time is nearly all
// DuckDB's prepare: the product's type is Snowflake's scale and precision
// rule, written out by the rewriter where it knows the operands' types
// (types_mul.go) instead of a macro that works it out as DuckDB binds it.
func BenchmarkProductPrepare(b *testing.B) {
	db := benchDB(b, "create database bench",
		"create table t (a number(10,7), b number(10,7), c number(5,2))",
		"insert into t values (0.5000001, 0.2000000, 1.25)")
	for _, q := range []struct{ name, sql string }{
		{"product", "select a * b from t"},
		{"chain", "select a * b * c from t"},
		{"union", "select a * b from t union all select a * b from t"},
	} {
		b.Run(q.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var v string
				if err := db.QueryRow(q.sql).Scan(&v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// benchDB opens an in-memory engine through gosnowflake on one session,
// closed when b ends, and runs setup on it.
func benchDB(b *testing.B, setup ...string) *sql.DB {
	b.Helper()
	db, err := warehouse.OpenLocal(context.Background(), "")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	for _, s := range setup {
		if _, err := db.Exec(s); err != nil {
			b.Fatal(err)
		}
	}
	return db.DB
}
