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
