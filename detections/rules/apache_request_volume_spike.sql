-- id: apache_request_volume_spike
-- title: Hourly request volume far above the weekly norm
-- description: |
--   Requests in the last complete hour exceed three times the hourly average
--   of the previous seven days (guide "Integrating Fluentd with Snowflake",
--   example 2: web server access history per hour). A flood, a crawler gone
--   wild or a marketing event: look at the top clients of that hour.
-- severity: low
-- schedule: 1h
-- lookback: 8d
-- mitre: [T1498, T1499]
-- tags: [apache, dos]
-- key: [hour]
-- dedup: 1d
-- enabled: true
-- runbook: https://attack.mitre.org/techniques/T1498/
with hourly as (
    select date_trunc('hour', time) as hour, count(*) as requests
    from logs
    where time >= dateadd(day, -8, date_trunc('hour', sysdate()))
      and time < date_trunc('hour', sysdate())
      and record:parse_error is null
    group by 1
),
baseline as (
    select sum(requests) / (7 * 24) as avg_requests
    from hourly
    where hour < dateadd(hour, -1, date_trunc('hour', sysdate()))
)
select
    h.hour,
    h.requests,
    round(b.avg_requests, 1) as weekly_hourly_avg
from hourly h
cross join baseline b
-- Hours that received rows since the last run, however late they arrived.
where h.hour in (
    select date_trunc('hour', time)
    from logs
    where _loaded_at > $loaded_after
      and _loaded_at <= $loaded_until
  )
  and h.hour <= dateadd(hour, -1, date_trunc('hour', sysdate()))
  and h.requests > 3 * b.avg_requests
  and h.requests >= 100;
