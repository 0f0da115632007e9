CREATE DATABASE IF NOT EXISTS {{ ident .database }};
CREATE STAGE IF NOT EXISTS {{ ident .database }}.PUBLIC.LANDING
  URL = 's3://{{ .landing_bucket }}/logs/';
