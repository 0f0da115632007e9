package sfunc

import (
	"crypto/sha1"
	"database/sql/driver"
	"encoding/hex"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// UUID_STRING(namespace, name) (docs: uuid_string): the RFC 4122 version 5
// (named) UUID, the SHA-1 of the namespace's 16 bytes and the name's UTF-8
// bytes with the version and variant bits set.

func uuidFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_UUID5": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UUID5(a[0].(string), a[1].(string))
		}},
	}
}

// UUID5 is the version 5 UUID of name in namespace ns, lower-case and
// hyphenated. A namespace that is not a hyphenated UUID is refused: the
// docs do not say what Snowflake answers.
func UUID5(ns, name string) (string, error) {
	raw := strings.ReplaceAll(ns, "-", "")
	b, err := hex.DecodeString(raw)
	if err != nil || len(b) != 16 || len(ns) != 36 || ns[8] != '-' || ns[13] != '-' || ns[18] != '-' || ns[23] != '-' {
		return "", &UnsupportedError{What: "UUID_STRING with a namespace that is not a UUID"}
	}
	h := sha1.New()
	h.Write(b)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	s := hex.EncodeToString(u)
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:], nil
}
