package parse

import (
	"fmt"
	"strings"
	"time"
)

// VPCFlowV2Fields is the default (version 2) VPC flow log format.
var VPCFlowV2Fields = []string{
	"version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport",
	"protocol", "packets", "bytes", "start", "end", "action", "log-status",
}

// vpcIntegerFields are the flow log fields AWS documents as numbers.
var vpcIntegerFields = map[string]bool{
	"version": true, "srcport": true, "dstport": true, "protocol": true, "packets": true,
	"bytes": true, "start": true, "end": true, "tcp_flags": true, "traffic_path": true,
}

// vpcFlow parses space-separated VPC flow log text lines. Field names use
// underscores (account_id, log_status), as in the Parquet files AWS
// delivers, so text and Parquet flow logs query alike. "-" is null (NODATA
// and SKIPDATA records have "-" for the address fields). A header line
// ("version account-id ...") is adopted as the field list for the lines
// that follow and yields no record. The event time is start.
type vpcFlow struct {
	fields []string
	ints   []bool
}

func newVPCFlow(opts Options) (*vpcFlow, error) {
	if opts.Expression != "" || len(opts.Types) > 0 || opts.TimeKey != "" || opts.TimeFormat != "" || opts.KeepTimeKey {
		return nil, fmt.Errorf("parser vpc_flow takes only fields")
	}
	p := &vpcFlow{}
	fields := opts.Fields
	if len(fields) == 0 {
		fields = VPCFlowV2Fields
	}
	for _, f := range fields {
		f = strings.Trim(f, "${} ")
		if f == "" || strings.ContainsAny(f, " \t") {
			return nil, fmt.Errorf("vpc_flow: bad field name %q", f)
		}
	}
	p.setFields(fields)
	return p, nil
}

func (p *vpcFlow) setFields(fields []string) {
	p.fields = make([]string, len(fields))
	p.ints = make([]bool, len(fields))
	for i, f := range fields {
		f = strings.ReplaceAll(strings.Trim(f, "${} "), "-", "_")
		p.fields[i] = f
		p.ints[i] = vpcIntegerFields[f]
	}
}

func (p *vpcFlow) Parse(dst, line []byte) ([]byte, time.Time, error) {
	parts := strings.Fields(bytesToString(line))
	if len(parts) > 0 && parts[0] == "version" {
		p.setFields(parts)
		return dst, time.Time{}, ErrSkip
	}
	if len(parts) != len(p.fields) {
		return dst, time.Time{}, fmt.Errorf("vpc_flow: %d fields, want %d (%s)", len(parts), len(p.fields), strings.Join(p.fields, " "))
	}
	var t time.Time
	o := newObject(dst)
	for i, v := range parts {
		name := p.fields[i]
		switch {
		case v == "-":
			o.null(name)
		case p.ints[i]:
			n, ok := parseInteger(v)
			if !ok {
				return dst, time.Time{}, fmt.Errorf("vpc_flow: %s %q is not an integer", name, v)
			}
			o.int(name, n)
			if name == "start" {
				t = time.Unix(n, 0).UTC()
			}
		default:
			o.str(name, v)
		}
	}
	return o.done(), t, nil
}
