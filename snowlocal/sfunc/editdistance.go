package sfunc

import (
	"database/sql/driver"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// EDITDISTANCE (docs: editdistance): the Levenshtein distance counted in
// characters (DuckDB's levenshtein counts bytes, so 'ß' against '?' would
// be 2), capped at max_distance when one is given (a negative cap is 0).

func editDistanceFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_EDITDISTANCE": {in: []duckdb.Type{text, text}, out: i64, fn: func(a []driver.Value) (any, error) {
			return int64(EditDistance(a[0].(string), a[1].(string), -1)), nil
		}},
		"_SF_GO_EDITDISTANCE_MAX": {in: []duckdb.Type{text, text, i64}, out: i64, fn: func(a []driver.Value) (any, error) {
			m := a[2].(int64)
			if m < 0 {
				m = 0
			}
			return int64(EditDistance(a[0].(string), a[1].(string), int(min(m, 1<<30)))), nil
		}},
	}
}

// EditDistance is the Levenshtein distance of a and b in characters,
// capped at max when max >= 0.
func EditDistance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if max >= 0 && rowMin >= max {
			return max
		}
		prev, cur = cur, prev
	}
	d := prev[len(rb)]
	if max >= 0 && d > max {
		return max
	}
	return d
}
