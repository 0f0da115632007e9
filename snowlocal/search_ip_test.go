package snowlocal_test

import (
	"testing"
)

// TestSearchIPForms: SEARCH_IP (docs: functions/search_ip) reads the search
// string's documented forms — leading zeros ("192.000.002.001 instead of
// 192.0.2.1", "2001:0db8:85a3:0333:4444:8a2e:0370:7334 instead of
// 2001:db8:85a3:333:4444:8a2e:370:7334"), compressed IPv6
// ("2001:db8:85a3:0:0:0:0:0 or 2001:db8:85a3:: instead of
// 2001:db8:85a3:0000:0000:0000:0000:0000"), a CIDR range (192.0.2.1/24,
// 2001:db8:85a3::/64) and a dual address (2001:db8:85a3::192.0.2.1) — as
// the address or range they stand for, and finds an address in a line of
// text between spaces; an address of the other IP version does not
// match. The result is a BOOLEAN, NULL for NULL data. The engine refused
// SEARCH_IP at its name before.
func TestSearchIPForms(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sip")
	// want: gosnowflake scans a BOOLEAN into a string as 1 or 0.
	for _, c := range []struct{ data, search, want string }{
		{"192.0.2.1", "192.000.002.001", "1"},
		{"192.000.002.001", "192.0.2.1", "1"},
		{"2001:db8:85a3:333:4444:8a2e:370:7334", "2001:0db8:85a3:0333:4444:8a2e:0370:7334", "1"},
		{"2001:db8:85a3:0000:0000:0000:0000:0000", "2001:db8:85a3:0:0:0:0:0", "1"},
		{"2001:db8:85a3:0000:0000:0000:0000:0000", "2001:db8:85a3::", "1"},
		{"2001:db8:85a3::c000:201", "2001:db8:85a3::192.0.2.1", "1"},
		{"192.0.2.255", "192.0.2.1/24", "1"},
		{"192.0.2.0", "192.0.2.1/24", "1"},
		{"192.0.3.0", "192.0.2.1/24", "0"},
		{"2001:db8:85a3::ffff:1", "2001:db8:85a3::/64", "1"},
		{"2001:db8:85a4::1", "2001:db8:85a3::/64", "0"},
		{"Connection from 198.51.100.7 and 192.0.2.146 refused", "192.0.2.146", "1"},
		{"Connection from 198.51.100.7 refused", "192.0.2.146", "0"},
		{"no address in version 1.2.3 of this text", "192.0.2.146", "0"},
		{"192.0.2.146", "2001:db8::1", "0"},
		{"2001:db8::1", "192.0.2.146", "0"},
	} {
		q := "select search_ip('" + c.data + "', '" + c.search + "')"
		if got := queryValue(t, db, q); got != c.want {
			t.Errorf("%s: got %s, want %s", q, got, c.want)
		}
	}
	mustExec(t, db, "create table logs (id int, line varchar, v variant)",
		"insert into logs select 1, 'denied 203.0.113.9 at the edge', parse_json('{\"src\": \"203.0.113.9\"}')",
		"insert into logs select 2, NULL, NULL")
	_, rows := queryRows(t, db, "select id, search_ip(line, '203.0.113.0/24'), search_ip(v:src, '203.0.113.9') from logs order by id")
	if got, want := fmtRows(rows), "1,1,1|2,,"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	r, err := db.Query("select search_ip(line, '203.0.113.9') from logs")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := r.ColumnTypes()
	r.Close()
	if got := cts[0].DatabaseTypeName(); got != "BOOLEAN" {
		t.Errorf("SEARCH_IP typed %s, want BOOLEAN", got)
	}
}

// TestSearchIPSearchData: the search data forms of the docs (search_ip and
// search's search_data): a parenthesized list whose columns of other types
// than VARCHAR, VARIANT, OBJECT and ARRAY are ignored, (*), (t.*), * ILIKE
// and * EXCLUDE over the qualifying columns.
func TestSearchIPSearchData(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sipd",
		"create table conn (id int, src varchar, dst varchar, n number(10,0))",
		"insert into conn values (1, '10.0.0.1', '192.0.2.146', 5), (2, '192.0.2.146', '10.0.0.2', 6), (3, '10.0.0.3', '10.0.0.4', 7)")
	for _, c := range []struct{ where, want string }{
		{"search_ip((id, src, n), '192.0.2.146')", "2"},
		{"search_ip((*), '192.0.2.146')", "1|2"},
		{"search_ip((conn.*), '192.0.2.146')", "1|2"},
		{"search_ip(* ilike 'd%', '192.0.2.146')", "1"},
		{"search_ip((* exclude dst), '192.0.2.146')", "2"},
		{"search_ip((c.* exclude (src, id)), '192.0.2.146')", "1"},
	} {
		q := "select id from conn c where " + c.where + " order by id"
		if c.where == "search_ip((conn.*), '192.0.2.146')" {
			q = "select id from conn where " + c.where + " order by id"
		}
		if _, rows := queryRows(t, db, q); fmtRows(rows) != c.want {
			t.Errorf("%s: got %s, want %s", q, fmtRows(rows), c.want)
		}
	}
}

