-- Ingestion metadata on the lake tables loaded by pipes: the staged file a row came from,
-- its record number in that file, and when Snowflake loaded it
-- (METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME; see
-- "Query metadata for staged files"). Detections select rows by _LOADED_AT,
-- the arrival time, so a log file delivered hours late is still seen exactly
-- once; they report the event time from the record.
--
-- The pipes are recreated with COPY transformations loading the metadata
-- columns. Rows loaded before this migration keep NULL metadata. Files
-- already loaded are not loaded again: the table's load metadata (64 days)
-- remembers them.

USE SCHEMA {{ ident .database }}.PUBLIC;

ALTER TABLE {{ ident .database }}.PUBLIC.LOGS ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.LOGS ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
ALTER TABLE {{ ident .database }}.PUBLIC.LOGS ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

CREATE OR REPLACE PIPE {{ ident .database }}.PUBLIC.FLUENTD_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.LOGS (time, tag, record, _filename, _file_row_number, _loaded_at)
  FROM (
    SELECT $1, $2, PARSE_JSON($3), METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME
    FROM @{{ ident .database }}.PUBLIC.FLUENTD_STAGE
  )
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.FLUENTD_FORMAT);

-- PARSEJSON_RAW (Teleport) keeps its single VARIANT column: `flurry ship`
-- loads it with a plain COPY INTO from the table stage, and a JSON COPY
-- without a transformation can fill only one column.

-- S3 access logs: the staging table records the file, record number and
-- scan time. S3_ACCESS_LOGS records when the transformation task
-- (R__s3_access_logs_transformation.sql) inserted the row: the moment it
-- became visible to detections, hours after the request when AWS delivers
-- late. The file and record number stay in the staging table: the task reads
-- S3_ACCESS_LOGS_STREAM, created (V4) before these columns existed, and a
-- stream cannot be recreated without losing the rows it has not returned yet.
ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

CREATE OR REPLACE PIPE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STAGING (raw, timestamp, _filename, _file_row_number, _loaded_at) FROM (
    SELECT
      STG.$1,
      CURRENT_TIMESTAMP() AS timestamp,
      METADATA$FILENAME,
      METADATA$FILE_ROW_NUMBER,
      METADATA$START_SCAN_TIME
    FROM @{{ ident .database }}.PUBLIC.S3_ACCESS_LOGS (FILE_FORMAT => {{ ident .database }}.PUBLIC.TEXT_FORMAT) STG
  );

ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

ALTER TABLE {{ ident .database }}.PUBLIC.VPC_FLOW ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.VPC_FLOW ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
ALTER TABLE {{ ident .database }}.PUBLIC.VPC_FLOW ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

CREATE OR REPLACE PIPE {{ ident .database }}.PUBLIC.VPC_FLOW_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.VPC_FLOW (record, _filename, _file_row_number, _loaded_at)
  FROM (
    SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME
    FROM @{{ ident .database }}.PUBLIC.VPC_FLOW_STAGE
  )
  FILE_FORMAT = (TYPE = PARQUET);

ALTER TABLE {{ ident .database }}.PUBLIC.GO_AUDIT ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.GO_AUDIT ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
ALTER TABLE {{ ident .database }}.PUBLIC.GO_AUDIT ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

CREATE OR REPLACE PIPE {{ ident .database }}.PUBLIC.GO_AUDIT_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.GO_AUDIT (record, _filename, _file_row_number, _loaded_at)
  FROM (
    SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME
    FROM @{{ ident .database }}.PUBLIC.GO_AUDIT_STAGE
  )
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.GO_AUDIT_FORMAT);
