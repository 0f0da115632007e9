package sfunc

import (
	"database/sql/driver"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Bitwise operations on BINARY values (docs: bitand, bitor, bitxor,
// bitnot, bitshiftleft, bitshiftright): the value keeps its length.

const blob = duckdb.TYPE_BLOB

func bitFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_BITOP(a, b, 'AND'|'OR'|'XOR', ''|'LEFT'|'RIGHT')
		"_SF_GO_BITOP": {in: []duckdb.Type{blob, blob, text, text}, out: blob, fn: func(a []driver.Value) (any, error) {
			return BitOp(a[0].([]byte), a[1].([]byte), a[2].(string), a[3].(string))
		}},
		"_SF_GO_BITNOT": {in: []duckdb.Type{blob}, out: blob, fn: func(a []driver.Value) (any, error) {
			x := a[0].([]byte)
			out := make([]byte, len(x))
			for i, c := range x {
				out[i] = ^c
			}
			return out, nil
		}},
		// _SF_GO_BITSHIFT(a, n, left)
		"_SF_GO_BITSHIFT": {in: []duckdb.Type{blob, i64, flag}, out: blob, fn: func(a []driver.Value) (any, error) {
			return BitShift(a[0].([]byte), a[1].(int64), a[2].(bool)), nil
		}},
	}
}

// BitOp combines two BINARY values byte by byte; values of different
// lengths need a padding side (the shorter one is padded with zero bytes).
func BitOp(x, y []byte, op, pad string) ([]byte, error) {
	if len(x) != len(y) {
		if pad == "" {
			return nil, fmt.Errorf("The lengths of two variable-sized fields do not match: first length %d, second length %d", len(x), len(y))
		}
		n := max(len(x), len(y))
		x, y = padBytes(x, n, pad), padBytes(y, n, pad)
	}
	out := make([]byte, len(x))
	for i := range x {
		switch op {
		case "AND":
			out[i] = x[i] & y[i]
		case "OR":
			out[i] = x[i] | y[i]
		default:
			out[i] = x[i] ^ y[i]
		}
	}
	return out, nil
}

func padBytes(b []byte, n int, side string) []byte {
	z := make([]byte, n-len(b))
	if side == "LEFT" {
		return append(z, b...)
	}
	return append(append([]byte{}, b...), z...)
}

// BitShift shifts the bits of b by n positions; bits shifted past either
// end are dropped and zeros come in.
func BitShift(b []byte, n int64, left bool) []byte {
	out := make([]byte, len(b))
	total := int64(len(b)) * 8
	for i := int64(0); i < total; i++ { // i: bit index from the most significant
		src := i + n
		if !left {
			src = i - n
		}
		if src < 0 || src >= total {
			continue
		}
		if b[src/8]&(0x80>>(src%8)) != 0 {
			out[i/8] |= 0x80 >> (i % 8)
		}
	}
	return out
}
