package parse

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// s3AccessRegexp is the pattern of the seed's parse_s3_access_logs UDTF,
// unchanged: like Python's re.findall it is not anchored at the start, and
// ".*$" absorbs the fields AWS appended later (access point ARN,
// aclRequired, ...).
var s3AccessRegexp = regexp.MustCompile(`([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$`)

// S3AccessFields are the record's field names, in order: the columns of the
// UDTF's returns table, lower case.
var S3AccessFields = []string{
	"bucketowner", "bucket_name", "requestdatetime", "remoteip", "requester",
	"requestid", "operation", "key", "request_uri", "httpstatus", "errorcode",
	"bytessent", "objectsize", "totaltime", "turnaroundtime", "referrer", "useragent",
	"versionid", "hostid", "sigv", "ciphersuite", "authtype", "endpoint", "tlsversion",
}

// s3Access parses S3 server access log lines into the same values the UDTF
// returns: each field stripped of spaces and double quotes, "-" is null,
// bytessent and objectsize (BIGINT columns) are numbers. Trailing fields that
// an older log line lacks are "" as in the UDTF. The event time is
// requestdatetime; when it does not parse, the read time is used (the text
// stays in the record).
type s3Access struct {
	tc timeCache
}

func newS3Access() *s3Access { return &s3Access{} }

var errS3Access = errors.New("s3_access: line does not match the S3 server access log format")

func (p *s3Access) Parse(dst, line []byte) ([]byte, time.Time, error) {
	s := bytesToString(line)
	m := s3AccessRegexp.FindStringSubmatchIndex(s)
	if m == nil {
		return dst, time.Time{}, errS3Access
	}
	o := newObject(dst)
	for i, name := range S3AccessFields {
		v := ""
		if m[2*i+2] >= 0 {
			v = s[m[2*i+2]:m[2*i+3]]
		}
		// The UDTF's clean(): field.strip(' " " ') then '-' -> None.
		v = strings.Trim(v, ` "`)
		switch {
		case v == "-":
			o.null(name)
		case name == "bytessent" || name == "objectsize":
			if n, ok := parseInteger(v); ok {
				o.int(name, n)
			} else {
				o.str(name, v)
			}
		default:
			o.str(name, v)
		}
	}
	var t time.Time
	if m[6] >= 0 {
		t, _ = p.tc.parse(s[m[6]:m[7]], parseApacheTime)
	}
	return o.done(), t, nil
}
