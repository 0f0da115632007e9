package snowlocal_test

import (
	"strings"
	"testing"
)

// SHOW PARAMETERS prints Snowflake's own description of a parameter, line
// breaks and the blanks that end some lines included. Sources: the
// Transactions page's SHOW PARAMETERS examples
// (https://docs.snowflake.com/en/sql-reference/transactions; the widths of
// its boxes show that LOCK_TIMEOUT's first line ends with a blank and
// HYBRID_TABLE_LOCK_TIMEOUT's lines do not), the LOCK_TIMEOUT and AUTOCOMMIT
// rows a Snowsight export prints with each line break as two blanks,
// mlorek/frostlake's live transcription of AUTOCOMMIT
// (ShowParametersCatalogTest.java) and SQL API responses of SHOW PARAMETERS
// (WEEK_START, WEEK_OF_YEAR_POLICY).
func TestShowParametersDescriptionsAreSnowflakes(t *testing.T) {
	t.Parallel()
	db := open(t)
	for name, want := range map[string]string{
		"AUTOCOMMIT": "The autocommit property determines whether is statement should to be implicitly\n" +
			"wrapped within a transaction or not. If autocommit is set to true, then a \n" +
			"statement that requires a transaction is executed within a transaction \n" +
			"implicitly. If autocommit is off then an explicit commit or rollback is required\n" +
			"to close a transaction. The default autocommit value is true.",
		"LOCK_TIMEOUT": "Number of seconds to wait while trying to lock a resource, before timing out \n" +
			"and aborting the statement. A value of 0 turns off lock waiting i.e. the \n" +
			"statement must acquire the lock immediately or abort. If multiple resources \n" +
			"need to be locked by the statement, the timeout applies separately to each \n" +
			"lock attempt.",
		"HYBRID_TABLE_LOCK_TIMEOUT": "Number of seconds to wait while trying to acquire locks, before timing out and\n" +
			"aborting the statement. A value of 0 turns off lock waiting i.e. the statement\n" +
			"must acquire the lock immediately or abort.",
		"WEEK_START":          "Defines the first day of the week:\n0: legacy Snowflake behavior; 1: Monday .. 7: Sunday.",
		"WEEK_OF_YEAR_POLICY": "Defines the policy of assigning weeks to years:\n0: the week needs to have 4 days in a given year;\n1: a week with January 1st always belongs to a given year.",
	} {
		_, _, rows := queryAll(t, db, "show parameters like '"+name+"' in session")
		if len(rows) != 1 {
			t.Errorf("SHOW PARAMETERS LIKE '%s': %d rows, want 1", name, len(rows))
			continue
		}
		if got := rows[0][4]; got != want {
			t.Errorf("%s description = %q, want %q", name, got, want)
		}
	}
}

// A SHOW PARAMETERS listing with a parameter whose description no source
// pins (the reference's first sentence, or a multi-line one without its
// line-ending blanks) is refused rather than answered with another text;
// LIKE lists the pinned ones.
func TestShowParametersRefusesUnpinnedDescriptions(t *testing.T) {
	db := open(t)
	for _, q := range []string{"show parameters", "show parameters like 'TIMESTAMP_TYPE_MAPPING'", "show parameters like 'STATEMENT_TIMEOUT_IN_SECONDS'"} {
		if err := queryErr(db, q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
	_, _, rows := queryAll(t, db, "show parameters like 'TIME%OUTPUT_FORMAT'")
	if len(rows) != 5 {
		t.Errorf("SHOW PARAMETERS LIKE 'TIME%%OUTPUT_FORMAT': %d rows, want 5", len(rows))
	}
}
