-- id: vpc_port_scan
-- title: Port scan seen in VPC flow logs
-- description: |
--   One source address had flows rejected on 25 or more distinct destination
--   ports, or across 25 or more internal hosts, within an hour: a port or
--   host sweep. From the internet it is background noise worth knowing about;
--   from an internal address it is lateral movement until proven otherwise.
-- severity: medium
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1046]
-- tags: [vpc, recon]
-- key: [srcaddr]
-- dedup: 1d
-- enabled: true
-- runbook: https://attack.mitre.org/techniques/T1046/
select
    srcaddr,
    (srcaddr like '10.%' or srcaddr like '192.168.%'
     or (srcaddr like '172.%' and try_to_number(split_part(srcaddr, '.', 2)) between 16 and 31)) as internal_source,
    count(distinct dstport) as distinct_ports,
    count(distinct dstaddr) as distinct_hosts,
    count(*) as rejected_flows,
    -- Converted once per address instead of once per flow.
    to_timestamp_ntz(min(start_epoch)) as first_seen,
    to_timestamp_ntz(max(end_epoch)) as last_seen
from vpc_flow_view
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and srcaddr is not null
  and action = 'REJECT'
group by srcaddr
having count(distinct dstport) >= 25 or count(distinct dstaddr) >= 25
order by distinct_ports desc;
