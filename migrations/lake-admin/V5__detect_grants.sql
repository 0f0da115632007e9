-- The detection role reads the lake and writes only its own state tables.
-- Future grants give it every table, view and function the deployer creates
-- in the lake's schema later (and a CREATE OR REPLACE with COPY GRANTS keeps
-- them); the ALL grants cover what exists already.

GRANT USAGE ON DATABASE {{ ident .database }} TO ROLE {{ ident .detect_role }};
GRANT USAGE ON SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};

GRANT SELECT ON ALL TABLES IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};
GRANT SELECT ON FUTURE TABLES IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};
GRANT SELECT ON ALL VIEWS IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};
GRANT SELECT ON FUTURE VIEWS IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};
GRANT USAGE ON ALL FUNCTIONS IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};
GRANT USAGE ON FUTURE FUNCTIONS IN SCHEMA {{ ident .database }}.PUBLIC TO ROLE {{ ident .detect_role }};

GRANT USAGE ON WAREHOUSE {{ ident .warehouse }} TO ROLE {{ ident .detect_role }};

-- DETECTION_STATE and DETECTION_RUNS: `flurry detect run` creates them on its
-- first run, and owns them.
GRANT USAGE ON DATABASE {{ ident .flurry_database }} TO ROLE {{ ident .detect_role }};
GRANT USAGE, CREATE TABLE ON SCHEMA {{ ident .flurry_database }}.PUBLIC TO ROLE {{ ident .detect_role }};
