-- id: teleport_login_bruteforce
-- title: Password guessing against Teleport logins
-- description: |
--   Five or more failed Teleport logins (user.login with success false) for
--   one user within 15 minutes. Check the source addresses: many addresses
--   means a distributed attack, one address an attacker or a broken script.
-- severity: high
-- schedule: 15m
-- lookback: 15m
-- mitre: [T1110, T1110.001]
-- tags: [teleport, authentication]
-- key: [user_name]
-- dedup: 1d
-- enabled: true
-- runbook: https://goteleport.com/docs/admin-guides/access-controls/guides/locking/
select
    raw_data:user::string as user_name,
    count(*) as failed_logins,
    count(distinct split_part(raw_data:"addr.remote"::string, ':', 1)) as source_addresses,
    array_agg(distinct split_part(raw_data:"addr.remote"::string, ':', 1)) as sources,
    max(raw_data:time::timestamp_ntz) as last_failure
from parsejson_raw
where raw_data:event::string = 'user.login'
  and raw_data:success::boolean = false
  and raw_data:user is not null
  -- Arrival time (V21__teleport_ingestion_metadata.sql): events delivered
  -- late are seen by the run after they land.
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
group by user_name
having count(*) >= 5
order by failed_logins desc;
