package warehouse

import (
	"fmt"
	"strings"
)

// CheckAccountSet refuses a SNOWFLAKE_ACCOUNT that is set but empty: that is
// what a CI job gets when the secret it names is missing
// (SNOWFLAKE_ACCOUNT: ${{ secrets.SNOWFLAKE_ACCOUNT }}), and reading it as
// "no account" would quietly run against the local engine instead.
// lookup is os.LookupEnv or a stand-in.
func CheckAccountSet(lookup func(string) (string, bool)) error {
	if lookup == nil {
		return nil
	}
	if v, ok := lookup("SNOWFLAKE_ACCOUNT"); ok && strings.TrimSpace(v) == "" {
		return fmt.Errorf("SNOWFLAKE_ACCOUNT is set but empty (a missing CI secret?): set it to the account identifier, " +
			"e.g. myorg-myaccount, or unset it to use the local engine")
	}
	return nil
}

// IsCI reports whether env says the command runs in CI: CI=true (or 1, yes),
// as GitHub Actions, GitLab CI and most other CI systems set it.
func IsCI(env func(string) string) bool {
	if env == nil {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(env("CI"))) {
	case "true", "1", "yes":
		return true
	}
	return false
}

// CheckCIDefault refuses the local engine as a fallback in CI: a job whose
// Snowflake settings are missing would otherwise run its migrations or
// detections against an empty engine on the runner and pass. explicit is
// true when the command line chose the local engine (--local, --local-dir).
func CheckCIDefault(src Source, env func(string) string, explicit bool) error {
	if src != SourceDefault || explicit || !IsCI(env) {
		return nil
	}
	return fmt.Errorf("CI=true and no Snowflake target is configured (no SNOWFLAKE_ACCOUNT, --account, --connection or --dsn): " +
		"refusing to fall back to the local engine; configure the account, or pass --local to use the local engine on purpose")
}
