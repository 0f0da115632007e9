package rewrite

import (
	"fmt"

	"strings"
)

// Bitwise functions on INTEGER and BINARY values, WIDTH_BUCKET, HAVERSINE
// and X'…' binary literals (docs: bitand, bitor, bitxor, bitnot,
// bitshiftleft, bitshiftright, width_bucket, haversine). A BINARY operand
// is told apart when DuckDB binds the call (typeof folds to a constant):
// BINARY values go to the Go functions _SF_GO_BITOP / _SF_GO_BITNOT /
// _SF_GO_BITSHIFT of package sfunc, the others keep DuckDB's integer
// operators; the branch not taken gets an empty value so that it binds.

func init() {
	registerFuncs(map[string]funcHandler{
		"BITAND": bitOp("&", "AND"), "BIT_AND": bitOp("&", "AND"),
		"BITOR": bitOp("|", "OR"), "BIT_OR": bitOp("|", "OR"),
		"BITXOR": bitOp("xor", "XOR"), "BIT_XOR": bitOp("xor", "XOR"),
		"BITNOT": bitNot, "BIT_NOT": bitNot,
		"BITSHIFTLEFT": bitShift("<<", true), "BIT_SHIFTLEFT": bitShift("<<", true),
		"BITSHIFTRIGHT": bitShift(">>", false), "BIT_SHIFTRIGHT": bitShift(">>", false),
		"WIDTH_BUCKET": widthBucket,
		"HAVERSINE":    haversine,
		"GETBIT":       getBit,
	})
}

// hexLiteral renders X'hex' (a BINARY constant).
func (p *parser) hexLiteral(x, s tok) (expr, error) {
	body := snowflakeString(s.Text)
	if len(body)%2 != 0 || strings.Trim(strings.ToUpper(body), "0123456789ABCDEF") != "" {
		return expr{}, &Error{Code: CodeSyntax, Line: x.Line, Col: x.Col,
			Message: fmt.Sprintf("SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", s.Line, s.Col-1, s.Text)}
	}
	p.i += 2
	return expr{sql: "from_hex(" + sqlString(body) + ")", typ: "BLOB"}, nil
}

// isBlob is a bind-time test of an operand's type.
func isBlob(x string) string { return "typeof(" + x + ") = 'BLOB'" }

// asBlob and asInt give an operand as the type of one branch, an empty
// value of that type when the operand is of the other kind.
func asBlob(x string) string {
	return fmt.Sprintf("struct_extract({'b': %[1]s, 'z': CAST('' AS BLOB)}, CASE WHEN %[2]s THEN 'b' ELSE 'z' END)", x, isBlob(x))
}

func asInt(x string) string {
	return fmt.Sprintf("struct_extract({'n': %[1]s, 'z': 0}, CASE WHEN %[2]s THEN 'z' ELSE 'n' END)", x, isBlob(x))
}

// pick chooses the BINARY or the integer result by the first operand's type.
func pick(first, blob, num string) string {
	return fmt.Sprintf("struct_extract({'n': %s, 'b': %s}, CASE WHEN %s THEN 'b' ELSE 'n' END)", num, blob, isBlob(first))
}

// bitOp: BITAND/BITOR/BITXOR(a, b [, 'LEFT'|'RIGHT']); the padding side is
// for BINARY values of different lengths (without it they fail with
// 100544, as documented).
func bitOp(op, name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 3); err != nil {
			return expr{}, err
		}
		a, b := c.args[0].num(), c.args[1].num()
		pad := "''"
		if len(c.args) == 3 {
			side, ok := c.args[2].literal()
			if !ok || (!strings.EqualFold(side, "LEFT") && !strings.EqualFold(side, "RIGHT")) {
				return expr{}, p.unsupported(c.t, c.name+" with a padding side other than 'LEFT' or 'RIGHT'")
			}
			pad = sqlString(strings.ToUpper(side))
		}
		num := fmt.Sprintf("(%s %s %s)", asInt(a), op, asInt(b))
		if op == "xor" {
			num = fmt.Sprintf("xor(%s, %s)", asInt(a), asInt(b))
		}
		blob := fmt.Sprintf("_SF_GO_BITOP(%s, %s, '%s', %s)", asBlob(a), asBlob(b), name, pad)
		return expr{sql: pick(a, blob, num)}, nil
	}
}

func bitNot(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	a := c.args[0].num()
	return expr{sql: pick(a, "_SF_GO_BITNOT("+asBlob(a)+")", "(~"+asInt(a)+")")}, nil
}

