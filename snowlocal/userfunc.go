package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// isUserFunction reports whether name (upper-cased and dot-qualified as the
// rewriter writes it) is a user-defined scalar function in the catalog: the
// rewriter lets such a call through to the function's DuckDB macro and
// refuses any other name it does not know (rewrite/allowlist.go).
func (s *Session) isUserFunction(name string) bool {
	_, ok := s.userScalarFunction(name)
	return ok
}

// userScalarFunction finds the user-defined scalar function name (as
// isUserFunction takes it) in the catalog.
func (s *Session) userScalarFunction(name string) (*function, bool) {
	parts := strings.Split(name, ".")
	if len(parts) > 3 {
		return nil, false
	}
	db, schema, fname, err := s.Resolve(objectName{parts: parts})
	if err != nil {
		return nil, false
	}
	f, ok, err := s.e.getFunction(context.Background(), db, schema, fname)
	if err != nil || !ok || f.isTable() {
		return nil, false
	}
	return f, true
}

// userFunctionReturns is the declared RETURNS type of the user-defined
// scalar function name (as isUserFunction takes it), "" when there is none.
func (s *Session) userFunctionReturns(name string) string {
	if f, ok := s.userScalarFunction(name); ok {
		return f.Props["RETURNS"]
	}
	return ""
}

// rewriteSQLState is the SQLSTATE Snowflake sends with a rewriter error code.
func rewriteSQLState(code string) string {
	switch code {
	case "001065":
		return "22023" // docs: map_contains_key, "001065 (22023): SQL compilation error"
	case "002140":
		return "42601"
	case "002003":
		return "42S02"
	case "001044":
		return "42P13" // docs: data-types-logical, "001044 (42P13): SQL compilation error"
	case "002303":
		return "0A000" // docs: interpolate_bfill, "002303 (0A000): SQL compilation error"
	case "001045", "000937", "001173", "001015", "000939":
		return "22023" // docs: search_ip and search, "001045 (22023)", "000937 (22023)", "001173 (22023)", "001015 (22023)", "000939 (22023)"
	case "001881":
		return "42601" // docs: search, "001881 (42601)"
	case "002031":
		return "42601" // public logs of live sessions: "002031 (42601): SQL compilation error:\nUnsupported subquery type cannot be evaluated" (rewrite/subquery_type.go)
	case "009954":
		return "42601" // docs: resample, "009954 (42601): SQL compilation error"
	}
	return "42000"
}

// userFunctionManyRows reports whether the user-defined scalar function name
// (as isUserFunction takes it) is a SQL function whose body is a query that
// may return more than one row (rewrite.ManyRowsQuery): a call of it with a
// column argument is a correlated subquery Snowflake does not run (docs:
// udf-sql-troubleshooting).
func (s *Session) userFunctionManyRows(name string) bool {
	f, ok := s.userScalarFunction(name)
	if !ok || !strings.EqualFold(orDefault(f.language(), "SQL"), "SQL") {
		return false
	}
	body := f.Props["BODY"]
	return queryBody.MatchString(body) && !scriptingBody.MatchString(body) && rewrite.ManyRowsQuery(body)
}
