-- id: apache_scanner_paths
-- title: Requests for well-known secret and admin paths
-- description: |
--   A client asked for files that leak secrets or admin consoles that are
--   favourite scanner targets (.env, .git, wp-login.php, phpMyAdmin, server
--   status ...). A 200 answer means the file was served: rotate whatever it
--   holds.
-- severity: medium
-- schedule: 1h
-- lookback: 1h
-- mitre: [T1595.003, T1190]
-- tags: [apache, recon]
-- key: [host]
-- dedup: 1d
-- enabled: true
-- runbook: https://owasp.org/www-project-web-security-testing-guide/
select
    record:host::string as host,
    count(*) as requests,
    count_if(record:code::int = 200) as served,
    array_agg(distinct record:path::string) within group (order by record:path::string) as paths,
    any_value(record:agent::string) as agent
from logs
where _loaded_at > $loaded_after
  and _loaded_at <= $loaded_until
  and record:parse_error is null
  and record:host is not null
  and (
       record:path::string ilike '%/.env%'
    or record:path::string ilike '%/.git/%'
    or record:path::string ilike '%/wp-login.php%'
    or record:path::string ilike '%/phpmyadmin%'
    or record:path::string ilike '%/server-status%'
    or record:path::string ilike '%/.aws/credentials%'
  )
group by host
order by requests desc;
