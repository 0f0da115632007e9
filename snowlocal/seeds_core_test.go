package snowlocal_test

import (
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// queryAll returns column names, database type names and rows as strings
// (NULL as "<null>"), scanning through gosnowflake.
func queryAll(t *testing.T, db *sql.DB, q string) ([]string, []string, [][]string) {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s\n=> %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	cts, _ := rows.ColumnTypes()
	var types []string
	for _, ct := range cts {
		types = append(types, ct.DatabaseTypeName())
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", q, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "<null>"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return cols, types, out
}

func wantRows(t *testing.T, q string, got, want [][]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s\n got: %q\nwant: %q", q, got, want)
	}
}

// TestSeedFluentdGuide runs the Fluentd guide's table and queries verbatim.
func TestSeedFluentdGuide(t *testing.T) {
	db := open(t)
	now := time.Now().UTC()
	recent := now.Add(-2 * time.Hour).Format("2006-01-02 15:04:05")
	old := now.Add(-72 * time.Hour).Format("2006-01-02 15:04:05")
	mustExec(t, db,
		"create database fluentd",
		"use role accountadmin;",
		`create table public.logs(
  time DATETIME,
  tag STRING,
  record VARIANT
);`,
		fmt.Sprintf(`insert into public.logs select '%s', 's3.apache.access', parse_json('{"host":"203.0.113.9","user":null,"method":"GET","path":"/admin","code":408,"size":0,"referer":null,"agent":"curl/8.0"}')`, recent),
		fmt.Sprintf(`insert into public.logs select '%s', 's3.apache.access', parse_json('{"host":"198.51.100.7","user":null,"method":"GET","path":"/","code":200,"size":612,"referer":null,"agent":"Mozilla/5.0"}')`, old),
	)
	cols, types, rows := queryAll(t, db, "select * from public.logs;")
	if !reflect.DeepEqual(cols, []string{"TIME", "TAG", "RECORD"}) || !reflect.DeepEqual(types, []string{"TIMESTAMP_NTZ", "TEXT", "VARIANT"}) || len(rows) != 2 {
		t.Fatalf("select *: cols %v types %v rows %d", cols, types, len(rows))
	}
	q := `SELECT
    time,
    RECORD:agent,
    RECORD:code,
    RECORD:host,
    RECORD:method,
    RECORD:path,
    RECORD:referer,
    RECORD:size,
    RECORD:user
FROM
    fluentd.public.logs
WHERE time > (select dateadd(day, -1, getdate()));
;`
	cols, types, rows = queryAll(t, db, q)
	if cols[1] != "RECORD:AGENT" || types[1] != "VARIANT" {
		t.Fatalf("column 2 = %s %s, want RECORD:AGENT VARIANT", cols[1], types[1])
	}
	if len(rows) != 1 || rows[0][1] != `"curl/8.0"` || rows[0][2] != "408" || rows[0][3] != `"203.0.113.9"` {
		t.Fatalf("dashboard query rows: %q", rows)
	}
	_, _, rows = queryAll(t, db, "select * from public.logs order by TIME DESC;")
	if len(rows) != 2 || !strings.Contains(rows[0][2], "203.0.113.9") {
		t.Fatalf("order by time desc: %q", rows)
	}
}

// TestSeedTeleportGuide runs the Teleport blog's database, table and query.
func TestSeedTeleportGuide(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create Database LOGS_DB;",
		"create Table PARSEJSON_RAW(raw_data Variant);",
		`insert into PARSEJSON_RAW select parse_json('{"event":"db.session.query","success":false,"user":"alice","db_query":"select * from secrets","error":"permission denied"}')`,
		`insert into PARSEJSON_RAW select parse_json('{"event":"db.session.query","success":true,"user":"bob","db_query":"select 1"}')`,
	)
	q := `select RAW_DATA
    from PARSEJSON_RAW
    where RAW_DATA['success']='false';`
	cols, types, rows := queryAll(t, db, q)
	if cols[0] != "RAW_DATA" || types[0] != "VARIANT" || len(rows) != 1 || !strings.Contains(rows[0][0], `"alice"`) {
		t.Fatalf("failed queries: cols %v types %v rows %q", cols, types, rows)
	}
}

