-- id: lake_parse_errors
-- title: Log lines that did not parse
-- description: |
--   The shipper never drops a line it cannot parse: it ships it as
--   {"message": <the raw line>, "parse_error": <why>} stamped with the time
--   it read it. Those records carry no host, path or user, so every other
--   detection leaves them out; this one counts them per source and table
--   among the rows that arrived since the last run. A steady rate means a
--   log format changed (a new LogFormat, a new go-audit version) and the
--   detections of that source are partly blind: fix the parser
--   configuration ([source.parse] in the shipper's config). sample_message
--   is one of the raw lines.
-- severity: low
-- schedule: 1h
-- lookback: 1h
-- tags: [health, pipeline]
-- key: [source_table, tag]
-- dedup: 1d
-- enabled: true
-- runbook: https://docs.fluentd.org/parser/apache2
with arrived as (
    select 'LOGS' as source_table, tag, record
    from logs
    where _loaded_at > $loaded_after
      and _loaded_at <= $loaded_until
    union all
    select 'GO_AUDIT', 'go_audit', record
    from go_audit
    where _loaded_at > $loaded_after
      and _loaded_at <= $loaded_until
)
select
    source_table,
    coalesce(tag, '') as tag,
    count_if(record:parse_error is not null) as parse_errors,
    count(*) as records,
    round(100 * count_if(record:parse_error is not null) / count(*), 2) as error_percent,
    any_value(iff(record:parse_error is not null, record:parse_error::string, null)) as sample_error,
    any_value(iff(record:parse_error is not null, left(record:message::string, 500), null)) as sample_message
from arrived
group by 1, 2
having count_if(record:parse_error is not null) > 0
order by parse_errors desc;
