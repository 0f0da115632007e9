package snowlocal_test

import "testing"

// TestXMLReadUnknownForms: reading a PARSE_XML or XMLGET value where the
// JSON form of an empty element (whether it has a "$") or of an element
// holding a lone child element (whether it keeps the child's position key)
// decides the answer is refused, as writing them as JSON is; no source
// shows either form. Before, x:"$" of an empty element answered NULL and
// x:b of a lone child b answered 0. The documented reads keep answering
// (docs: xmlget, GET(XMLGET(object_col, 'level2'), '$') of a repeated
// child; user-guide/semistructured-data-formats, "@", "@attr" and FLATTEN
// over "$").
func TestXMLReadUnknownForms(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database xr", "create table x (v variant)",
		`insert into x select parse_xml('<a><b>1</b></a>')`)
	const lone, empty = "one child element named b", "empty XML element"
	for q, part := range map[string]string{
		`select parse_xml('<a><b>1</b></a>'):b`:                        lone,
		`select parse_xml('<a><b>1</b></a>')['b']`:                     lone,
		`select parse_xml('<a><b>1</b></a>'):b::int`:                   lone,
		`select parse_xml('<a><b>1</b></a>'):b::varchar`:               lone,
		`select parse_xml('<a><b>1</b></a>'):b + 1`:                    lone,
		`select get(parse_xml('<a><b>1</b></a>'), 'b')`:                lone,
		`select get(parse_xml('<a><b>1</b></a>'), lower('B'))`:         lone,
		`select get_path(parse_xml('<a><b>1</b></a>'), 'b')`:           lone,
		`select object_keys(parse_xml('<a><b>1</b></a>'))`:             lone,
		`select key from table(flatten(parse_xml('<a><b>1</b></a>')))`: lone,
		`select v:b from x`:                     lone,
		`select parse_xml('<a/>'):"$"`:          empty,
		`select get(parse_xml('<a/>'), '$')`:    empty,
		`select object_keys(parse_xml('<a/>'))`: empty,
		`select value:"$" from table(flatten(parse_xml('<a><c/><c>2</c></a>'):"$"))`:          empty,
		`select get(parse_xml('<a><c><b>1</b></c><c>2</c></a>'):"$"[0], 'b')`:                 lone,
		`select key from table(flatten(parse_xml('<a><c/><c>2</c></a>'), recursive => true))`: empty,
	} {
		wantRefused(t, db, q, part)
	}
	for q, want := range map[string]string{
		`select get(parse_xml('<a/>'), '@')`:                                                                      `"a"`,
		`select parse_xml('<a x="1"/>'):"@x"`:                                                                     `1`,
		`select to_json(object_keys(parse_xml('<a><b>1</b><b>2</b></a>')))`:                                       `["$","@","b"]`,
		`select to_json(parse_xml('<a><b>1</b><b>2</b></a>'):b), parse_xml('<a><b>1</b><b>2</b></a>'):"$"[1]:"$"`: `[0,1],2`,
		`select listagg(value:"@"::varchar, ',') from table(flatten(parse_xml('<a><c/><c>2</c></a>'):"$"))`:       `c,c`,
		`select parse_json('{"b":0,"@":"a"}'):b, to_json(object_keys(parse_json('{"@":"a"}')))`:                   `0,["@"]`,
	} {
		_, rows := queryRows(t, db, q)
		if got := fmtRows(rows); got != want {
			t.Errorf("%s:\ngot  %q\nwant %q", q, got, want)
		}
	}
}
