// Package conformance holds examples copied from Snowflake's documentation
// (statement and documented output) and runs them through gosnowflake
// against the local engine: the engine must answer exactly as the docs show,
// or refuse with a Snowflake-style error the case names.
//
// A case file (testdata/<category>.sqltest) is a list of cases:
//
//	=== split_part_basic
//	source: https://docs.snowflake.com/en/sql-reference/functions/split_part
//	setup:
//	create table t (s varchar);
//	insert into t values ('a.b');
//	query:
//	select split_part(s, '.', 1) as p from t;
//	expect:
//	+---+
//	| P |
//	|---|
//	| a |
//	+---+
//
// Directives (each on a line of its own, at column 0):
//   - "source: URL" (required): the documentation page the example is from.
//   - "setup:" statements run before the first query (';'-separated).
//   - "query:" one or more statements; the last one's result is compared.
//     A case may hold several query/expect pairs; each pair is one example.
//   - "expect:" the documented result: Snowflake's box table as the docs
//     print it, or tab-separated lines (first line the column names).
//   - "rows:" like expect, without a header line (column names unchecked).
//   - "error: CODE text": Snowflake itself answers with this error (the
//     docs say so); the message must contain text.
//   - "error: ? text": the docs print Snowflake's failure text without its
//     code (CHR's "FAILURE: Invalid character code -1 in the CHR input"):
//     the engine must fail with a Snowflake error of any code but the
//     refusals' 002040 and 002140, its message containing text (not
//     empty), which is the docs' message after their "FAILURE: ".
//   - "refused: CODE text": a documented example the local engine does not
//     support yet; it must fail with this code and a message containing
//     text (002040 unsupported feature, 002140 unknown function …) — never
//     a different answer.
//   - "options: semicolon" sends the check's query with its terminating
//     ';', as the docs' client (SnowSQL) sent it: the text CURRENT_STATEMENT
//     prints. Every other statement is sent without it.
//   - "options: unordered" compares rows as a multiset; "options: nocolumns"
//     skips the column-name check where the docs' header is abbreviated;
//     "options: multiline" reads box rows whose cells span several lines
//     (pretty-printed JSON) as one row each; "options: subset" passes when
//     every returned row is one of the expect block's rows, each at most as
//     often as the block lists it, in any order (a random sample, which
//     the docs only promise to be "a subset of rows" of the table the
//     block lists); "options: lines" reads the rows of a one-column box as
//     the lines of one text value (GET_DDL's DDL); "options: textlines"
//     reads box rows whose text cells span several lines (a value holding
//     newlines): a line whose first cell is empty goes on the row above;
//     "options: linepairs" reads a box whose every row spans two lines
//     (the first column's value holds a newline: TRIM's '>ABC\n<').
//
// Lines starting with "#" outside SQL blocks are comments (a result
// block's rows start with '|', '+' or a value, never '#').
package conformance

import (
	"fmt"
	"regexp"
	"strings"
)

// Case is one documented example (or a few sharing a setup).
type Case struct {
	File   string
	Line   int
	Name   string
	Source string
	Setup  string
	Checks []Check
}

// AnyCode is an error line's code where the docs print the failure's text
// without its code ("error: ? text").
const AnyCode = "?"

// Check is one query with what the docs say it returns.
type Check struct {
	Line      int
	Query     string
	Expect    *Table // nil for error/refused
	ErrCode   string // error or refused: Snowflake's six-digit code, or AnyCode
	ErrText   string
	Refused   bool // refused: a known, clear gap of the local engine
	Unordered bool
	NoColumns bool
	Multiline bool // box cells span lines (pretty-printed JSON): multiline.go
	Subset    bool // the rows are a sub-multiset of Expect's, in any order
	Lines     bool // a one-column box's rows are the lines of one text value
	TextLines bool // box text cells span lines (values holding newlines): multiline.go
	LinePairs bool // every box row spans two lines: multiline.go
	Semicolon bool // the query is sent with its terminating semicolon
}

// Table is an expected result.
type Table struct {
	Columns []string // nil when "rows:" was used
	Rows    [][]string
	// Raw holds a box table's cells with only the one padding space on
	// each side taken off (and trailing spaces): a text is printed
	// left-aligned, so a leading space of its value survives there
	// (SYS_CONNECT_BY_PATH's " -> 1"). Nil for tab-separated lines.
	Raw [][]string
}

