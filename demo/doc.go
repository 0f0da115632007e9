// Package demo runs the whole security lake pipeline of the seed guides on
// the local engine, end to end, in well under a minute: it is `flurry demo`.
//
//	logs on hosts ─ flurry ship ─▶ stage ─ Snowpipe ─▶ raw tables ─ stream ─▶ task + Python UDTF
//	  ─▶ parsed tables and views ─ flurry detect ─▶ alerts
//
// Run creates a fresh lake in a directory: the local engine's data, one
// directory per S3 bucket (the engine maps the stages' s3:// URLs onto
// them), the log files of two hosts, the shipper's spools. It applies the
// real embedded lake migrations, generates a week of realistic, benign
// traffic for every log source (Apache combined access logs, Teleport audit
// events, go-audit, S3 server access logs, VPC flow logs in Parquet), ships
// the host logs with the real shipper, lets the auto-ingest pipes load
// everything, runs the S3 access log task (EXECUTE TASK instead of waiting
// for its 10-minute schedule), and records the built-in detections' current
// findings as a baseline, as a first deployment does (`detect run
// --baseline`). Then the attacks of the last ten minutes arrive the same
// way, and the detections run again: what they report now is new.
//
// Every planted attack (Attacks) names the exact findings it must produce;
// the demo fails unless the detections report exactly those, nothing more
// and nothing less, and unless every table holds exactly the rows the
// generator wrote. Detections that rank (top talkers, top clients: they
// return rows on any traffic) are checked the same way: their baseline must
// be the top ten the generator computes for the benign week, and they alert
// only for attackers that enter a top ten.
//
// Generation is deterministic (a seeded RNG; the same seed writes the same
// lines) and relative to the start time, so the detections' lookback windows
// always see the attacks; benign traffic keeps clear of the windows' edges
// so that a slow machine does not change the outcome.
package demo
