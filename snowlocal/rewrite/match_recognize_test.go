package rewrite

import (
	"strings"
	"testing"
)

// TestMatchRecognizeMalformed: a clause cut short anywhere, or garbled,
// fails with an error (a syntax error or 002040), never a panic.
func TestMatchRecognizeMalformed(t *testing.T) {
	opts := Options{MatchRecognizeRows: func(string) ([][]int64, error) {
		return [][]int64{{1, 1, 1, 1, 1}, {2, 1, 1, 0, 1}}, nil
	}}
	full := `select * from t match_recognize(partition by k order by ts measures match_number() as mn,
		first(a.x) as f, count(b.*) as n all rows per match with unmatched rows after match skip to first b
		pattern (^ a+? (b | a){1,3} $) define a as x > prev(x), b as avg(x) over (rows between 1 preceding and current row) > 1) m`
	words := strings.Fields(full)
	for i := range words {
		for _, stmt := range []string{strings.Join(words[:i], " "), strings.Join(words[:i], " ") + ")",
			strings.Join(append(append([]string(nil), words[:i]...), words[i+1:]...), " ")} {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s: panic %v", stmt, r)
					}
				}()
				Rewrite(stmt, opts) //nolint:errcheck // only a panic fails
			}()
		}
	}
	full = strings.Replace(full, "to first b", "to next row", 1) // b is in no match of the rows above
	if _, err := Rewrite(full, opts); err != nil {
		t.Fatalf("%s: %v", full, err)
	}
}
