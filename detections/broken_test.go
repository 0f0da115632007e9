package detections

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

var brokenDir = os.DirFS("../testdata/detections/broken")

func wantProblems(t *testing.T, probs Problems, want ...string) {
	t.Helper()
	text := probs.Error()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("problems lack %q:\n%s", w, text)
		}
	}
}

func TestBrokenDetectionsFailLintLexically(t *testing.T) {
	t.Parallel()
	probs, err := (&Linter{}).Lint(context.Background(), brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, probs,
		"s3_deletes_by_src_ip.sql:6: key column SRC_IP is not returned by the query (it returns REMOTEIP, DELETES)",
		`typo_in_header.sql:3: unknown header field "severty"`,
		`typo_in_header.sql:1: header is missing required field "severity"`,
		`typo_in_header.sql:6: key column HOST can be NULL: rows with a NULL key never alert; filter them (host is not null) or coalesce the column`,
	)
	if len(probs) != 4 {
		t.Errorf("got %d problems, want 4:\n%v", len(probs), probs)
	}
}

func TestBrokenDetectionsFailLintOnEngine(t *testing.T) {
	t.Parallel()
	probs, err := (&Linter{Fresh: freshLake}).Lint(context.Background(), brokenDir)
	if err != nil {
		t.Fatal(err)
	}
	wantProblems(t, probs,
		"s3_deletes_by_src_ip.sql:6: key column SRC_IP is not returned by the query (it returns REMOTEIP, DELETES)",
		`typo_in_header.sql:3: unknown header field "severty"`,
	)
}

func TestBrokenDetectionsFailTest(t *testing.T) {
	t.Parallel()
	dets, probs := LoadAll(brokenDir)
	wantProblems(t, probs, `typo_in_header.sql:3: unknown header field "severty"`)
	h := &Harness{Fresh: freshLake, Tests: os.DirFS("../testdata/detections/broken/testdata"), Now: time.Now()}
	results := h.Run(context.Background(), dets)
	if len(results) != 2 {
		t.Fatalf("got %d results, want the 2 cases of s3_deletes_by_src_ip: %v", len(results), results)
	}
	for _, r := range results {
		if r.Passed() || !strings.Contains(r.String(), "FAIL s3_deletes_by_src_ip / ") ||
			!strings.Contains(r.String(), "key column SRC_IP is not returned by the query (s3_deletes_by_src_ip.sql:7 returns REMOTEIP, DELETES)") {
			t.Errorf("result: %v", r)
		}
	}
}
