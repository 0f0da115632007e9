// Package sqllex lexes Snowflake SQL and splits scripts into statements.
// It is shared by the local engine and by flurry migrate.
package sqllex

// Statement is one statement of a script.
type Statement struct {
	Text  string // the statement's text, without the terminating ';', trimmed
	Index int    // 1-based position in the script
	Line  int    // 1-based line of the statement's first token
}

// Split splits a script into statements. (Placeholder: being implemented.)
func Split(src string) ([]Statement, error) { panic("sqllex.Split: not implemented yet") }
