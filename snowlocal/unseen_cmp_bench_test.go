package snowlocal_test

import "testing"

// Comparisons over a CTE's columns, whose types only DuckDB sees, on 1M
// rows (varchar_unseen_cmp.go): a DATE or TIMESTAMP column compared with a
// date keeps its filter on the table scan; a VARCHAR one converts as
// Snowflake's cast does.
func BenchmarkUnseenDateComparison(b *testing.B) {
	db := benchDB(b, "create database bench", // bench_test.go
		`create table ev as select dateadd(second, seq4(), '2024-01-01'::timestamp_ntz) as ts,
		to_date(dateadd(second, seq4(), '2024-01-01'::timestamp_ntz)) as dd,
		to_varchar(to_date(dateadd(second, seq4(), '2024-01-01'::timestamp_ntz))) as s, seq4() as id
		from table(generator(rowcount => 1000000))`)
	for _, c := range []struct{ name, q string }{
		{"date", `with c as (select dd from ev) select count(*) from c where dd = DATE '2024-01-05'`},
		{"timestamp_range", `with c as (select ts from ev) select count(*) from c where ts >= TIMESTAMP '2024-01-05 00:00:00' and ts < TIMESTAMP '2024-01-06 00:00:00'`},
		{"join", `with a as (select id, dd from ev), b as (select id, dd from ev) select count(*) from a join b on a.id = b.id and a.dd = b.dd`},
		{"varchar", `with c as (select s from ev) select count(*) from c where s = DATE '2024-01-05'`},
		// (A base table's VARCHAR column, which datetime_textcol.go converts.)
		{"varchar_base", `select count(*) from ev where s = DATE '2024-01-05'`},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				var n int64
				if err := db.QueryRow(c.q).Scan(&n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
