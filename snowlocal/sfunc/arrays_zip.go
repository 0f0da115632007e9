package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ARRAYS_ZIP(array [, array ...]) (docs: arrays_zip): the nth object holds
// the nth element of each input under the keys "$1", "$2", ...; a shorter
// array gives JSON nulls; all inputs empty give [{}]. The rewriter passes
// the inputs as one JSON array of arrays (and answers NULL for a NULL
// input). Elements travel as raw JSON text, so numbers keep their text.

func arraysZipFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_ARRAYS_ZIP": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArraysZip(a[0].(string))
		}},
	}
}

// ArraysZip zips the arrays of the JSON array arrays.
func ArraysZip(arrays string) (string, error) {
	var ins []json.RawMessage
	if err := json.Unmarshal([]byte(arrays), &ins); err != nil {
		return "", fmt.Errorf("ARRAYS_ZIP: %v", err)
	}
	lists := make([][]json.RawMessage, len(ins))
	n := 0
	for i, in := range ins {
		if err := json.Unmarshal(in, &lists[i]); err != nil || lists[i] == nil {
			// Snowflake's error for an argument that is not an ARRAY is
			// not documented.
			return "", &UnsupportedError{What: "ARRAYS_ZIP of a value that is not an ARRAY"}
		}
		n = max(n, len(lists[i]))
	}
	var b strings.Builder
	b.WriteByte('[')
	for row := 0; row < max(n, 1); row++ {
		if row > 0 {
			b.WriteByte(',')
		}
		m := map[string]json.RawMessage{}
		if n > 0 {
			for i, l := range lists {
				v := json.RawMessage("null")
				if row < len(l) {
					v = l[row]
				}
				m[fmt.Sprintf("$%d", i+1)] = v
			}
		}
		s, _ := encodeObject(m)
		b.WriteString(s)
	}
	b.WriteByte(']')
	return b.String(), nil
}
