-- Ingestion metadata for Teleport audit events, as V7 gave the other lake
-- tables: the staged file a row came from, its record number in that file,
-- and when Snowflake loaded it (METADATA$FILENAME, METADATA$FILE_ROW_NUMBER,
-- METADATA$START_SCAN_TIME; "Query metadata for staged files"). The Teleport
-- detections then select rows by _LOADED_AT, the arrival time, like the
-- others.
--
-- A JSON COPY without a transformation fills one column, so both load paths
-- become COPY transformations: the S3 pipe below, and `flurry ship`'s
-- PUT + COPY INTO the table stage, whose [output.snowflake] names the same
-- columns (copy_columns / copy_select, see the README). Rows loaded before
-- this migration keep NULL metadata; files already loaded are not loaded
-- again (the table's load metadata remembers them for 64 days).

USE SCHEMA {{ ident .database }}.PUBLIC;

ALTER TABLE {{ ident .database }}.PUBLIC.PARSEJSON_RAW ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.PARSEJSON_RAW ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
ALTER TABLE {{ ident .database }}.PUBLIC.PARSEJSON_RAW ADD COLUMN IF NOT EXISTS _LOADED_AT TIMESTAMP_LTZ;

CREATE OR REPLACE PIPE {{ ident .database }}.PUBLIC.AUTOINGST_PARSEJSON
  AUTO_INGEST = TRUE
AS
  COPY INTO {{ ident .database }}.PUBLIC.PARSEJSON_RAW (raw_data, _filename, _file_row_number, _loaded_at)
  FROM (
    SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, METADATA$START_SCAN_TIME
    FROM @{{ ident .database }}.PUBLIC.TELEPORT_LANDING_STAGE
  )
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.JSON_FORMAT);
