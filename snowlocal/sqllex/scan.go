package sqllex

// ScanBack walks toks backwards from index from down to stop, visiting only
// the tokens at the bracket level it starts on: a bracketed group before it
// is stepped over whole. visit returns (result, true) to stop the walk with
// result. The walk answers false when it reaches the "(" that opens its own
// level (the tokens it started among are bracketed) or stop without an
// answer. Rewriters use it to ask what a token follows within its clause.
// It is generic over the token type so that the rewriter's tokens (which
// carry more than a Token) walk the same way.
func ScanBack[T interface{ IsOp(op string) bool }](toks []T, from, stop int, visit func(k int) (result, done bool)) bool {
	depth := 0
	for k := from; k >= stop; k-- {
		t := toks[k]
		switch {
		case t.IsOp(")"):
			depth++
		case t.IsOp("("):
			if depth == 0 {
				return false
			}
			depth--
		case depth > 0:
		default:
			if result, done := visit(k); done {
				return result
			}
		}
	}
	return false
}
