-- S3 server access logs: Snowpipe copies raw lines into a staging table, a
-- stream tracks new rows, and a task (R__s3_access_logs_transformation.sql)
-- parses them with the PARSE_S3_ACCESS_LOGS UDTF into S3_ACCESS_LOGS.
-- Guide: "AWS S3 Access Logs Ingestion".

USE SCHEMA {{ ident .database }}.PUBLIC;

-- S3 access logs are in a non-standard format parsed later by the UDTF:
-- import whole lines, unparsed.
CREATE FILE FORMAT IF NOT EXISTS {{ ident .database }}.PUBLIC.TEXT_FORMAT
  TYPE = 'CSV'
  FIELD_DELIMITER = NONE
  SKIP_BLANK_LINES = TRUE
  ESCAPE_UNENCLOSED_FIELD = NONE;

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS
  URL = {{ s3url .s3_access_logs_bucket .s3_access_logs_prefix }}
  STORAGE_INTEGRATION = {{ ident .s3_access_logs_integration }};

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING (
  raw TEXT,
  timestamp DATETIME
);

-- The stream on the staging table triggers processing.
CREATE STREAM IF NOT EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STREAM
  ON TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING;

CREATE PIPE IF NOT EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING FROM (
    SELECT
      STG.$1,
      CURRENT_TIMESTAMP() AS timestamp
    FROM @{{ ident .database }}.PUBLIC.S3_ACCESS_LOGS (FILE_FORMAT => {{ ident .database }}.PUBLIC.TEXT_FORMAT) STG
  );

-- The parsed logs: the UDTF's 24 columns.
CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS (
  bucketowner STRING, bucket_name STRING, requestdatetime STRING, remoteip STRING, requester STRING,
  requestid STRING, operation STRING, key STRING, request_uri STRING, httpstatus STRING, errorcode STRING,
  bytessent BIGINT, objectsize BIGINT, totaltime STRING, turnaroundtime STRING, referrer STRING, useragent STRING,
  versionid STRING, hostid STRING, sigv STRING, ciphersuite STRING, authtype STRING, endpoint STRING, tlsversion STRING
);
