package detections

import (
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The diffs here are hand-written rather than go-cmp's: go-cmp formats types
// with reflect.Type.Method, and any reachable call of that kind makes the
// linker keep every exported method in the binary (several MB of the host
// build). Rows are JSON-decoded values (or strings), for which
// reflect.DeepEqual is go-cmp's equality.

// diffByKey diffs two keyed result sets, returning in key order which keys
// were added, removed or changed.
func diffByKey(before, after map[string]Row) (added, removed, changed []string) {
	for _, k := range slices.Sorted(maps.Keys(after)) {
		b, ok := before[k]
		switch {
		case !ok:
			added = append(added, k)
		case !reflect.DeepEqual(b, after[k]):
			changed = append(changed, k)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(before)) {
		if _, ok := after[k]; !ok {
			removed = append(removed, k)
		}
	}
	return added, removed, changed
}

// diffRows shows how got differs from want, one row a line: "-" rows only
// wanted, "+" rows only returned, " " rows in both (a longest common
// subsequence of the two sorted lists). It is "" when they are equal.
func diffRows(want, got []map[string]string) string {
	w, g := rowLines(want), rowLines(got)
	if slices.Equal(w, g) {
		return ""
	}
	// lcs[i][j] is the length of the longest common subsequence of w[i:] and g[j:].
	lcs := make([][]int, len(w)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var b strings.Builder
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			b.WriteString("  " + w[i] + "\n")
			i, j = i+1, j+1
		case j == len(g) || (i < len(w) && lcs[i+1][j] >= lcs[i][j+1]):
			b.WriteString("- " + w[i] + "\n")
			i++
		default:
			b.WriteString("+ " + g[j] + "\n")
			j++
		}
	}
	return b.String()
}

// rowLines renders each row as {COL: "value", …} with its columns sorted.
func rowLines(rows []map[string]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		var b strings.Builder
		b.WriteByte('{')
		for n, c := range slices.Sorted(maps.Keys(r)) {
			if n > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c + ": " + strconv.Quote(r[c]))
		}
		b.WriteByte('}')
		out[i] = b.String()
	}
	return out
}