func bitShift(op string, left bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		a, n := c.args[0].num(), c.args[1].num()
		num := fmt.Sprintf("(%s %s %s)", asInt(a), op, n)
		blob := fmt.Sprintf("_SF_GO_BITSHIFT(%s, CAST(%s AS BIGINT), %t)", asBlob(a), n, left)
		return expr{sql: pick(a, blob, num)}, nil
	}
}

// getBit: GETBIT(integer_expr, bit_position) is the bit (0 or 1) of the
// integer at the position, "starting from 0 for the least significant bit
// up to 127 for the most significant bit" (docs: getbit,
// https://docs.snowflake.com/en/sql-reference/functions/getbit: GETBIT(11,
// 100), (11, 3), (11, 2), (11, 1), (11, 0) are 0, 1, 0, 1, 1). The docs do
// not say how a negative integer's bits read (two's complement?) nor what a
// position outside 0..127 does: such a row is refused (002040); so is a text
// argument, which would convert the DuckDB way ('0x10').
func getBit(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	for _, a := range c.args {
		if t := a.typ(); t == "VARCHAR" || t == "JSON" || t == "BLOB" || (a.e != nil && a.e.path != nil) {
			return expr{}, p.unsupported(c.t, "GETBIT of a non-numeric argument")
		}
	}
	return expr{sql: fmt.Sprintf(`list_transform([{'x': CAST(%s AS HUGEINT), 'p': CAST(%s AS INTEGER)}], _sf_g ->
		CASE WHEN _sf_g.x IS NULL OR _sf_g.p IS NULL THEN NULL
		WHEN _sf_g.x < 0 OR _sf_g.p < 0 OR _sf_g.p > 127 THEN error('Unsupported feature: GETBIT of a negative integer or at a position outside 0 to 127 (the docs do not say what Snowflake answers), in the local engine.')
		ELSE CAST((_sf_g.x >> _sf_g.p) & 1 AS INTEGER) END)[1]`, c.args[0].num(), c.args[1].num())}, nil
}

// widthBucket: WIDTH_BUCKET(x, min, max, n): 0 below the range, n + 1 at or
// above its end, else the equal-width bucket (the range may run downwards).
// NULL "if any input is null"; the end points must "not be equal" and the
// count "must be a positive integer" (docs: width_bucket), where the docs
// give no error text: such a call is refused (002040) when a row reaches it.
func widthBucket(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 4, 4); err != nil {
		return expr{}, err
	}
	x, lo, hi, n := c.args[0].num(), c.args[1].num(), c.args[2].num(), c.args[3].num()
	return expr{sql: fmt.Sprintf(`list_transform([{'x': CAST(%s AS DOUBLE), 'lo': CAST(%s AS DOUBLE), 'hi': CAST(%s AS DOUBLE), 'n': CAST(%s AS BIGINT)}], _sf_w ->
		CASE WHEN _sf_w.x IS NULL OR _sf_w.lo IS NULL OR _sf_w.hi IS NULL OR _sf_w.n IS NULL THEN NULL
		WHEN _sf_w.n <= 0 OR _sf_w.lo = _sf_w.hi THEN error('Unsupported feature: WIDTH_BUCKET with a bucket count that is not positive or with equal end points (Snowflake fails; the docs give no error text), in the local engine.')
		WHEN _sf_w.lo < _sf_w.hi THEN
			CASE WHEN _sf_w.x < _sf_w.lo THEN 0 WHEN _sf_w.x >= _sf_w.hi THEN _sf_w.n + 1
			ELSE CAST(floor((_sf_w.x - _sf_w.lo) * _sf_w.n / (_sf_w.hi - _sf_w.lo)) AS BIGINT) + 1 END
		ELSE
			CASE WHEN _sf_w.x > _sf_w.lo THEN 0 WHEN _sf_w.x <= _sf_w.hi THEN _sf_w.n + 1
			ELSE CAST(floor((_sf_w.lo - _sf_w.x) * _sf_w.n / (_sf_w.lo - _sf_w.hi)) AS BIGINT) + 1 END
		END)[1]`, x, lo, hi, n)}, nil
}

// haversine: the great-circle distance in km on a sphere of radius 6371 km
// (the docs' New York - Los Angeles example: 3936.385096389).
func haversine(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 4, 4); err != nil {
		return expr{}, err
	}
	var a [4]string
	for i := range a {
		a[i] = "radians(CAST(" + c.args[i].num() + " AS DOUBLE))"
	}
	return expr{sql: fmt.Sprintf("(2 * 6371 * asin(sqrt(pow(sin((%[3]s - %[1]s) / 2), 2) + cos(%[1]s) * cos(%[3]s) * pow(sin((%[4]s - %[2]s) / 2), 2))))",
		a[0], a[1], a[2], a[3])}, nil
}
