// Package s3test runs a real S3 server (versitygw with its posix backend) on
// 127.0.0.1 for tests, over HTTP or over TLS with a generated self-signed
// certificate. Tests talk to it with aws-sdk-go-v2 exactly as they would talk
// to AWS; nothing is faked.
//
// versitygw must be installed:
//
//	go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
//
// It is looked up as $VERSITYGW, then on PATH, then in $(go env GOPATH)/bin.
package s3test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"go/build"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Options configures Start.
type Options struct {
	// TLS serves HTTPS with a freshly generated self-signed certificate for
	// 127.0.0.1 and localhost; CAFile then names its PEM file.
	TLS bool
	// Region reported by the server and used by Client. Default us-east-1.
	Region string
}

// Server is a running versitygw. Its data lives in a temp dir of the test and
// survives Stop/Restart.
type Server struct {
	// URL is the endpoint, e.g. http://127.0.0.1:41234 or https://127.0.0.1:41234.
	URL string
	// Addr is host:port.
	Addr string
	// AccessKey and SecretKey are the root credentials (random per server).
	AccessKey, SecretKey string
	Region               string
	// Dir is the posix backend root: Dir/<bucket>/<key> are the objects.
	Dir string
	// CAFile is the PEM certificate to trust (TLS only, else "").
	CAFile string
	// CAPEM is the content of CAFile.
	CAPEM []byte

	bin      string
	certFile string
	keyFile  string
	logFile  string

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
}

