-- id: vpc_top_talkers_by_source
-- title: New entry among the 10 biggest talkers by source address
-- description: |
--   The ten source addresses with the most accepted bytes over the last 30 days
--   (guide "AWS VPC Flow Logs Ingestion": "Biggest talkers by source in past 30 days").
--   Alerts when a new one enters the top ten: a new service, a backup job,
--   or data leaving through an unexpected path.
-- severity: info
-- schedule: 1d
-- lookback: 30d
-- mitre: [T1041]
-- tags: [vpc, inventory]
-- key: [srcaddr]
-- dedup: 7d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html
select srcaddr, sum(bytes) as total_bytes
from vpc_flow_view
-- A ranking is a snapshot over event time (the top ten of the last 30 days),
-- not a stream of events: it is not windowed by arrival.
-- "START" > dateadd(day, -30, current_date()), tested on START as delivered
-- (epoch seconds) against the epoch of that midnight in the session's time
-- zone, the one START's wall clock is read in: the same flows, without
-- converting every flow's START to a timestamp.
where start_epoch > date_part(epoch_second, dateadd(day, -30, current_date())::timestamp_ltz)
  and srcaddr is not null
  and bytes is not null
  and action = 'ACCEPT'
group by srcaddr
order by total_bytes desc
limit 10;
