INSERT INTO {{ ident .database }}.PUBLIC.EVENTS (id, kind)
SELECT 1, {{ literal .first_kind }};
INSERT INTO {{ ident .database }}.PUBLIC.EVENTS (id, kind) SELECT 2, 'b;c';
