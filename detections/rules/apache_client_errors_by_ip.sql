-- id: apache_client_errors_by_ip
-- title: Client receiving many 4xx errors (content discovery or brute force)
-- description: |
--   One address drew at least 100 client errors (401, 403, 404, ...) within
--   15 minutes: a directory brute-forcer, vulnerability scanner or password
--   guesser working through a word list (guide "Integrating Fluentd with
--   Snowflake", example 4: response code by source IP).
-- severity: low
-- schedule: 15m
-- lookback: 15m
-- mitre: [T1595.003, T1110]
-- tags: [apache, recon]
-- key: [host]
-- dedup: 1d
-- enabled: true
-- runbook: https://attack.mitre.org/techniques/T1595/003/
select
    record:host::string as host,
    count(*) as client_errors,
    count(distinct record:path::string) as distinct_paths,
    count_if(record:code::int = 401) as unauthorized,
    count_if(record:code::int = 404) as not_found,
    any_value(record:agent::string) as agent
from logs
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and record:parse_error is null
  and record:host is not null
  and record:code::int between 400 and 499
group by host
having count(*) >= 100
order by client_errors desc;
