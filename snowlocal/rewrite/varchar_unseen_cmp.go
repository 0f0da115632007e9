package rewrite

import "strings"

// A comparison side whose type only DuckDB sees (a derived table's, CTE's
// or set operation's column, a subquery's value, a call the rewriter does
// not type) compared with a DATE, TIME, TIMESTAMP_NTZ or TIMESTAMP_LTZ, or
// with another such side. Snowflake converts a VARCHAR compared with one of
// these types as its cast converts it (docs: data-type-conversion, VARCHAR
// to DATE, TIME and TIMESTAMP are coercible; date-time-input-output,
// "Supported formats for AUTO detection"), failing with the cast's error
// on text AUTO does not read; DuckDB read such a text its own way for =,
// <> and IN ('2019/01/02' was a date) and refused the others. Such a side
// x is written _SF_TXTCMP(x, n), n the other side (or a NULL of its type,
// where the rewriter knows it): DuckDB folds typeof() as it binds the
// macro, so where x is not a VARCHAR or n not one of those types the macro
// is x itself, a column a filter on which still reaches the table scan, at
// no cost per row; a VARCHAR x compared with a date converts as
// datetime_textcol.go converts a text column it sees (_SF_TXTDT, in the
// text the value's DuckDB cast reads back exactly). The side is also
// checked as _SF_TXTNUM checks a text compared with a number
// (varchar_number.go), which does not wrap it again.
//
// (cast_to_type(v, w) is v cast to w's type, w only bound: the witness,
// an unnamed struct's field (_SF_TXTDT), is of the type the side ends up
// with, x's own or n's.)
func init() {
	prelude = append(prelude, txtCmpMacro(false),
		// _SF_TXTCMP_IN(e, x, w): element e of x [NOT] IN (…) whose x
		// converts by element w; refused as DuckDB binds it where a text
		// x would convert by e otherwise than by w (Snowflake compares x
		// with each element; DuckDB would convert x or e its own way).
		// (The refusal's struct field is no bare parameter: see _SF_TXTDT.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTCMP_IN(e, x, w) AS CASE WHEN _SF_TXTDT_KEY(x, e) <> _SF_TXTDT_KEY(x, w)
		THEN cast_to_type(struct_extract({'e': [e][1]}, CASE WHEN _SF_TXTDT_KEY(x, e) <> _SF_TXTDT_KEY(x, w) THEN '`+inMixedRefusal+`' ELSE 'e' END), _SF_TXTCMP(e, x))
		ELSE _SF_TXTCMP(e, x) END`,
	)
	// _SF_TXTCMP_DATE(x) … _SF_TXTCMP_TIME(x): _SF_TXTCMP(x, n) where n
	// is of the type the rewriter knows (a date literal, a DATE column),
	// with only that type's conversion for DuckDB to bind (a few
	// milliseconds less per comparison than all four).
	for _, typ := range []string{"DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIME"} {
		prelude = append(prelude, txtCmpTypedMacro(typ, false))
	}
}

// txtCmpMacro is _SF_TXTCMP's definition; checked (a session whose zone has
// transitions: WallClockMacros) also reads a TIMESTAMP_NTZ or DATE x
// compared with a TIMESTAMP_LTZ n as a checked wall clock (wallclock_cmp.go).
func txtCmpMacro(checked bool) string {
	body := `CASE WHEN x IS NULL AND FALSE THEN NULL ELSE cast_to_type(
		CASE WHEN _SF_TXTDT_KEY(x, n) <> 's' THEN cast_to_type(_SF_TXTDT(x, n), x) ELSE _SF_TXTNUM(x, n) END,
		struct_extract_at(row(_SF_TXTNUM_W(x, n), n), CASE WHEN _SF_TXTDT_KEY(x, n) = 's' THEN 1 ELSE 2 END)) END`
	if checked {
		body = "_SF_WALLCMP(" + body + ", n)"
	}
	return `CREATE OR REPLACE TEMP MACRO _SF_TXTCMP(x, n) AS ` + body
}

// txtCmpTypedMacro is _SF_TXTCMP_<typ>'s definition; checked as for
// txtCmpMacro (only a TIMESTAMP_LTZ's converts another type).
func txtCmpTypedMacro(typ string, checked bool) string {
	conv := map[string]string{"DATE": "_SF_DATE_TEXT", "TIMESTAMP": "_SF_TS_TEXT", "TIMESTAMPTZ": "_SF_LTZ_TEXT", "TIME": "_SF_TIME_TEXT"}[typ]
	// (In a CASE: datetime_auto.go.)
	body := "CASE WHEN x IS NULL AND FALSE THEN NULL ELSE cast_to_type(" +
		"CASE WHEN typeof(x) = 'VARCHAR' THEN cast_to_type(CAST(" + conv + "(CAST(x AS VARCHAR)) AS VARCHAR), x) ELSE x END, " +
		"struct_extract_at(row(x, CAST(NULL AS " + typ + ")), CASE WHEN typeof(x) = 'VARCHAR' THEN 2 ELSE 1 END)) END"
	if checked && typ == "TIMESTAMPTZ" {
		body = "_SF_WALLCMP(" + body + ", CAST(NULL AS TIMESTAMPTZ))"
	}
	return "CREATE OR REPLACE TEMP MACRO _SF_TXTCMP_" + typ + "(x) AS " + body
}

// inMixedRefusal refuses (a struct key: setRefusalBind) an IN list whose
// elements are dates and texts beside a text.
const inMixedRefusal = `unsupported: a text tested with in against a list of dates and texts whose types the local engine sees only as it runs the statement`

// unseenSide reports whether the operand between token indices a and end
// (e, rendered s) is a comparison side whose type the rewriter does not
// see and which may be a text or a date (no family, or a text, date, time
// or timestamp one: setExprFamily) and is worth wrapping (textNumSide).
func (p *parser) unseenSide(a, end int, e expr, s string) bool {
	if e.path != nil || e.typ != "" || e.textColumn || e.variant || e.float || e.intWidth > 0 || e.intFn != "" || e.intUnknown != "" {
		return false
	}
	if !textNumSide(s) {
		return false
	}
	switch p.setExprFamily(a, end) {
	case "", setText, setDate, setTime, setStamp:
		return true
	}
	return false
}

// txtCmp renders _SF_TXTCMP(x, n) of side x compared with n (as rendered),
// or of the rewriter type typ (_SF_TXTCMP_<typ>(x)).
// A side named inside the macro many times that is a subquery or too long
// to repeat (inlineWitness) is bound once by a lambda, as textNumWrap
// binds one.
func txtCmp(x, n, typ string) string {
	call := func(x string) string { return "_SF_TXTCMP(" + x + ", " + n + ")" }
	if typ != "" {
		call = func(x string) string { return "_SF_TXTCMP_" + typ + "(" + x + ")" }
	}
	if inlineWitness(x) {
		return "list_transform([" + x + "], _sf_tc -> " + call("_sf_tc") + ")[1]"
	}
	return call(x)
}

// txtCmpWrapped reports whether the rendered side s is written by txtCmp,
// which _SF_TXTNUM's wrapping leaves as it is.
func txtCmpWrapped(s string) bool {
	return strings.HasPrefix(s, "_SF_TXTCMP") || strings.Contains(s, "_sf_tc -> _SF_TXTCMP")
}