const s3Row = `insert into s3_access_logs values ('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', 'awsexamplebucket1', '06/Feb/2019:00:00:38 +0000', '%s', %s, '3E57427F3EXAMPLE', '%s', '%s', '"GET /%s HTTP/1.1"', '%s', %s, %s, %s, '70', '10', NULL, '"curl/7.15.1"', NULL, 's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=', 'SigV4', 'ECDHE-RSA-AES128-GCM-SHA256', 'AuthHeader', 'awsexamplebucket1.s3.us-west-1.amazonaws.com', 'TLSV1.2')`

// TestSeedS3AccessLogGuide runs the S3 access log guide's tables and saved
// queries (the UDTF, stream, pipe and task belong to the stage/pipe tests).
func TestSeedS3AccessLogGuide(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database s3_logs",
		`create warehouse security_quickstart with 
  WAREHOUSE_SIZE = MEDIUM 
  AUTO_SUSPEND = 60;`,
		`create table s3_access_logs_staging(
    raw TEXT,
    timestamp DATETIME
);`,
		`create or replace table s3_access_logs(
 bucketowner STRING,bucket_name STRING,requestdatetime STRING,remoteip STRING,requester STRING,
    requestid STRING,operation STRING,key STRING,request_uri STRING,httpstatus STRING,errorcode STRING,
    bytessent BIGINT,objectsize BIGINT,totaltime STRING,turnaroundtime STRING,referrer STRING, useragent STRING,
    versionid STRING,hostid STRING,sigv STRING,ciphersuite STRING,authtype STRING,endpoint STRING,tlsversion STRING
);`,
		fmt.Sprintf(s3Row, "192.0.2.3", "'arn:aws:iam::123456789123:user/user_name'", "REST.DELETE.OBJECT", "path/to/object", "path/to/object", "204", "NULL", "NULL", "NULL"),
		fmt.Sprintf(s3Row, "192.0.2.3", "'arn:aws:iam::123456789123:user/user_name'", "REST.GET.OBJECT", "a.txt", "a.txt", "200", "NULL", "1000", "1000"),
		fmt.Sprintf(s3Row, "198.51.100.20", "NULL", "REST.GET.OBJECT", "secret.txt", "secret.txt", "403", "'AccessDenied'", "243", "NULL"),
		"create schema s3_access_logs_db",
		"create view s3_access_logs_db.mybucket_logs as select * from s3_logs.public.s3_access_logs",
		"use schema s3_logs.public",
	)
	var wh string
	if err := db.QueryRow("select current_warehouse()").Scan(&wh); err != nil || wh != "SECURITY_QUICKSTART" {
		t.Fatalf("current_warehouse = %q, %v", wh, err)
	}
	_, _, rows := queryAll(t, db, "select * from public.s3_access_logs_staging limit 5;")
	wantRows(t, "staging", rows, nil)

	q := `SELECT RequestDateTime, RemoteIP, Requester, Key 
FROM s3_access_logs_db.mybucket_logs 
WHERE key = 'path/to/object' AND operation like '%DELETE%';`
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"06/Feb/2019:00:00:38 +0000", "192.0.2.3", "arn:aws:iam::123456789123:user/user_name", "path/to/object"}})

	q = `select count(*),REMOTEIP from s3_access_logs group by remoteip order by count(*) desc;`
	cols, types, rows := queryAll(t, db, q)
	if !reflect.DeepEqual(cols, []string{"COUNT(*)", "REMOTEIP"}) || types[0] != "FIXED" {
		t.Fatalf("%s: cols %v types %v", q, cols, types)
	}
	wantRows(t, q, rows, [][]string{{"2", "192.0.2.3"}, {"1", "198.51.100.20"}})

	q = `SELECT 
    remoteip,
    SUM(bytessent) AS uploadTotal,
    SUM(objectsize) AS downloadTotal,
    SUM(ZEROIFNULL(bytessent) + ZEROIFNULL(objectsize)) AS Total
FROM s3_access_logs
group by REMOTEIP
order by total desc;`
	cols, _, rows = queryAll(t, db, q)
	if !reflect.DeepEqual(cols, []string{"REMOTEIP", "UPLOADTOTAL", "DOWNLOADTOTAL", "TOTAL"}) {
		t.Fatalf("traffic cols %v", cols)
	}
	wantRows(t, q, rows, [][]string{{"192.0.2.3", "1000", "1000", "2000"}, {"198.51.100.20", "243", "<null>", "243"}})

	q = `SELECT * FROM s3_access_logs WHERE httpstatus = '403';`
	_, _, rows = queryAll(t, db, q)
	if len(rows) != 1 || rows[0][10] != "AccessDenied" {
		t.Fatalf("403s: %q", rows)
	}
	q = `SELECT * 
FROM s3_access_logs_db.mybucket_logs 
WHERE requester='arn:aws:iam::123456789123:user/user_name';`
	if _, _, rows = queryAll(t, db, q); len(rows) != 2 {
		t.Fatalf("user actions: %d rows", len(rows))
	}
	q = `SELECT *
FROM s3_access_logs
WHERE Requester IS NULL;`
	if _, _, rows = queryAll(t, db, q); len(rows) != 1 || rows[0][3] != "198.51.100.20" {
		t.Fatalf("anonymous: %q", rows)
	}
}

