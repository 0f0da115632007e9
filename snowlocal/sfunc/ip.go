package sfunc

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// ParseIP is Snowflake's PARSE_IP(expr, type [, permissive]) as JSON text:
// family, host (as written, without the prefix), ip_fields (the address as
// four 32-bit numbers; an IPv4 address fills the first), ip_type, for IPv4
// ipv4 and, with a prefix, ipv4_range_start/end; for IPv6 hex_ipv6 and, with
// a prefix, hex_ipv6_range_start/end; netmask_prefix_length with a prefix.
func ParseIP(expr, kind string, permissive bool) (any, error) {
	k := strings.ToLower(kind)
	if k != "inet" && k != "cidr" {
		return nil, fmt.Errorf("100000 (22023): invalid PARSE_IP type '%s': expected INET or CIDR", kind)
	}
	obj, err := parseIP(strings.TrimSpace(expr), k)
	if err != nil {
		if permissive {
			b, _ := json.Marshal(map[string]string{"error": err.Error()})
			return string(b), nil
		}
		return nil, fmt.Errorf("100000 (22023): %s", err.Error())
	}
	return obj, nil
}

func parseIP(s, kind string) (string, error) {
	host, prefix, hasPrefix := strings.Cut(s, "/")
	addr, err := netip.ParseAddr(host)
	if err != nil || addr.Zone() != "" {
		return "", fmt.Errorf("Failed to parse IP address: %s", s)
	}
	bits := addr.BitLen()
	plen := -1
	if hasPrefix {
		n, err := strconv.Atoi(prefix)
		if err != nil || n < 0 || n > bits || prefix == "" || strings.HasPrefix(prefix, "+") {
			return "", fmt.Errorf("Failed to parse IP address: %s", s)
		}
		plen = n
	}
	var b strings.Builder
	field := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quote(k) + ":" + v)
	}
	// Keys in ascending order, as Snowflake prints the object.
	if addr.Is4() {
		a4 := addr.As4()
		n := uint64(binary.BigEndian.Uint32(a4[:]))
		field("family", "4")
		field("host", quote(host))
		field("ip_fields", fmt.Sprintf("[%d,0,0,0]", n))
		field("ip_type", quote(kind))
		field("ipv4", strconv.FormatUint(n, 10))
		if plen >= 0 {
			mask := uint64(0xFFFFFFFF) << (32 - plen) & 0xFFFFFFFF
			field("ipv4_range_end", strconv.FormatUint(n&mask|^mask&0xFFFFFFFF, 10))
			field("ipv4_range_start", strconv.FormatUint(n&mask, 10))
			field("netmask_prefix_length", strconv.Itoa(plen))
		}
		field("snowflake$type", quote("ip_address"))
		return "{" + b.String() + "}", nil
	}
	a16 := addr.As16()
	hexOf := func(x [16]byte) string { return strings.ToUpper(fmt.Sprintf("%x", x[:])) }
	field("family", "6")
	field("hex_ipv6", quote(hexOf(a16)))
	if plen >= 0 {
		var lo, hi [16]byte
		for i := 0; i < 16; i++ {
			keep := plen - 8*i // bits of this byte inside the prefix
			var m byte
			switch {
			case keep >= 8:
				m = 0xFF
			case keep > 0:
				m = byte(0xFF << (8 - keep))
			}
			lo[i] = a16[i] & m
			hi[i] = a16[i] | ^m
		}
		field("hex_ipv6_range_end", quote(hexOf(hi)))
		field("hex_ipv6_range_start", quote(hexOf(lo)))
	}
	field("host", quote(host))
	var f []string
	for i := 0; i < 4; i++ {
		f = append(f, strconv.FormatUint(uint64(binary.BigEndian.Uint32(a16[4*i:])), 10))
	}
	field("ip_fields", "["+strings.Join(f, ",")+"]")
	field("ip_type", quote(kind))
	if plen >= 0 {
		field("netmask_prefix_length", strconv.Itoa(plen))
	}
	field("snowflake$type", quote("ip_address"))
	return "{" + b.String() + "}", nil
}
