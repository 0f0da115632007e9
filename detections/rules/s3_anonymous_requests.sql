-- id: s3_anonymous_requests
-- title: Anonymous requests to an S3 bucket
-- description: |
--   Requests without a requester, i.e. unauthenticated (guide "AWS S3 Access
--   Logs Ingestion": "Show anonymous requests"). Unless the bucket is meant
--   to be public, any success here is a data exposure: check the bucket
--   policy, ACLs and Block Public Access.
-- severity: medium
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1530]
-- tags: [s3, exposure]
-- key: [requestid]
-- dedup: 1d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
select *
from s3_access_logs
where requester is null
  and requestid is not null
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until;
