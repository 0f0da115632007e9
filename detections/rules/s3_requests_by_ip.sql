-- id: s3_requests_by_ip
-- title: New address among the top 10 S3 requesters
-- description: |
--   Source addresses by number of S3 requests over the last day (guide "AWS
--   S3 Access Logs Ingestion": "IPs by number of requests"). Alerts when an
--   address enters the top ten.
-- severity: info
-- schedule: 1d
-- lookback: 1d
-- mitre: [T1530]
-- tags: [s3, inventory]
-- key: [remoteip]
-- dedup: 7d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-s3-access-logs-to-identify-requests.html
select count(*) as requests, remoteip
from s3_access_logs
-- A ranking is a snapshot over event time (the top ten of the last day),
-- not a stream of events: it is not windowed by arrival.
where to_timestamp_ntz(requestdatetime, 'DD/MON/YYYY:HH24:MI:SS TZHTZM') > dateadd(day, -1, sysdate())
  and remoteip is not null
group by remoteip
order by count(*) desc
limit 10;
