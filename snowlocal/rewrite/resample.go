package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// RESAMPLE (docs: constructs/resample and the time-series guide, "Using the
// RESAMPLE clause"): FROM t [[AS] a] RESAMPLE(USING col INCREMENT BY c
// [PARTITION BY p, ...]) returns t's rows and, in each partition, a
// generated row for every slice start from the slice of the smallest col
// to the largest col that no row of the partition has as its col. "The
// slices are aligned relative to midnight on January 1, 1970", as
// TIME_SLICE's; "Columns in the rows that are generated are set to NULL,
// except for the columns specified in the USING and PARTITION BY clauses."
// The guide's examples fix which rows are generated: with a 5-minute
// increment the rows at 09:49 and 10:18 get generated rows at 09:45 and
// 10:15 beside them (a slice holding a row that is not at its start still
// gets its start), and none is generated past the slice of the largest
// time.
//
// The engine answers a table's or view's RESAMPLE whose USING column is a
// TIMESTAMP_NTZ (an INTERVAL of seconds to days, or of months to years),
// a DATE (an INTERVAL of days, or of months to years) or an integer NUMBER
// (a positive integer increment). The documented error for an INTERVAL of
// a numeric column is Snowflake's (009954); every other case (a subquery,
// METADATA_COLUMNS, TIMESTAMP_LTZ/TZ, TIME, a fraction, weeks, intervals
// the usage notes forbid, whose errors are not documented, a numeric column
// without PARTITION BY, whose documented example contradicts the usage
// notes, a PARTITION BY column that is the USING one) is refused (002040).

// CodeResampleIncrement is Snowflake's error for an INTERVAL increment of a
// numeric USING column (docs: resample, "009954 (42601): SQL compilation
// error: RESAMPLE INCREMENT BY has to be numeric type when USING parameter
// is numeric.").
const CodeResampleIncrement = "009954"

// isResample reports whether a RESAMPLE clause starts at the cursor.
func (p *parser) isResample() bool {
	return p.isWord("RESAMPLE") && p.peekN(1).IsOp("(") && p.peekN(2).IsWord("USING")
}

// resampleClause is a parsed RESAMPLE(...).
type resampleClause struct {
	at        tok   // RESAMPLE
	using     tok   // the USING column
	parts     []tok // the PARTITION BY columns
	incAt     tok   // the INCREMENT BY constant's first token
	interval  string
	intervalT bool   // the increment is an INTERVAL constant
	number    string // the increment's numeric literal
}

