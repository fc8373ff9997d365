package robust

import (
	"os"
	"sync"
	"testing"
)

// The built binary and the CPython server are shared by every test of the
// process, so no test's t.TempDir can own their directories: TestMain runs
// these clean-ups once the tests are done, leaving nothing behind in the
// temp directory.
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	cleanups = append(cleanups, f)
	cleanupMu.Unlock()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	os.Exit(code)
}
