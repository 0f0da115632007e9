package rewrite

import (
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SAMPLE / TABLESAMPLE (docs: https://docs.snowflake.com/en/sql-reference/constructs/sample):
//
//	{ SAMPLE | TABLESAMPLE } { { BERNOULLI | ROW } ( { <probability> | <num> ROWS } ) |
//	                           { SYSTEM | BLOCK } ( <probability> ) [ { REPEATABLE | SEED } ( <seed> ) ] }
//
// BERNOULLI (the default) "includes each row with a probability of p/100";
// SYSTEM "includes each block of rows with a probability of p/100" and "does
// not support fixed-size sampling"; probability is "any decimal number
// between 0 (no rows selected) and 100 (all rows selected) inclusive"; with
// num ROWS "the exact number of specified rows is returned unless the table
// contains fewer rows", num being an integer from 0 to 1000000; the seed,
// "any integer between 0 and 2147483647 inclusive", makes the sampling
// deterministic and applies only to SYSTEM and BLOCK sampling. "Sampling
// with a seed is not supported on views or subqueries" (docs:
// snowflake.snowpark.Table.sample). The clause follows a FROM item and its
// alias and samples that item, "the specified table", before joins and
// WHERE read it.
//
// The engine samples the item in a derived table of its own:
//   - a fraction: WHERE random() < p/100 in a materialized CTE, one
//     independent draw per row (random() is in [0, 1): 0 keeps no row, 100
//     every row);
//   - SYSTEM | BLOCK: the docs do not say how rows fall into blocks (only
//     that such a sample may be biased, especially for small tables), so
//     the table is one block, kept whole with probability p/100 or not at
//     all — an outcome Snowflake's sample can give whatever its blocks are
//     (each block is kept or not), where a per-row draw could give a part
//     of a one-block table Snowflake never returns. With a seed the draw is
//     a hash of the seed: the same rows for the same seed while the table
//     is unchanged;
//   - num ROWS: ORDER BY random() LIMIT num, a uniform choice of exactly
//     num rows (all of them when there are fewer).
//
// DuckDB's own TABLESAMPLE is not used: its system method samples whole
// vectors of 2048 rows, and "specifying the seed only guarantees that the
// sample is the same if multi-threading is not enabled" (docs:
// https://duckdb.org/docs/stable/sql/samples).
//
// What the docs do not settle is refused (002040): a seed with BERNOULLI or
// num ROWS, SYSTEM with num ROWS, a seed on a view or CTE, SYSTEM or a seed
// on a subquery, SAMPLE of any other FROM item (VALUES, a table function, a
// stage, a parenthesized join, IDENTIFIER(...)), an alias after the clause,
// a size or seed other than a literal in the documented range.

// sampleClause is a parsed SAMPLE clause.
type sampleClause struct {
	at       tok     // SAMPLE or TABLESAMPLE
	system   bool    // SYSTEM | BLOCK; BERNOULLI | ROW otherwise
	fraction float64 // probability / 100, when rows < 0
	rows     int     // num of num ROWS, or -1
	seed     string  // the seed's digits, "" without one
	seedAt   tok
}

// sampleTarget is what a SAMPLE clause would sample.
type sampleTarget int

const (
	sampleNothing sampleTarget = iota // a FROM item the engine does not sample
	sampleTable                       // a table, view or CTE by name
	sampleQuery                       // a derived table: (SELECT ...)
)

func isSampleWord(t tok) bool { return t.IsWord("SAMPLE") || t.IsWord("TABLESAMPLE") }

var (
	sampleProbability = regexp.MustCompile(`^([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	sampleInteger     = regexp.MustCompile(`^[0-9]+$`)
)

// parseSample parses the SAMPLE clause at the current token.
func (p *parser) parseSample() (*sampleClause, error) {
	s := &sampleClause{at: p.next(), rows: -1}
	name := strings.ToUpper(s.at.Text)
	method := p.peek()
	switch {
	case method.IsWord("BERNOULLI") || method.IsWord("ROW"):
		p.next()
	case method.IsWord("SYSTEM") || method.IsWord("BLOCK"):
		p.next()
		s.system = true
	}
	if !p.isOp("(") {
		return nil, p.unsupported(s.at, name+" without a parenthesized probability or number of rows")
	}
	p.next()
	size := p.next()
	if size.Kind != sqllex.Number {
		return nil, p.unsupported(size, name+" with a size other than a number literal")
	}
	if p.isWord("ROWS") {
		p.next()
		n, err := strconv.Atoi(size.Text)
		if !sampleInteger.MatchString(size.Text) || err != nil || n > 1000000 {
			return nil, p.unsupported(size, name+" of a number of rows other than an integer from 0 to 1000000 (docs: sample)")
		}
		if s.system {
			return nil, p.unsupported(method, name+" "+strings.ToUpper(method.Text)+
				" of a fixed number of rows (docs: sample, SYSTEM | BLOCK does not support fixed-size sampling)")
		}
		s.rows = n
	} else {
		v, err := strconv.ParseFloat(size.Text, 64)
		if !sampleProbability.MatchString(size.Text) || err != nil || v > 100 {
			return nil, p.unsupported(size, name+" probability other than a decimal number from 0 to 100 (docs: sample)")
		}
		s.fraction = v / 100
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if p.isWord("SEED") || p.isWord("REPEATABLE") {
		s.seedAt = p.next()
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		seed := p.next()
		if n, err := strconv.ParseInt(seed.Text, 10, 64); seed.Kind != sqllex.Number || !sampleInteger.MatchString(seed.Text) ||
			err != nil || n > math.MaxInt32 {
			return nil, p.unsupported(seed, name+" seed other than an integer from 0 to 2147483647 (docs: sample)")
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		switch {
		case s.rows >= 0:
			return nil, p.unsupported(s.seedAt, name+" of a fixed number of rows with "+strings.ToUpper(s.seedAt.Text)+
				" (docs: sample, the seed applies only to SYSTEM and BLOCK sampling)")
		case !s.system:
			return nil, p.unsupported(s.seedAt, name+" BERNOULLI | ROW with "+strings.ToUpper(s.seedAt.Text)+
				" (docs: sample, the seed applies only to SYSTEM and BLOCK sampling)")
		}
		s.seed = strings.TrimLeft(seed.Text, "0")
		if s.seed == "" {
			s.seed = "0"
		}
	}
	if a := p.peek(); a.IsWord("AS") || a.Kind == sqllex.QuotedIdent ||
		a.Kind == sqllex.Word && !keywords[strings.ToUpper(a.Text)] && !isAliasStopper(strings.ToUpper(a.Text)) {
		return nil, p.unsupported(a, "an alias after "+name+" (docs: sample, the alias comes before it)")
	}
	return s, nil
}

// sampleRelation renders rel (with its rendered alias, maybe "") sampled
// by s. table is the name of a sampleTable target as written.
func (p *parser) sampleRelation(s *sampleClause, target sampleTarget, table []tok, rel, alias string) (string, error) {
	name := strings.ToUpper(s.at.Text)
	switch target {
	case sampleNothing:
		return "", p.unsupported(s.at, name+" of this kind of FROM item")
	case sampleQuery:
		if s.system {
			return "", p.unsupported(s.at, name+" SYSTEM | BLOCK of a subquery (not documented)")
		}
	case sampleTable:
		if alias == "" {
			// The unaliased table keeps its name for qualified columns.
			alias = " AS " + identSQL(table[len(table)-1])
		}
	}
	var sample string
	switch {
	case s.rows >= 0:
		sample = "SELECT * FROM " + rel + " ORDER BY random() LIMIT " + strconv.Itoa(s.rows)
	case s.system && s.seed == "":
		// One draw for the whole table (the comment above), made once.
		sample = "WITH _sf_draw AS MATERIALIZED (SELECT random() < " + strconv.FormatFloat(s.fraction, 'g', -1, 64) +
			" AS keep) SELECT * FROM " + rel + " WHERE (SELECT keep FROM _sf_draw)"
	case s.seed != "":
		if target != sampleTable || len(table) == 1 && p.cteNames()[identKey(table[0])] || p.opts.ColumnTypes == nil {
			return "", p.unsupported(s.seedAt, name+" with "+strings.ToUpper(s.seedAt.Text)+" of a view, CTE or subquery (docs: Snowpark Table.sample, not supported on views or subqueries)")
		}
		if _, _, err := p.opts.ColumnTypes(rel, []string{"rowid"}); err != nil {
			return "", p.unsupported(s.seedAt, name+" with "+strings.ToUpper(s.seedAt.Text)+" of a view, CTE or subquery (docs: Snowpark Table.sample, not supported on views or subqueries)")
		}
		// The top 53 bits of the hash, uniform in [0, 2^53), each a
		// DOUBLE exactly: below fraction·2^53 with probability fraction.
		sample = "SELECT * FROM " + rel + " WHERE CAST(hash(" + s.seed + ") >> 11 AS DOUBLE) < " +
			strconv.FormatFloat(s.fraction*(1<<53), 'g', -1, 64)
	default:
		// Materialized: DuckDB's optimizer otherwise moves the filter out
		// of the derived table and takes random() for one value (sampling
		// both sides of a join at 25% and 50% kept a quarter of the rows,
		// a one-row table's sample joined to others kept some of the
		// joined rows).
		sample = "WITH _sf_sampled AS MATERIALIZED (SELECT * FROM " + rel + " WHERE random() < " +
			strconv.FormatFloat(s.fraction, 'g', -1, 64) + ") SELECT * FROM _sf_sampled"
	}
	return "(" + sample + ")" + alias, nil
}
