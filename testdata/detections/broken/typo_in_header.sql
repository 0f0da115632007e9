-- id: typo_in_header
-- title: Requests from one address
-- severty: high
-- schedule: 15m
-- lookback: 15m
-- key: [host]
select record:host::string as host, count(*) as requests
from logs
group by host;