// TestSearchIPErrors: the page's expected error cases, with the codes and
// messages it prints.
func TestSearchIPErrors(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sipe",
		"create table ipt (id int, ipv4_source varchar(20))",
		"insert into ipt values (1, '192.0.2.146')")
	wantError(t, db, "SELECT SEARCH_IP(ipv4_source, 5) FROM ipt", 1045,
		"SQL compilation error:\nargument needs to be a string: '1'")
	wantError(t, db, "SELECT SEARCH_IP(ipv4_source, '1925.0.2.146') FROM ipt", 937,
		"SQL compilation error: error line 1 at position 30\ninvalid argument for function [SEARCH_IP(IPT.IPV4_SOURCE, '1925.0.2.146')] unexpected argument [1925.0.2.146] at position 1,")
	wantError(t, db, "SELECT SEARCH_IP(ipv4_source, '') FROM ipt", 937,
		"SQL compilation error: error line 1 at position 30\ninvalid argument for function [SEARCH_IP(IPT.IPV4_SOURCE, '')] unexpected argument [] at position 1,")
	wantError(t, db, "SELECT SEARCH_IP(id, '192.0.2.146') FROM ipt", 1173,
		"SQL compilation error: error line 1 at position 7: Expected non-empty set of columns supporting full-text search.")
}

// TestSearchIPRefusals: what the docs do not give is refused (002040)
// rather than guessed: an address touching other characters in the text
// (a port, a key=value, a bracket, a tab), an IPv6 address with an IPv4
// part in the data, an OBJECT holding an address, a VARIANT null, a list
// of several values one of which is NULL, a wildcard without parentheses,
// a search string that is not a string literal, an invalid search string
// over search data whose rendering in the error is not documented, an
// expression as search data, an OVER clause, an IPv4 part with a leading
// zero that reads differently in octal (010: the docs' 192.000.002.146 and
// 203.000.113.005 read the same either way).
func TestSearchIPRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sipr",
		"create table t (id int, a varchar, b varchar, v variant)",
		"insert into t select 1, NULL, '192.0.2.146', parse_json('{\"ip\": \"192.0.2.146\"}')",
		"create table n (w variant)",
		"insert into n select parse_json('null')")
	for _, c := range []struct{ query, part string }{
		{"select search_ip('src=192.0.2.146', '192.0.2.146')", "SEARCH_IP of text where an IP address touches other characters (src=192.0.2.146)"},
		{"select search_ip('to 192.0.2.146:443', '10.0.0.1')", "SEARCH_IP of text where an IP address touches other characters (192.0.2.146:443)"},
		{"select search_ip('[2001:db8::1]:443', '2001:db8::1')", "touches other characters"},
		{"select search_ip('::ffff:192.0.2.146', '192.0.2.146')", "SEARCH_IP of an IPv6 address with an IPv4 part"},
		{"select search_ip(v, '192.0.2.146') from t", "SEARCH_IP of an OBJECT or ARRAY holding an IP address"},
		{"select search_ip((a, b), '192.0.2.146') from t", "SEARCH_IP over several values one of which is NULL"},
		{"select search_ip(*, '192.0.2.146') from t", "SEARCH_IP(*) without parentheses around the wildcard"},
		{"select search_ip(a, b) from t", "SEARCH_IP with a search string other than a string literal"},
		{"select search_ip(a, '192.0.2.1/033') from t", "SEARCH_IP search string '192.0.2.1/033'"},
		{"select search_ip((a, b), '1925.0.2.146') from t", "which is no IP address, over this search data"},
		{"select search_ip(upper(a), '192.0.2.146') from t", "SEARCH_IP over an expression other than a column"},
		{"select search_ip(b, '192.0.2.146') over () from t", "SEARCH_IP with OVER"},
		{"select search_ip(id, '') from t", "SEARCH_IP with neither a searched column nor a valid search string"},
		{"select search_ip('from 010.0.0.1', '10.0.0.1')", "SEARCH_IP of an IPv4 address with a zero-led part that reads differently in octal (010.0.0.1)"},
		{"select search_ip(b, '10.0.0.010') from t", "SEARCH_IP search string '10.0.0.010'"},
		{"select search_ip('at\t192.0.2.146', '192.0.2.146')", "touches other characters"},
		{"select search_ip(parse_json('null'), '192.0.2.146')", "SEARCH_IP over an expression other than a column"},
		{"select search_ip(w, '192.0.2.146') from n", "SEARCH_IP of a VARIANT null"},
	} {
		wantRefused(t, db, c.query, c.part)
	}
}
