-- id: s3_mass_delete_new_ip
-- title: A new address deleted many S3 objects
-- description: |
--   An address deleted 20 or more objects within the last hour although it
--   made no S3 request at all in the 30 days before: leaked credentials used
--   for destruction or ransom. Block the credentials first, then restore.
-- severity: high
-- schedule: 15m
-- lookback: 1h
-- mitre: [T1485, T1078.004]
-- tags: [s3, data-loss]
-- key: [remoteip, requester]
-- dedup: 1d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/RestoringPreviousVersions.html
with requests as (
    select
        remoteip,
        coalesce(requester, 'anonymous') as requester,
        operation,
        bucket_name,
        to_timestamp_ntz(requestdatetime, 'DD/MON/YYYY:HH24:MI:SS TZHTZM') as request_time,
        _loaded_at,
        _filename
    from s3_access_logs
    where to_timestamp_ntz(requestdatetime, 'DD/MON/YYYY:HH24:MI:SS TZHTZM') > dateadd(day, -31, sysdate())
      and remoteip is not null
),
recent_deletes as (
    select
        remoteip,
        requester,
        count(*) as deletes,
        count(distinct bucket_name) as buckets,
        min(request_time) as first_delete,
        max(request_time) as last_delete,
        -- The log objects the deletes came from (V22).
        array_agg(distinct _filename) as source_files
    from requests
    where operation like '%DELETE%'
      and _loaded_at > $loaded_after
      and _loaded_at <= $loaded_until
    -- Within one hour of event time, however late the logs arrived.
    group by remoteip, requester, date_trunc('hour', request_time)
    having count(*) >= 20
)
select d.*
from recent_deletes d
where not exists (
    select 1
    from requests r
    where r.remoteip = d.remoteip
      and r.request_time < dateadd(hour, -1, d.first_delete)
);
