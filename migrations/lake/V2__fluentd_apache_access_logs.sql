-- Apache access logs, tailed by Fluentd (td-agent) or `flurry ship` and
-- shipped to S3 as gzip files of "time<TAB>tag<TAB>JSON record" lines.
-- Guide: "Integrating Fluentd With Snowflake".
--
-- The storage integration is the administrator's (migrations/lake-admin).
-- After this migration, point the bucket's event notification at the pipe's
-- notification_channel (SHOW PIPES).

USE SCHEMA {{ ident .database }}.PUBLIC;

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.FLUENTD_STAGE
  URL = {{ s3url .fluentd_bucket .fluentd_prefix }}
  STORAGE_INTEGRATION = {{ ident .fluentd_integration }};

-- Fluentd's delimiter is the tab. The record is JSON whose own escapes (\"
-- and \/ in td-agent's output) must reach PARSE_JSON untouched: without
-- ESCAPE_UNENCLOSED_FIELD = NONE the CSV reader would take each backslash as
-- its escape character and drop it (V20 sets it on lakes made before).
CREATE FILE FORMAT IF NOT EXISTS {{ ident .database }}.PUBLIC.FLUENTD_FORMAT
  TYPE = CSV
  FIELD_DELIMITER = '\t'
  ESCAPE_UNENCLOSED_FIELD = NONE
  COMPRESSION = GZIP;

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.LOGS (
  time DATETIME,
  tag STRING,
  record VARIANT
);

-- The guide calls this pipe mypipe.
CREATE PIPE IF NOT EXISTS {{ ident .database }}.PUBLIC.FLUENTD_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.LOGS
  FROM @{{ ident .database }}.PUBLIC.FLUENTD_STAGE
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.FLUENTD_FORMAT);
