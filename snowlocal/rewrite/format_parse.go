package rewrite

import (
	"fmt"
	"regexp"
	"strings"
)

// checkedParse is parsed (a try_strptime of subject, the text made from
// value, by layout, the strftime form of the Snowflake format model format)
// answering as TO_DATE, TO_TIME and TO_TIMESTAMP* with a format do where
// the text does not match the model (name is the function, kind the word
// Snowflake's error uses):
//
//   - Snowflake fails with 100096 "Can't parse '<value>' as <kind> with
//     format '<format>'", the value and the model as written (live-measured:
//     ibis's Snowflake backend tests record "100096 (22007): Can't parse
//     '11/01/10' as timestamp with format '%m/%d/%y'", frostlake's
//     SnowflakeDateParser the same words for date and time); the TRY_
//     forms answer NULL.
//   - A text that matches the model once the spaces of both are taken out
//     is refused: the docs (date-time-input-output, "Whitespace in values
//     and format specifiers") say '2019-02-2823:59:59 -07:00' fails under
//     'YYYY-MM-DD HH24:MI:SS TZH:TZM' while a space where the model has
//     none is accepted, and frostlake's live-measured reader says the
//     opposite of both (a space in the model is optional, one in the value
//     is not), so neither answer is known.
//   - So is any text not matching a model with two numeric elements side
//     by side, whose widths Snowflake reads flexibly.
func checkedParse(parsed, value, subject, layout, name, kind, format string, try bool) string {
	spaceless := strings.Join(strings.Fields(layout), "")
	lenient := fmt.Sprintf(`try_strptime(regexp_replace(%s, '\s+', '', 'g'), %s)`, subject, sqlString(spaceless))
	refuse := fmt.Sprintf("error(%s)", sqlString(fmt.Sprintf(
		"Unsupported feature: %s of a text whose spaces differ from those of its format model (the docs and live measurements disagree on what Snowflake answers), in the local engine.",
		name)))
	if reAdjacentNumbers.MatchString(layout) {
		// Two numeric elements with nothing between them (YYYYMMDD):
		// Snowflake's reader gives digits back when the rest cannot match
		// ('2020115' under YYYYMMDD is 2020-01-15, frostlake's
		// SnowflakeDateParser), strptime's widths are fixed.
		lenient = "TRUE"
		refuse = fmt.Sprintf("error(%s)", sqlString(fmt.Sprintf(
			"Unsupported feature: %s of a text that does not match a format model with adjacent numeric elements (Snowflake reads their widths flexibly), in the local engine.",
			name)))
	}
	fail := "NULL"
	if !try {
		fail = fmt.Sprintf("error(%s || %s || %s)",
			sqlString("Snowflake error 100096: Can't parse '"), value,
			sqlString(fmt.Sprintf("' as %s with format '%s'", kind, format)))
	}
	return fmt.Sprintf("CASE WHEN %[1]s IS NOT NULL OR %[2]s IS NULL THEN %[1]s WHEN %[3]s IS NOT NULL THEN %[4]s ELSE %[5]s END",
		parsed, value, lenient, refuse, fail)
}

// reAdjacentNumbers finds two numeric strftime elements side by side.
var reAdjacentNumbers = regexp.MustCompile(`%[YymdHIMS]%[YymdHIMSfgn]`)
