package rewrite

import "strings"

// A DATE plus or minus an interval constant of date parts only (years,
// quarters, months, weeks, days) is a DATE; with a time part it is a
// timestamp (docs: Date & time data types, Interval constants: the page
// prints TO_DATE('2023-04-15') + INTERVAL '1 year' as 2024-04-15 and
// TO_DATE('2019-02-28') + INTERVAL '1 day, 1 year' as 2020-03-01, its
// example with hours as a timestamp). DuckDB's DATE + INTERVAL is a
// TIMESTAMP whatever the interval holds.
//
// Where a DATE starts the expression the rewriter renders the sum itself
// (dateIntervalConstant); intervalSum renders the others. Where the
// rewriter knows the operand's type, a DATE's sum is cast back to a DATE
// (exact: date parts keep midnight) and any other type's sum is left as it
// was. Where only DuckDB knows it (a CTE or derived table column, a scalar
// subquery, a CASE, a function's result, a sum before the interval), the
// sum is cast_to_type(x + iv, x): DuckDB casts it to x's own type when it
// binds the statement (the second x is bound for its type only, not
// evaluated; an aggregate or window function in it is computed once), a
// DATE for a DATE and no cast at all for a timestamp, so a timestamp's sum costs what it did and
// a TIMESTAMP_LTZ keeps DuckDB's calendar arithmetic across DST changes.

// datePartsOnly reports whether an interval constant holds date parts only
// (years, quarters, months, weeks, days).
func datePartsOnly(incs []intervalIncrement) bool {
	for _, inc := range incs {
		if inc.unit.rank >= 2 {
			return false
		}
	}
	return true
}

// datePartsSum renders x op iv (op + or -, iv an interval of date parts
// only) with x's type, typ when the rewriter knows it ("" when not): a
// DATE where x is one, else x op iv as DuckDB types it. x is bound a second
// time as the type of cast_to_type, or a sum's own operand where x is such
// a sum; where x holds a positional bind (?), it is bound once, as a
// lambda's parameter.
func (p *parser) datePartsSum(x, typ, op, iv string) string {
	sum := x + " " + op + " " + iv
	switch {
	case typ == "DATE":
		return "CAST(" + sum + " AS DATE)"
	case typ != "":
		return sum
	case strings.Contains(x, "?"):
		const v = "_sf_dp"
		return "list_transform([" + x + "], lambda " + v + ": cast_to_type(" + v + " " + op + " " + iv + ", " + v + "))[1]"
	}
	witness, ok := p.dateWitness[x]
	if !ok {
		witness = x
	}
	out := "cast_to_type(" + sum + ", " + witness + ")"
	if p.dateWitness == nil {
		p.dateWitness = map[string]string{}
	}
	p.dateWitness[out] = witness
	return out
}
