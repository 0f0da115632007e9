-- id: s3_traffic_by_ip
-- title: New address among the top 10 S3 talkers by bytes
-- description: |
--   Source addresses by bytes moved over the last day (guide "AWS S3 Access
--   Logs Ingestion": "IPs by traffic"). An unknown address at the top of this
--   list is what bulk exfiltration from a bucket looks like.
-- severity: low
-- schedule: 1d
-- lookback: 1d
-- mitre: [T1530, T1537]
-- tags: [s3, exfiltration]
-- key: [remoteip]
-- dedup: 7d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-s3-access-logs-to-identify-requests.html
select
    remoteip,
    sum(bytessent) as uploadTotal,
    sum(objectsize) as downloadTotal,
    sum(zeroifnull(bytessent) + zeroifnull(objectsize)) as Total
from s3_access_logs
-- A ranking is a snapshot over event time (the top ten of the last day),
-- not a stream of events: it is not windowed by arrival.
where to_timestamp_ntz(requestdatetime, 'DD/MON/YYYY:HH24:MI:SS TZHTZM') > dateadd(day, -1, sysdate())
  and remoteip is not null
group by remoteip
order by total desc
limit 10;
