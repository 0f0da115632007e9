package sfunc

import (
	"database/sql/driver"
	"math"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// JaroWinkler is JAROWINKLER_SIMILARITY: an integer from 0 to 100 (docs:
// jarowinkler_similarity: case-insensitive, scaling factor 0.1). The docs
// do not give the formula's details; these reproduce every value of their
// example (DuckDB's jaro_winkler_similarity gives 57, 96, 95, 52 and 72
// where they show 56, 98, 97, 61 and 77): characters match within
// max(len)/2 - 1 positions, the transpositions are half the out-of-order
// matches rounded down, the common prefix is not capped at four characters,
// and the score is truncated. A common prefix longer than the docs' longest
// (7 characters) of two different strings is refused: past 10 the formula
// would exceed 100, so Snowflake caps it somewhere the docs do not show.
func JaroWinkler(s, t string) (int64, error) {
	a, b := []rune(strings.ToLower(s)), []rune(strings.ToLower(t))
	j := jaro(a, b)
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	if p > 7 && string(a) != string(b) {
		return 0, &UnsupportedError{What: "JAROWINKLER_SIMILARITY of strings sharing a prefix longer than 7 characters"}
	}
	return int64(math.Floor((j + float64(p)*0.1*(1-j)) * 100)), nil
}

func jaro(a, b []rune) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	window := max(max(len(a), len(b))/2-1, 0)
	am, bm := make([]bool, len(a)), make([]bool, len(b))
	m := 0
	for i := range a {
		for k := max(0, i-window); k <= min(len(b)-1, i+window); k++ {
			if !bm[k] && a[i] == b[k] {
				am[i], bm[k] = true, true
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	out, k := 0, 0
	for i := range a {
		if !am[i] {
			continue
		}
		for !bm[k] {
			k++
		}
		if a[i] != b[k] {
			out++
		}
		k++
	}
	fm := float64(m)
	return (fm/float64(len(a)) + fm/float64(len(b)) + (fm-float64(out/2))/fm) / 3
}

func jaroWinklerFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_JAROWINKLER": {in: []duckdb.Type{text, text}, out: i64, fn: func(a []driver.Value) (any, error) {
			return JaroWinkler(a[0].(string), a[1].(string))
		}},
		"_SF_GO_SOUNDEX_P123": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return SoundexP123(a[0].(string)), nil
		}},
	}
}
