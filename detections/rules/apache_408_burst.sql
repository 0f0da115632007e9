-- id: apache_408_burst
-- title: Burst of HTTP 408 request timeouts from one client
-- description: |
--   Apache answers 408 when a client opens a connection but does not finish
--   sending its request in time. Many 408s from one address in a few minutes
--   are the signature of a slow-request denial of service (Slowloris) or of a
--   server starved of CPU or workers (guide "Integrating Fluentd with
--   Snowflake", example 5). Check whether the client still holds connections
--   and whether the server's worker pool is exhausted.
-- severity: medium
-- schedule: 15m
-- lookback: 15m
-- mitre: [T1499, T1499.002]
-- tags: [apache, dos]
-- key: [host]
-- dedup: 1d
-- enabled: true
-- runbook: https://httpd.apache.org/docs/2.4/mod/mod_reqtimeout.html
select
    record:host::string as host,
    count(*) as timeouts,
    min(time) as first_seen,
    max(time) as last_seen
from logs
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and record:parse_error is null
  and record:host is not null
  and record:code::int = 408
group by host
having count(*) >= 20
order by timeouts desc;
