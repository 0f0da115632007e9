package shquote

import (
	"os/exec"
	"testing"
)

// Each quoted word, given to a real sh, comes back as it went in.
func TestQuoteRoundTripsThroughSh(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	for _, s := range []string{"", "plain/path-1.2_x", "a b", "it's", "$HOME", "`id`", "a\nb", `back\slash`, "*", "select 'x' from t;"} {
		out, err := exec.Command(sh, "-c", "printf %s "+Quote(s)).Output()
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if string(out) != s {
			t.Errorf("Quote(%q) = %s: sh gives %q", s, Quote(s), out)
		}
	}
	if Quote("plain/path") != "plain/path" {
		t.Errorf("a plain word is quoted: %s", Quote("plain/path"))
	}
}
