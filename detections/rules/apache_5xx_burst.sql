-- id: apache_5xx_burst
-- title: Burst of HTTP 5xx server errors
-- description: |
--   The web server answered with many 5xx errors in the last 15 minutes: the
--   application is failing, overloaded or being driven into errors by a
--   client (guide "Integrating Fluentd with Snowflake", example 4: response
--   code by source IP). One finding per status code; the busiest clients
--   behind it are listed.
-- severity: medium
-- schedule: 15m
-- lookback: 15m
-- mitre: [T1499]
-- tags: [apache, availability]
-- key: [code]
-- dedup: 1d
-- enabled: true
-- runbook: https://httpd.apache.org/docs/2.4/logs.html#errorlog
select
    record:code::int as code,
    count(*) as errors,
    count(distinct record:host::string) as clients,
    array_slice(array_agg(distinct record:host::string) within group (order by record:host::string), 0, 10) as sample_clients,
    min(time) as first_seen,
    max(time) as last_seen
from logs
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and record:parse_error is null
  and record:code::int between 500 and 599
group by code
having count(*) >= 50
order by errors desc;
