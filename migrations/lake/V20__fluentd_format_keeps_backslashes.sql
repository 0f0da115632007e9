-- td-agent writes "time<TAB>tag<TAB>JSON" lines whose JSON escapes quotes and
-- slashes (\" and \/). With the CSV default ESCAPE_UNENCLOSED_FIELD = '\\' the
-- reader drops those backslashes and PARSE_JSON fails on the whole file, so
-- the Fluentd format reads backslashes as data. V2 creates the format this
-- way; this sets it on lakes whose format was created before.
-- Guide: "Integrating Fluentd With Snowflake".

ALTER FILE FORMAT {{ ident .database }}.PUBLIC.FLUENTD_FORMAT SET ESCAPE_UNENCLOSED_FIELD = NONE;
