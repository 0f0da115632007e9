package detections

import "testing"

func TestDiffRows(t *testing.T) {
	t.Parallel()
	want := []map[string]string{
		{"HOST": "a", "N": "1"},
		{"HOST": "b", "N": "2"},
		{"HOST": "c", "N": "3"},
	}
	got := []map[string]string{
		{"N": "1", "HOST": "a"},
		{"HOST": "c", "N": "3"},
		{"HOST": "d", "N": "4"},
	}
	const diff = `  {HOST: "a", N: "1"}
- {HOST: "b", N: "2"}
  {HOST: "c", N: "3"}
+ {HOST: "d", N: "4"}
`
	if d := diffRows(want, got); d != diff {
		t.Errorf("diffRows =\n%s\nwant\n%s", d, diff)
	}
	if d := diffRows(want, want); d != "" {
		t.Errorf("equal rows differ:\n%s", d)
	}
	if d := diffRows([]map[string]string{}, want[:1]); d != "+ {HOST: \"a\", N: \"1\"}\n" {
		t.Errorf("nothing wanted: %q", d)
	}
}
