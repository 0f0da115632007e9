-- id: teleport_failed_db_queries
-- title: Database queries through Teleport failed
-- description: |
--   Queries sent through Teleport's database access that the database
--   rejected (event db.session.query.failed, or db.session.query with
--   success false on older versions). A burst of them from one user often
--   means probing of tables and privileges, or injected SQL.
-- severity: low
-- schedule: 15m
-- lookback: 1h
-- mitre: [T1213, T1190]
-- tags: [teleport, database]
-- key: [user_name, db_service]
-- dedup: 1d
-- enabled: true
-- runbook: https://goteleport.com/docs/enroll-resources/database-access/reference/audit/
select
    raw_data:user::string as user_name,
    raw_data:db_service::string as db_service,
    count(*) as failed_queries,
    array_agg(distinct raw_data:db_query::string) as queries,
    max(raw_data:time::timestamp_ntz) as last_failure
from parsejson_raw
where (raw_data:event::string = 'db.session.query.failed'
       or (raw_data:event::string = 'db.session.query' and raw_data:success::boolean = false))
  and raw_data:user is not null
  and raw_data:db_service is not null
  -- Arrival time (V21__teleport_ingestion_metadata.sql): events delivered
  -- late are seen by the run after they land.
  and _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
group by user_name, db_service
order by failed_queries desc;
