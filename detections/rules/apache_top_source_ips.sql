-- id: apache_top_source_ips
-- title: New address among the top 10 clients of the web server
-- description: |
--   The ten source addresses sending the most requests in the last day
--   (guide "Integrating Fluentd with Snowflake", example 3: source IP list).
--   Run daily, it alerts when an address enters the top ten, which is where
--   scrapers, crawlers and credential stuffers show up first.
-- severity: info
-- schedule: 1d
-- lookback: 1d
-- mitre: [T1595]
-- tags: [apache, inventory]
-- key: [host]
-- dedup: 7d
-- enabled: true
-- runbook: https://docs.snowflake.com/en/user-guide/ui-snowsight-dashboards
select
    record:host::string as host,
    count(*) as requests,
    count(distinct record:path::string) as paths,
    sum(iff(record:code::int >= 400, 1, 0)) as errors
from logs
-- A ranking is a snapshot over event time (the top ten of the last day),
-- not a stream of events: it is not windowed by arrival.
where time > dateadd(day, -1, sysdate())
  and record:parse_error is null
  and record:host is not null
group by host
order by requests desc
limit 10;
