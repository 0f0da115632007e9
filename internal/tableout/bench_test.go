package tableout

import (
	"io"
	"strconv"
	"testing"
	"time"
)

// benchRows is a detection-sized result: 10,000 rows of typical columns.
func benchRows() [][]any {
	rows := make([][]any, 10000)
	at := time.Date(2024, 3, 9, 14, 5, 6, 0, time.UTC)
	for i := range rows {
		rows[i] = []any{strconv.Itoa(i), "10.0.0." + strconv.Itoa(i%255), "GET /index.html HTTP/1.1", "200",
			`{"agent":"curl/8.0","referer":null}`, at}
	}
	return rows
}

var benchCols = []Column{{"N", "FIXED"}, {"HOST", "TEXT"}, {"REQUEST", "TEXT"}, {"CODE", "FIXED"},
	{"RECORD", "VARIANT"}, {"TIME", "TIMESTAMP_NTZ"}}

func benchmarkFormat(b *testing.B, f Format) {
	rows := benchRows()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := NewWriter(io.Discard, f).Write(benchCols, rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkTable10k(b *testing.B) { benchmarkFormat(b, Table) }
func BenchmarkJSON10k(b *testing.B)  { benchmarkFormat(b, JSON) }
func BenchmarkCSV10k(b *testing.B)   { benchmarkFormat(b, CSV) }
