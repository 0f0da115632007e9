package snowlocal_test

import (
	"encoding/hex"
	"testing"
)

// TestCompressSnappy: COMPRESS, DECOMPRESS_BINARY and DECOMPRESS_STRING with
// the SNAPPY method, the one the docs show output of
// (https://docs.snowflake.com/en/sql-reference/functions/compress,
// .../decompress_binary, .../decompress_string): COMPRESS('Snowflake',
// 'SNAPPY') is 0920536E6F77666C616B65 (a raw Snappy block: the length and
// one literal), which decompresses to Snowflake / 536E6F77666C616B65. The
// method's case and a level (which Snappy ignores) do not matter; NULL is
// NULL. Refused: a COMPRESS input of 15 bytes or more (its copies depend on
// Snappy's version) or empty, the other methods (no documented output), and
// data that is not a Snappy block or, for DECOMPRESS_STRING, not UTF-8.
func TestCompressSnappy(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		"select compress('Snowflake', 'SNAPPY')":                                         "0920536e6f77666c616b65",
		"select compress('Snowflake', 'snappy(0)')":                                      "0920536e6f77666c616b65",
		"select compress(to_binary('00ff', 'hex'), 'Snappy')":                            "020400ff",
		"select compress('abcdefghijklmn', 'SNAPPY')":                                    "0e34" + hex.EncodeToString([]byte("abcdefghijklmn")),
		"select decompress_binary(to_binary('0920536E6F77666C616B65', 'HEX'), 'SNAPPY')": "536e6f77666c616b65",
		// A block with a copy (4 literal bytes "abcd", then a 1-byte-offset
		// copy of 4 bytes at offset 4): the format has one answer.
		"select decompress_binary(to_binary('080c616263640104', 'HEX'), 'SNAPPY')": hex.EncodeToString([]byte("abcdabcd")),
	} {
		var got []byte
		if err := db.QueryRow(q).Scan(&got); err != nil || hex.EncodeToString(got) != want {
			t.Errorf("%s = %x (%v), want %s", q, got, err, want)
		}
	}
	for q, want := range map[string]string{
		"select decompress_string(to_binary('0920536E6F77666C616B65', 'HEX'), 'SNAPPY')": "Snowflake",
		"select decompress_string(compress('piñata', 'SNAPPY'), 'snappy')":               "piñata",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", q, got, err, want)
		}
	}
	var c, d []byte
	var s *string
	if err := db.QueryRow("select compress(null, 'SNAPPY'), decompress_binary(null, 'SNAPPY'), decompress_string(null, 'SNAPPY')").Scan(&c, &d, &s); err != nil || c != nil || d != nil || s != nil {
		t.Errorf("NULL inputs = %x, %x, %v (%v), want NULLs", c, d, s, err)
	}
	rows, err := db.Query("select compress('a', 'SNAPPY') c, decompress_binary(compress('a', 'SNAPPY'), 'SNAPPY') d, decompress_string(compress('a', 'SNAPPY'), 'SNAPPY') s")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	rows.Close()
	for i, want := range []string{"BINARY", "BINARY", "TEXT"} {
		if got := cts[i].DatabaseTypeName(); got != want {
			t.Errorf("column %s is %s, want %s", cts[i].Name(), got, want)
		}
	}
	for q, part := range map[string]string{
		"select compress('abcdefghijklmno', 'SNAPPY')":                         "COMPRESS with the SNAPPY method of a value not 1 to 14 bytes long",
		"select compress('', 'SNAPPY')":                                        "COMPRESS with the SNAPPY method of a value not 1 to 14 bytes long",
		"select compress('Snowflake', 'ZLIB')":                                 "COMPRESS with the method 'ZLIB'",
		"select compress('Snowflake', 'zstd(3)')":                              "COMPRESS with the method 'zstd(3)'",
		"select compress('Snowflake', 'BZ2')":                                  "COMPRESS with the method 'BZ2'",
		"select decompress_binary(to_binary('0A20', 'HEX'), 'ZLIB')":           "DECOMPRESS_BINARY with the method 'ZLIB'",
		"select decompress_binary(to_binary('0A20536E6F77', 'HEX'), 'SNAPPY')": "not a Snappy block",
		// A copy at offset 0: S2's repeat, not Snappy.
		"select decompress_binary(to_binary('080c616263640100', 'HEX'), 'SNAPPY')": "not a Snappy block",
		"select decompress_string(to_binary('0100FF', 'HEX'), 'SNAPPY')":           "not a Snappy block of UTF-8 text",
		"select decompress_string('0920536E6F77666C616B65', 'SNAPPY')":             "DECOMPRESS_STRING of a value that is not BINARY",
	} {
		wantRefused(t, db, q, part)
	}
}
