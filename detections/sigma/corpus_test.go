package sigma

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/detections"
)

// sigmaCorpus is the SigmaHQ rule set shipped with the project's test
// material (/work/shared/sigma, ../shared relative to the repository root).
func sigmaCorpus(t *testing.T) []string {
	t.Helper()
	var root string
	for _, c := range []string{os.Getenv("FLURRY_SIGMA_RULES"), "../../../shared/sigma", "/work/shared/sigma"} {
		if c == "" {
			continue
		}
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			root = c
			break
		}
	}
	if root == "" {
		t.Skip("SigmaHQ rules not found (set FLURRY_SIGMA_RULES)")
	}
	var files []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpusCompiles converts every rule of the corpus and parses each
// result as a flurry detection: every webserver and auditd rule without a
// correlation must compile, except those naming a field the lake does not
// record (listed, with the field, below).
func TestCorpusCompiles(t *testing.T) {
	files := sigmaCorpus(t)
	ms, err := BuiltinMappings()
	if err != nil {
		t.Fatal(err)
	}
	// Rules naming fields Apache's combined log format does not record
	// (the virtual host, the request's content type): a clear per-rule
	// error naming the field, until a user maps them for their own tables.
	wantErr := map[string]string{
		"web_exploit_cve_2023_4966_citrix_sensitive_information_disclosure_exploit_attempt.yml": `field "cs-host" is not mapped`,
		"web_lnx_exploit_cve_2025_31324_sap_netviewer_webshell_uploaded.yml":                    `field "cs-content-type" is not mapped`,
	}
	var compiled, unsupportedN, errs int
	ids := map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRule(f, src)
		if err == nil {
			var name, text string
			name, text, err = Convert(r, ms)
			if err == nil {
				if prev, dup := ids[name]; dup {
					t.Errorf("%s and %s both become %s", prev, f, name)
				}
				ids[name] = f
				d, probs := detections.Parse(name, text)
				if d == nil || len(probs) > 0 {
					t.Errorf("%s: converted detection does not parse: %v\n%s", f, probs, text)
				}
			}
		}
		if want, ok := wantErr[filepath.Base(f)]; ok {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: got %v, want an error containing %s", f, err, want)
			}
		} else if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		switch {
		case err == nil:
			compiled++
		case IsUnsupported(err):
			unsupportedN++
			t.Logf("unsupported: %v", err)
		default:
			errs++
			t.Logf("error: %v", err)
		}
	}
	if len(files) < 100 {
		t.Errorf("only %d rules found: the corpus is incomplete", len(files))
	}
	t.Logf("%d rules: %d compiled, %d unsupported, %d errors", len(files), compiled, unsupportedN, errs)
}
