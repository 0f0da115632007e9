package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The INFORMATION_SCHEMA views' creation and alteration times (CREATED,
// LAST_ALTERED, LAST_DDL of TABLES, VIEWS, SCHEMATA and DATABASES) are
// TIMESTAMP_LTZ(3) on an account: "A creation or alteration instant --
// TIMESTAMP_LTZ(3) on the account" (the independent, live-verified
// reference mlorek/frostlake,
// engine/src/main/java/dev/frostlake/system/SystemViews.java, colLtz). The
// engine keeps only the fractional precision 9 for a declared column, so
// such a column is typed by the semi typer (semiMillisLTZ, which
// info_schema_types.go gives them): a result column that is one of them
// (through a subquery, a CTE, a set operation of them, or a function whose
// value is one of its arguments: MIN, MAX, COALESCE...) reports scale 3 and
// carries milliseconds (recordedSQL truncates the values, as Snowflake keeps
// them). Any other timestamp result of a query that reads them (DATEADD of
// CREATED, a set operation with another timestamp, a cast) has a scale no
// source gives, and a table or view created over one would declare a
// TIMESTAMP_LTZ(3) column the engine cannot declare: both are refused. The
// times of the history the engine serves (TASK_HISTORY, COPY_HISTORY,
// LOAD_HISTORY, PIPE_USAGE_HISTORY) are typed and refused the same way, on
// the weaker basis millisSourceColumns gives; their SQL truncates the
// values to milliseconds.

// semiMillisLTZ is the semi type of a TIMESTAMP_LTZ(3) value.
const semiMillisLTZ = "TIMESTAMP_LTZ(3)"

// nonTextTyp reports whether t is the semi type of a number, BOOLEAN, date
// or time value (semiNonText, semiMillisLTZ or semiNanosLTZ).
func nonTextTyp(t string) bool { return t == semiNonText || t == semiMillisLTZ || t == semiNanosLTZ }

// millisSourceColumns are the INFORMATION_SCHEMA views and table functions
// with columns typed semiMillisLTZ, and those columns: the views' creation
// and alteration times (measured: above), and the times of the history the
// engine serves (TASK_HISTORY, COPY_HISTORY, the LOAD_HISTORY view,
// PIPE_USAGE_HISTORY). No source measured the history's: the docs give
// them as TIMESTAMP_LTZ with no precision; frostlake types the times of the
// sibling table functions it models, COMPLETE_TASK_GRAPHS and ALERT_HISTORY,
// TIMESTAMP_LTZ(3), declared as a SHOW listing's created_on
// (engine/src/main/java/dev/frostlake/functions/table/TaskGraphRuns.java
// and AlertHistoryFunction.java: ShowResultHelpers.CREATED_ON); tables
// created over them in public repositories declare TIMESTAMP_LTZ(3) (a
// table "with all columns from information_schema.copy_history":
// LAST_LOAD_TIME, PIPE_RECEIVED_TIME; tables of ACCOUNT_USAGE.TASK_HISTORY:
// SCHEDULED_TIME, QUERY_START_TIME, COMPLETED_TIME, NEXT_SCHEDULED_TIME);
// no source gives any other precision.
var millisSourceColumns = map[string][]string{
	"TABLES": {"CREATED", "LAST_ALTERED", "LAST_DDL"}, "VIEWS": {"CREATED", "LAST_ALTERED", "LAST_DDL"},
	"SCHEMATA": {"CREATED", "LAST_ALTERED"}, "DATABASES": {"CREATED", "LAST_ALTERED"},
	"TASK_HISTORY":       {"SCHEDULED_TIME", "QUERY_START_TIME", "NEXT_SCHEDULED_TIME", "COMPLETED_TIME"},
	"COPY_HISTORY":       {"LAST_LOAD_TIME", "PIPE_RECEIVED_TIME", "FIRST_COMMIT_TIME"},
	"LOAD_HISTORY":       {"LAST_LOAD_TIME"},
	"PIPE_USAGE_HISTORY": {"START_TIME", "END_TIME"},
}

// isMillisColumn reports whether a column of an INFORMATION_SCHEMA view or
// table function is one of its TIMESTAMP_LTZ(3) times.
func isMillisColumn(source, column string) bool {
	for _, c := range millisSourceColumns[source] {
		if c == column {
			return true
		}
	}
	return false
}

// millisMention is what statement text names: whether it reads the
// INFORMATION_SCHEMA at all, one of the millisecond columns of a view or
// function it names, and one of those views or functions.
type millisMention struct{ schema, column, view bool }

func mentionsMillis(toks []sqllex.Token) millisMention {
	var m millisMention
	columns := map[string]bool{}
	for _, t := range toks {
		w, ok := semiWord(t)
		if !ok {
			continue
		}
		m.schema = m.schema || w == "INFORMATION_SCHEMA"
		if cols, ok := millisSourceColumns[w]; ok {
			m.view = true
			for _, c := range cols {
				columns[c] = true
			}
		}
	}
	for k, t := range toks {
		// A named argument (START_TIME => ...) is no column.
		if w, ok := semiWord(t); ok && columns[w] && !(k+1 < len(toks) && toks[k+1].IsOp("=>")) {
			m.column = true
		}
	}
	return m
}