var directive = regexp.MustCompile(`^(source|setup|query|expect|rows|error|refused|options):\s*(.*)$`)

// Parse reads a case file.
func Parse(file, text string) ([]*Case, error) {
	var (
		cases []*Case
		cur   *Case
		block string // current multi-line block: setup, query, expect, rows
		buf   []string
		start int
		opts  []string
	)
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	errAt := func(line int, format string, args ...any) error {
		return fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...))
	}
	lastCheck := func() *Check {
		if cur == nil || len(cur.Checks) == 0 {
			return nil
		}
		return &cur.Checks[len(cur.Checks)-1]
	}
	flush := func() error {
		body := strings.TrimSpace(strings.Join(buf, "\n"))
		defer func() { buf, block = nil, "" }()
		switch block {
		case "setup":
			cur.Setup = body
		case "query":
			if body == "" {
				return errAt(start, "empty query")
			}
			cur.Checks = append(cur.Checks, Check{Line: start, Query: body})
			for _, o := range opts {
				applyOption(lastCheck(), o)
			}
		case "expect", "rows":
			c := lastCheck()
			if c == nil || c.Expect != nil || c.ErrCode != "" {
				return errAt(start, "%s: without a query before it", block)
			}
			t, err := parseTable(buf, block == "expect")
			if err != nil {
				return errAt(start, "%v", err)
			}
			if c.Multiline {
				t.Rows, t.Raw = joinMultiline(t.Rows, t.Raw), nil // a joined cell has no single raw text
			}
			if c.TextLines {
				t.Rows, t.Raw = joinTextLines(t.Rows, t.Raw), nil
			}
			if c.LinePairs {
				t.Rows, t.Raw = joinLinePairs(t.Rows, t.Raw), nil
			}
			if c.Lines {
				if err := joinLines(t); err != nil {
					return errAt(start, "%v", err)
				}
			}
			c.Expect = t
		}
		return nil
	}
	finish := func() error {
		if cur == nil {
			return nil
		}
		if err := flush(); err != nil {
			return err
		}
		if cur.Source == "" {
			return errAt(cur.Line, "case %s has no source", cur.Name)
		}
		if len(cur.Checks) == 0 {
			return errAt(cur.Line, "case %s has no query", cur.Name)
		}
		for _, c := range cur.Checks {
			if c.Expect == nil && c.ErrCode == "" {
				return errAt(c.Line, "case %s: query without expect/rows/error/refused", cur.Name)
			}
		}
		cases = append(cases, cur)
		cur, opts = nil, nil
		return nil
	}
	for i, line := range lines {
		n := i + 1
		if strings.HasPrefix(line, "=== ") {
			if err := finish(); err != nil {
				return nil, err
			}
			cur = &Case{File: file, Line: n, Name: strings.TrimSpace(line[4:])}
			continue
		}
		m := directive.FindStringSubmatch(line)
		if m == nil {
			if (block == "expect" || block == "rows") && strings.HasPrefix(line, "#") {
				continue // a comment on the next query
			}
			if block != "" {
				buf = append(buf, line)
			} else if t := strings.TrimSpace(line); t != "" && !strings.HasPrefix(t, "#") {
				return nil, errAt(n, "text outside a block: %q", line)
			}
			continue
		}
		if cur == nil {
			return nil, errAt(n, "%s: before the first '=== name' line", m[1])
		}
		if err := flush(); err != nil {
			return nil, err
		}
		arg := strings.TrimSpace(m[2])
		switch m[1] {
		case "source":
			cur.Source = arg
		case "options":
			for _, o := range strings.Fields(strings.ReplaceAll(arg, ",", " ")) {
				if o != "unordered" && o != "nocolumns" && o != "multiline" && o != "subset" && o != "lines" && o != "textlines" && o != "linepairs" && o != "semicolon" {
					return nil, errAt(n, "unknown option %q", o)
				}
				opts = append(opts, o)
				if c := lastCheck(); c != nil {
					applyOption(c, o)
				}
			}
		case "error", "refused":
			c := lastCheck()
			if c == nil || c.Expect != nil || c.ErrCode != "" {
				return nil, errAt(n, "%s: without a query before it", m[1])
			}
			code, text, _ := strings.Cut(arg, " ")
			text = strings.TrimSpace(text)
			switch {
			case code == AnyCode && (m[1] == "refused" || text == ""):
				return nil, errAt(n, "%s: %q takes the documented message and only in error:", m[1], AnyCode)
			case code != AnyCode && len(code) != 6:
				return nil, errAt(n, "%s: want a six-digit Snowflake code, got %q", m[1], code)
			}
			c.ErrCode, c.ErrText, c.Refused = code, text, m[1] == "refused"
		default:
			if arg != "" {
				return nil, errAt(n, "%s: the block starts on the next line", m[1])
			}
			block, start = m[1], n
		}
	}
	if err := finish(); err != nil {
		return nil, err
	}
	return cases, nil
}

