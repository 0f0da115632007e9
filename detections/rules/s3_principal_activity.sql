-- id: s3_principal_activity
-- title: Activity of a watched IAM principal in S3
-- description: |
--   All actions of specific principals (guide "AWS S3 Access Logs
--   Ingestion": "All actions for a specific user"), e.g. a departed
--   employee's user or a break-glass role that should stay idle. Put their
--   ARNs in the list and enable the detection.
-- severity: medium
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1078.004]
-- tags: [s3, watchlist]
-- key: [requestid]
-- dedup: 1d
-- enabled: false
-- runbook: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html
select
    requestdatetime,
    requester,
    remoteip,
    operation,
    bucket_name,
    key,
    httpstatus,
    requestid,
    -- The log object and line the row came from (V22).
    _filename as source_file,
    _file_row_number as source_line
from s3_access_logs
where requester in ('arn:aws:iam::123456789123:user/user_name')
  and requestid is not null
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until;
