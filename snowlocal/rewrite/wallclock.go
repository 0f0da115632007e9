package rewrite

import (
	"fmt"
	"strings"
	"time"
)

// Wall clocks in a time zone with transitions. A wall-clock time read in a
// zone that moves its clocks (daylight saving time, a change of standard
// offset) can fall in a gap (America/Los_Angeles skips 2024-03-10 02:00 to
// 03:00) or an overlap (it lives 2024-11-03 01:00 to 02:00 twice). The
// docs (data-types-datetime, date-time-input-output, CONVERT_TIMEZONE,
// TO_TIMESTAMP_LTZ/TZ, the TIMEZONE parameter) do not say which instant
// Snowflake takes for either; DuckDB's ICU takes one silently. Every
// conversion of a wall clock to an instant in such a zone therefore checks
// its wall clock and refuses one in a gap or an overlap (002040) when met;
// text carrying its offset is one instant and is answered.
//
// The check (_SF_WALL_IN): the instant u DuckDB picks for wall clock w
// must read back as w (else w is in a gap), and the instant the zone's
// offset of a day before or after u would give must not also read back as
// w (else w is in an overlap). Zones change offset far less often than
// once a day.
//
// A zone without transitions (UTC, the flurry default, a fixed offset)
// keeps the plain conversions: the session switches the macros below when
// its TIMEZONE changes (WallClockMacros), and the rewriter wraps its direct
// casts only with Options.WallClockZone.

// StoredWallClockZone is Options.WallClockZone for SQL stored to run later
// (a view's query, a SQL function's body) in a session whose zone has no
// transitions: it runs in the zone of the session that reads it, so its
// wall clocks are checked as it runs (_SF_WALL_LTZ reads the session's
// zone then; in a zone without transitions the check answers as the plain
// conversion does).
const StoredWallClockZone = "(the zone of the session that runs it)"

// wallOffsetRe matches a timestamp text (_SF_TS_NORM of _SF_DT_NORM's
// output, a staged field) that carries its offset.
const wallOffsetRe = `:[0-9]{2}([.,][0-9]*)?\s*(Z|[+-][0-9]{2}(:?[0-9]{2})?)\s*$`

func init() {
	prelude = append(prelude,
		// The instant of wall clock w (a TIMESTAMP) in zone z, or the
		// refusal. c holds w, u (the instant DuckDB picks), back (the wall
		// clock of u), prev and next (the wall clocks 24 hours before and
		// after u): where prev and next are 24 hours from w, no offset
		// change is near (the cheap test, most rows); else w is refused if
		// u does not read back as w (a gap) or if u moved by the offset
		// change before or after also reads as w (an overlap).
		`CREATE OR REPLACE TEMP MACRO _SF_WALL_IN_CHECK(z, c) AS CASE
		WHEN c.u IS NULL OR c.back = c.w AND c.prev + INTERVAL 24 HOUR = c.w AND c.next - INTERVAL 24 HOUR = c.w THEN c.u
		WHEN c.back <> c.w
			OR c.prev + INTERVAL 24 HOUR <> c.w AND timezone(z, c.u + to_seconds(epoch(c.back) - epoch(c.prev) - 86400)) = c.w
			OR c.next - INTERVAL 24 HOUR <> c.w AND timezone(z, c.u + to_seconds(epoch(c.back) - epoch(c.next) + 86400)) = c.w
		THEN error('Unsupported feature ''a local time that does not exist or exists twice in time zone ' || z
			|| ' (' || strftime(c.w, '%Y-%m-%d %H:%M:%S') || ')'': the local engine does not implement it.')
		ELSE c.u END`,
		// Each value bound once, in a lambda; z stays the expression
		// written (a constant: DuckDB looks its zone up once, not per row).
		`CREATE OR REPLACE TEMP MACRO _SF_WALL_IN(z, w) AS list_transform([CAST(w AS TIMESTAMP)], lambda _sf_w:
		list_transform([timezone(z, _sf_w)], lambda _sf_u: list_transform([{'w': _sf_w, 'u': _sf_u, 'back': timezone(z, _sf_u),
		'prev': timezone(z, _sf_u - INTERVAL 24 HOUR), 'next': timezone(z, _sf_u + INTERVAL 24 HOUR)}],
		lambda _sf_c: _SF_WALL_IN_CHECK(z, _sf_c))[1])[1])[1]`,
		// The instant of wall clock w in the session's time zone.
		`CREATE OR REPLACE TEMP MACRO _SF_WALL_LTZ(w) AS _SF_WALL_IN(current_setting('TimeZone'), w)`,
		// Canonical timestamp text (_SF_TS_NORM) to an instant: with its
		// offset as DuckDB reads it, without one checked.
		`CREATE OR REPLACE TEMP MACRO _SF_WALL_TEXT(s) AS list_transform([s], lambda _sf_wt: CASE
		WHEN regexp_matches(_sf_wt, '`+wallOffsetRe+`') THEN CAST(_sf_wt AS TIMESTAMPTZ)
		ELSE _SF_WALL_LTZ(CAST(_sf_wt AS TIMESTAMP)) END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_WALL_TEXT(s) AS list_transform([s], lambda _sf_wt: CASE
		WHEN regexp_matches(_sf_wt, '`+wallOffsetRe+`') THEN TRY_CAST(_sf_wt AS TIMESTAMPTZ)
		ELSE _SF_WALL_LTZ(TRY_CAST(_sf_wt AS TIMESTAMP)) END)[1]`,
		copyTextLTZ(false),
	)
}

