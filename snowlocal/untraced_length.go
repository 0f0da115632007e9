package snowlocal

import (
	"context"
	"slices"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Lengths of text and binary results the semi typer cannot trace to a
// source (result_length.go). A recursive CTE's column is typed as its
// anchor clause's: "A recursive CTE's column once its recursive term has
// run: the anchor's type ... Every other pair keeps the anchor's type as
// well" (the independent, live-verified reference mlorek/frostlake
// engine/src/main/java/dev/frostlake/types/DeclaredTypeFold.java,
// recursiveColumn; engine/src/test/java/dev/frostlake/jdbc/
// TemporalColumnScaleTest.java measures a recursive CTE's column with the
// set operations). Where a result's text or binary column still has no
// traced length in a statement with an UNPIVOT (its name column: neither
// the docs nor the reference give its type) or a recursive CTE (a column
// whose anchor is a bare NULL: no source gives its length), the statement
// is refused rather than answered with the type's default length.

// recursiveAnchor is the query that types the columns of the CTE name of a
// WITH RECURSIVE whose body is body: the anchor clause before the UNION
// ALL when the body names the CTE ("anchorClause UNION ALL
// recursiveClause": docs, WITH), the body itself when it does not (a CTE
// of a WITH RECURSIVE need not recur), and nothing, which types no
// columns, for a body naming itself in another shape.
func recursiveAnchor(name string, body []sqllex.Token) []sqllex.Token {
	if !namesCTE(name, body) {
		return body
	}
	union := semiIndex(body, 0, func(t sqllex.Token) bool { return t.IsWord("UNION") })
	if union < 1 || union+1 >= len(body) || !body[union+1].IsWord("ALL") || namesCTE(name, body[:union]) {
		return nil
	}
	return body[:union]
}

// namesCTE reports whether toks name the CTE name.
func namesCTE(name string, toks []sqllex.Token) bool {
	for _, t := range toks {
		if w, ok := semiWord(t); ok && w == name {
			return true
		}
	}
	return false
}

// untracedConstruct names the construct of a statement that can leave a
// result column with no traced length, or "".
func untracedConstruct(text string) string {
	toks, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return ""
	}
	for k, t := range toks {
		switch {
		case t.IsWord("UNPIVOT"):
			return "an UNPIVOT"
		case t.IsWord("WITH") && k+1 < len(toks) && toks[k+1].IsWord("RECURSIVE"):
			return "a recursive CTE"
		}
	}
	return ""
}

// tracedLength reports whether the static type typ gives a text or binary
// column its length.
func tracedLength(typ string) bool {
	_, _, ok := parseLengthTyp(typ)
	return ok
}

// errUntracedLength refuses a statement whose text or binary column of
// construct has no source for its length.
func errUntracedLength(construct, column string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'length of column %s of %s': "+
		"the local engine cannot tell the VARCHAR or BINARY length Snowflake declares for it.", column, construct)
}

// refuseUntracedResult refuses a query's result (typed as cols, ok from
// typeResult) with a text or binary column whose length the query's UNPIVOT
// or recursive CTE leaves untraced.
func refuseUntracedResult(text string, res *Result, cols []semiCol, ok bool) error {
	construct := ""
	for k, c := range res.Columns {
		if c.Type != "text" && c.Type != "binary" || ok && tracedLength(cols[k].typ) {
			continue
		}
		if construct == "" {
			if construct = untracedConstruct(text); construct == "" {
				return nil
			}
		}
		return errUntracedLength(construct, c.Name)
	}
	return nil
}

// refuseUntracedCreated refuses CREATE TABLE ... AS or CREATE VIEW ... AS a
// query with an UNPIVOT or a recursive CTE whose text or binary column has
// no traced length, before it creates anything: the new object's column
// would declare the default length (semiTypeCreated). DuckDB describes the
// query's column types without running it.
func (s *Session) refuseUntracedCreated(ctx context.Context, text string) error {
	parts, _, _, query := createFromQuery(text) // result_semitype.go
	if parts == nil || len(query) == 0 {
		return nil
	}
	queryText := text[query[0].Pos:]
	if err := s.refuseNullPlaceholderCreated(ctx, query); err != nil {
		return err
	}
	if err := s.refuseUntracedConstructCreated(ctx, query, queryText); err != nil {
		return err
	}
	return s.refuseBareNullCreated(ctx, query)
}

