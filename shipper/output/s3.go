package output

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

// S3Config configures an S3 output. Credentials come from the AWS default
// chain (environment, shared config/credentials profile, web identity,
// ECS/EC2 instance roles) unless static keys are given; RoleARN assumes a
// role on top of them.
type S3Config struct {
	Bucket string
	Prefix string
	// Region; default from the AWS config chain, else us-east-1 when an
	// Endpoint is set.
	Region string
	// Endpoint of an S3-compatible server (https://minio.internal:9000).
	Endpoint string
	// PathStyle addresses buckets as endpoint/bucket/key.
	PathStyle bool
	// Checksum is "when_supported" (the SDK default: CRC checksums on every
	// upload) or "when_required" (for S3-compatible servers that reject
	// the newer checksum headers).
	Checksum string
	// SSE is "", "AES256" or "aws:kms"; SSEKMSKeyID optionally names the key.
	SSE         string
	SSEKMSKeyID string
	// StorageClass, e.g. STANDARD_IA; "" leaves the bucket default.
	StorageClass string
	// Profile selects a shared config profile.
	Profile string
	// RoleARN is assumed with STS (ExternalID optional).
	RoleARN    string
	ExternalID string
	// Static keys, optional (prefer the default chain).
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	// CABundle is a PEM file of extra CAs to trust (as AWS_CA_BUNDLE).
	CABundle string
	// NoConditionalPut drops If-None-Match: * for servers without
	// conditional writes; re-uploads then overwrite the same object.
	NoConditionalPut bool
	// MaxAttempts per Put inside the SDK (default 3); the shipper retries
	// failed chunks itself, forever, with backoff.
	MaxAttempts int
	// ResponseTimeout bounds the wait for response headers after a request
	// is written, and each read of a response (default 60s);
	// AttemptTimeout bounds one HTTP attempt as a whole (default 5m).
	// Without them an endpoint that accepts connections but never answers
	// stops every upload until a restart.
	ResponseTimeout time.Duration
	AttemptTimeout  time.Duration
}

// S3 puts chunks with PutObject only: no bucket or list permission needed,
// as in the seed's write-only IAM policy.
type S3 struct {
	cfg    S3Config
	client *s3.Client
}