// TestSeedVPCFlowGuide runs the VPC flow guide's table, view and the
// biggest-talker queries (ipv4_is_internal is a UDF: see the function tests).
func TestSeedVPCFlowGuide(t *testing.T) {
	db := open(t)
	start := time.Now().UTC().Add(-24 * time.Hour).Unix()
	mustExec(t, db,
		"create database vpc",
		`create warehouse security_quickstart with 
  WAREHOUSE_SIZE = MEDIUM 
  AUTO_SUSPEND = 300;`,
		`create table public.vpc_flow(
  record VARIANT
);`,
		fmt.Sprintf(`insert into public.vpc_flow select parse_json('{"version":2,"account_id":"123456789012","interface_id":"eni-0a1","srcaddr":"10.0.1.5","dstaddr":"203.0.113.50","srcport":22,"dstport":51000,"protocol":6,"packets":10,"bytes":8400,"start":%d,"end":%d,"action":"ACCEPT","log_status":"OK"}')`, start, start+60),
		fmt.Sprintf(`insert into public.vpc_flow select parse_json('{"version":2,"account_id":"123456789012","interface_id":"eni-0b2","srcaddr":"198.51.100.9","dstaddr":"10.0.2.7","srcport":40000,"dstport":443,"protocol":6,"packets":3,"bytes":120,"start":%d,"end":%d,"action":"ACCEPT","log_status":"OK"}')`, start, start+60),
		`create view vpc_flow_view as
select 
    record:account_id::varchar(16) as account_id,
    record:action::varchar(16) as action,
    record:bytes::integer as bytes,
    record:dstaddr::varchar(128) as dstaddr,
    record:dstport::integer as dstport,
    record:end::TIMESTAMP as "END",
    record:interface_id::varchar(32) as interface_id,
    record:log_status::varchar(8) as log_status,
    record:packets::integer as packets,
    record:protocol::integer as protocol,
    record:srcaddr::varchar(128) as srcaddr,
    record:srcport::integer as srcport,
    record:start::TIMESTAMP as "START",
    record:version::varchar(8) as version
from public.vpc_flow;
`,
	)
	if _, _, rows := queryAll(t, db, "select * from public.vpc_flow limit 10;"); len(rows) != 2 {
		t.Fatalf("vpc_flow rows %d", len(rows))
	}
	cols, types, rows := queryAll(t, db, "select * from vpc_flow_view limit 10;")
	if len(cols) != 14 || cols[5] != "END" || types[5] != "TIMESTAMP_NTZ" || types[2] != "FIXED" || types[0] != "TEXT" {
		t.Fatalf("view cols %v types %v", cols, types)
	}
	if len(rows) != 2 {
		t.Fatalf("view rows %d", len(rows))
	}
	q := `select dstaddr,sum(bytes) as total_bytes from vpc_flow_view where "START" > dateadd(day, -30, current_date()) and action = 'ACCEPT' group by dstaddr order by total_bytes desc limit 10;`
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"203.0.113.50", "8400"}, {"10.0.2.7", "120"}})
	q = `select srcaddr,sum(bytes) as total_bytes from vpc_flow_view where "START" > dateadd(day, -30, current_date()) and action = 'ACCEPT' group by srcaddr order by total_bytes desc limit 10;`
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"10.0.1.5", "8400"}, {"198.51.100.9", "120"}})
	q = `select interface_id,sum(bytes) as total_bytes from vpc_flow_view where "START" > dateadd(day, -30, current_date()) and action = 'ACCEPT' group by interface_id order by total_bytes desc limit 10;`
	_, _, rows = queryAll(t, db, q)
	wantRows(t, q, rows, [][]string{{"eni-0a1", "8400"}, {"eni-0b2", "120"}})
}
