-- S3 access logs: carry the staged file and record number into
-- S3_ACCESS_LOGS, so that a finding names the log object it came from.
--
-- V7 added _FILENAME and _FILE_ROW_NUMBER to S3_ACCESS_LOGS_STAGING. The
-- stream on it (V4) returns them without being recreated: "Streams use the
-- current table schema" (Introduction to streams), so the rows it holds are
-- kept. The transformation task (R__s3_access_logs_transformation.sql)
-- selects them from the stream next to the UDTF's 24 columns; _LOADED_AT
-- stays the time the task inserted the row, when it became visible.
--
-- The task is suspended first: until the repeatable script replaces it (in
-- this same `migrate up`) and resumes it, its old INSERT, listing no
-- columns, no longer matches the table. Rows arriving meanwhile wait in the
-- stream.

USE SCHEMA {{ ident .database }}.PUBLIC;

ALTER TASK IF EXISTS {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_TRANSFORMATION SUSPEND;

ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS ADD COLUMN IF NOT EXISTS _FILENAME STRING;
ALTER TABLE {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS ADD COLUMN IF NOT EXISTS _FILE_ROW_NUMBER NUMBER;
