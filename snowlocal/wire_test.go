package snowlocal_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
)

// Multi-statement requests through gosnowflake's WithMultiStatement: the
// children run in order, DML counts add up, queries come back as result
// sets, and a count other than MULTI_STATEMENT_COUNT is Snowflake's 000008.
func TestMultiStatementThroughGosnowflake(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ms")
	ctx := context.Background()
	multi, err := sf.WithMultiStatement(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.ExecContext(multi, "create table t(x int); insert into t values (1), (2); insert into t values (3)")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 3 {
		t.Fatalf("rows affected = %d, want 3 (2 + 1 inserted)", n)
	}
	rows, err := db.QueryContext(multi, "select count(*) from t; select x from t order by x desc")
	if err != nil {
		t.Fatal(err)
	}
	var sets [][]int
	for {
		var set []int
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			set = append(set, v)
		}
		sets = append(sets, set)
		if !rows.NextResultSet() {
			break
		}
	}
	rows.Close()
	if fmt.Sprint(sets) != "[[3] [3 2 1]]" {
		t.Fatalf("result sets = %v, want [[3] [3 2 1]]", sets)
	}

	two, _ := sf.WithMultiStatement(ctx, 2)
	for _, tc := range []struct {
		ctx  context.Context
		sql  string
		want string
	}{
		{two, "select 1; select 2; select 3", "Actual statement count 3 did not match the desired statement count 2."},
		{ctx, "select 1; select 2", "Actual statement count 2 did not match the desired statement count 1."},
	} {
		_, err := db.ExecContext(tc.ctx, tc.sql)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 8 || se.Message != tc.want {
			t.Fatalf("%s: want error 000008 %q, got %v", tc.sql, tc.want, err)
		}
	}
	// A failing child fails the request with its error; the ones before it ran.
	_, err = db.ExecContext(multi, "insert into t values (4); select * from no_such_table; insert into t values (5)")
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2003 {
		t.Fatalf("want 002003 from the second statement, got %v", err)
	}
	var n int
	if err := db.QueryRow("select count(*) from t").Scan(&n); err != nil || n != 4 {
		t.Fatalf("count = %d, %v; want 4 (the insert before the failure ran, the one after did not)", n, err)
	}
	// ? binds are numbered across the request and dealt out in order.
	res, err = db.ExecContext(multi, "insert into t values (?); delete from t where x = ?", 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("rows affected = %d, want 2 (1 inserted + 1 deleted)", n)
	}
	var sum int
	if err := db.QueryRow("select sum(x) from t").Scan(&sum); err != nil || sum != 2+3+4+10 {
		t.Fatalf("sum = %d, %v; want 19", sum, err)
	}
}

// Asynchronous queries through gosnowflake's WithAsyncMode: the request
// returns at once with a query id, the driver polls the result URL.
func TestAsyncQueriesThroughGosnowflake(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database asy", "create table t(x int)")
	ctx := sf.WithAsyncMode(context.Background())
	res, err := db.ExecContext(ctx, "insert into t values (1), (2), (3)")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 3 {
		t.Fatalf("async insert: %d rows, %v", n, err)
	}
	rows, err := db.QueryContext(ctx, "select sum(x) from t")
	if err != nil {
		t.Fatal(err)
	}
	var sum int
	if !rows.Next() {
		t.Fatalf("async query: no row: %v", rows.Err())
	}
	if err := rows.Scan(&sum); err != nil || sum != 6 {
		t.Fatalf("async sum = %d, %v", sum, err)
	}
	rows.Close()
	// The error of a failing async statement surfaces when it is awaited.
	res, err = db.ExecContext(ctx, "delete from no_such_table")
	if err == nil {
		_, err = res.RowsAffected()
	}
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2003 {
		t.Fatalf("async delete from a missing table: want 002003, got %v", err)
	}
}

