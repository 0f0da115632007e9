INSERT INTO {{ ident .database }}.PUBLIC.RUN_LOG (script) SELECT 'A__always';
