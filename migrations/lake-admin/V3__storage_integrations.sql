-- One storage integration per log source, as in the guides. Creating an
-- integration needs ACCOUNTADMIN or CREATE INTEGRATION on the account, which
-- is why this is the administrator's part.
--
-- After this migration, run DESC INTEGRATION on each integration and put its
-- STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID in the IAM role's
-- trust policy. flurry never replaces an existing integration (that would
-- change its external ID): a CREATE OR REPLACE of one that exists is applied
-- as ALTER STORAGE INTEGRATION ... SET.

-- Apache access logs from Fluentd / flurry ship.
-- Guide: "Integrating Fluentd With Snowflake".
CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .fluentd_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .fluentd_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .fluentd_bucket .fluentd_prefix }});

-- Teleport audit events. Guide: "Securely Managing Your Audit Logs with
-- Teleport and Snowflake" (which names it S3_TELEPORT_INTEGRTN).
CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .teleport_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .teleport_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .teleport_bucket .teleport_prefix }});

-- S3 server access logs. Guide: "AWS S3 Access Logs Ingestion".
CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .s3_access_logs_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .s3_access_logs_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .s3_access_logs_bucket .s3_access_logs_prefix }});

-- VPC flow logs. Guide: "AWS VPC Flow Logs Ingestion".
CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .vpc_flow_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .vpc_flow_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .vpc_flow_bucket .vpc_flow_prefix }});

-- go-audit JSON lines. Guide: "Using fluentd to Ship Logs to AWS S3".
CREATE STORAGE INTEGRATION IF NOT EXISTS {{ ident .go_audit_integration }}
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = {{ literal .go_audit_role_arn }}
  STORAGE_ALLOWED_LOCATIONS = ({{ s3url .go_audit_bucket .go_audit_prefix }});
