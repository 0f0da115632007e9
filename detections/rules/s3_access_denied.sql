-- id: s3_access_denied
-- title: S3 access denied errors
-- description: |
--   Requests S3 refused with 403 Access Denied (guide "AWS S3 Access Logs
--   Ingestion": "Access denied errors"), grouped by who asked for what. A
--   principal suddenly denied on a bucket is probing, misconfigured, or
--   using credentials it should not have.
-- severity: low
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1619, T1530]
-- tags: [s3]
-- key: [remoteip, requester, bucket_name]
-- dedup: 1d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html
select
    remoteip,
    coalesce(requester, 'anonymous') as requester,
    bucket_name,
    count(*) as denied,
    array_agg(distinct operation) as operations,
    min(requestdatetime) as first_request,
    -- The log objects the requests came from (V22).
    array_agg(distinct _filename) as source_files
from s3_access_logs
where httpstatus = '403'
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and remoteip is not null
  and bucket_name is not null
group by remoteip, 2, bucket_name
order by denied desc;
