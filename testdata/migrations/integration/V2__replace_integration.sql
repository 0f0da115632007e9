-- flurry skips this statement: LC_INT exists, and replacing it would change
-- its external ID.
CREATE OR REPLACE STORAGE INTEGRATION LC_INT
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/second'
  STORAGE_ALLOWED_LOCATIONS = ('s3://lc-bucket/logs/');
CREATE TABLE IF NOT EXISTS LC.PUBLIC.AFTER_SKIP (x INTEGER);
