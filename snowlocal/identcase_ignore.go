package snowlocal

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE: "all alphabetical characters in
// identifiers are stored and resolved as uppercase characters" (docs:
// Identifier requirements), so "Tab" means TAB. The session folds each
// double-quoted identifier of a statement to upper case before anything
// else reads it; every later step (rewriter, catalog, result column names)
// then sees what Snowflake stores and resolves. Where the docs leave the
// meaning open the statement is refused (002040) rather than guessed: a
// quoted key of a semi-structured path (v:"Key"), non-ASCII letters, a
// name inside a string (IDENTIFIER('"x"')) or a $$ body, Snowflake
// Scripting blocks, and definitions kept and read later (views, functions,
// procedures, tasks...).

// foldableCreates are the object kinds whose CREATE/ALTER takes effect at
// once, with no stored SQL text read later.
var foldableCreates = map[string]bool{"TABLE": true, "SCHEMA": true, "DATABASE": true, "SEQUENCE": true,
	"STAGE": true, "ROLE": true, "WAREHOUSE": true, "USER": true, "SESSION": true}

// foldQuotedIdents applies QUOTED_IDENTIFIERS_IGNORE_CASE to a statement.
func (s *Session) foldQuotedIdents(text string) (string, error) {
	if v, _ := s.Parameter("QUOTED_IDENTIFIERS_IGNORE_CASE"); v != "true" || !strings.Contains(text, `"`) {
		return text, nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the statement's own syntax error comes later
	}
	refuse := func(what string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s with QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE in the local engine.", what)
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	quoted := false
	for _, t := range sig {
		quoted = quoted || t.Kind == sqllex.QuotedIdent
	}
	if !quoted && !strings.Contains(text, "$$") && !strings.Contains(strings.ToUpper(text), "IDENTIFIER") {
		return text, nil // double quotes only inside string literals
	}
	if scripting.IsBlock(text) {
		return "", refuse("a Snowflake Scripting block with double-quoted names")
	}
	if len(sig) > 1 && (sig[0].IsWord("CREATE") || sig[0].IsWord("ALTER")) {
		kind := ""
		for _, t := range sig[1:] {
			if t.Kind != sqllex.Word || !createModifiers[strings.ToUpper(t.Text)] {
				kind = strings.ToUpper(t.Text)
				break
			}
		}
		if !foldableCreates[kind] {
			return "", refuse(strings.ToUpper(sig[0].Text) + " " + kind + " with double-quoted names")
		}
	}
	var b strings.Builder
	last := 0
	for i, t := range sig {
		switch {
		case t.Kind == sqllex.DollarString && strings.Contains(t.Text, `"`):
			return "", refuse("a $$-quoted text with double-quoted names")
		case t.IsWord("IDENTIFIER") && i+2 < len(sig) && sig[i+1].IsOp("(") && sig[i+2].Kind == sqllex.String && strings.Contains(sig[i+2].Text, `"`):
			return "", refuse("IDENTIFIER() of a double-quoted name")
		case t.Kind != sqllex.QuotedIdent:
			continue
		}
		if inPath(sig, i) {
			return "", refuse("a double-quoted key of a semi-structured path")
		}
		for _, r := range t.Text {
			if r > 127 {
				return "", refuse("a double-quoted name with non-ASCII characters")
			}
		}
		b.WriteString(text[last:t.Pos])
		b.WriteString(strings.ToUpper(t.Text))
		last = t.Pos + len(t.Text)
	}
	b.WriteString(text[last:])
	return b.String(), nil
}