// NewS3 builds the client. It does not call AWS: permissions are checked by
// the first upload, like Fluentd's check_apikey_on_start false.
func NewS3(ctx context.Context, c S3Config) (*S3, error) {
	if c.Bucket == "" {
		return nil, errors.New("s3 output: no bucket")
	}
	if c.MaxAttempts == 0 {
		c.MaxAttempts = 3
	}
	if c.ResponseTimeout <= 0 {
		c.ResponseTimeout = 60 * time.Second
	}
	if c.AttemptTimeout <= 0 {
		c.AttemptTimeout = 5 * time.Minute
	}
	var checksumCalc aws.RequestChecksumCalculation
	var checksumValid aws.ResponseChecksumValidation
	switch c.Checksum {
	case "", "when_supported":
		checksumCalc, checksumValid = aws.RequestChecksumCalculationWhenSupported, aws.ResponseChecksumValidationWhenSupported
	case "when_required":
		checksumCalc, checksumValid = aws.RequestChecksumCalculationWhenRequired, aws.ResponseChecksumValidationWhenRequired
	default:
		return nil, fmt.Errorf("s3 output: checksum %q: want when_supported or when_required", c.Checksum)
	}
	switch c.SSE {
	case "", "AES256", "aws:kms", "aws:kms:dsse":
	default:
		return nil, fmt.Errorf("s3 output: sse %q: want AES256, aws:kms or aws:kms:dsse", c.SSE)
	}
	if c.SSEKMSKeyID != "" && c.SSE != "aws:kms" && c.SSE != "aws:kms:dsse" {
		return nil, errors.New("s3 output: sse_kms_key_id needs sse = \"aws:kms\"")
	}
	if (c.AccessKeyID == "") != (c.SecretAccessKey == "") {
		return nil, errors.New("s3 output: access_key_id and secret_access_key go together")
	}
	opts := []func(*config.LoadOptions) error{
		// One transport for everything; honours AWS_CA_BUNDLE and proxies.
		config.WithHTTPClient(awshttp.NewBuildableClient().
			WithTimeout(c.AttemptTimeout).
			WithReadTimeout(c.ResponseTimeout).
			WithDialerOptions(func(d *net.Dialer) { d.Timeout = 10 * time.Second }).
			WithTransportOptions(func(tr *http.Transport) {
				tr.ResponseHeaderTimeout = c.ResponseTimeout
				tr.TLSHandshakeTimeout = 10 * time.Second
				tr.IdleConnTimeout = 90 * time.Second
			})),
		config.WithRequestChecksumCalculation(checksumCalc),
		config.WithResponseChecksumValidation(checksumValid),
		config.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = c.MaxAttempts
				o.MaxBackoff = 5 * time.Second
			})
		}),
	}
	if c.Region != "" {
		opts = append(opts, config.WithRegion(c.Region))
	}
	if c.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.Profile))
	}
	if c.AccessKeyID != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)))
	}
	if c.CABundle != "" {
		f, err := os.Open(c.CABundle)
		if err != nil {
			return nil, fmt.Errorf("s3 output: ca_bundle: %w", err)
		}
		defer f.Close()
		opts = append(opts, config.WithCustomCABundle(f))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("s3 output: AWS config: %w", err)
	}
	if awsCfg.Region == "" {
		if c.Endpoint == "" {
			return nil, errors.New("s3 output: no AWS region: set region in the output or AWS_REGION")
		}
		awsCfg.Region = "us-east-1"
	}
	if c.RoleARN != "" {
		provider := stscreds.NewAssumeRoleProvider(sts.NewFromConfig(awsCfg), c.RoleARN, func(o *stscreds.AssumeRoleOptions) {
			if c.ExternalID != "" {
				o.ExternalID = aws.String(c.ExternalID)
			}
			o.RoleSessionName = "flurry-ship"
		})
		awsCfg.Credentials = aws.NewCredentialsCache(provider)
	}
	client := s3.NewFromConfig(awsCfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.UsePathStyle = c.PathStyle
	})
	return &S3{cfg: c, client: client}, nil
}

func (o *S3) String() string {
	s := "s3://" + o.cfg.Bucket + "/" + o.cfg.Prefix
	if o.cfg.Endpoint != "" {
		s += " at " + o.cfg.Endpoint
	}
	return s
}

// Put uploads the file with If-None-Match: * so that a chunk uploaded twice
// (its first response lost, or a crash before the spool forgot it) stays
// one object; the 412 of the second attempt means "already there".
func (o *S3) Put(ctx context.Context, key, path string, size int64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, contentType := Compression(key)
	in := &s3.PutObjectInput{
		Bucket:        aws.String(o.cfg.Bucket),
		Key:           aws.String(joinPrefix(o.cfg.Prefix, key)),
		Body:          f,
		ContentLength: aws.Int64(size),
		ContentType:   aws.String(contentType),
	}
	if !o.cfg.NoConditionalPut {
		in.IfNoneMatch = aws.String("*")
	}
	if o.cfg.SSE != "" {
		in.ServerSideEncryption = types.ServerSideEncryption(o.cfg.SSE)
	}
	if o.cfg.SSEKMSKeyID != "" {
		in.SSEKMSKeyId = aws.String(o.cfg.SSEKMSKeyID)
	}
	if o.cfg.StorageClass != "" {
		in.StorageClass = types.StorageClass(o.cfg.StorageClass)
	}
	_, err = o.client.PutObject(ctx, in)
	if err != nil && alreadyExists(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("put s3://%s/%s: %w", o.cfg.Bucket, aws.ToString(in.Key), err)
	}
	return nil
}

func alreadyExists(err error) bool {
	var re *awshttp.ResponseError
	if errors.As(err, &re) && re.HTTPStatusCode() == http.StatusPreconditionFailed {
		return true
	}
	var ae smithy.APIError
	return errors.As(err, &ae) && ae.ErrorCode() == "PreconditionFailed"
}
