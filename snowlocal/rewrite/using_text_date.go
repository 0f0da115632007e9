package rewrite

import (
	"fmt"
	"sort"
	"strings"
)

// A JOIN ... USING (c) or NATURAL JOIN compares the relations' columns c
// as = does (docs: JOIN, USING: "the columns ... are equal"), so a VARCHAR
// column beside a DATE, TIME or timestamp one converts the text as its
// cast does under AUTO (failing on text AUTO does not read). DuckDB binds
// USING with its own implicit cast, which reads '2019/01/02' as a date:
// such a join is refused (002040); an ON condition answers
// (varchar_unseen_cmp.go, datetime_cmp.go). Where base tables give both
// types the rewriter refuses it; where a side is a derived table, a CTE
// (and so a set operation or a subquery) whose column types only DuckDB
// sees, the block's WHERE gets _SF_USING_TXTDT(r1, r2, keys) for each pair
// of its relations, which refuses the pair as DuckDB binds it (a struct
// key, as setRefusalBind) and is otherwise TRUE, folded away.

// usingRefusalBind is that refusal, as DuckDB binds the statement (which
// prints a struct key lower-cased, as setRefusalBind).
const usingRefusalBind = `unsupported: a join using or natural join of a text column with a date or time column of the same name (the local engine would convert the text its own way; write the join with on)`

// usingTypeRe matches one field of a relation's row type as typeof()
// prints it (`STRUCT(k VARCHAR, "a b" DATE, …)`): its name (quoted where
// DuckDB quotes it) and its type's first word(s), a nested or list type
// ending in its bracket (so never a plain type's name). A nested struct's
// fields match too, which can only refuse more.
const usingTypeRe = `(?:\(|, )("(?:[^"]|"")*"|[^ ,()"]+) ([A-Z_]+(?: WITH TIME ZONE)?(?:\[|\()?)`

func init() {
	prelude = append(prelude,
		// The upper-cased names of the text (text) or date and time (not
		// text) fields of row type t (a typeof() string).
		`CREATE OR REPLACE TEMP MACRO _SF_USING_COLS(t, text) AS list_transform(list_filter(regexp_extract_all(t, '`+usingTypeRe+`', 1),
		lambda _sf_n, _sf_i: CASE WHEN text THEN regexp_extract_all(t, '`+usingTypeRe+`', 2)[_sf_i] = 'VARCHAR'
		ELSE regexp_extract_all(t, '`+usingTypeRe+`', 2)[_sf_i] IN ('DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S') END),
		lambda _sf_n: upper(CASE WHEN _sf_n[1] = '"' THEN replace(_sf_n[2:-2], '""', '"') ELSE _sf_n END))`,
		// Whether row types t1 and t2 share a name (among keys, a list of
		// upper-cased names; NULL for all: NATURAL) text in one and a date
		// or time in the other.
		`CREATE OR REPLACE TEMP MACRO _SF_USING_MIXED(t1, t2, keys) AS len(list_filter(
		list_intersect(_SF_USING_COLS(t1, true), _SF_USING_COLS(t2, false)) || list_intersect(_SF_USING_COLS(t2, true), _SF_USING_COLS(t1, false)),
		lambda _sf_n: keys IS NULL OR list_contains(keys, _sf_n))) > 0`,
		// TRUE, or the refusal where relations r1 and r2 (their rows)
		// share such a name; decided from their types as DuckDB binds it.
		`CREATE OR REPLACE TEMP MACRO _SF_USING_TXTDT(r1, r2, keys) AS struct_extract({'e': [r1 IS NULL OR r2 IS NULL OR TRUE][1]},
		CASE WHEN _SF_USING_MIXED(typeof(r1), typeof(r2), keys) THEN '`+usingRefusalBind+`' ELSE 'e' END)`,
	)
}

// usingTextDate refuses the current block's USING or NATURAL join of a text
// column with a date or time one of the same name, where base tables give
// both types. Where a relation of the block is a derived table or a CTE,
// check is the condition its WHERE gets to refuse such a join as DuckDB
// binds it ("" for none).
func (p *parser) usingTextDate(at tok) (check string, err error) {
	sc := p.scope
	if sc == nil || (len(sc.using) == 0 && !sc.natural) {
		return "", nil
	}
	kinds := map[string]map[string]bool{} // column -> "text" / "datetime"
	unseen := false
	for _, r := range sc.rels {
		if r.cte != "" || r.sub[1] > r.sub[0] {
			unseen = true
		}
		r.load(p)
		if r.failed {
			continue
		}
		for col, raw := range r.raw {
			if !sc.natural && !sc.using[col] {
				continue
			}
			k := ""
			switch {
			case raw == "VARCHAR":
				k = "text"
			case raw == "DATE", raw == "TIME", strings.HasPrefix(raw, "TIMESTAMP"):
				k = "datetime"
			}
			if k == "" {
				continue
			}
			if kinds[col] == nil {
				kinds[col] = map[string]bool{}
			}
			kinds[col][k] = true
			if kinds[col]["text"] && kinds[col]["datetime"] {
				return "", p.unsupported(at, "a JOIN USING or NATURAL JOIN of a text column "+col+" with a date or time column (DuckDB would convert the text its own way; write the join with ON)")
			}
		}
	}
	if !unseen {
		return "", nil
	}
	keys := "NULL"
	if !sc.natural {
		var names []string
		for k := range sc.using {
			names = append(names, sqlString(k))
		}
		sort.Strings(names)
		keys = "[" + strings.Join(names, ", ") + "]"
	}
	var named []string
	seen := map[string]int{}
	for _, r := range sc.rels {
		seen[r.name]++
	}
	for _, r := range sc.rels {
		if r.table == "" && r.cte == "" && r.sub[1] <= r.sub[0] {
			continue // a table function, a stage, VALUES: no text beside a date to pair
		}
		name := quoteIdent(r.name)
		if r.name == "" {
			// A derived table without an alias is given one, which names
			// nothing the query could (its columns are still read
			// unqualified); a bracketed join is not named.
			if r.cte != "" || !(p.toks[r.sub[0]].IsWord("SELECT") || p.toks[r.sub[0]].IsWord("WITH") || p.toks[r.sub[0]].IsOp("(")) {
				return "", p.unsupported(at, "a JOIN USING or NATURAL JOIN beside a bracketed join")
			}
			if p.usingAliases == nil {
				p.usingAliases = map[int]string{}
			}
			name = fmt.Sprintf("_sf_using_%d", r.sub[0]-1)
			p.usingAliases[r.sub[0]-1] = name
		} else if seen[r.name] > 1 {
			continue // two relations of one name: DuckDB could not tell them apart
		}
		named = append(named, name)
	}
	var conds []string
	for i := range named {
		for j := i + 1; j < len(named); j++ {
			conds = append(conds, "_SF_USING_TXTDT("+named[i]+", "+named[j]+", "+keys+")")
		}
	}
	return strings.Join(conds, " AND "), nil
}