// parseResample reads RESAMPLE(...) at the cursor.
func (p *parser) parseResample() (*resampleClause, error) {
	rs := &resampleClause{at: p.next()}
	p.next() // (
	p.next() // USING
	if u := p.next(); u.Kind == sqllex.Word || u.Kind == sqllex.QuotedIdent {
		rs.using = u
	} else {
		return nil, p.unexpected(u)
	}
	if p.isOp(".") {
		return nil, p.unsupported(p.peek(), "RESAMPLE USING a qualified column")
	}
	if err := p.expectWord("INCREMENT"); err != nil {
		return nil, err
	}
	if err := p.expectWord("BY"); err != nil {
		return nil, err
	}
	rs.incAt = p.peek()
	switch t := p.peek(); {
	case t.IsWord("INTERVAL") && p.peekN(1).Kind == sqllex.String:
		p.i += 2
		rs.intervalT, rs.interval = true, snowflakeString(p.toks[p.i-1].Text)
	case t.Kind == sqllex.Number:
		p.next()
		rs.number = t.Text
	default:
		return nil, p.unsupported(t, "RESAMPLE INCREMENT BY other than an INTERVAL constant or a numeric literal")
	}
	if p.accept("PARTITION") {
		if err := p.expectWord("BY"); err != nil {
			return nil, err
		}
		for {
			c := p.next()
			if c.Kind != sqllex.Word && c.Kind != sqllex.QuotedIdent {
				return nil, p.unexpected(c)
			}
			if p.isOp(".") {
				return nil, p.unsupported(p.peek(), "RESAMPLE PARTITION BY a qualified column")
			}
			rs.parts = append(rs.parts, c)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if p.isWord("METADATA_COLUMNS") {
		return nil, p.unsupported(p.peek(), "RESAMPLE METADATA_COLUMNS")
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return rs, nil
}

// resampleRelation renders the table or view table (rendered rel, with its
// rendered alias, maybe "") resampled by rs.
func (p *parser) resampleRelation(rs *resampleClause, table []tok, rel, alias string) (string, error) {
	if table == nil || len(table) == 1 && p.cteNames()[identKey(table[0])] || p.opts.ColumnTypes == nil {
		return "", p.unsupported(rs.at, "RESAMPLE of a subquery, CTE or table function")
	}
	names, types, err := p.opts.ColumnTypes(rel, nil)
	if err != nil {
		return "", p.unsupported(rs.at, "RESAMPLE of a subquery, CTE or table function")
	}
	colType := func(c tok) (string, bool) {
		for k, n := range names {
			if c.Kind == sqllex.QuotedIdent && n == unquoteIdent(c.Text) || c.Kind == sqllex.Word && n == strings.ToUpper(c.Text) {
				return types[k], true
			}
		}
		return "", false
	}
	invalid := func(c tok) error {
		// Snowflake's error for it is not documented for RESAMPLE.
		return p.unsupported(c, "RESAMPLE of a column the table does not have ("+identKey(c)+")")
	}
	typ, ok := colType(rs.using)
	if !ok {
		return "", invalid(rs.using)
	}
	seen := map[string]bool{identKey(rs.using): true}
	for _, c := range rs.parts {
		if _, ok := colType(c); !ok {
			return "", invalid(c)
		}
		if seen[identKey(c)] {
			// Not documented: a column both the USING and a PARTITION BY
			// one, or partitioned by twice.
			return "", p.unsupported(c, "RESAMPLE PARTITION BY the USING column or a column twice")
		}
		seen[identKey(c)] = true
	}
	u := identSQL(rs.using)
	var series string // the generated USING values of a partition, a list
	switch {
	case resampleInteger(typ):
		if rs.intervalT {
			return "", &Error{Code: CodeResampleIncrement, Line: rs.incAt.Line, Col: rs.incAt.Col,
				Message: "SQL compilation error:\nRESAMPLE INCREMENT BY has to be numeric type when USING parameter is numeric."}
		}
		if len(rs.parts) == 0 {
			// The page's numeric example (SELECT * FROM sensor_data_unixtime
			// RESAMPLE(USING unixtime INCREMENT BY 1)) prints its generated
			// rows with the unpartitioned DEVICE_ID filled in (DEVICE3),
			// where its usage notes ("they contain NULL values for columns
			// that aren't partitioned") and the guide's TIMESTAMP example
			// print NULL: which Snowflake answers is not known.
			return "", p.unsupported(rs.at, "RESAMPLE of a numeric USING column without PARTITION BY (the docs' example and usage notes disagree on its generated rows' other columns)")
		}
		n, err := strconv.ParseInt(rs.number, 10, 64)
		if err != nil || !resampleDigits.MatchString(rs.number) || n <= 0 {
			return "", p.unsupported(rs.incAt, "RESAMPLE INCREMENT BY "+rs.number+" (other than a positive integer)")
		}
		// The slice of the smallest value counts from 0 (TIME_SLICE's
		// alignment); HUGEINT holds every NUMBER(38, 0) exactly.
		lo := fmt.Sprintf("(min(CAST(%s AS HUGEINT)) - ((min(CAST(%s AS HUGEINT)) %% %d) + %d) %% %d)", u, u, n, n, n)
		series = fmt.Sprintf("list_transform(range(0, CAST((max(CAST(%s AS HUGEINT)) - %s) // %d + 1 AS BIGINT)), _sf_k -> %s + _sf_k * %d)",
			u, lo, n, lo, n)
	case typ == "TIMESTAMP" || typ == "DATE":
		if !rs.intervalT {
			return "", p.unsupported(rs.incAt, "RESAMPLE INCREMENT BY a number for a "+map[string]string{"TIMESTAMP": "TIMESTAMP_NTZ", "DATE": "DATE"}[typ]+" column (its error is not documented)")
		}
		iv, why := resampleInterval(rs.interval, typ == "DATE")
		if why != "" {
			return "", p.unsupported(rs.incAt, "RESAMPLE INCREMENT BY INTERVAL '"+rs.interval+"' ("+why+")")
		}
		x := u
		if typ == "DATE" {
			x = "CAST(" + u + " AS TIMESTAMP)"
		}
		series = fmt.Sprintf("generate_series(time_bucket(%s, min(%s), TIMESTAMP '1970-01-01 00:00:00'), max(%s), %s)", iv, x, x, iv)
	default:
		return "", p.unsupported(rs.at, "RESAMPLE USING a column of DuckDB type "+typ+" (the engine resamples TIMESTAMP_NTZ, DATE and integer NUMBER columns)")
	}
	var partCols, gen, match []string
	for _, c := range rs.parts {
		pc := identSQL(c)
		partCols = append(partCols, pc)
		gen = append(gen, "_sf_g."+pc)
		match = append(match, "_sf_r."+pc+" IS NOT DISTINCT FROM _sf_g."+pc)
	}
	group := ""
	if len(partCols) > 0 {
		group = " GROUP BY " + strings.Join(partCols, ", ")
	}
	lead := func(cols []string) string {
		if len(cols) == 0 {
			return ""
		}
		return strings.Join(cols, ", ") + ", "
	}
	gen = append(gen, "_sf_g._sf_b AS "+u)
	match = append([]string{"_sf_r." + u + " = _sf_g._sf_b"}, match...)
	generated := fmt.Sprintf("SELECT %sCAST(UNNEST(_sf_s) AS %s) AS _sf_b FROM (SELECT %s%s AS _sf_s FROM %s%s)",
		lead(partCols), typ, lead(partCols), series, rel, group)
	if alias == "" {
		// The unaliased table keeps its name for qualified columns.
		alias = " AS " + identSQL(table[len(table)-1])
	}
	if n := p.peek(); n.IsWord("PIVOT") || n.IsWord("UNPIVOT") || isSampleWord(n) || n.IsWord("RESAMPLE") {
		return "", p.unsupported(n, strings.ToUpper(n.Text)+" of a RESAMPLE")
	}
	return fmt.Sprintf("(SELECT * FROM %s UNION ALL BY NAME SELECT %s FROM (%s) AS _sf_g WHERE NOT EXISTS (SELECT 1 FROM %s AS _sf_r WHERE %s))%s",
		rel, strings.Join(gen, ", "), generated, rel, strings.Join(match, " AND "), alias), nil
}

// resampleDigits is a positive integer literal without a fraction or an
// exponent.
var resampleDigits = regexp.MustCompile(`^[0-9]+$`)

// resampleInteger reports whether a column of DuckDB type typ is an integer
// NUMBER (INT and its synonyms are BIGINT: types.go).
func resampleInteger(typ string) bool {
	switch typ {
	case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT":
		return true
	}
	return strings.HasPrefix(typ, "DECIMAL(") && strings.HasSuffix(typ, ",0)")
}

// resampleInterval is the DuckDB interval of RESAMPLE's INTERVAL constant s
// for a TIMESTAMP_NTZ column (a DATE one when date is set), or why the
// engine refuses it. The usage notes allow one of three groups of parts
// (year, quarter, month; week; day, hour, minute, second), at least one
// second, and no part below a day for a DATE; whatever Snowflake answers
// otherwise (an error whose text is not documented) is refused, as are
// weeks, whose slices TIME_SLICE aligns by WEEK_START.
func resampleInterval(s string, date bool) (string, string) {
	incs, why := parseIntervalConstant(s)
	if why != "" {
		return "", why
	}
	var months, seconds int64
	for _, inc := range incs {
		if inc.n <= 0 {
			return "", "an increment that is not positive"
		}
		switch {
		case inc.unit.duck == "day" && inc.unit.mult == 7:
			return "", "weeks"
		case inc.unit.duck == "year":
			months += inc.n * 12
		case inc.unit.duck == "month":
			months += inc.n
		case inc.unit.duck == "day":
			seconds += inc.n * 86400
		case inc.unit.duck == "hour" && !date:
			seconds += inc.n * 3600
		case inc.unit.duck == "minute" && !date:
			seconds += inc.n * 60
		case inc.unit.duck == "second" && !date:
			seconds += inc.n
		default:
			return "", "a part the usage notes do not allow for the column"
		}
	}
	switch {
	case months > 0 && seconds > 0:
		return "", "parts of two groups"
	case months > 0:
		return fmt.Sprintf("INTERVAL (%d) MONTH", months), ""
	case seconds%86400 == 0:
		return fmt.Sprintf("INTERVAL (%d) DAY", seconds/86400), ""
	}
	return fmt.Sprintf("INTERVAL (%d) SECOND", seconds), ""
}
