-- True for RFC 1918 addresses (10/8, 172.16/12, 192.168/16). The body is
-- udfs/ipv4_is_internal.sql. Guide: "AWS VPC Flow Logs Ingestion".

CREATE OR REPLACE FUNCTION {{ ident .database }}.PUBLIC.IPV4_IS_INTERNAL(ip VARCHAR)
  COPY GRANTS
  RETURNS BOOLEAN
  AS
  $$
{{ udf "ipv4_is_internal.sql" }}
  $$;
