package snowlocal_test

import (
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// BenchmarkBoundQuery: a small statement with ? binds, which the engine
// rewrites twice (once as sent, then with its binds numbered: rewrite/binds.go),
// against the same statement with the values written as constants. The
// difference is the second rewrite plus the binds' decoding.
func BenchmarkBoundQuery(b *testing.B) {
	db := benchDB(b, "create database bench", // bench_test.go
		`create table ev as select dateadd(second, seq4(), '2024-01-01'::timestamp_ntz) as ts, seq4() as id, 'u' || (seq4() % 100) as usr
		from table(generator(rowcount => 1000))`)
	from := time.Date(2024, 1, 1, 0, 5, 0, 0, time.UTC)
	b.Run("constants", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var n int64
			if err := db.QueryRow(`select count(*) from ev where ts >= '2024-01-01 00:05:00'::timestamp_ntz and usr = 'u7' and id > 10`).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("binds", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var n int64
			if err := db.QueryRow(`select count(*) from ev where ts >= ? and usr = ? and id > ?`, sf.DataTypeTimestampNtz, from, "u7", 10).Scan(&n); err != nil {
				b.Fatal(err)
			}
		}
	})
}
