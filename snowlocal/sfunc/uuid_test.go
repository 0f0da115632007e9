package sfunc

import "testing"

func TestUUID5(t *testing.T) {
	for _, c := range []struct{ ns, name, want string }{
		// docs: uuid_string, "Generate a named UUID".
		{"fe971b24-9572-4005-b22f-351e9c09274d", "foo", "dc0b6f65-fca6-5b4b-9d37-ccc3fde1f3e2"},
		// Python's uuid docs: uuid5(NAMESPACE_DNS, 'python.org').
		{"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d"},
		// An upper-case namespace names the same bytes.
		{"FE971B24-9572-4005-B22F-351E9C09274D", "foo", "dc0b6f65-fca6-5b4b-9d37-ccc3fde1f3e2"},
	} {
		got, err := UUID5(c.ns, c.name)
		if err != nil || got != c.want {
			t.Errorf("UUID5(%q, %q) = %q, %v; want %q", c.ns, c.name, got, err, c.want)
		}
	}
	for _, ns := range []string{"", "not-a-uuid", "fe971b2495724005b22f351e9c09274d", "fe971b24-9572-4005-b22f-351e9c09274"} {
		if _, err := UUID5(ns, "foo"); !isUnsupported(err) {
			t.Errorf("UUID5(%q): want an unsupported error, got %v", ns, err)
		}
	}
}
