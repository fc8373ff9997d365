package pyc

import "testing"

// TestIsClean checks the shortcut of cleanPath against the long way.
func TestIsClean(t *testing.T) {
	for _, p := range []string{"/", "/a", "/a/b", "/a/./b", "/a/../b", "/a//b", "/a/", "a/b", "", "/.", "/..",
		"/a/.b", "/a/..b", "/a/b.", "/a/b..", "/...", "/a/...", "//", "/a/.", "/a/..", "./a", "/a/b/c.py"} {
		if got, want := isClean(p), cleanParts(p) == p; got != want {
			t.Errorf("isClean(%q) = %v, want %v (cleanParts gives %q)", p, got, want, cleanParts(p))
		}
	}
}
