-- A small migration set for the engine's tests: tables and views only.
CREATE DATABASE IF NOT EXISTS {{ ident .database }};
USE DATABASE {{ ident .database }};
CREATE SCHEMA IF NOT EXISTS PUBLIC;

CREATE TABLE IF NOT EXISTS {{ ident .database }}.PUBLIC.EVENTS (
    id INTEGER,
    kind STRING,
    record VARIANT -- a semicolon in a comment; does not split
);
