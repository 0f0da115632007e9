package rewrite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
)

// A string literal compared with a DATE, TIME or timestamp converts as
// Snowflake converts text under AUTO (datetime_auto.go), where DuckDB's
// implicit cast would read it its own way: '2019/01/02' and 'epoch' are
// dates to DuckDB and '04:00:00 PM' is 04:00. A literal that starts like a
// date or time and is not already in the canonical form DuckDB reads alike
// is written _SF_DTTEXT(other, 'literal', date, ntz, ltz, time): the
// canonical value of the other operand's type (known when DuckDB binds the
// macro, as for _SF_NUMTEXT), the literal itself beside a non-date operand,
// and a refusal beside a date whose type's formats do not read it.

func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_DTTEXT_KEY(t, okd, okt) AS CASE
		WHEN t = 'DATE' THEN CASE WHEN okd THEN 'd' ELSE 'unsupported: a text in no documented date format compared with a DATE' END
		WHEN t IN ('TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S') THEN CASE WHEN okd THEN 'ts' ELSE 'unsupported: a text in no documented timestamp format compared with a timestamp' END
		WHEN t = 'TIMESTAMP WITH TIME ZONE' THEN CASE WHEN okd THEN 'ltz' ELSE 'unsupported: a text in no documented timestamp format compared with a timestamp' END
		WHEN t = 'TIME' THEN CASE WHEN okt THEN 't' ELSE 'unsupported: a text in no documented time format compared with a TIME' END
		ELSE 's' END`,
		"CREATE OR REPLACE TEMP MACRO _SF_DTTEXT(x, l, d, ts, ltz, tm, okd, okt) AS list_transform([x], _sf_x -> "+
			fmt.Sprintf(dtTextBody, "_sf_x", "l", "d", "ts", "TRY_CAST(ltz AS TIMESTAMPTZ)", "tm", "okd", "okt")+")[1]",
		// In a session whose zone has transitions: the literal read as a
		// TIMESTAMP_LTZ checks its wall clock (wallclock.go).
		"CREATE OR REPLACE TEMP MACRO _SF_DTTEXT_WALL(x, l, d, ts, ltz, tm, okd, okt) AS list_transform([x], _sf_x -> "+
			fmt.Sprintf(dtTextBody, "_sf_x", "l", "d", "ts", wallLTZRead("_sf_x", "ltz"), "tm", "okd", "okt")+")[1]",
	)
}

// reDateLike matches the start of a text DuckDB may read as a date or time.
var reDateLike = regexp.MustCompile(`(?i)^\s*([0-9]{1,5}\s*[-/.:]|[a-z]{3},|[0-9]{1,2}-[a-z]{3}|[a-z]{3}\s+[a-z]{3}\s|[+-]?infinity\s*$|epoch\s*$|allballs\s*$|today\s*$|now\s*$)`)

// reCanonDate is a text DuckDB and Snowflake read alike: an ISO date or
// timestamp with two-digit parts and no offset.
var reCanonDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?)?$`)

// dtTextLiteral reports whether a string literal's value needs _SF_DTTEXT.
func dtTextLiteral(v string) bool {
	return reDateLike.MatchString(v) && !reCanonDate.MatchString(v) && !reNumText.MatchString(v)
}

// dtTextBody is _SF_DTTEXT's body over the compared operand (%[1]s, named
// only inside typeof()), the literal, its date and timestamp readings, its
// reading as a local timestamp (an expression), its time reading and whether it reads as a date or a time: the macro
// binds the operand to a lambda's parameter, dtTextCall writes the body
// inline around a subquery or a long operand (inlineWitness).
const dtTextBody = `struct_extract({'s': %[2]s, 'd': TRY_CAST(%[3]s AS DATE), 'ts': TRY_CAST(%[4]s AS TIMESTAMP), 'ltz': %[5]s, 't': TRY_CAST(%[6]s AS TIME)}, _SF_DTTEXT_KEY(typeof(%[1]s), %[7]v, %[8]v))`

// dtTextCall renders _SF_DTTEXT of operand x and string literal lit (as
// rendered); with wall (the session's zone has transitions) its reading as
// a TIMESTAMP_LTZ checks its wall clock (wallclock_cmp.go).
func dtTextCall(x, lit string, wall bool) string {
	v := StringValue(lit)
	canon, okd := sfunc.NormalizeDateTime(v)
	tm, okt := sfunc.NormalizeTime(v)
	date, ntz, ltz := "", "", ""
	if okd {
		date = canon[:10]
		ntz, ltz = canon, canon
		// An offset after the time (" +hh:mm"): NTZ drops it, LTZ keeps it
		// without the space.
		if i := strings.LastIndexByte(canon, ' '); i > 10 && (canon[i+1] == '+' || canon[i+1] == '-') {
			ntz, ltz = canon[:i], canon[:i]+canon[i+1:]
		}
	}
	if wall && inlineWitness(x) {
		return fmt.Sprintf(dtTextBody, x, lit, sqlString(date), sqlString(ntz), wallLTZRead(x, sqlString(ltz)), sqlString(tm), okd, okt)
	}
	if wall {
		return fmt.Sprintf("_SF_DTTEXT_WALL(%s, %s, %s, %s, %s, %s, %t, %t)", x, lit, sqlString(date), sqlString(ntz), sqlString(ltz), sqlString(tm), okd, okt)
	}
	if inlineWitness(x) {
		// (_SF_DTTEXT inline, x named only in typeof(): numtext.go.)
		return fmt.Sprintf(dtTextBody, x, lit, sqlString(date), sqlString(ntz), "TRY_CAST("+sqlString(ltz)+" AS TIMESTAMPTZ)", sqlString(tm), okd, okt)
	}
	return fmt.Sprintf("_SF_DTTEXT(%s, %s, %s, %s, %s, %s, %t, %t)", x, lit, sqlString(date), sqlString(ntz), sqlString(ltz), sqlString(tm), okd, okt)
}
