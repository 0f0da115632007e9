package rewrite

import "fmt"

// Nanoseconds in a result column. Snowflake's TIME and TIMESTAMP keep
// nanoseconds (TIME(9), TIMESTAMP(9)); the engine's, DuckDB's TIME and
// TIMESTAMP, keep microseconds, so a value with a seventh to ninth second
// decimal is refused (002040) wherever it would be stored or computed on.
// A few documented values with nanoseconds are answered where the value
// is itself a result column of a query sent by the client, which prints it
// and does nothing else with it: TIME_FROM_PARTS with nanoseconds (docs:
// time_from_parts, 12:34:56.987654321), TIMESTAMP_FROM_PARTS and
// TIMESTAMP_NTZ_FROM_PARTS with nanoseconds (docs: timestamp_from_parts,
// 2013-04-05 12:00:00.987654321), a DATE plus an interval constant
// with nanoseconds (docs: Date & time data types, 2027-03-30
// 07:31:32.841505498). Such an operand's SQL keeps refusing nanoseconds;
// its nanosItem is written in its place when it is the whole select item of
// the statement's own select list (nanosTyped): a TIME as
// STRUCT(sf_time_ns BIGINT), its nanoseconds since midnight (result.go
// prints it as a TIME), a TIMESTAMP as DuckDB's TIMESTAMP_NS. Elsewhere (a
// derived table, a CTE, a view, CTAS, INSERT, a set operation, a Snowflake
// Scripting block) the operand is computed in microseconds and its
// nanoseconds refused.

// nanosTyped is the statement's own select item s written with the
// nanoseconds its operand keeps (the operand's nanosItem), ok false where
// s is not such an item.
func (p *parser) nanosTyped(s string) (string, bool) {
	e := p.single
	if e == nil || e.nanosItem == "" || s != e.sql || !p.outerItems || p.setOpBlock ||
		!p.opts.UndefinedResult || p.opts.InBlock || p.stmtInserts() {
		return "", false
	}
	return e.nanosItem, true
}

// timeNanosItem is the result column of a TIME whose nanoseconds since
// midnight are the BIGINT expression ns (taken modulo a day, as DuckDB's
// TIME arithmetic wraps).
func timeNanosItem(ns string) string {
	return fmt.Sprintf("{'sf_time_ns': CAST(((%s) %% 86400000000000 + 86400000000000) %% 86400000000000 AS BIGINT)}", ns)
}

// timestampNanosItem is the result column of the TIMESTAMP x (of whole
// seconds or microseconds) plus or minus (op) the BIGINT n nanoseconds, as
// a TIMESTAMP_NS; a value outside its years (1677 to 2262) is refused.
func timestampNanosItem(x, op, n string) string {
	return fmt.Sprintf("list_transform([%s], _sf_nx -> CASE WHEN _sf_nx < TIMESTAMP '1677-09-22' OR _sf_nx >= TIMESTAMP '2262-04-11' THEN error('%s') "+
		"ELSE make_timestamp_ns(epoch_ns(_sf_nx) %s %s) END)[1]", x, nanosUnsupported, op, n)
}
