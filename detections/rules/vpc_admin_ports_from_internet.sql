-- id: vpc_admin_ports_from_internet
-- title: SSH or RDP reached from the public internet
-- description: |
--   Accepted flows on port 22 or 3389 between an internal address and a
--   public one in the last 30 days (guide "AWS VPC Flow Logs Ingestion":
--   "Administrative traffic from public internet in past 30 days"). Both
--   directions are matched, as in the guide; the guide's query also lists
--   internal-to-internal traffic, which this detection leaves out with
--   "not ipv4_is_internal(external_addr)", and UNION removes the duplicate a
--   request and its answer would produce. Close the security group rule or
--   put the host behind a bastion / Teleport.
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
  where "START" > dateadd(day, -30, current_date())
    and action = 'ACCEPT'
    and srcport in (22, 3389)
    and ipv4_is_internal(internal_addr)
    and not ipv4_is_internal(external_addr))
union
(select distinct dstaddr as internal_addr, srcaddr as external_addr, dstport as port
   from vpc_flow_view
  where "START" > dateadd(day, -30, current_date())
    and action = 'ACCEPT'
    and dstport in (22, 3389)
    and ipv4_is_internal(internal_addr)
    and not ipv4_is_internal(external_addr));
