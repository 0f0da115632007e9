-- The security lake's database and warehouse ("Prepare Snowflake to receive
-- data" in the guides) are made once by an administrator, with the roles,
-- storage integrations and grants: `flurry migrate up --admin` (the scripts
-- in migrations/lake-admin). This script, the first the deployer role runs,
-- only checks that they exist and that the role may use them, so that a
-- missing administrator step fails here, clearly, and not halfway through.
--
-- Like every lake migration, each statement can be re-run safely: Snowflake
-- DDL commits statement by statement, so a script that failed halfway is
-- fixed and re-applied from its first statement.

USE SCHEMA {{ ident .database }}.PUBLIC;

USE WAREHOUSE {{ ident .warehouse }};