// Binary returns the path of the versitygw executable or an error telling how
// to install it.
func Binary() (string, error) {
	if p := os.Getenv("VERSITYGW"); p != "" {
		return p, nil
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	gopath := build.Default.GOPATH
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	// A fresh machine has Go but not versitygw: install the pinned version
	// once, so `go test ./...` needs nothing installed by hand.
	installOnce.Do(func() {
		out, err := exec.Command("go", "install", versitygwModule).CombinedOutput()
		if err != nil {
			installErr = fmt.Errorf("versitygw not found on PATH or in $(go env GOPATH)/bin, and `go install %s` failed: %v\n%s", versitygwModule, err, out)
		}
	})
	if installErr != nil {
		return "", installErr
	}
	for _, dir := range filepath.SplitList(gopath) {
		p := filepath.Join(dir, "bin", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if gobin := os.Getenv("GOBIN"); gobin != "" {
		if p := filepath.Join(gobin, "versitygw"); fileExists(p) {
			return p, nil
		}
	}
	return "", errors.New("versitygw not found on PATH or in $(go env GOPATH)/bin; install it with: go install " + versitygwModule)
}

const versitygwModule = "github.com/versity/versitygw/cmd/versitygw@v1.8.0"

var (
	installOnce sync.Once
	installErr  error
)

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Start starts a server and registers its shutdown with tb.Cleanup.
func Start(tb testing.TB, opts Options) *Server {
	tb.Helper()
	bin, err := Binary()
	if err != nil {
		tb.Fatal(err)
	}
	base := tb.TempDir()
	s := &Server{
		AccessKey: "AK" + randomHex(8),
		SecretKey: randomHex(20),
		Region:    opts.Region,
		Dir:       filepath.Join(base, "root"),
		bin:       bin,
		logFile:   filepath.Join(base, "versitygw.log"),
	}
	if s.Region == "" {
		s.Region = "us-east-1"
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	if opts.TLS {
		s.certFile = filepath.Join(base, "cert.pem")
		s.keyFile = filepath.Join(base, "key.pem")
		certPEM, keyPEM, err := selfSignedCert()
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(s.certFile, certPEM, 0o644); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(s.keyFile, keyPEM, 0o600); err != nil {
			tb.Fatal(err)
		}
		s.CAFile, s.CAPEM = s.certFile, certPEM
	}
	tb.Cleanup(func() {
		s.stop()
		if tb.Failed() {
			if b, err := os.ReadFile(s.logFile); err == nil && len(b) > 0 {
				if len(b) > 4000 {
					b = b[len(b)-4000:]
				}
				tb.Logf("versitygw log (tail):\n%s", b)
			}
		}
	})
	// A port picked by the kernel can be taken by someone else before
	// versitygw binds it; try a few.
	for attempt := 0; ; attempt++ {
		port, err := freePort()
		if err != nil {
			tb.Fatal(err)
		}
		s.Addr = net.JoinHostPort("127.0.0.1", fmt.Sprint(port))
		scheme := "http"
		if opts.TLS {
			scheme = "https"
		}
		s.URL = scheme + "://" + s.Addr
		err = s.start()
		if err == nil {
			return s
		}
		if attempt == 4 {
			tb.Fatalf("start versitygw: %v", err)
		}
	}
}

func (s *Server) start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return errors.New("versitygw already running")
	}
	args := []string{"--port", s.Addr, "--region", s.Region, "--quiet"}
	if s.certFile != "" {
		args = append(args, "--cert", s.certFile, "--key", s.keyFile)
	}
	args = append(args, "posix", s.Dir)
	cmd := exec.Command(s.bin, args...)
	cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+s.AccessKey, "ROOT_SECRET_KEY="+s.SecretKey)
	logf, err := os.OpenFile(s.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	// Own process group: a test binary killed by a timeout must not leave
	// the server's children behind, and signals to the test don't reach it.
	cmd.SysProcAttr = serverProcAttr()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("run %s: %w", s.bin, err)
	}
	done := make(chan struct{})
	go func() {
		cmd.Wait()
		logf.Close()
		close(done)
	}()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-done:
			s.cmd = nil
			b, _ := os.ReadFile(s.logFile)
			return fmt.Errorf("versitygw exited at startup: %s", lastBytes(b, 1000))
		default:
		}
		if s.ready() {
			return nil
		}
		if time.Now().After(deadline) {
			s.killLocked()
			return errors.New("versitygw did not answer within 15s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ready reports whether the server answers HTTP requests (any status).
func (s *Server) ready() bool {
	c := s.HTTPClient()
	c.Timeout = time.Second
	resp, err := c.Get(s.URL + "/")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return true
}

// Stop stops the server (SIGTERM, then SIGKILL after 5s). Its data stays.
func (s *Server) Stop(tb testing.TB) {
	tb.Helper()
	s.stop()
}

func (s *Server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

func (s *Server) killLocked() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// Restart starts a stopped server again on the same address with the same
// data and credentials (it stops it first if it is running).
func (s *Server) Restart(tb testing.TB) {
	tb.Helper()
	s.stop()
	var err error
	// The old socket may linger briefly; retry the bind.
	for attempt := 0; attempt < 50; attempt++ {
		if err = s.start(); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.Fatalf("restart versitygw on %s: %v", s.Addr, err)
}

// HTTPClient is an *http.Client that trusts the server's certificate.
func (s *Server) HTTPClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	if s.CAPEM != nil {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(s.CAPEM)
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	return &http.Client{Transport: tr}
}

// Client is an S3 client for the server (root credentials, path style).
func (s *Server) Client() *s3.Client {
	return s3.New(s3.Options{
		Region:                     s.Region,
		BaseEndpoint:               aws.String(s.URL),
		UsePathStyle:               true,
		Credentials:                credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		HTTPClient:                 s.HTTPClient(),
		RequestChecksumCalculation: aws.RequestChecksumCalculationWhenRequired,
		ResponseChecksumValidation: aws.ResponseChecksumValidationWhenRequired,
	})
}

// Env is the environment a child process needs to reach the server through
// the AWS default credential chain (and AWS_CA_BUNDLE for TLS).
func (s *Server) Env() []string {
	env := []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_REGION=" + s.Region,
		"AWS_EC2_METADATA_DISABLED=true",
	}
	if s.CAFile != "" {
		env = append(env, "AWS_CA_BUNDLE="+s.CAFile)
	}
	return env
}

// CreateBucket creates a bucket (and fails the test on error).
func (s *Server) CreateBucket(tb testing.TB, name string) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.Client().CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		tb.Fatalf("create bucket %q: %v", name, err)
	}
}

// Objects returns every object under prefix in bucket, key -> content.
func (s *Server) Objects(tb testing.TB, bucket, prefix string) map[string][]byte {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := s.Client()
	out := map[string][]byte{}
	p := s3.NewListObjectsV2Paginator(c, &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			tb.Fatalf("list s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			resp, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: o.Key})
			if err != nil {
				tb.Fatalf("get s3://%s/%s: %v", bucket, aws.ToString(o.Key), err)
			}
			b, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				tb.Fatalf("read s3://%s/%s: %v", bucket, aws.ToString(o.Key), err)
			}
			out[aws.ToString(o.Key)] = b
		}
	}
	return out
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func selfSignedCert() (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "s3test 127.0.0.1"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func lastBytes(b []byte, n int) []byte {
	b = bytes.TrimSpace(b)
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
