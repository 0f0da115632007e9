package conformance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/warehouse"
	sf "github.com/snowflakedb/gosnowflake"
)

// TestTimeColumns checks documented date/time rules on table columns,
// whose types the rewriter learns from the catalog (the suite's examples
// mostly use literals):
//   - "TIMESTAMP_TZ values are compared based on their times in UTC"
//     (docs: data-types-datetime);
//   - ADD_MONTHS/DATEADD: "if the input is a DATE, then the output is a DATE"
//     (docs: add_months, dateadd);
//   - FLATTEN's SEQ is "a unique sequence number associated with the input
//     record" (docs: flatten);
//   - TIME/TIMESTAMP keep nanoseconds in Snowflake: the engine refuses them.
func TestTimeColumns(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range []string{
		"create or replace database TIMECOLS",
		"create table tz(id int, a timestamp_tz, b timestamp_tz)",
		"insert into tz values (1, '2024-01-01 00:00:00 +0000', '2024-01-01 01:00:00 +0100'), (2, '2024-01-01 00:00:00 +0000', '2024-01-01 00:30:00 +0000')",
		"create table d(d date)",
		"insert into d values ('2016-02-29')",
		"create table j(id int, v variant)",
		"insert into j select 1, parse_json('[10, 20]')",
		"insert into j select 2, parse_json('[30, 40]')",
		"create view jv as select * from j",
	} {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	check := func(q string, wantTypes []string, want ...string) {
		t.Helper()
		_, types, rows, err := query(ctx, conn, q)
		if err != nil {
			t.Errorf("%s: %v", q, err)
			return
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join(r, "|"))
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", q, got, want)
		}
		if wantTypes != nil && fmt.Sprint(types) != fmt.Sprint(wantTypes) {
			t.Errorf("%s: types %v, want %v", q, types, wantTypes)
		}
	}
	refused := func(q, text string) {
		t.Helper()
		_, _, _, err := query(ctx, conn, q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, text) {
			t.Errorf("%s: want 002040 %q, got %v", q, text, err)
		}
	}
	check("select id, a = b, a < b, a between b and b from tz order by id", nil, "1|True|False|True", "2|False|True|False")
	check("select count(*) from tz t1 join tz t2 on t1.a = t2.b", nil, "2") // both a (00:00 UTC) = row 1 b
	check("select add_months(d, 1), dateadd(month, -1, d), dateadd(day, 1, d) from d",
		[]string{"DATE", "DATE", "DATE"}, "2016-03-31|2016-01-29|2016-03-01")
	check("select id, min(seq) = max(seq), count(*) from j, lateral flatten(input => j.v) f group by id order by id", nil,
		"1|True|2", "2|True|2")
	check("select count(distinct seq) from j, lateral flatten(input => j.v) f", nil, "2")
	check("select f.value from jv, lateral flatten(input => jv.v) f order by 1", nil, "10", "20", "30", "40")
	refused("select f.seq from jv, lateral flatten(input => jv.v) f", "FLATTEN SEQ")
	refused("select '12:34:56.123456789'::time", "nanoseconds")
	refused("select to_timestamp('2024-01-01 12:34:56.123456789')", "nanoseconds")
	check("select '12:34:56.123456000'::time", nil, "12:34:56.123456")
	if _, err := conn.ExecContext(ctx, "delete from tz where a = b"); err != nil {
		t.Fatal(err)
	}
	check("select id from tz", nil, "2")
}
