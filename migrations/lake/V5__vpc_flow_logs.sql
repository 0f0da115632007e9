-- VPC flow logs, delivered by AWS to S3 as Parquet (default log record
-- format). The VPC_FLOW_VIEW view is in R__vpc_flow_view.sql.
-- Guide: "AWS VPC Flow Logs Ingestion".

USE SCHEMA {{ ident .database }}.PUBLIC;

CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.VPC_FLOW_STAGE
  URL = {{ s3url .vpc_flow_bucket .vpc_flow_prefix }}
  STORAGE_INTEGRATION = {{ ident .vpc_flow_integration }};

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.VPC_FLOW (
  record VARIANT
);

CREATE PIPE IF NOT EXISTS {{ ident .database }}.PUBLIC.VPC_FLOW_PIPE AUTO_INGEST = TRUE AS
  COPY INTO {{ ident .database }}.PUBLIC.VPC_FLOW
  FROM @{{ ident .database }}.PUBLIC.VPC_FLOW_STAGE
  FILE_FORMAT = (TYPE = PARQUET);
