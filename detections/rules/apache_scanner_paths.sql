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
  -- One case-insensitive regular expression over the path (REGEXP_LIKE
  -- matches the whole subject, hence the .* on both sides) instead of six
  -- ILIKEs, each extracting the path again.
  and regexp_like(record:path::string,
        '.*(/\\.env|/\\.git/|/wp-login\\.php|/phpmyadmin|/server-status|/\\.aws/credentials).*', 'is')
group by host
order by requests desc;
