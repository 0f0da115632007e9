package s3test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func TestServerHTTPAndTLS(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		name := "http"
		if tlsOn {
			name = "tls"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := Start(t, Options{TLS: tlsOn})
			if got := strings.HasPrefix(srv.URL, "https://"); got != tlsOn {
				t.Fatalf("URL %q, TLS %v", srv.URL, tlsOn)
			}
			srv.CreateBucket(t, "logs")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, err := srv.Client().PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("logs"), Key: aws.String("a/b.txt"), Body: strings.NewReader("hello"),
			})
			if err != nil {
				t.Fatal(err)
			}

			srv.Stop(t)
			if _, err := srv.Client().PutObject(ctx, &s3.PutObjectInput{
				Bucket: aws.String("logs"), Key: aws.String("c.txt"), Body: strings.NewReader("x"),
			}); err == nil {
				t.Fatal("PutObject succeeded on a stopped server")
			}
			srv.Restart(t)

			objs := srv.Objects(t, "logs", "")
			if len(objs) != 1 || string(objs["a/b.txt"]) != "hello" {
				t.Fatalf("objects after restart: %q", objs)
			}
			env := strings.Join(srv.Env(), " ")
			if tlsOn != strings.Contains(env, "AWS_CA_BUNDLE=") {
				t.Fatalf("Env() = %s", env)
			}
		})
	}
}
