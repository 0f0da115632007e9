package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// A TIME or TIMESTAMP as an element of a VARIANT, OBJECT or ARRAY, as the
// docs print a VARIANT holding one (IS_TIMESTAMP_* example, session time
// zone US Pacific): TIME "20:57:01" (of 20:57:01.123456789), TIMESTAMP_NTZ
// "2023-02-24 12:00:00.456", TIMESTAMP_LTZ "2022-02-24 04:00:00.123 -0800"
// (in the session's zone), TIMESTAMP_TZ "2020-02-24 15:00:00.123 +0100" (its
// own offset); an NTZ also "1999-01-01 00:00:00.000" (ARRAY_MIN). The docs
// show no timestamp with a fraction finer than milliseconds (rounded or cut
// to FF3?) nor a TIME with half a second or more (rounded or cut to whole
// seconds?): refused. In Go rather than a macro: a macro's body is bound for
// every element of every OBJECT/ARRAY whatever its type, which made nested
// constructors slow to bind.
func dateTimeElementFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_DT_VTEXT(duckdb type, to_json of the value).
		"_SF_GO_DT_VTEXT": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return dateTimeElement(a[0].(string), a[1].(string))
		}},
	}
}

var (
	reElemTime = regexp.MustCompile(`^([0-9]{2}:[0-9]{2}:[0-9]{2})(\.([0-9]+))?$`)
	reElemTS   = regexp.MustCompile(`^([0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2})(\.([0-9]+))?([+-][0-9]{2})?(:([0-9]{2}))?$`)
)

func finerThanMillis(what string) error {
	return &UnsupportedError{What: "a " + what + " with a fraction finer than milliseconds in a VARIANT, OBJECT or ARRAY"}
}

// millis is a fraction's digits as three, or ok false where digits beyond
// the third are not zeros.
func millis(frac string) (string, bool) {
	if len(frac) > 3 && strings.Trim(frac[3:], "0") != "" {
		return "", false
	}
	return (frac + "000")[:3], true
}

func dateTimeElement(typ, j string) (string, error) {
	if strings.HasPrefix(typ, "STRUCT(sf_tz_utc") {
		var v struct {
			UTC string `json:"sf_tz_utc"`
			Off int    `json:"sf_tz_off"`
		}
		if err := json.Unmarshal([]byte(j), &v); err != nil {
			return "", err
		}
		m := reElemTS.FindStringSubmatch(v.UTC)
		if m == nil || m[4] == "" {
			return "", &UnsupportedError{What: "a TIMESTAMP_TZ of this form in a VARIANT, OBJECT or ARRAY"}
		}
		ms, ok := millis(m[3])
		if !ok {
			return "", finerThanMillis("TIMESTAMP_TZ")
		}
		zone := m[4] + "00"
		if m[6] != "" {
			zone = m[4] + m[6]
		}
		t, err := time.Parse("2006-01-02 15:04:05-0700", m[1]+zone)
		if err != nil {
			return "", err
		}
		wall := t.UTC().Add(time.Duration(v.Off) * time.Minute)
		sign, off := '+', v.Off
		if off < 0 {
			sign, off = '-', -off
		}
		return fmt.Sprintf("%s.%s %c%02d%02d", wall.Format("2006-01-02 15:04:05"), ms, sign, off/60, off%60), nil
	}
	var s string
	if err := json.Unmarshal([]byte(j), &s); err != nil {
		return "", err
	}
	switch typ {
	case "TIME":
		m := reElemTime.FindStringSubmatch(s)
		if m == nil {
			return "", &UnsupportedError{What: "a TIME of this form in a VARIANT, OBJECT or ARRAY"}
		}
		if m[3] != "" && m[3][0] >= '5' {
			return "", &UnsupportedError{What: "a TIME with a fraction of half a second or more in a VARIANT, OBJECT or ARRAY"}
		}
		return m[1], nil
	case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE":
		m := reElemTS.FindStringSubmatch(s)
		if m == nil || (m[4] != "") != (typ != "TIMESTAMP") {
			return "", &UnsupportedError{What: "a TIMESTAMP of this form in a VARIANT, OBJECT or ARRAY"}
		}
		ms, ok := millis(m[3])
		if !ok {
			return "", finerThanMillis("TIMESTAMP")
		}
		if typ == "TIMESTAMP" {
			return m[1] + "." + ms, nil
		}
		mm := "00"
		if m[6] != "" {
			mm = m[6]
		}
		return m[1] + "." + ms + " " + m[4] + mm, nil
	}
	return "", fmt.Errorf("_SF_GO_DT_VTEXT of a %s", typ)
}
