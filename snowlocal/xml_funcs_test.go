package snowlocal_test

import (
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestXMLFunctions: PARSE_XML reads XML into the OBJECT Snowflake makes of
// it ("@" the tag, "@attr" an attribute, "$" the trimmed content, a child's
// name its position in "$"), which prints as XML text in a result and as
// compact XML cast to VARCHAR or by TO_XML; XMLGET picks a child element;
// CHECK_XML gives the documented message. Expected values are the docs'
// (sql-reference/functions/parse_xml, check_xml, xmlget, to_xml;
// user-guide/semistructured-data-formats for "@", "$" and "@attr" paths
// and FLATTEN over "$"; the Snowpark parse_xml example for text before
// elements: '<t1>foo<t2>bar</t2><t3></t3></t1>' prints "<t1>", "  foo",
// "  <t2>bar</t2>", "  <t3></t3>", "</t1>"). The engine refused all four
// functions before.
func TestXMLFunctions(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database xf", "create table x (id int, o object)",
		`insert into x select 1, parse_xml('<level1> 1 <level2 an_attribute="my attribute"> 2 <level3> 3A </level3> <level3> 3B </level3> </level2> </level1>')`,
		`insert into x select 2, parse_xml('<t1>foo<t2>bar</t2><t3></t3></t1>')`)
	for q, want := range map[string]string{
		"select o from x where id = 1": "<level1>\n  1\n  <level2 an_attribute=\"my attribute\">\n    2\n" +
			"    <level3>3A</level3>\n    <level3>3B</level3>\n  </level2>\n</level1>",
		"select o from x where id = 2":                                         "<t1>\n  foo\n  <t2>bar</t2>\n  <t3></t3>\n</t1>",
		"select xmlget(xmlget(o, 'level2'), 'level3', 1) from x where id = 1":  "<level3>3B</level3>",
		"select xmlget(o, 'level2', 1) is null from x where id = 1":            "1",
		"select get(xmlget(o, 'level2'), '@an_attribute') from x where id = 1": `"my attribute"`,
		"select o:\"@\", o:\"$\"[0] from x where id = 1":                       `"level1",1`,
		"select to_json(xmlget(o, 'level2')) from x where id = 1": `{"$":[2,{"$":"3A","@":"level3"},{"$":"3B","@":"level3"}],` +
			`"@":"level2","@an_attribute":"my attribute","level3":[1,2]}`,
		"select typeof(o) from x where id = 2":                      "OBJECT",
		"select xmlget(o, 't2'):\"$\"::varchar from x where id = 2": "bar",
		"select listagg(value:\"@\"::varchar, ',') within group (order by index) from x, lateral flatten(input => o:\"$\") where id = 2": "t2,t3",
		"select to_varchar(parse_xml('<note> <body>Sample XML</body> </note>'))":                                                         "<note><body>Sample XML</body></note>",
		"select to_xml(parse_xml('<note> <body>Sample XML</body> </note>'))":                                                             "<note><body>Sample XML</body></note>",
		"select parse_xml('<test>22257e111</test>'), parse_xml('<test>22257e111</test>', true)":                                          "<test>2.225700000000000e+115</test>,<test>22257e111</test>",
		"select parse_xml(str => '<a attr=\"123\">text</a>', disable_auto_convert => false)":                                             `<a attr="123">text</a>`,
		"select parse_xml('<a/>'), parse_xml(null) is null":                                                                              "<a></a>,1",
		"select to_xml(object_construct('key1', 'value1', 'key2', 'value2'))":                                                            `<SnowflakeData type="OBJECT"><key1 type="VARCHAR">value1</key1><key2 type="VARCHAR">value2</key2></SnowflakeData>`,
		"select to_xml(parse_json('{\"key1\": [\"a1\", \"a2\"]}'))":                                                                      `<SnowflakeData type="OBJECT"><key1 type="ARRAY"><e type="VARCHAR">a1</e><e type="VARCHAR">a2</e></key1></SnowflakeData>`,
		// Behavior change 2025_01 (release-notes/bcr-bundles/2025_01/bcr-1862):
		// processing instructions before the root dropped, attribute values
		// escaping <, > and ', xml:space="preserve" keeping whitespace.
		"select parse_xml('<?PITarget PIContent ??><mytag />'), parse_xml('<?xml version=\"1.0\"?><a/>')":                   "<mytag></mytag>,<a></a>",
		"select parse_xml('<mytag myattr=\"&lt;&gt;\\'\"/>'), get(parse_xml('<mytag myattr=\"&lt;&gt;\\'\"/>'), '@myattr')": `<mytag myattr="&lt;&gt;&apos;"></mytag>,"<>'"`,
		"select parse_xml('<mytag xsl:space=\"preserve\"> my content </mytag>')":                                            `<mytag xsl:space="preserve">my content</mytag>`,
		"select parse_xml('<mytag xml:space=\"preserve\"> my content </mytag>')":                                            `<mytag xml:space="preserve"> my content </mytag>`,
		"select check_xml('<name> Valid </name>') is null, check_xml('<name> Invalid </WRONG_CLOSING_TAG>')":                "1,no opening tag for </WRONG_CLOSING_TAG>, pos 35",
	} {
		_, rows := queryRows(t, db, q)
		if got := fmtRows(rows); got != want {
			t.Errorf("%s:\ngot  %q\nwant %q", q, got, want)
		}
	}

	// Result types as the pages' Returns sections give them.
	r, err := db.Query("select parse_xml('<a/>'), xmlget(parse_xml('<a><b/></a>'), 'b'), to_xml(parse_xml('<a/>')), check_xml('<a/>')")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := r.ColumnTypes()
	var types []string
	for _, ct := range cts {
		types = append(types, ct.DatabaseTypeName())
	}
	r.Close()
	if got, want := strings.Join(types, " "), "OBJECT OBJECT TEXT TEXT"; got != want {
		t.Errorf("result types: got %s, want %s", got, want)
	}

	// PARSE_XML of a document CHECK_XML faults fails with its message
	// (bcr-1862 shows the code and prefix: 100100 (22P02): Error parsing XML).
	err = queryErr(db, "select parse_xml('<name> Invalid </WRONG_CLOSING_TAG>')")
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 100100 || se.SQLState != "22P02" ||
		se.Message != "Error parsing XML: no opening tag for </WRONG_CLOSING_TAG>, pos 35" {
		t.Errorf("parse_xml of a bad closing tag: got %v", err)
	}

	// What the docs leave open is refused, naming it.
	for q, part := range map[string]string{
		"select parse_xml('<a>1.50</a>')":                                      "PARSE_XML auto-conversion",
		"select parse_xml('<a>TRUE</a>')":                                      "PARSE_XML auto-conversion",
		"select parse_xml('<a>x &#38; y</a>')":                                 "character references and entities",
		"select parse_xml('<a>x &amp; y</a>')":                                 "holds a character whose escape",
		"select parse_xml('<a b=\"&quot;\"/>')":                                "holds a character whose escape the docs do not show",
		"select parse_xml('<a xml:space=\"preserve\"> 12 </a>')":               "xml:space",
		"select parse_xml('<a xml:space=\"preserve\"><b/></a>')":               "xml:space",
		"select parse_xml('<a><![CDATA[x]]></a>')":                             "CDATA",
		"select parse_xml('<!-- c --><a/>')":                                   "comments",
		"select parse_xml('<a>x</a>', false, true)":                            "DISALLOW_NONWHITESPACE_MIXED_CONTENT",
		"select parse_xml('<a b=\"1\" c=\"2\"/>')":                             "more than one attribute",
		"select to_varchar(parse_xml('<a>x<b/></a>'))":                         "mixing text and elements",
		"select array_to_string([parse_xml('<a>1</a>')], ',')":                 "ARRAY_TO_STRING of an element that may be an XML element",
		"select parse_xml('<a/>', null)":                                       "NULL DISABLE_AUTO_CONVERT",
		"select check_xml('<a></b> ')":                                         "position of an XML error",
		"select check_xml('<a><b></a>')":                                       "closing tag skips an open element",
		"select to_xml(object_construct('a', 1))":                              "TO_XML of a number",
		"select to_xml('text')":                                                "TO_XML of a value that is not a VARIANT",
		"select xmlget(object_construct('a', 1), 'a')":                         "XMLGET of a value that is not an XML element",
		"select parse_xml('<x:a xmlns:x=\"u\"/>')":                             "a namespace prefix",
		"select parse_xml('<a> text </a>', true)":                              "DISABLE_AUTO_CONVERT",
		"select parse_xml(object_construct('a', 'b')::varchar)":                "does not start with an element",
		"select to_xml(parse_xml('<a>''</a>', true))":                          "character whose escape the docs do not show",
		"select parse_xml('<a>12345678901234567890123456789012345678901</a>')": "PARSE_XML auto-conversion",
	} {
		wantRefused(t, db, q, part)
	}

	// An OBJECT of an XML element's shape that PARSE_XML or XMLGET did not
	// make: in Snowflake an XML value is its own kind of VARIANT, so such an
	// OBJECT built otherwise prints as JSON, but an element taken out of an
	// XML value by a path may still be XML. Which one a value is, the local
	// engine cannot tell, so printing, casting, TO_XML and XMLGET of it are
	// refused (they printed XML before).
	const unmarked = "not made by PARSE_XML or XMLGET"
	for _, q := range []string{
		"select object_construct('@', 'a')",
		"select {'@': 'a', '$': 'x'}",
		"select parse_json('{\"@\": \"a\", \"$\": \"x\"}')",
		"select parse_json('{\"@\": \"a\"}')::varchar",
		"select try_parse_json(chr(13) || chr(9) || chr(13) || '{\"@\": \"a\"}')",
		"select to_xml(object_construct('@', 'a'))",
		"select xmlget(parse_json('{\"@\": \"a\", \"$\": {\"@\": \"b\"}, \"b\": 0}'), 'b')",
		"select object_insert(parse_xml('<a/>'), '@x', 'y')",
		"select parse_xml('<note> <body>Sample XML</body> </note>'):\"$\"",
		"select parse_xml('<note> <body>Sample XML</body> </note>'):\"$\"::varchar",
	} {
		wantRefused(t, db, q, unmarked)
	}

	// The JSON form of an empty element and of an element holding one child
	// element no source shows (whether the first has a "$", whether the
	// second keeps the child's position key): writing them as JSON is
	// refused (it wrote {"@":"a"} and {"$":{...},"@":"a","b":0} before).
	for q, part := range map[string]string{
		"select to_json(parse_xml('<a/>'))":                                    "empty XML element",
		"select [parse_xml('<a/>')]":                                           "empty XML element",
		"select to_json(parse_xml('<a><b>1</b></a>'))":                         "one child element named b",
		"select object_construct('k', parse_xml('<a>t<b>1</b></a>'))::varchar": "one child element named b",
	} {
		wantRefused(t, db, q, part)
	}
}
