package stagefs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3 is a Store in a bucket (under an optional key prefix) of AWS S3 or an
// S3-compatible server.
type S3 struct {
	client   *s3.Client
	bucket   string
	prefix   string // "" or "a/b/"
	endpoint string // for messages; "" for AWS
}

// S3Options locate a bucket.
type S3Options struct {
	Bucket string
	Prefix string
	// Endpoint is the server URL (http://127.0.0.1:7070); "" means AWS.
	// Endpoints are addressed path-style.
	Endpoint string
	Region   string
	// AccessKey/SecretKey override the AWS default credential chain.
	AccessKey, SecretKey string
}

// NewS3 builds the client. Credentials and region come from the AWS default
// chain (environment, shared config, ...) unless given; the HTTP client is
// awshttp.NewBuildableClient() so AWS_CA_BUNDLE is honoured.
func NewS3(ctx context.Context, o S3Options) (*S3, error) {
	opts := []func(*config.LoadOptions) error{config.WithHTTPClient(awshttp.NewBuildableClient())}
	if o.Region != "" {
		opts = append(opts, config.WithRegion(o.Region))
	}
	if o.AccessKey != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, "")))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("s3 bucket %s: load AWS config: %w", o.Bucket, err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	client := s3.NewFromConfig(cfg, func(so *s3.Options) {
		if o.Endpoint != "" {
			so.BaseEndpoint = aws.String(o.Endpoint)
			so.UsePathStyle = true
		}
		so.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		so.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	})
	prefix := strings.TrimLeft(o.Prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &S3{client: client, bucket: o.Bucket, prefix: prefix, endpoint: o.Endpoint}, nil
}

func (s *S3) String() string {
	where := "s3://" + s.bucket + "/" + s.prefix
	if s.endpoint != "" {
		where += " at " + s.endpoint
	}
	return where
}

// List pages through ListObjectsV2.
func (s *S3) List(ctx context.Context, prefix string) ([]File, error) {
	prefix, err := CleanPath(prefix)
	if err != nil {
		return nil, err
	}
	var out []File
	p := s3.NewListObjectsV2Paginator(s.client, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix + prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list %s%s: %w", s, prefix, err)
		}
		for _, o := range page.Contents {
			key := aws.ToString(o.Key)
			rel := strings.TrimPrefix(key, s.prefix)
			if strings.HasSuffix(key, "/") || rel == "" {
				continue // "folder" placeholder objects
			}
			f := File{Path: rel, Size: aws.ToInt64(o.Size), MD5: strings.Trim(aws.ToString(o.ETag), `"`)}
			if o.LastModified != nil {
				f.LastModified = o.LastModified.UTC()
			}
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// Open streams one object.
func (s *S3) Open(ctx context.Context, p string) (io.ReadCloser, error) {
	p, err := CleanPath(p)
	if err != nil {
		return nil, err
	}
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(s.prefix + p)})
	if err != nil {
		var nk *types.NoSuchKey
		if errors.As(err, &nk) {
			return nil, fmt.Errorf("%s%s: %w", s, p, ErrNotExist)
		}
		return nil, fmt.Errorf("get %s%s: %w", s, p, err)
	}
	return out.Body, nil
}

// Remove deletes one object.
func (s *S3) Remove(ctx context.Context, p string) error {
	p, err := CleanPath(p)
	if err != nil {
		return err
	}
	if _, err := s.client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(s.prefix + p)}); err != nil {
		return fmt.Errorf("delete %s%s: %w", s, p, err)
	}
	return nil
}