// semiNanosLTZ is the semi type of a TIMESTAMP_LTZ(9) the semi typer
// follows from a TIMESTAMP_LTZ(3) column: a cast of one to TIMESTAMP_LTZ,
// whose precision is then the type's default, 9 (every TIMESTAMP variation
// takes an optional fractional-seconds precision, 9 by default:
// https://docs.snowflake.com/en/sql-reference/data-types-datetime), the one
// the engine declares; the values, whole milliseconds, are kept.
const semiNanosLTZ = "TIMESTAMP_LTZ(9)"

// millisCast is the semi type of operand cast to target where operand is
// one of the INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) columns and target is
// TIMESTAMP_LTZ with the default precision or 9: semiNanosLTZ, else "".
func (st *semiTyper) millisCast(operand, target []sqllex.Token, sources []semiSource) string {
	bare := len(target) == 1
	nine := len(target) == 4 && target[1].IsOp("(") && target[2].Text == "9" && target[3].IsOp(")")
	if !(bare || nine) || !(target[0].IsWord("TIMESTAMP_LTZ") || target[0].IsWord("TIMESTAMPLTZ")) {
		return ""
	}
	if len(operand) == 0 || !semiOneOperand(operand) || st.expr(operand, sources) != semiMillisLTZ {
		return ""
	}
	return semiNanosLTZ
}

// stampType reports whether a result column's wire type has a scale of
// seconds' fractions.
func stampType(wire string) bool {
	switch wire {
	case "timestamp_ltz", "timestamp_ntz", "timestamp_tz", "time":
		return true
	}
	return false
}

// maybeMillis reports whether a timestamp column typed typ (ok from the
// semi typer) of a statement naming m may derive from a millisecond column
// without being one: the statement names such a column, or reads a view
// that has them where the typer could not follow the column.
func (m millisMention) maybeMillis(typ string, ok bool) bool {
	if !m.schema || ok && (typ == semiMillisLTZ || typ == semiNanosLTZ) {
		return false
	}
	return m.column || m.view && (!ok || semiIsUnknown(typ))
}

// errMillisScale refuses a statement's timestamp column whose scale
// Snowflake declares from INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) columns in a
// way no source gives.
func errMillisScale(column, what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s %s over INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) times "+
		"(the views' CREATED, LAST_ALTERED or LAST_DDL; TASK_HISTORY's, COPY_HISTORY's, LOAD_HISTORY's or PIPE_USAGE_HISTORY's times)': "+
		"the local engine cannot tell the fractional precision Snowflake declares for it (select the column itself, or TO_VARCHAR of it).", what, column)
}

// applyMillisScale gives a query result's columns typed semiMillisLTZ
// (cols, ok from typeResult) scale 3 and millisecond values, and refuses
// a timestamp column that may derive from one otherwise.
func applyMillisScale(text string, res *Result, cols []semiCol, ok bool) error {
	toks, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return nil
	}
	m := mentionsMillis(toks)
	if !m.schema {
		return nil
	}
	for k := range res.Columns {
		c := &res.Columns[k]
		if !stampType(c.Type) {
			continue
		}
		typ := ""
		if ok {
			typ = cols[k].typ
		}
		if ok && typ == semiMillisLTZ && c.Type == "timestamp_ltz" {
			c.Scale = 3
			for _, row := range res.Rows {
				row[k] = stampAtScale(row[k], 3)
			}
			continue
		}
		if m.maybeMillis(typ, ok) {
			return errMillisScale(c.Name, "the result column")
		}
	}
	return nil
}

// stampAtScale is a timestamp's or time's wire value ("seconds.fraction",
// as encodeValue writes it, with a TIMESTAMP_TZ's offset after a space) with
// scale digits of fraction, as Snowflake sends a value of that scale: the
// digits past it cut (the value is already a whole number of them).
func stampAtScale(v *string, scale int) *string {
	if v == nil {
		return nil
	}
	s, rest, _ := strings.Cut(*v, " ")
	secs, frac, found := strings.Cut(s, ".")
	if !found || len(frac) <= scale {
		return v
	}
	out := secs
	if scale > 0 {
		out += "." + frac[:scale]
	}
	if rest != "" {
		out += " " + rest
	}
	return &out
}

// refuseMillisCreated refuses CREATE TABLE ... AS or CREATE VIEW ... AS a
// query with a time or timestamp column that is, or may derive from, one
// of the INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) columns, before it creates
// anything: Snowflake's object would declare TIMESTAMP_LTZ(3) (or a
// precision no source gives), which the engine's cannot. The query's column
// types are those of running it for no rows.
func (s *Session) refuseMillisCreated(ctx context.Context, text string) error {
	parts, _, _, query := createFromQuery(text) // result_semitype.go
	if parts == nil || len(query) == 0 {
		return nil
	}
	m := mentionsMillis(query)
	if !m.schema {
		return nil
	}
	duck, err := s.rewriteToDuckDB(text[query[0].Pos:], nil, nil)
	if err != nil {
		return nil // the statement itself reports it
	}
	res, err := s.run(ctx, "SELECT * FROM ("+strings.TrimRight(strings.TrimSpace(duck), ";")+") LIMIT 0", []string{"SELECT"}, nil)
	if err != nil {
		return nil
	}
	cols, ok := s.semiTyper(ctx).query(query)
	if ok && len(cols) != len(res.Columns) {
		ok = false
	}
	for k, c := range res.Columns {
		if !stampType(c.Type) {
			continue
		}
		typ := ""
		if ok {
			typ = cols[k].typ
		}
		if ok && typ == semiMillisLTZ || m.maybeMillis(typ, ok) {
			return errMillisScale(strings.ToUpper(c.Name), "the created column")
		}
	}
	return nil
}
