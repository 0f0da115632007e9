-- id: s3_mass_delete_new_ip
-- title: A new address deleted many S3 objects
-- description: |
--   An address deleted 20 or more objects within one hour (a sliding hour of
--   event time) although it made no S3 request at all in the 30 days before:
--   leaked credentials used for destruction or ransom. Block the credentials
--   first, then restore.
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
deletes as (
    select
        remoteip,
        requester,
        bucket_name,
        request_time,
        _filename,
        -- Deletes by the same address and requester in the hour up to this
        -- one, by event time however late the logs arrived: a sliding hour,
        -- so a burst across HH:00 is counted whole.
        count(*) over (
            partition by remoteip, requester
            order by request_time
            range between interval '1 hour' preceding and current row
        ) as deletes_within_hour
    from requests
    where operation like '%DELETE%'
      and _loaded_at > $loaded_after
      and _loaded_at <= $loaded_until
),
recent_deletes as (
    select
        remoteip,
        requester,
        count(*) as deletes,
        max(deletes_within_hour) as peak_deletes_per_hour,
        count(distinct bucket_name) as buckets,
        min(request_time) as first_delete,
        max(request_time) as last_delete,
        -- The log objects the deletes came from (V22).
        array_agg(distinct _filename) as source_files
    from deletes
    group by remoteip, requester
    having max(deletes_within_hour) >= 20
)
select d.*
from recent_deletes d
where not exists (
    select 1
    from requests r
    where r.remoteip = d.remoteip
      and r.request_time < dateadd(hour, -1, d.first_delete)
);
