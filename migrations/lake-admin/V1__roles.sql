-- The two roles the lake runs as, made once by an administrator
-- (ACCOUNTADMIN, or a role with CREATE ROLE and MANAGE GRANTS):
--
--   deployer_role  CI applies migrations/lake as this role on every merge
--                  and owns every object it creates there;
--   detect_role    `flurry detect run` reads the lake as this role and
--                  writes only its own state tables.
--
-- Both are granted to SYSADMIN, as Snowflake recommends for custom roles,
-- so that system administrators can manage what they own.

CREATE ROLE IF NOT EXISTS {{ ident .deployer_role }}
  COMMENT = 'flurry: deploys the security lake (migrations/lake)';

CREATE ROLE IF NOT EXISTS {{ ident .detect_role }}
  COMMENT = 'flurry: runs detections (read-only on the lake)';

GRANT ROLE {{ ident .deployer_role }} TO ROLE SYSADMIN;

GRANT ROLE {{ ident .detect_role }} TO ROLE SYSADMIN;
