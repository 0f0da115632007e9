package sigma

import (
	"fmt"
	"regexp/syntax"
	"strings"
	"unicode"
)

// sampleRegex returns a short string the regular expression matches, by
// walking its syntax tree: the first alternative, the fewest repetitions,
// a readable member of each character class. Anchors and word boundaries
// produce nothing, so the caller checks the sample against the expression.
func sampleRegex(expr string) (string, error) {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := sampleNode(re, &b); err != nil {
		return "", err
	}
	return b.String(), nil
}

func sampleNode(re *syntax.Regexp, b *strings.Builder) error {
	switch re.Op {
	case syntax.OpNoMatch:
		return fmt.Errorf("matches nothing")
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		r, ok := classMember(re.Rune)
		if !ok {
			return fmt.Errorf("character class without a printable member")
		}
		b.WriteRune(r)
	case syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		b.WriteByte('x')
	case syntax.OpCapture:
		return sampleNode(re.Sub[0], b)
	case syntax.OpStar, syntax.OpQuest:
	case syntax.OpPlus:
		return sampleNode(re.Sub[0], b)
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			if err := sampleNode(re.Sub[0], b); err != nil {
				return err
			}
		}
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if err := sampleNode(s, b); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		return sampleNode(re.Sub[0], b)
	default:
		return fmt.Errorf("regular expression operator %v", re.Op)
	}
	return nil
}

// classMember picks a member of a character class (pairs of lo, hi
// ranges): a lower-case letter or digit if there is one, else the first
// printable character.
func classMember(ranges []rune) (rune, bool) {
	for _, pref := range []rune{'a', 'x', '0', 'A'} {
		for i := 0; i+1 < len(ranges); i += 2 {
			if ranges[i] <= pref && pref <= ranges[i+1] {
				return pref, true
			}
		}
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := max(ranges[i], 0x21); r <= ranges[i+1] && r < 0x10000; r++ {
			if unicode.IsPrint(r) {
				return r, true
			}
		}
	}
	return 0, false
}
