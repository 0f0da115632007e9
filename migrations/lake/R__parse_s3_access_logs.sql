-- Python UDTF parsing S3 server access log lines into 24 columns. The
-- handler is udfs/parse_s3_access_logs.py: editing it re-runs this script.
-- Guide: "AWS S3 Access Logs Ingestion".

CREATE OR REPLACE FUNCTION {{ ident .database }}.PUBLIC.PARSE_S3_ACCESS_LOGS(log STRING)
COPY GRANTS
RETURNS TABLE (
    bucketowner STRING,bucket_name STRING,requestdatetime STRING,remoteip STRING,requester STRING,
    requestid STRING,operation STRING,key STRING,request_uri STRING,httpstatus STRING,errorcode STRING,
    bytessent BIGINT,objectsize BIGINT,totaltime STRING,turnaroundtime STRING,referrer STRING, useragent STRING,
    versionid STRING,hostid STRING,sigv STRING,ciphersuite STRING,authtype STRING,endpoint STRING,tlsversion STRING)
LANGUAGE PYTHON
RUNTIME_VERSION = {{ literal .python_runtime_version }}
HANDLER = 'S3AccessLogParser'
AS $$
{{ udf "parse_s3_access_logs.py" }}
$$;
