package snowlocal_test

import (
	"fmt"
	"strings"
	"testing"
)

func TestZZCtasProbe(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"create table t(n102 number(10,2), n51 number(5,1), i int, f float, c boolean, s varchar(20), s2 varchar, d date, ts timestamp_ntz, tz timestamp_tz, tl timestamp_ltz, tm time, b binary(10), v variant, o object, a array)",
		"insert into t select 12.34, 5.6, 7, 1.5, true, 'abc', 'xyz', '2024-01-02', '2024-01-02 03:04:05', '2024-01-02 03:04:05 +02:00', '2024-01-02 03:04:05', '03:04:05', to_binary('41','hex'), parse_json('{\"a\":1}'), object_construct('a',1), array_construct(1,2)")
	exprs := []string{"n102", "n102/n51", "sum(n102)", "avg(i)", "count(*)", "f*2", "s || s2", "upper(s)", "substr(s, 1, 2)", "left(s, 2)", "lpad(s, 5, 'x')", "concat(s, 'x')", "d", "dateadd(day, 1, d)", "date_trunc('month', ts)", "ts", "tz", "tl", "tm", "to_char(d)", "to_varchar(n102)", "n102::varchar", "i::varchar(5)", "b", "to_binary('4142','hex')", "v", "v:a", "v:a::int", "o", "a", "a[0]", "array_size(a)", "iff(c, s, s2)", "coalesce(s, 'long literal text')", "listagg(s, ',')", "split(s, 'b')", "try_to_number(s)", "to_number('12.3', 10, 2)", "current_timestamp()", "current_date()", "sysdate()", "hash(s)", "md5(s)", "sha2(s)", "uuid_string()", "length(s)", "regexp_substr(s, 'b')", "replace(s, 'a', 'bb')", "trim(s)", "datediff(day, d, d)", "year(d)", "extract(hour from ts)", "to_timestamp(i)", "to_date('2024-01-01')", "to_time('10:00:00')", "parse_json('1')", "object_construct('k', s)", "array_agg(s)", "min(s)", "max(s2)", "any_value(s)", "mode(s)", "round(f)", "sqrt(i)", "i::float", "1", "1.5", "'lit'", "null", "true", "n102 > 1", "row_number() over (order by i)", "lag(s) over (order by i)", "ratio_to_report(n102) over ()", "percent_rank() over (order by i)", "base64_encode(s)", "hex_encode(s)", "strtok(s, 'b', 1)", "initcap(s)", "reverse(s)", "repeat(s, 3)", "space(3)", "translate(s, 'a', 'b')", "charindex('b', s)", "position('b' in s)", "editdistance(s, s2)", "soundex(s)", "ascii(s)", "chr(65)", "to_decimal('1.5', 5, 2)", "n102::number(20,5)", "i * 1.0", "div0(i, 0)", "mod(i, 2)", "bitand(i, 3)", "greatest(s, s2)", "nullif(s, 'x')", "decode(i, 7, 'seven', 'other')", "case when c then 'yes' else 'no' end", "ts::date", "to_timestamp_tz(ts)", "convert_timezone('UTC', tl)", "time_slice(ts, 1, 'hour')", "last_day(d)", "monthname(d)", "dayname(d)", "object_keys(o)", "array_contains(1::variant, a)", "typeof(v)", "is_integer(v:a)", "get(v, 'a')", "flatten_probe"}
	for _, e := range exprs {
		if e == "flatten_probe" {
			continue
		}
		q := "select " + e + " as x from t"
		if strings.Contains(e, "sum(") || strings.Contains(e, "avg(") || strings.Contains(e, "count(") || strings.Contains(e, "listagg(") || strings.Contains(e, "array_agg(") || strings.HasPrefix(e, "min(") || strings.HasPrefix(e, "max(") || strings.HasPrefix(e, "any_value") || strings.HasPrefix(e, "mode(") {
			q = "select " + e + " as x from t"
		}
		rows, err := db.Query(q)
		if err != nil {
			t.Logf("%s: query: %v", e, err)
			continue
		}
		cts, _ := rows.ColumnTypes()
		ct := cts[0]
		p, s, okd := ct.DecimalSize()
		l, okl := ct.Length()
		res := fmt.Sprintf("%s", ct.DatabaseTypeName())
		if okd {
			res += fmt.Sprintf("(%d,%d)", p, s)
		}
		if okl {
			res += fmt.Sprintf("[%d]", l)
		}
		rows.Close()
		if _, err := db.Exec("create or replace table c as " + q); err != nil {
			t.Logf("%s: ctas: %v", e, err)
			continue
		}
		dt := describeTypes(t, db, "describe table c")["X"]
		if _, err := db.Exec("create or replace view vw as " + q); err != nil {
			t.Logf("%s: view: %v", e, err)
			continue
		}
		vt := describeTypes(t, db, "describe view vw")["X"]
		t.Logf("%-40s result %-28s ctas %-28s view %s", e, res, dt, vt)
	}
}
