-- Typed columns over the raw Parquet records. Guide: "AWS VPC Flow Logs
-- Ingestion".

CREATE OR REPLACE VIEW {{ ident .database }}.PUBLIC.VPC_FLOW_VIEW COPY GRANTS AS
SELECT
    record:account_id::varchar(16) AS account_id,
    record:action::varchar(16) AS action,
    record:bytes::integer AS bytes,
    record:dstaddr::varchar(128) AS dstaddr,
    record:dstport::integer AS dstport,
    record:end::TIMESTAMP AS "END",
    record:interface_id::varchar(32) AS interface_id,
    record:log_status::varchar(8) AS log_status,
    record:packets::integer AS packets,
    record:protocol::integer AS protocol,
    record:srcaddr::varchar(128) AS srcaddr,
    record:srcport::integer AS srcport,
    record:start::TIMESTAMP AS "START",
    record:version::varchar(8) AS version,
    -- START and END as delivered, seconds since the epoch: detections
    -- filter and aggregate these and convert only the result, which is much
    -- cheaper than a TIMESTAMP cast per row.
    record:start::number AS start_epoch,
    record:end::number AS end_epoch,
    -- Ingestion metadata (V7__ingestion_metadata.sql).
    _filename,
    _file_row_number,
    _loaded_at
FROM {{ ident .database }}.PUBLIC.VPC_FLOW;
