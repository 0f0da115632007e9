-- The security lake's database, the warehouse its pipelines and detections
-- run on ("Prepare Snowflake to receive data" in the guides), and flurry's
-- own database for the migration history and the detection state.
--
-- Like every lake migration, each statement can be re-run safely: Snowflake
-- DDL commits statement by statement, so a script that failed halfway is
-- fixed and re-applied from its first statement.

CREATE DATABASE IF NOT EXISTS {{ ident .database }};

-- A single-cluster warehouse that suspends when idle. For production
-- workloads a larger warehouse will likely be required: set warehouse_size.
CREATE WAREHOUSE IF NOT EXISTS {{ ident .warehouse }} WITH
  WAREHOUSE_SIZE = {{ literal .warehouse_size }}
  AUTO_SUSPEND = {{ number .warehouse_auto_suspend }};

CREATE DATABASE IF NOT EXISTS {{ ident .flurry_database }};
