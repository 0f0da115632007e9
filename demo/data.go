package demo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Phase says when a generated event is delivered: with the benign history
// (older than ten minutes), or with the last ten minutes, which hold the
// attacks and the benign traffic around them.
type Phase int

// Phases of the demo.
const (
	phaseHistory Phase = 1
	phaseAttack  Phase = 2
)

// apacheHit is one line of an Apache access log in the combined format.
type apacheHit struct {
	T       time.Time
	Host    string
	Method  string // "" for a request that never arrived (408): logged as "-"
	Path    string
	Code    int
	Size    int // -1 is logged as "-"
	Referer string
	Agent   string
	Phase   Phase
}

// line renders the hit as Apache's combined log format writes it.
func (h apacheHit) line() string {
	req := "-"
	if h.Method != "" {
		req = h.Method + " " + h.Path + " HTTP/1.1"
	}
	size := "-"
	if h.Size >= 0 {
		size = strconv.Itoa(h.Size)
	}
	return fmt.Sprintf(`%s - - [%s] "%s" %d %s "%s" "%s"`, h.Host, h.T.UTC().Format("02/Jan/2006:15:04:05 -0700"),
		req, h.Code, size, dash(h.Referer), dash(h.Agent))
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// goAuditEvent is one go-audit JSON line (github.com/slackhq/go-audit): the
// audit messages of one syscall, grouped by sequence number.
type goAuditEvent struct {
	Sequence  int64             `json:"sequence"`
	Timestamp string            `json:"timestamp"`
	Messages  []goAuditMessage  `json:"messages"`
	UIDMap    map[string]string `json:"uid_map"`

	t     time.Time
	phase Phase
	shell bool // a planted web shell: goaudit_webserver_shell must report it
}

type goAuditMessage struct {
	Type int    `json:"type"`
	Data string `json:"data"`
}

func (e goAuditEvent) line() string {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// teleportEvent is one Teleport audit event as the event handler forwards
// it: a flat JSON object.
type teleportEvent struct {
	fields map[string]any
	t      time.Time
	phase  Phase
}

func (e teleportEvent) uid() string   { return e.fields["uid"].(string) }
func (e teleportEvent) event() string { return e.fields["event"].(string) }

func (e teleportEvent) failed() bool {
	s, ok := e.fields["success"].(bool)
	return ok && !s
}

func (e teleportEvent) line() string {
	b, err := json.Marshal(e.fields)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// s3Request is one line of an S3 server access log.
type s3Request struct {
	T          time.Time
	Bucket     string
	RemoteIP   string
	Requester  string // "" is anonymous, logged as "-"
	RequestID  string
	Operation  string
	Key        string
	Status     int
	ErrorCode  string
	BytesSent  int64 // -1 is "-"
	ObjectSize int64 // -1 is "-"
	TotalTime  int
	UserAgent  string
	HostID     string
	Phase      Phase
}

const (
	bucketOwner = "79a59df900b949e55d96a1e698fbacedfd6e09d7"
	awsAccount  = "123456789012"
)

func (r s3Request) method() string {
	switch {
	case strings.Contains(r.Operation, ".GET."):
		return "GET"
	case strings.Contains(r.Operation, ".PUT."):
		return "PUT"
	case strings.Contains(r.Operation, ".DELETE."):
		return "DELETE"
	case strings.Contains(r.Operation, ".HEAD."):
		return "HEAD"
	}
	return "POST"
}

// line renders the request in the documented field order: bucket owner,
// bucket, time, remote IP, requester, request ID, operation, key, request
// URI, status, error code, bytes sent, object size, total time, turn-around
// time, referer, user agent, version ID, host ID, signature version, cipher
// suite, authentication type, host header, TLS version, access point ARN,
// ACL required.
func (r s3Request) line() string {
	num := func(n int64) string {
		if n < 0 {
			return "-"
		}
		return strconv.FormatInt(n, 10)
	}
	requester, sigv, auth := r.Requester, "SigV4", "AuthHeader"
	if requester == "" {
		requester, sigv, auth = "-", "-", "-"
	}
	key, uri := "-", "/"+r.Bucket
	if r.Key != "" {
		key, uri = r.Key, "/"+r.Bucket+"/"+r.Key
	}
	if r.Operation == "REST.GET.BUCKET" {
		uri = "/" + r.Bucket + "?list-type=2&prefix=&max-keys=1000"
	}
	errCode := "-"
	if r.ErrorCode != "" {
		errCode = r.ErrorCode
	}
	return fmt.Sprintf(`%s %s [%s] %s %s %s %s %s "%s %s HTTP/1.1" %d %s %s %s %d %d "-" "%s" - %s %s ECDHE-RSA-AES128-GCM-SHA256 %s %s.s3.us-east-1.amazonaws.com TLSv1.2 - -`,
		bucketOwner, r.Bucket, r.T.UTC().Format("02/Jan/2006:15:04:05 -0700"), r.RemoteIP, requester, r.RequestID,
		r.Operation, key, r.method(), uri, r.Status, errCode, num(r.BytesSent), num(r.ObjectSize), r.TotalTime,
		max(r.TotalTime-3, 1), r.UserAgent, r.HostID, sigv, auth, r.Bucket)
}

// traffic is what the guide's "IPs by traffic" query adds up for a request.
func (r s3Request) traffic() int64 {
	return max(r.BytesSent, 0) + max(r.ObjectSize, 0)
}

// vpcFlow is one VPC flow log record in the default (version 2) format.
type vpcFlow struct {
	InterfaceID string
	SrcAddr     string
	DstAddr     string
	SrcPort     int
	DstPort     int
	Protocol    int
	Packets     int64
	Bytes       int64
	Start, End  time.Time
	Action      string // ACCEPT, REJECT; "" for NODATA records
	LogStatus   string
	Phase       Phase
}
