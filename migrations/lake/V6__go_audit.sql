-- go-audit's JSON lines, shipped to S3 uncompressed by Fluentd
-- (store_as text, <format> json) or by `flurry ship`.
-- Guide: "Using fluentd to Ship Logs to AWS S3" (which stops at S3: the
-- stage, table and pipe follow the other guides' pattern).

USE SCHEMA {{ ident .database }}.PUBLIC;

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.GO_AUDIT_STAGE
  URL = {{ s3url .go_audit_bucket .go_audit_prefix }}
  STORAGE_INTEGRATION = {{ ident .go_audit_integration }};

-- One JSON object per line; COMPRESSION = AUTO also reads gzip files.
CREATE FILE FORMAT IF NOT EXISTS {{ ident .database }}.PUBLIC.GO_AUDIT_FORMAT
  TYPE = JSON
  COMPRESSION = AUTO;

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.GO_AUDIT (
  record VARIANT
);

CREATE PIPE IF NOT EXISTS {{ ident .database }}.PUBLIC.GO_AUDIT_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.GO_AUDIT
  FROM @{{ ident .database }}.PUBLIC.GO_AUDIT_STAGE
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.GO_AUDIT_FORMAT);
