// Package migrations plans and applies versioned Snowflake SQL: flurry's
// answer to Flyway, schemachange and golang-migrate, made for Snowflake.
//
// A migrations directory holds V<version>__<description>.sql scripts (run
// once, in version order), R__<description>.sql scripts (re-run whenever
// their rendered text changes, after the V scripts) and A__<description>.sql
// scripts (run on every up, last). Each file is a Go text/template rendered
// with the run's Vars; the result is split into statements by Snowflake's own
// lexer (package snowlocal/sqllex), so $$ bodies and BEGIN ... END blocks
// stay whole, and sent one statement at a time through database/sql and
// gosnowflake, each script in a session of its own.
//
// Applied scripts are recorded in a history table (DefaultHistoryTable) with
// the sha256 of their rendered SQL. A versioned script whose checksum changed
// after it was applied is drift, an error; a script that failed is recorded
// as failed and blocks later runs until Repair. Snowflake commits DDL
// statement by statement, so a script is not a transaction: a failure leaves
// the statements before it applied. The lake's migrations are written so
// every statement can be re-run (IF NOT EXISTS, OR REPLACE).
//
// Concurrent runs (two CI jobs) are serialized by a lock row next to the
// history table; see lock.go for why a conditional insert followed by a
// re-read is a correct mutex on Snowflake, which enforces no unique keys.
//
// Some Snowflake objects need care when replaced; see lifecycle.go: existing
// storage integrations are never replaced (their external ID would change),
// pipes are paused around a replacement, and tasks a script creates are
// resumed when it succeeds.
//
// Lake returns the security lake's own migrations, embedded in the binary.
package migrations
