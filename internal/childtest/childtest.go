// Package childtest runs a test again in a fresh process of its own, for
// tests of process-wide state (the heap's mappings, the descriptor table)
// that the test binary's other tests would already have changed.
package childtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// marker names the environment variable that tells the child which test
// it is to run for real.
const marker = "GOPYC_CHILDTEST"

// InChild reports whether t runs in the child: then the caller runs the
// test's body. Otherwise it runs the test binary again for t alone, with
// env added to its environment, and fails t if the child fails (skips it
// if the child skipped), and the caller returns.
func InChild(t *testing.T, env ...string) bool {
	t.Helper()
	if os.Getenv(marker) == t.Name() {
		return true
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.count=1", "-test.v")
	cmd.Env = append(append(os.Environ(), marker+"="+t.Name()), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if s := string(out); strings.Contains(s, "--- SKIP") {
		t.Skipf("child skipped:\n%s", s)
	}
	return false
}
