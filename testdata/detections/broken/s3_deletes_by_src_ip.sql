-- id: s3_deletes_by_src_ip
-- title: Many S3 deletes from one address
-- severity: medium
-- schedule: 15m
-- lookback: 1h
-- key: [src_ip]
select remoteip, count(*) as deletes
from s3_access_logs
where operation like '%DELETE%'
group by remoteip
having count(*) >= 20;
