package snowlocal

import "strings"

// The rewriter asks for the column types of every table and view a
// statement names (columnTypes), and DuckDB answers by binding the relation:
// for the lake's views, whose columns are long expressions over a VARIANT,
// that costs as much as running a detection over a day of logs. Sessions
// keep the answers until the catalog may have changed: every statement
// other than a query or DML bumps the engine's catalog generation, before
// it runs and again after (a Snowflake Scripting block's statements bump it
// one by one), and a session whose cache is older drops it.

type colTypes struct{ names, types []string }

type colTypeCache struct {
	gen     uint64
	entries map[string]colTypes
}

// catalogReaders are the statements that cannot change what a relation's
// columns are.
var catalogReaders = map[string]bool{
	"SELECT": true, "WITH": true, "SHOW": true, "DESC": true, "DESCRIBE": true, "EXPLAIN": true,
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "COPY": true,
	"LIST": true, "LS": true, "PUT": true, "GET": true, "REMOVE": true, "RM": true,
}

// bumpsCatalog reports whether a statement starting with words may change
// the catalog (DDL, USE, ALTER SESSION, CALL, scripting, anything unknown).
func bumpsCatalog(words []string) bool {
	return len(words) == 0 || !catalogReaders[words[0]]
}

func (s *Session) cachedColumnTypes(table string, cols []string) (colTypes, bool, string) {
	key := s.Database + "\x00" + s.Schema + "\x00" + table + "\x00" + strings.Join(cols, "\x00")
	gen := s.e.catalogGen.Load()
	if s.colTypes.gen != gen || s.colTypes.entries == nil {
		s.colTypes = colTypeCache{gen: gen, entries: map[string]colTypes{}}
	}
	ct, ok := s.colTypes.entries[key]
	return ct, ok, key
}
