package migrations

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake objects that need care around CREATE OR REPLACE.
//
//   - A storage integration that is replaced gets a new external ID, which
//     breaks the trust policy of the IAM role it assumes: every stage and
//     pipe using it stops loading until someone edits the role in AWS. So
//     CREATE OR REPLACE STORAGE INTEGRATION of an integration that exists
//     is applied as ALTER STORAGE INTEGRATION ... SET (which keeps the
//     external ID), or fails if it changes what ALTER cannot (TYPE,
//     STORAGE_PROVIDER), unless the run allows replacing it.
//   - A pipe is replaced following Snowflake's procedure for recreating
//     pipes (see replacePipe).
//   - A task is created suspended; Snowflake runs nothing until it is resumed.
//     Tasks a script creates are resumed when the script has succeeded
//     (unless it says -- flurry:no-resume-tasks), children before roots.
//     A task being replaced is suspended first: a running root task cannot
//     be modified.
type lifecycle struct {
	object    string // "STORAGE INTEGRATION", "PIPE", "TASK" or "" for any other statement
	orReplace bool
	name      string // as written, possibly qualified and quoted
	// namePart is the object's own name (last part), unquoted if it was quoted.
	namePart string
	quoted   bool
	// rest is the statement's text after the name (its properties).
	rest string
}

// classify recognises CREATE [OR REPLACE] {STORAGE INTEGRATION | PIPE | TASK}
// statements.
func classify(text string) lifecycle {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return lifecycle{}
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	var lc lifecycle
	i := 0
	word := func(w string) bool {
		if i < len(sig) && sig[i].IsWord(w) {
			i++
			return true
		}
		return false
	}
	if !word("CREATE") {
		return lc
	}
	if word("OR") {
		if !word("REPLACE") {
			return lc
		}
		lc.orReplace = true
	}
	switch {
	case word("STORAGE"):
		if !word("INTEGRATION") {
			return lc
		}
		lc.object = "STORAGE INTEGRATION"
	case word("PIPE"):
		lc.object = "PIPE"
	case word("TASK"):
		lc.object = "TASK"
	default:
		return lc
	}
	if word("IF") {
		word("NOT")
		word("EXISTS")
	}
	var name strings.Builder
	for i < len(sig) {
		t := sig[i]
		if t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent {
			name.WriteString(t.Text)
			lc.namePart, lc.quoted = t.Text, t.Kind == sqllex.QuotedIdent
			if lc.quoted {
				lc.namePart = strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
			}
			i++
			if i < len(sig) && sig[i].IsOp(".") {
				name.WriteString(".")
				i++
				continue
			}
		}
		break
	}
	lc.name = name.String()
	if lc.name == "" {
		return lifecycle{}
	}
	if i < len(sig) {
		lc.rest = text[sig[i].Pos:]
	}
	return lc
}

// sameName reports whether a name listed by SHOW matches the statement's
// object name: unquoted names resolve to upper case in Snowflake.
func (lc lifecycle) sameName(shown string) bool {
	if lc.quoted {
		return shown == lc.namePart
	}
	return strings.EqualFold(shown, lc.namePart)
}

// likePattern is the SHOW ... LIKE pattern for the object's name. SHOW's LIKE
// is case-insensitive and _ matches itself among others, so callers filter
// the rows with sameName.
func (lc lifecycle) likePattern() string { return QuoteLiteral(lc.namePart) }
