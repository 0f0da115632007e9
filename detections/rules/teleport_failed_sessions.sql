-- id: teleport_failed_sessions
-- title: Repeated denied Teleport sessions for one user
-- description: |
--   A user was denied three or more sessions (SSH, database, desktop,
--   application or Kubernetes) within an hour: probing for resources their
--   roles do not grant, or a stolen certificate being tried against targets.
-- severity: medium
-- schedule: 15m
-- lookback: 1h
-- mitre: [T1078, T1021]
-- tags: [teleport]
-- key: [user_name]
-- dedup: 1d
-- enabled: true
-- runbook: https://goteleport.com/docs/reference/audit-events/
select
    raw_data:user::string as user_name,
    count(*) as denied_sessions,
    array_agg(distinct raw_data:event::string) as events,
    min(raw_data:time::timestamp_ntz) as first_denied,
    max(raw_data:time::timestamp_ntz) as last_denied
from parsejson_raw
where raw_data:event::string in ('auth', 'session.start', 'db.session.start',
                                 'windows.desktop.session.start', 'app.session.start', 'kube.request')
  and raw_data:success::boolean = false
  and raw_data:user is not null
  -- Arrival time (V21__teleport_ingestion_metadata.sql): events delivered
  -- late are seen by the run after they land.
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
group by user_name
having count(*) >= 3
order by denied_sessions desc;
