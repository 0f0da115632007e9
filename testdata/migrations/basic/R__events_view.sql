CREATE OR REPLACE VIEW {{ ident .database }}.PUBLIC.EVENTS_VIEW AS
SELECT id, kind FROM {{ ident .database }}.PUBLIC.EVENTS;
INSERT INTO {{ ident .database }}.PUBLIC.RUN_LOG (script) SELECT 'R__events_view';