// WallClockMacros are the definitions of the macros that read a wall
// clock in the session's time zone: checked (for a zone with transitions)
// or plain, as the prelude defines them. The session runs them when its
// TIMEZONE changes between the two kinds.
func WallClockMacros(checked bool) []string {
	return []string{ltzText(checked), toTimestampTZBody(false, checked), toTimestampTZBody(true, checked), assignTSTZ(checked), copyTextLTZ(checked),
		txtCmpMacro(checked), txtCmpTypedMacro("TIMESTAMPTZ", checked)} // wallclock_cmp.go
}

// copyTextLTZ is the macro that reads a staged field (trimmed text that is
// not an integer) for a TIMESTAMP_LTZ column (snowlocal/copy.go): NULL for
// text DuckDB does not read (reported as not recognized).
func copyTextLTZ(checked bool) string {
	if checked {
		return `CREATE OR REPLACE TEMP MACRO _SF_COPY_TEXT_LTZ(s) AS _SF_TRY_WALL_TEXT(s)`
	}
	return `CREATE OR REPLACE TEMP MACRO _SF_COPY_TEXT_LTZ(s) AS TRY_CAST(s AS TIMESTAMPTZ)`
}

// ZoneHasTransitions reports whether the IANA zone name ever changes its
// offset (from 1800 on), so that a wall clock in it may be in a gap or an
// overlap. An unknown name reports true: the checks stay on.
func ZoneHasTransitions(name string) bool {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return true
	}
	_, end := time.Date(1800, 1, 1, 0, 0, 0, 0, loc).ZoneBounds()
	return !end.IsZero()
}

// zoneArgChecked reports whether a wall clock read in zone argument z (the
// rendered SQL of a string) must be checked: a literal naming a zone
// without transitions need not.
func zoneArgChecked(z string) bool {
	if len(z) < 2 || z[0] != '\'' || z[len(z)-1] != '\'' || strings.Contains(z[1:len(z)-1], "'") {
		return true
	}
	return ZoneHasTransitions(z[1 : len(z)-1])
}

// wallInZone is the instant of wall clock w (a TIMESTAMP's SQL) in zone z
// (a string's SQL): DuckDB's timezone(z, w), checked unless z is a literal
// zone without transitions.
func wallInZone(z, w string) string {
	if zoneArgChecked(z) {
		return fmt.Sprintf("_SF_WALL_IN(%s, %s)", z, w)
	}
	return fmt.Sprintf("timezone(%s, %s)", z, w)
}

// wallLTZ is the instant of wall clock w (a TIMESTAMP or DATE's SQL) in the
// session's time zone: DuckDB's cast, checked when the session's zone has
// transitions.
func (p *parser) wallLTZ(w string) string {
	if p.opts.WallClockZone != "" {
		return "_SF_WALL_LTZ(" + w + ")"
	}
	return "CAST(" + w + " AS TIMESTAMPTZ)"
}