func applyOption(c *Check, o string) {
	switch o {
	case "unordered":
		c.Unordered = true
	case "nocolumns":
		c.NoColumns = true
	case "multiline":
		c.Multiline = true
	case "subset":
		c.Subset = true
	case "lines":
		c.Lines = true
	case "textlines":
		c.TextLines = true
	case "linepairs":
		c.LinePairs = true
	case "semicolon":
		c.Semicolon = true
	}
}

// joinLines makes a one-column box's rows one value, its lines joined by
// newlines as the raw cells print them (leading blanks kept).
func joinLines(t *Table) error {
	if t.Raw == nil || len(t.Columns) != 1 {
		return fmt.Errorf("options: lines wants a box table of one column")
	}
	lines := make([]string, len(t.Raw))
	for i, r := range t.Raw {
		lines[i] = r[0]
	}
	v := strings.Join(lines, "\n")
	t.Rows, t.Raw = [][]string{{v}}, [][]string{{v}}
	return nil
}

// parseTable reads a docs box table or tab-separated lines.
func parseTable(lines []string, header bool) (*Table, error) {
	var rows, raw [][]string
	box, sawSep := false, false
	headLines := 0 // box rows above the "|---" separator: the header's lines
	for _, l := range lines {
		t := strings.TrimRight(l, " \t")
		if strings.TrimSpace(t) == "" {
			continue
		}
		switch {
		case strings.HasPrefix(t, "+"):
			box = true
			continue
		case strings.HasPrefix(t, "|-"):
			if !sawSep {
				headLines = len(rows)
			}
			box, sawSep = true, true
			continue
		case strings.HasPrefix(t, "|"):
			box = true
			inner := strings.TrimSuffix(strings.TrimPrefix(t, "|"), "|")
			var cells, raws []string
			for _, c := range strings.Split(inner, "|") {
				cells = append(cells, strings.TrimSpace(c))
				raws = append(raws, strings.TrimRight(strings.TrimPrefix(c, " "), " "))
			}
			rows = append(rows, cells)
			raw = append(raw, raws)
		default:
			if box {
				return nil, fmt.Errorf("line %q: a box table's lines start with '|' or '+'", t)
			}
			// A tab-separated line keeps its trailing tabs: a last cell
			// may be an empty string (SPLIT_PART past the last part).
			rows = append(rows, strings.Split(strings.TrimRight(l, " \r"), "\t"))
		}
	}
	if header && box && headLines > 1 {
		// A header whose names span lines (a column named by a call
		// written over several lines): its lines join, each cell's text
		// after the first line kept with its indentation.
		joined := rows[0]
		for k := 1; k < headLines; k++ {
			if len(rows[k]) != len(joined) {
				return nil, fmt.Errorf("header line %d has %d cells, the first %d", k+1, len(rows[k]), len(joined))
			}
			for c := range joined {
				if raw[k][c] != "" { // a shorter name's cell is blank
					joined[c] += "\n" + raw[k][c]
				}
			}
		}
		rows = append([][]string{joined}, rows[headLines:]...)
		raw = append([][]string{raw[0]}, raw[headLines:]...)
	}
	t := &Table{}
	if header {
		if len(rows) == 0 {
			return nil, fmt.Errorf("expect: no header line")
		}
		t.Columns, rows = rows[0], rows[1:]
		if box {
			raw = raw[1:]
		}
	}
	for i, r := range rows {
		if w := len(rows[0]); len(r) != w {
			return nil, fmt.Errorf("row %d has %d cells, the first row %d", i+1, len(r), w)
		}
	}
	if t.Columns != nil && len(rows) > 0 && len(rows[0]) != len(t.Columns) {
		return nil, fmt.Errorf("rows have %d cells, the header %d", len(rows[0]), len(t.Columns))
	}
	t.Rows = rows
	if box && len(raw) == len(rows) {
		t.Raw = raw
	}
	return t, nil
}
