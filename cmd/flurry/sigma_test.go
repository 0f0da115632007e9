package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sigmaRules = "../../testdata/sigma/rules"

func TestDetectSigmaCheck(t *testing.T) {
	r := flurry(t, nil, "", "detect", "sigma", "check", sigmaRules)
	if r.code != 1 {
		t.Fatalf("check with an unmapped field: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"compiled     " + filepath.Join(sigmaRules, "lnx_auditd_binary_padding.yml") + " -> sigma_binary_padding_linux_c52a914f.sql",
		"compiled     " + filepath.Join(sigmaRules, "web_f5_tm_utility_bash_api_request.yml"),
		"unsupported  " + filepath.Join(sigmaRules, "flurry_test_unsupported_lookahead.yml") + ": search selection (line 10): cs-uri-query|re (line 10): unsupported construct: regular expression lookahead (?!",
		`error        ` + filepath.Join(sigmaRules, "flurry_test_unmapped_field.yml") + `: search selection (line 10): cs-cookie|contains (line 10): field "cs-cookie" is not mapped`,
		"unsupported  " + filepath.Join(sigmaRules, "flurry_test_proxy.yml") + ": unsupported construct: log source {category: proxy} (no mapping",
		"5 rules: 2 compiled, 2 unsupported, 1 errors",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	// A user's mapping file serves its log source.
	r = flurry(t, nil, "", "detect", "sigma", "check", "--mappings", "../../testdata/sigma/mappings",
		filepath.Join(sigmaRules, "flurry_test_proxy.yml")).ok(t)
	if !strings.Contains(r.stdout, "1 rules: 1 compiled") {
		t.Errorf("check with --mappings:\n%s", r.stdout)
	}
}

func TestDetectSigmaImport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "detections")
	rules := []string{filepath.Join(sigmaRules, "lnx_auditd_binary_padding.yml"), filepath.Join(sigmaRules, "web_f5_tm_utility_bash_api_request.yml")}
	flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--out", out}, rules...)...).ok(t)
	text, err := os.ReadFile(filepath.Join(out, "sigma_f5_big_ip_icontrol_rest_api_command_execution_webserver_85254a62.sql"))
	if err != nil {
		t.Fatal(err)
	}
	// Attribution and metadata the Detection Rule License and the rule ask for.
	for _, want := range []string{
		"-- title: F5 BIG-IP iControl Rest API Command Execution - Webserver",
		"-- severity: medium",
		"-- mitre: [T1190]",
		"85254a62-22be-4239-b79c-2ec17e566c37",
		"Detection Rule License 1.1, SigmaHQ",
		"Nasreddine Bencherchali (Nextron Systems), Thurein Oo",
		"https://community.f5.com/t5/technical-forum/running-bash-commands-via-rest-api/td-p/272516",
		"Legitimate usage of the BIG IP REST API",
		"from logs",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("imported detection lacks %q:\n%s", want, text)
		}
	}
	flurry(t, nil, "", "detect", "lint", "--dir", out, "--no-engine").ok(t)
	if r := flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--out", out}, rules...)...); r.code != 1 || !strings.Contains(r.stdout, "exists (use --force to overwrite)") {
		t.Errorf("import over existing files: exit %d\n%s", r.code, r.stdout)
	}
	flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--force", "--out", out}, rules...)...).ok(t)
}
