-- Teleport audit events, forwarded by the Teleport event handler to Fluentd
-- and shipped to S3 as JSON. Guide: "Securely Managing Your Audit Logs with
-- Teleport and Snowflake" (which names the integration S3_TELEPORT_INTEGRTN
-- and the database LOGS_DB).

USE SCHEMA {{ ident .database }}.PUBLIC;

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.TELEPORT_LANDING_STAGE
  STORAGE_INTEGRATION = {{ ident .teleport_integration }}
  URL = {{ s3url .teleport_bucket .teleport_prefix }};

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.PARSEJSON_RAW (raw_data VARIANT);

-- STRIP_OUTER_ARRAY removes the brackets around an array of events.
CREATE FILE FORMAT IF NOT EXISTS {{ ident .database }}.PUBLIC.JSON_FORMAT
  TYPE = JSON
  STRIP_OUTER_ARRAY = TRUE;

CREATE PIPE IF NOT EXISTS {{ ident .database }}.PUBLIC.AUTOINGST_PARSEJSON
  AUTO_INGEST = TRUE
AS
  COPY INTO {{ ident .database }}.PUBLIC.PARSEJSON_RAW
  FROM @{{ ident .database }}.PUBLIC.TELEPORT_LANDING_STAGE
  FILE_FORMAT = (FORMAT_NAME = {{ ident .database }}.PUBLIC.JSON_FORMAT);
