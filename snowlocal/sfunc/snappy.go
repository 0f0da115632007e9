package sfunc

import (
	"database/sql/driver"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/golang/snappy"
)

// DECOMPRESS_BINARY and DECOMPRESS_STRING with the SNAPPY method
// (rewrite/funcs_compress.go) call _SF_GO_SNAPPY_UNCOMPRESS(data, text):
// the uncompressed bytes of data, a Snappy block (the raw format, not the
// framing one: the docs' COMPRESS('Snowflake', 'SNAPPY') is
// 0920536E6F77666C616B65, a length of 9 and one literal), or NULL where data
// is not a valid block, its uncompressed length is over maxSnappyDecoded,
// or, text being true, the bytes are not UTF-8. The SQL around the call
// refuses those rows (002040): the docs do not give Snowflake's error for
// them.
//
// github.com/golang/snappy decodes the block: it is the Go port of Google's
// Snappy by its authors and, unlike klauspost/compress/snappy (which decodes
// with S2 and accepts S2's extensions), rejects whatever is not Snappy.

// maxSnappyDecoded bounds the length a block may claim, which Decode
// allocates before reading the block: BINARY's largest value (64 MB).
const maxSnappyDecoded = 67108864

func snappyFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_SNAPPY_UNCOMPRESS": {in: []duckdb.Type{blob, flag}, out: blob, fn: func(a []driver.Value) (any, error) {
			data, _ := a[0].([]byte)
			text, _ := a[1].(bool)
			return snappyDecode(data, text), nil
		}},
	}
}

// snappyDecode is the uncompressed form of the Snappy block data, or nil (see
// _SF_GO_SNAPPY_UNCOMPRESS).
func snappyDecode(data []byte, text bool) any {
	n, err := snappy.DecodedLen(data)
	if err != nil || n > maxSnappyDecoded {
		return nil
	}
	out, err := snappy.Decode(nil, data)
	if err != nil || text && !utf8.Valid(out) {
		return nil
	}
	if out == nil {
		out = []byte{} // an empty block: an empty value, not NULL
	}
	return out
}