// checkedCast is castExpr, whose conversion of a DATE to a TIMESTAMP_LTZ
// (its midnight in the session's zone, a plain cast) is checked when the
// session's zone has transitions (midnight is in a gap in some zones).
func (p *parser) checkedCast(e expr, ty sqlType, try bool) expr {
	if e.st.container() && ty.st == nil && ty.kind != "vector" { // a VECTOR: vector.go
		return p.stToSemi(e, ty) // structured.go
	}
	if ty.st != nil {
		p.noteStructured(p.toks[max(p.i-1, 0)])
	}
	if stMayHoldNull(ty.st) && e.st == nil {
		if alt, ok := p.undefinedOf(e.render()); ok {
			// An ARRAY written with undefined elements: each is a NULL
			// element of the structured ARRAY (structured.go).
			e = expr{sql: "CAST(_SF_GO_UNDEF_MAP(" + alt.sql + ", 'null') AS JSON)", typ: "JSON"}
		}
	}
	out := castExpr(e, ty, try)
	if p.opts.WallClockZone != "" && ty.kind == "timestamptz" && e.path == nil && e.typ == "DATE" {
		out.sql = p.wallLTZ(e.sql)
	}
	return out
}

// toTimestampTZBody is the macro that turns text, a NUMBER or a
// TIMESTAMP_NTZ into an instant (TO_TIMESTAMP_LTZ's conversion): a number
// is seconds (...) since the epoch in UTC, text without an offset a wall
// clock in the session's zone, checked when checked is set.
func toTimestampTZBody(try, checked bool) string {
	name, secs, text, castFn, wallFn := "_SF_TO_TIMESTAMPTZ_BODY", "_SF_TS_TEXT", "_SF_NS_CHECK(_SF_DT_NORM_OR_FAIL(_SF_TO_VARCHAR(x), 'Timestamp'))", "CAST", "_SF_WALL_TEXT"
	if try {
		name, secs, text, castFn, wallFn = "_SF_TRY_TO_TIMESTAMPTZ_BODY", "_SF_TRY_TS_TEXT", "_SF_NS_CHECK(_SF_DT_NORM(_SF_TO_VARCHAR(x)))", "TRY_CAST", "_SF_TRY_WALL_TEXT"
	}
	last := fmt.Sprintf("%s(_SF_TS_NORM(%s) AS TIMESTAMPTZ)", castFn, text)
	if checked {
		last = fmt.Sprintf("%s(_SF_TS_NORM(%s))", wallFn, text)
	}
	return `CREATE OR REPLACE TEMP MACRO ` + name + `(x) AS CASE
		WHEN x IS NULL THEN NULL
		WHEN ` + isNumberType + ` THEN timezone('UTC', _SF_EPOCH_SECS(CAST(x AS DECIMAL(38, 9))))
		WHEN regexp_full_match(_SF_TO_VARCHAR(x), '\s*-?[0-9]+(\.[0-9]*)?\s*') THEN timezone('UTC', ` + secs + `(_SF_TO_VARCHAR(x)))
		ELSE ` + last + ` END`
}

// ltzText is _SF_LTZ_TEXT(s), a VARCHAR s read as a TIMESTAMP_LTZ (a
// number is seconds since the epoch in UTC, text without an offset a wall
// clock in the session's zone), the wall clock checked when checked is
// set: the conversion a text compared with a TIMESTAMP_LTZ takes
// (varchar_unseen_cmp.go).
func ltzText(checked bool) string {
	last := "CAST(_SF_TS_NORM(_SF_NS_CHECK(_SF_DT_NORM_OR_FAIL(s, 'Timestamp'))) AS TIMESTAMPTZ)"
	if checked {
		last = "_SF_WALL_TEXT(_SF_TS_NORM(_SF_NS_CHECK(_SF_DT_NORM_OR_FAIL(s, 'Timestamp'))))"
	}
	return `CREATE OR REPLACE TEMP MACRO _SF_LTZ_TEXT(s) AS CASE
		WHEN regexp_full_match(s, '\s*-?[0-9]+(\.[0-9]*)?\s*') THEN timezone('UTC', _SF_TS_TEXT(s))
		ELSE ` + last + ` END`
}

// assignTSTZ is the macro that converts a value stored into a
// TIMESTAMP_LTZ column (assign.go): a NTZ or DATE value is a wall clock in
// the session's zone, checked when checked is set.
func assignTSTZ(checked bool) string {
	wall := ""
	if checked {
		wall = `
		WHEN typeof(x) IN ('TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE') THEN _SF_WALL_LTZ(x)`
	}
	return `CREATE OR REPLACE TEMP MACRO _SF_ASSIGN_TSTZ(x) AS CASE WHEN typeof(x) IN ('JSON', 'VARCHAR')
		THEN _SF_TO_TIMESTAMPTZ(x)` + wall + ` ELSE CAST(x AS TIMESTAMPTZ) END`
}
