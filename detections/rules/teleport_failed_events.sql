-- id: teleport_failed_events
-- title: Teleport reported a failed action
-- description: |
--   Every Teleport audit event whose success flag is false: failed logins,
--   denied sessions, failed database queries, rejected requests. This is
--   the query of the guide "Securely Managing Your Audit Logs with Teleport
--   and Snowflake" (RAW_DATA['success'] = 'false'), over the events that
--   arrived since the last run, keyed by the event's unique id so that each
--   failure alerts once.
-- severity: low
-- schedule: 15m
-- lookback: 1d
-- mitre: [T1078]
-- tags: [teleport]
-- key: [event_id]
-- dedup: 1d
-- enabled: true
-- runbook: https://goteleport.com/docs/reference/audit-events/
select
    raw_data:uid::string as event_id,
    raw_data:time::timestamp_ntz as event_time,
    raw_data:event::string as event,
    raw_data:code::string as code,
    raw_data:user::string as user_name,
    raw_data:error::string as error,
    raw_data
from parsejson_raw
where raw_data['success'] = 'false'
  and raw_data:uid is not null
  -- Arrival time (V21__teleport_ingestion_metadata.sql): events delivered
  -- late are seen by the run after they land.
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until;