// refuseUntracedConstructCreated is refuseUntracedCreated for a query with
// an UNPIVOT or a recursive CTE.
func (s *Session) refuseUntracedConstructCreated(ctx context.Context, query []sqllex.Token, queryText string) error {
	construct := untracedConstruct(queryText)
	if construct == "" {
		return nil
	}
	names, types, ok := s.describeQuery(ctx, queryText)
	if !ok {
		return nil // the statement itself reports it
	}
	st := s.semiTyper(ctx)
	cols, ok := st.query(query)
	if ok && len(cols) != len(names) {
		ok = false
	}
	for k, typ := range types {
		sized := typ == "VARCHAR" || typ == "BLOB"
		if sized && !(ok && tracedLength(cols[k].typ)) {
			return errUntracedLength(construct, strings.ToUpper(names[k]))
		}
	}
	return nil
}

// refuseNullPlaceholderCreated refuses a table or view created from a query
// that returns one of the INFORMATION_SCHEMA views' NULL placeholder
// columns (info_schema_types.go): the account's view declares it VARCHAR(0)
// and leaves "its static type undetermined" (mlorek/frostlake SystemViews),
// so no source gives the column a created object would declare.
func (s *Session) refuseNullPlaceholderCreated(ctx context.Context, query []sqllex.Token) error {
	return s.refuseCreatedColumnOf(ctx, query, "INFORMATION_SCHEMA", isNull, func(column string) error {
		return errUntracedLength("an INFORMATION_SCHEMA view (a NULL placeholder, VARCHAR(0))", column)
	})
}

// refuseBareNullCreated refuses a table or view created from a query whose
// column is a bare NULL (SELECT NULL AS x, or only NULLs in every branch):
// no source gives the type a created object declares for it, and the
// engine's own choices disagreed (a table's NUMBER(38,0), a view's VARCHAR).
// A typed NULL (NULL::VARCHAR) or a NULL beside a typed branch answers.
func (s *Session) refuseBareNullCreated(ctx context.Context, query []sqllex.Token) error {
	return s.refuseCreatedColumnOf(ctx, query, "NULL", semiNull, func(column string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'column %s that is a bare NULL "+
			"in a created table or view': the local engine cannot tell the type Snowflake declares for it; cast the NULL "+
			"(NULL::VARCHAR) to answer.", column)
	})
}

// refuseCreatedColumnOf returns refuse's error for the first column of
// query the semi typer types as typ. Only a query holding the word gate can
// have one, so others are not typed (the typer reads the catalog).
func (s *Session) refuseCreatedColumnOf(ctx context.Context, query []sqllex.Token, gate, typ string, refuse func(column string) error) error {
	if !slices.ContainsFunc(query, func(t sqllex.Token) bool { return t.IsWord(gate) }) {
		return nil
	}
	cols, ok := s.semiTyper(ctx).query(query)
	if !ok {
		return nil
	}
	for _, c := range cols {
		if c.typ == typ {
			return refuse(c.name)
		}
	}
	return nil
}

// describeQuery is the names and DuckDB types of the result columns of
// the Snowflake query queryText, as DuckDB's DESCRIBE of its rewrite gives
// them; ok is false where the query does not rewrite or bind (the
// statement reports that itself when it runs).
func (s *Session) describeQuery(ctx context.Context, queryText string) (names, types []string, ok bool) {
	duck, err := s.rewriteToDuckDB(queryText, nil, nil)
	if err != nil {
		return nil, nil, false
	}
	rows, err := s.conn.QueryContext(ctx, "DESCRIBE "+strings.TrimRight(strings.TrimSpace(duck), ";"))
	if err != nil {
		return nil, nil, false
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if rows.Scan(ptrs...) != nil {
			return nil, nil, false
		}
		name, _ := vals[0].(string)
		typ, _ := vals[1].(string)
		names, types = append(names, name), append(types, typ)
	}
	return names, types, rows.Err() == nil
}
