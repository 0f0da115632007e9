-- id: s3_protected_object_deleted
-- title: A protected S3 object was deleted
-- description: |
--   Who deleted which object (guide "AWS S3 Access Logs Ingestion":
--   "Investigate who deleted which object"), run continuously over the keys
--   you protect. Edit the LIKE ANY list: exact keys ('path/to/object') or
--   patterns ('backups/%'). Confirm the requester and request id with the
--   bucket owner; restore from a version if versioning is on.
-- severity: high
-- schedule: 15m
-- lookback: 1d
-- mitre: [T1485]
-- tags: [s3, data-loss]
-- key: [requestid]
-- dedup: 1d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/RestoringPreviousVersions.html
select
    requestdatetime,
    remoteip,
    requester,
    bucket_name,
    key,
    operation,
    requestid,
    -- The log object and line the row came from (V22).
    _filename as source_file,
    _file_row_number as source_line
from s3_access_logs
where operation like '%DELETE%'
  and key like any ('path/to/object', 'backups/%', 'audit/%')
  and requestid is not null
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until;
