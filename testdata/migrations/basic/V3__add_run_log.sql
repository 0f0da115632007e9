CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.RUN_LOG (script STRING);
