package warehouse

import (
	"strings"
	"testing"
)

func TestCheckAccountSet(t *testing.T) {
	t.Parallel()
	lookup := func(env map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	}
	if err := CheckAccountSet(lookup(map[string]string{"SNOWFLAKE_ACCOUNT": ""})); err == nil ||
		!strings.Contains(err.Error(), "SNOWFLAKE_ACCOUNT is set but empty") {
		t.Errorf("empty SNOWFLAKE_ACCOUNT: %v", err)
	}
	if err := CheckAccountSet(lookup(map[string]string{"SNOWFLAKE_ACCOUNT": "  "})); err == nil {
		t.Error("blank SNOWFLAKE_ACCOUNT accepted")
	}
	for _, env := range []map[string]string{{}, {"SNOWFLAKE_ACCOUNT": "myorg-myaccount"}} {
		if err := CheckAccountSet(lookup(env)); err != nil {
			t.Errorf("%v: %v", env, err)
		}
	}
}

func TestCheckCIDefault(t *testing.T) {
	t.Parallel()
	ci := func(v string) func(string) string {
		return func(k string) string {
			if k == "CI" {
				return v
			}
			return ""
		}
	}
	// The resolved default, in CI, without --local: refused.
	_, src, err := Resolve(Target{}, ci("true"), t.TempDir())
	if err != nil || src != SourceDefault {
		t.Fatalf("resolve: %v %s", err, src)
	}
	if err := CheckCIDefault(src, ci("true"), false); err == nil || !strings.Contains(err.Error(), "--local") {
		t.Errorf("CI=true, local default: %v", err)
	}
	for _, c := range []struct {
		src      Source
		ci       string
		explicit bool
	}{
		{SourceDefault, "true", true},   // --local
		{SourceDefault, "", false},      // a laptop
		{SourceDefault, "false", false}, // CI=false
		{SourceEnv, "true", false},      // SNOWFLAKE_ACCOUNT in CI
	} {
		if err := CheckCIDefault(c.src, ci(c.ci), c.explicit); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
}
