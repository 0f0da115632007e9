-- Every s3_access_logs_schedule, if the stream has new rows, parse them into
-- S3_ACCESS_LOGS. flurry suspends the task before replacing it and resumes
-- it when this script has run (the guide's ALTER TASK ... RESUME).
-- Guide: "AWS S3 Access Logs Ingestion".

CREATE OR REPLACE TASK {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_TRANSFORMATION
  WAREHOUSE = {{ ident .warehouse }}
  SCHEDULE = {{ literal .s3_access_logs_schedule }}
WHEN
  SYSTEM$STREAM_HAS_DATA({{ literal (print (ident .database) ".PUBLIC.S3_ACCESS_LOGS_STREAM") }})
AS
  INSERT INTO {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS (
    bucketowner, bucket_name, requestdatetime, remoteip, requester, requestid, operation, key, request_uri,
    httpstatus, errorcode, bytessent, objectsize, totaltime, turnaroundtime, referrer, useragent, versionid,
    hostid, sigv, ciphersuite, authtype, endpoint, tlsversion,
    _loaded_at, _filename, _file_row_number
  )
    -- _LOADED_AT (V7__ingestion_metadata.sql): when this task made the row
    -- visible, the arrival time detections select by. _FILENAME and
    -- _FILE_ROW_NUMBER (V22__s3_access_logs_source_file.sql): the log object
    -- and line the pipe loaded into the staging table.
    SELECT parsed_logs.*, CURRENT_TIMESTAMP(),
      S3_ACCESS_LOGS_STREAM._FILENAME, S3_ACCESS_LOGS_STREAM._FILE_ROW_NUMBER
    FROM {{ ident .database }}.PUBLIC.S3_ACCESS_LOGS_STREAM
    JOIN TABLE({{ ident .database }}.PUBLIC.PARSE_S3_ACCESS_LOGS(S3_ACCESS_LOGS_STREAM.raw)) parsed_logs
    WHERE S3_ACCESS_LOGS_STREAM.METADATA$ACTION = 'INSERT';
