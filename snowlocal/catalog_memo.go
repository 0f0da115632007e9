package snowlocal

import "sync"

// Before a query runs, the engine looks the catalog up several times: the
// rewriter asks for the column types of every table and view a statement
// names (columnTypes; DuckDB answers by binding the relation, which for the
// lake's views, long expressions over a VARIANT, costs as much as running a
// detection over a day of logs), whether a name exists only in another case
// (relationCase), which calls are user functions and whether a view's owner
// may read what the view reads (access control). The answers hold until the
// catalog may have changed: every statement other than a query or DML bumps
// the engine's catalog generation, before it runs and again after (a
// Snowflake Scripting block's statements bump it one by one), and answers
// from an older generation are dropped. Column types are kept per session
// (they resolve against its current schema), the rest per engine.

type colTypes struct{ names, types []string }

// sessionCatalogMemo holds a session's answers for one catalog generation.
type sessionCatalogMemo struct {
	gen     uint64
	answers map[string]any
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

// sessionMemo returns this session's answer for key in the current catalog
// generation.
func (s *Session) sessionMemo(key string) (any, bool) {
	gen := s.e.catalogGen.Load()
	if s.memo.gen != gen || s.memo.answers == nil {
		s.memo = sessionCatalogMemo{gen: gen, answers: map[string]any{}}
	}
	v, ok := s.memo.answers[key]
	return v, ok
}

// keepSessionMemo keeps an answer computed after sessionMemo found none,
// unless the catalog changed meanwhile.
func (s *Session) keepSessionMemo(key string, v any) {
	if s.e.catalogGen.Load() == s.memo.gen && s.memo.answers != nil {
		s.memo.answers[key] = v
	}
}

// catalogMemo holds engine-wide answers for the current catalog generation.
type catalogMemo struct {
	mu      sync.Mutex
	gen     uint64
	answers map[string]any
}

// memo returns the answer for key, computing it when this generation has
// none. An answer computed while the catalog changed is not kept.
func (e *Engine) memo(key string, compute func() any) any {
	gen := e.catalogGen.Load()
	m := &e.catalogMemo
	m.mu.Lock()
	if m.gen == gen && m.answers != nil {
		if v, ok := m.answers[key]; ok {
			m.mu.Unlock()
			return v
		}
	}
	m.mu.Unlock()
	v := compute()
	m.mu.Lock()
	defer m.mu.Unlock()
	if e.catalogGen.Load() != gen {
		return v
	}
	if m.gen != gen || m.answers == nil {
		m.gen, m.answers = gen, map[string]any{}
	}
	m.answers[key] = v
	return v
}
