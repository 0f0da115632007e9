-- id: goaudit_webserver_shell
-- title: Web server user executed a shell
-- description: |
--   go-audit saw an execve (syscall 59) of a shell by the account a web
--   server runs as (apache, www-data, nginx, httpd). Web servers do not need
--   shells; one appearing is the classic sign of a web shell or of command
--   injection in an application. Look at the command line (execve_args) and
--   at the access log around event_time.
-- severity: critical
-- schedule: 15m
-- lookback: 1h
-- mitre: [T1505.003, T1059.004]
-- tags: [go-audit, linux, webshell]
-- key: [sequence, event_time]
-- dedup: 1d
-- enabled: true
-- runbook: https://attack.mitre.org/techniques/T1505/003/
with events as (
    select
        g.record:sequence::number as sequence,
        to_timestamp_ntz(g.record:timestamp::number(20, 3)) as event_time,
        any_value(g.record:uid_map) as uid_map,
        max(iff(m.value:type::int = 1300, m.value:data::string, null)) as syscall,
        max(iff(m.value:type::int = 1309, m.value:data::string, null)) as execve
    from go_audit g,
        lateral flatten(input => g.record:messages) m
    where g._loaded_at > $loaded_after
      and g._loaded_at <= $loaded_until
      and g.record:parse_error is null
      and g.record:sequence is not null
    group by 1, 2
),
execs as (
    select
        sequence,
        event_time,
        uid_map,
        execve,
        regexp_substr(syscall, '(^| )uid=([0-9]+)', 1, 1, 'e', 2) as uid,
        regexp_substr(syscall, 'exe="([^"]*)"', 1, 1, 'e', 1) as exe,
        regexp_substr(syscall, 'comm="([^"]*)"', 1, 1, 'e', 1) as comm,
        regexp_substr(syscall, ' ppid=([0-9]+)', 1, 1, 'e', 1) as ppid
    from events
    where regexp_substr(syscall, 'syscall=([0-9]+)', 1, 1, 'e', 1) = '59'
)
select
    sequence,
    event_time,
    uid,
    coalesce(uid_map[uid]::string, uid) as user_name,
    exe,
    comm,
    ppid,
    execve as execve_args
from execs
where coalesce(uid_map[uid]::string, uid) in ('apache', 'www-data', 'nginx', 'httpd')
  and event_time is not null
  and split_part(exe, '/', -1) in ('sh', 'bash', 'dash', 'zsh', 'ksh', 'csh', 'tcsh', 'busybox');
