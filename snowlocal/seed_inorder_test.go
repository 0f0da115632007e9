package snowlocal_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSeedS3AccessLogGuideInOrder runs the S3 access log guide (002) from its
// first statement to its saved queries, in the guide's order, on one engine:
// integration, warehouse, file format, stage, staging table, stream, COPY,
// pipe, the Python UDTF, the parsed table, the task, and the hunting queries
// over what the task parsed. The other tests check each part in depth; this
// one proves the parts compose as the guide uses them.
func TestSeedS3AccessLogGuideInOrder(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://s3-access-logs-bucket/": "file://" + filepath.Join(lake, "s3_access")})
	vars := map[string]string{"<AWS_ACCOUNT_NUMBER>": "123456789012", "<RoleName>": "snowflake-s3-access", "<BUCKET_NAME>": "s3-access-logs-bucket", "<PREFIX>": "logs"}
	g := s3AccessGuide
	run(t, db, "create database security_lake")
	run(t, db, template(g.integration, vars), g.desc)
	run(t, db, `create warehouse security_quickstart with 
  WAREHOUSE_SIZE = MEDIUM 
  AUTO_SUSPEND = 60;`)
	run(t, db, g.fileFormat, template(g.stage, vars), g.list, seedS3Staging, seedS3Stream)
	cols, rows := rowsOf(t, db, g.copy)
	wantEqual(t, "copy status", column(t, cols, rows, "status"), []string{"LOADED", "LOADED"})
	run(t, db, g.verify, g.pipe, g.showPipes, g.refresh)

	run(t, db, seedS3Function)
	_, tested := rowsOf(t, db, seedS3TestQuery)
	// The guide's regex skips lines it cannot match (see udfs/): the task
	// must parse exactly what the guide's test query shows.
	if len(tested) == 0 || len(tested) > 13 {
		t.Fatalf("the guide's UDTF test query parsed %d of the 13 staged lines", len(tested))
	}
	want := itoa(len(tested))
	run(t, db, seedS3Table, seedS3Task, seedS3TaskResume)
	run(t, db, "execute task s3_access_logs_transformation")
	if n := scalar(t, db, "select count(*) from s3_access_logs"); n != want {
		t.Fatalf("the task parsed %s rows, want %s", n, want)
	}
	if n := scalar(t, db, "select count(*) from s3_access_logs_stream"); n != "0" {
		t.Fatalf("the stream still holds %s rows after the task", n)
	}

	// The guide's saved queries, over what the pipeline parsed.
	_, rows = rowsOf(t, db, "select count(*),REMOTEIP from s3_access_logs group by remoteip order by count(*) desc;")
	if len(rows) == 0 {
		t.Fatal("IPs by number of requests: no rows")
	}
	_, rows = rowsOf(t, db, "SELECT * FROM s3_access_logs WHERE httpstatus = '403';")
	for _, r := range rows {
		if r[9] != "403" {
			t.Fatalf("403 query returned %q", r)
		}
	}
	_, rows = rowsOf(t, db, `SELECT 
    remoteip,
    SUM(bytessent) AS uploadTotal,
    SUM(objectsize) AS downloadTotal,
    SUM(ZEROIFNULL(bytessent) + ZEROIFNULL(objectsize)) AS Total
FROM s3_access_logs
group by REMOTEIP
order by total desc;`)
	if len(rows) == 0 || strings.TrimSpace(rows[0][3]) == "" {
		t.Fatalf("IPs by traffic: %q", rows)
	}
	_, rows = rowsOf(t, db, "SELECT *\nFROM s3_access_logs\nWHERE Requester IS NULL;")
	for _, r := range rows {
		if r[4] != "<null>" {
			t.Fatalf("anonymous requests returned a requester: %q", r)
		}
	}
}
