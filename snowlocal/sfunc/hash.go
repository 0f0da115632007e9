package sfunc

import (
	"crypto/sha256"
	"crypto/sha512"
	"database/sql/driver"
	"encoding/hex"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// SHA2(msg, digest_size) for the sizes DuckDB lacks (docs: sha2): 224,
// 384 and 512 bits as lower-case hex; 256 stays DuckDB's sha256.

func hashFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_SHA2": {in: []duckdb.Type{text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			return SHA2(a[0].(string), a[1].(int64))
		}},
	}
}

// SHA2 is the hex SHA-2 digest of msg with the given size in bits.
func SHA2(msg string, bits int64) (string, error) {
	switch bits {
	case 224:
		s := sha256.Sum224([]byte(msg))
		return hex.EncodeToString(s[:]), nil
	case 256:
		s := sha256.Sum256([]byte(msg))
		return hex.EncodeToString(s[:]), nil
	case 384:
		s := sha512.Sum384([]byte(msg))
		return hex.EncodeToString(s[:]), nil
	case 512:
		s := sha512.Sum512([]byte(msg))
		return hex.EncodeToString(s[:]), nil
	}
	return "", fmt.Errorf("100090 (22023): Invalid digest size %d, valid values are 224, 256, 384, 512", bits)
}
