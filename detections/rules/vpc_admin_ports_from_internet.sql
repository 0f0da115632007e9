-- id: vpc_admin_ports_from_internet
-- title: SSH or RDP reached from the public internet
-- description: |
--   Accepted flows on port 22 or 3389 between an internal address and a
--   public one in the last 30 days (guide "AWS VPC Flow Logs Ingestion":
--   "Administrative traffic from public internet in past 30 days"). Both
--   directions are matched, as in the guide; the guide's query also lists
--   internal-to-internal traffic, which this detection leaves out, and UNION
--   removes the duplicate a request and its answer would produce. Close the
--   security group rule or put the host behind a bastion / Teleport.
--   "Internal" is RFC 1918 (10/8, 172.16/12, 192.168/16), as the guide's
--   IPV4_IS_INTERNAL, tested on the dotted text with LIKE and SPLIT_PART
--   instead of a PARSE_IP per row.
-- severity: high
-- schedule: 1h
-- lookback: 30d
-- mitre: [T1133, T1021.004, T1021.001]
-- tags: [vpc, exposure]
-- key: [internal_addr, external_addr, port]
-- dedup: 7d
-- enabled: true
-- runbook: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
(select distinct srcaddr as internal_addr, dstaddr as external_addr, srcport as port
   from vpc_flow_view
  where _loaded_at > $loaded_after
    and _loaded_at <= $loaded_until
    and action = 'ACCEPT'
    and srcport in (22, 3389)
    and (srcaddr like '10.%' or srcaddr like '192.168.%' or (srcaddr like '172.%' and try_to_number(split_part(srcaddr, '.', 2)) between 16 and 31))
    and not (dstaddr like '10.%' or dstaddr like '192.168.%' or (dstaddr like '172.%' and try_to_number(split_part(dstaddr, '.', 2)) between 16 and 31)))
union
(select distinct dstaddr as internal_addr, srcaddr as external_addr, dstport as port
   from vpc_flow_view
  where _loaded_at > $loaded_after
    and _loaded_at <= $loaded_until
    and action = 'ACCEPT'
    and dstport in (22, 3389)
    and (dstaddr like '10.%' or dstaddr like '192.168.%' or (dstaddr like '172.%' and try_to_number(split_part(dstaddr, '.', 2)) between 16 and 31))
    and not (srcaddr like '10.%' or srcaddr like '192.168.%' or (srcaddr like '172.%' and try_to_number(split_part(srcaddr, '.', 2)) between 16 and 31)));