// An array bind is one statement: one bad row and no row is inserted; ten
// thousand good rows insert well under a second.
func TestArrayBindIsAtomicAndFast(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database arr", "create table t(id int, name string)")
	const n = 10000
	ids := make([]string, n)
	names := make([]string, n)
	for i := range ids {
		ids[i], names[i] = strconv.Itoa(i), "name"+strconv.Itoa(i)
	}
	ids[n-1] = "not a number"
	_, err := db.Exec("insert into t values (?, ?)", sf.Array(&ids), sf.Array(&names))
	var se *sf.SnowflakeError
	if !errors.As(err, &se) {
		t.Fatalf("a bad row in an array bind: want a Snowflake error, got %v", err)
	}
	var count int
	if err := db.QueryRow("select count(*) from t").Scan(&count); err != nil || count != 0 {
		t.Fatalf("after the failed array bind: %d rows (%v), want 0", count, err)
	}
	ints := make([]int, n)
	for i := range ints {
		ints[i] = i
	}
	// The machine running the suite is shared (and go test runs packages in
	// parallel), so one slow attempt proves nothing: the best of three
	// attempts, each into an emptied table, must be under a second.
	var best time.Duration
	for attempt := 0; attempt < 3; attempt++ {
		mustExec(t, db, "truncate table t")
		start := time.Now()
		res, err := db.Exec("insert into t values (?, ?)", sf.Array(&ints), sf.Array(&names))
		elapsed := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := res.RowsAffected(); got != n {
			t.Fatalf("rows affected = %d, want %d", got, n)
		}
		t.Logf("10,000-row array bind, attempt %d: %v", attempt+1, elapsed)
		if attempt == 0 || elapsed < best {
			best = elapsed
		}
		if best < time.Second {
			break
		}
	}
	if best > time.Second {
		t.Fatalf("10,000-row array bind took %v at best of three, want well under a second", best)
	}
	var sum int64
	if err := db.QueryRow("select count(*), sum(id) from t").Scan(&count, &sum); err != nil || count != n || sum != n*(n-1)/2 {
		t.Fatalf("count, sum = %d, %d (%v)", count, sum, err)
	}
	// A non-VALUES statement takes the row-by-row path, also atomically.
	_, err = db.Exec("update t set name = ? where id = ?", sf.Array(&[]string{"a", "b"}), sf.Array(&[]string{"1", "x"}))
	if err == nil {
		t.Fatal("update with a bad row succeeded")
	}
	var name string
	if err := db.QueryRow("select name from t where id = 1").Scan(&name); err != nil || name != "name1" {
		t.Fatalf("the failed array update changed row 1: %q, %v", name, err)
	}
}

// A large result reaches gosnowflake in chunks; every row arrives in order.
func TestLargeResultInChunksThroughGosnowflake(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database big", "create table t(i int, s string)")
	const n = 50000
	ids, strs := make([]int, n), make([]string, n)
	for i := range ids {
		ids[i], strs[i] = i, "row"+strconv.Itoa(i)
	}
	if _, err := db.Exec("insert into t values (?, ?)", sf.Array(&ids), sf.Array(&strs)); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query("select i, s from t order by i")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var v int
		var s string
		if err := rows.Scan(&v, &s); err != nil {
			t.Fatal(err)
		}
		if v != i || s != "row"+strconv.Itoa(i) {
			t.Fatalf("row %d = %d, %q", i, v, s)
		}
		i++
	}
	if err := rows.Err(); err != nil || i != n {
		t.Fatalf("%d rows, %v", i, err)
	}
}

