package rewrite

import "fmt"

// A set operation's column of timestamps takes DuckDB's common type of its
// items: a TIMESTAMP_NTZ item beside a TIMESTAMP_LTZ one is cast to an
// instant as a wall clock in the session's zone, which in a zone with
// transitions may be in a gap or an overlap (wallclock.go). In such a
// session a column of timestamps is answered only where the rewriter sees
// that its timestamp items are all of one kind (base table columns, casts
// to a named timestamp type) and holds no item whose type only DuckDB
// sees; otherwise it is refused (002040), since where an NTZ value meets
// the LTZ column is not known until the rows are read.

// setWallColumn refuses such a column (fams: the known families of its
// items col).
func (p *parser) setWallColumn(op string, col []setItem, fams string) error {
	if p.opts.WallClockZone == "" || fams != setStamp {
		return nil
	}
	kinds := map[string]bool{}
	for _, it := range col {
		switch it.fam {
		case setNull:
			continue
		case "":
			kinds["?"] = true
			continue
		}
		if it.stamp == "" {
			it.stamp = "?"
		}
		kinds[it.stamp] = true
	}
	if len(kinds) <= 1 && !kinds["?"] {
		return nil
	}
	at := col[0]
	return p.unsupported(p.toks[max(at.a, 0)], fmt.Sprintf("%s of timestamps not all known to be of one of TIMESTAMP_NTZ and TIMESTAMP_LTZ, in a session whose TIMEZONE has daylight saving time", op))
}

// setStampKind is the kind of the timestamp item between token indices a
// and e: "L" a TIMESTAMP_LTZ, "N" a TIMESTAMP_NTZ, "Z" a TIMESTAMP_TZ, "?"
// not known.
func (p *parser) setStampKind(a, e int) string {
	if p.isPlainColumn(a, e-1) && (e-a == 1 || e-a == 3) {
		var parts []tok
		for k := a; k < e; k += 2 {
			parts = append(parts, p.toks[k])
		}
		_, raw := p.columnTypes(parts)
		return rawStampKind(raw)
	}
	// x::TIMESTAMP_NTZ / ::TIMESTAMP_LTZ at the end of the item.
	if e-a >= 3 && p.toks[e-2].IsOp("::") {
		switch t := p.toks[e-1]; {
		case t.IsWord("TIMESTAMP_NTZ"):
			return "N"
		case t.IsWord("TIMESTAMP_LTZ"):
			return "L"
		case t.IsWord("TIMESTAMP_TZ"):
			return "Z"
		}
	}
	return "?"
}

// rawStampKind is setStampKind's kind of a column of DuckDB type raw.
func rawStampKind(raw string) string {
	switch raw {
	case "TIMESTAMP":
		return "N"
	case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ":
		return "L"
	}
	return "?"
}
