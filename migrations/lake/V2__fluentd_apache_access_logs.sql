-- Apache access logs, tailed by Fluentd (td-agent) or `flurry ship` and
-- shipped to S3 as gzip files of "time<TAB>tag<TAB>JSON record" lines.
-- Guide: "Integrating Fluentd With Snowflake".
--
-- After this migration, run DESC INTEGRATION on the storage integration and
-- put its STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID in the IAM
-- role's trust policy; then point the bucket's event notification at the
-- pipe's notification_channel (SHOW PIPES).

USE SCHEMA {{ ident .database }}.PUBLIC;

CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .fluentd_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .fluentd_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .fluentd_bucket .fluentd_prefix }});

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.FLUENTD_STAGE
  URL = {{ s3url .fluentd_bucket .fluentd_prefix }}
  STORAGE_INTEGRATION = {{ ident .fluentd_integration }};

-- Fluentd's delimiter is the tab.
CREATE FILE FORMAT IF NOT EXISTS {{ ident .database }}.PUBLIC.FLUENTD_FORMAT
  TYPE = CSV
  FIELD_DELIMITER = '\t'
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