// The raw wire: data.parameters as Snowflake sends them, and result chunks
// that are only served to a request presenting the result's key.
func TestWireParametersAndChunkHeaders(t *testing.T) {
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "u", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	base := "http://" + srv.Addr()
	post := func(path, token string, body any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", `Snowflake Token="`+token+`"`)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		if out["success"] != true {
			t.Fatalf("%s: %v", path, out)
		}
		return out["data"].(map[string]any)
	}
	login := post("/session/v1/login-request", "", map[string]any{"data": map[string]any{"LOGIN_NAME": "u", "PASSWORD": "pw",
		"SESSION_PARAMETERS": map[string]any{"JS_TREAT_INTEGER_AS_BIGINT": true}}})
	token := login["token"].(string)
	query := func(sqlText string) map[string]any {
		return post("/queries/v1/query-request?requestId=1", token, map[string]any{"sqlText": sqlText})
	}
	params := map[string]any{}
	for _, p := range query("select 1")["parameters"].([]any) {
		p := p.(map[string]any)
		params[p["name"].(string)] = p["value"]
	}
	// Defaults from Snowflake's parameter reference; the login's own setting.
	for name, want := range map[string]any{
		"TIMESTAMP_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM", "TIMESTAMP_NTZ_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3",
		"TIMESTAMP_LTZ_OUTPUT_FORMAT": "", "TIMESTAMP_TZ_OUTPUT_FORMAT": "", "DATE_OUTPUT_FORMAT": "YYYY-MM-DD",
		"TIME_OUTPUT_FORMAT": "HH24:MI:SS", "BINARY_OUTPUT_FORMAT": "HEX", "TIMEZONE": "UTC", "JS_TREAT_INTEGER_AS_BIGINT": true,
	} {
		if params[name] != want {
			t.Errorf("parameter %s = %#v, want %#v", name, params[name], want)
		}
	}
	query("alter session set DATE_OUTPUT_FORMAT = 'DD/MM/YYYY'")
	for _, p := range query("select 1")["parameters"].([]any) {
		if p := p.(map[string]any); p["name"] == "DATE_OUTPUT_FORMAT" && p["value"] != "DD/MM/YYYY" {
			t.Errorf("after ALTER SESSION: DATE_OUTPUT_FORMAT = %v", p["value"])
		}
	}
	// The session's TIMEZONE is reported back once set (params.go applies it).
	query("alter session set timezone = 'America/Los_Angeles'")
	for _, p := range query("select 1")["parameters"].([]any) {
		if p := p.(map[string]any); p["name"] == "TIMEZONE" && p["value"] != "America/Los_Angeles" {
			t.Errorf("after ALTER SESSION SET TIMEZONE: TIMEZONE = %v", p["value"])
		}
	}

	query("create database c")
	query("create table t(i int)")
	ints := make([]*string, 30000)
	for i := range ints {
		s := strconv.Itoa(i)
		ints[i] = &s
	}
	post("/queries/v1/query-request?requestId=2", token, map[string]any{"sqlText": "insert into t values (?)",
		"bindings": map[string]any{"1": map[string]any{"type": "FIXED", "value": ints}}})
	data := query("select i from t order by i")
	chunks := data["chunks"].([]any)
	headers := data["chunkHeaders"].(map[string]any)
	if len(chunks) == 0 || data["total"].(float64) != 30000 || headers["x-amz-server-side-encryption-customer-key"] != data["qrmk"] {
		t.Fatalf("want a chunked 30000-row result with SSE-C chunk headers, got total %v, %d chunks, headers %v", data["total"], len(chunks), headers)
	}
	url := chunks[0].(map[string]any)["url"].(string)
	get := func(key string) (int, []byte) {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept-Encoding", "gzip") // keep the body compressed
		if key != "" {
			req.Header.Set("x-amz-server-side-encryption-customer-key", key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, body
	}
	if code, _ := get(""); code != http.StatusForbidden {
		t.Fatalf("chunk without its key: HTTP %d, want 403", code)
	}
	if code, _ := get("wrong"); code != http.StatusForbidden {
		t.Fatalf("chunk with a wrong key: HTTP %d, want 403", code)
	}
	code, body := get(headers["x-amz-server-side-encryption-customer-key"].(string))
	if code != http.StatusOK {
		t.Fatalf("chunk with its key: HTTP %d", code)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("chunk is not gzip: %v", err)
	}
	plain, _ := io.ReadAll(zr)
	var rows [][]*string
	if err := json.Unmarshal(append(append([]byte("["), plain...), ']'), &rows); err != nil {
		t.Fatalf("chunk is not rows without brackets: %v", err)
	}
	first := len(data["rowset"].([]any))
	if meta := chunks[0].(map[string]any); int(meta["rowCount"].(float64)) != len(rows) || *rows[0][0] != strconv.Itoa(first) {
		t.Fatalf("chunk 0: %d rows starting at %s, meta %v; inline rowset had %d", len(rows), *rows[0][0], meta, first)
	}
}

// BINARY and TIME binds through gosnowflake's type markers, and their values
// read back. (The engine's TIME keeps microseconds, Snowflake's TIME(9)
// nanoseconds: a README known gap, so this test binds whole microseconds.)
func TestBinaryAndTimeBindsThroughGosnowflake(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database bt", "create table t(id int, b binary, tm time)")
	bin := []byte{0x00, 0x01, 0xfe, 0xff}
	tm := time.Date(1970, 1, 1, 23, 59, 58, 123456000, time.UTC)
	// gosnowflake's type marker holds for the binds after it, and a BINARY
	// marker swallows the next marker: TIME first.
	if _, err := db.Exec("insert into t(id, tm, b) values (?, ?, ?)", 1, sf.DataTypeTime, tm, sf.DataTypeBinary, bin); err != nil {
		t.Fatal(err)
	}
	var gotBin []byte
	var gotTime time.Time
	if err := db.QueryRow("select b, tm from t").Scan(&gotBin, &gotTime); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotBin, bin) {
		t.Errorf("binary = %x, want %x", gotBin, bin)
	}
	if h, m, s := gotTime.Clock(); h != 23 || m != 59 || s != 58 || gotTime.Nanosecond() != 123456000 {
		t.Errorf("time = %v, want 23:59:58.123456", gotTime)
	}
	// An array bind of BINARY values.
	bins := [][]byte{{0x0a}, {0x0b, 0x0c}}
	ids := []int{2, 3}
	if _, err := db.Exec("insert into t(id, b) values (?, ?)", sf.Array(&ids), sf.Array(&bins)); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("select b from t where id = 3").Scan(&gotBin); err != nil || !bytes.Equal(gotBin, []byte{0x0b, 0x0c}) {
		t.Errorf("array-bound binary = %x, %v", gotBin, err)
	}
}
