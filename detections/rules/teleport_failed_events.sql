-- id: teleport_failed_events
-- title: Teleport reported a failed action
-- description: |
--   Every Teleport audit event whose success flag is false: failed logins,
--   denied sessions, failed database queries, rejected requests. This is
--   the query of the guide "Securely Managing Your Audit Logs with Teleport
--   and Snowflake" (RAW_DATA['success'] = 'false'), bounded to the last day
--   and keyed by the event's unique id so that each failure alerts once.
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
  -- Event time: PARSEJSON_RAW has no _LOADED_AT yet (see the README's
  -- known gaps), so events delivered later than the lookback are missed.
  and raw_data:time::timestamp_ntz > dateadd(day, -1, sysdate());
