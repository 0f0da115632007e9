-- What the deployer role needs to apply migrations/lake, and nothing more:
-- it creates (and so owns) the stages, file formats, tables, pipes, stream,
-- task, functions and view in the lake's PUBLIC schema, and its migration
-- history in FLURRY.PUBLIC.

GRANT USAGE ON DATABASE {{ ident .database }} TO ROLE {{ ident .deployer_role }};

GRANT USAGE, CREATE TABLE, CREATE VIEW, CREATE STAGE, CREATE FILE FORMAT, CREATE PIPE,
  CREATE STREAM, CREATE TASK, CREATE FUNCTION
  ON SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .deployer_role }};

-- Stages reference the integrations (CREATE STAGE ... STORAGE_INTEGRATION).
GRANT USAGE ON INTEGRATION {{ ident .fluentd_integration }} TO ROLE {{ ident .deployer_role }};
GRANT USAGE ON INTEGRATION {{ ident .teleport_integration }} TO ROLE {{ ident .deployer_role }};
GRANT USAGE ON INTEGRATION {{ ident .s3_access_logs_integration }} TO ROLE {{ ident .deployer_role }};
GRANT USAGE ON INTEGRATION {{ ident .vpc_flow_integration }} TO ROLE {{ ident .deployer_role }};
GRANT USAGE ON INTEGRATION {{ ident .go_audit_integration }} TO ROLE {{ ident .deployer_role }};

-- The task runs on the lake's warehouse as its owner, the deployer, which
-- also needs EXECUTE TASK on the account to resume it (flurry resumes the
-- tasks a script created, like the guide's ALTER TASK ... RESUME).
GRANT USAGE ON WAREHOUSE {{ ident .warehouse }} TO ROLE {{ ident .deployer_role }};
GRANT EXECUTE TASK ON ACCOUNT TO ROLE {{ ident .deployer_role }};

-- The migration history (FLURRY.PUBLIC.MIGRATION_HISTORY and its lock table).
GRANT USAGE ON DATABASE {{ ident .flurry_database }} TO ROLE {{ ident .deployer_role }};
GRANT USAGE, CREATE TABLE ON SCHEMA {{ ident .flurry_database }}.PUBLIC TO ROLE {{ ident .deployer_role }};
