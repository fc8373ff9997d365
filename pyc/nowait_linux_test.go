//go:build amd64 || arm64

package pyc

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadSourceLendsSlot reads a source whose pages were dropped from the
// page cache: the file lends its work slot while the disk reads, takes it
// back before it returns, and reads the same bytes as from the cache.
func TestReadSourceLendsSlot(t *testing.T) {
	if sysPreadv2 == 0 {
		t.Skip("preadv2's number is not known here")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cold.py")
	data := bytes.Repeat([]byte("x = 'some text'\n"), 40000)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	tu := &turn{slots: make(chan struct{}, 1)}
	tu.slots <- struct{}{} // as the worker holds it
	for _, cold := range []bool{false, true} {
		if cold && !dropCache(t, p) {
			t.Skip("cannot drop the file's pages here")
		}
		before := lentReads.Load()
		got, _, err := readSource(p, tu)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("cold %v: %d bytes, %v", cold, len(got), err)
		}
		if len(tu.slots) != 1 || tu.slotGiven {
			t.Fatalf("cold %v: slot not held after the read", cold)
		}
		lent := lentReads.Load() - before
		if !cold && lent != 0 {
			t.Errorf("a cached file lent its slot")
		}
		if noNowait.Load() {
			t.Logf("the file system refuses RWF_NOWAIT: nothing is lent")
		}
		if cold && lent != 1 && !noNowait.Load() {
			t.Errorf("a file read from disk lent its slot %d times, want 1", lent)
		}
	}
	// Without a slot (py_compile), nothing is lent.
	dropCache(t, p)
	before := lentReads.Load()
	if got, _, err := readSource(p, nil); err != nil || !bytes.Equal(got, data) || lentReads.Load() != before {
		t.Errorf("no turn: %d bytes, %v, %d lent", len(got), err, lentReads.Load()-before)
	}
}

// dropCache writes p's pages back and drops them from the page cache
// (POSIX_FADV_DONTNEED).
func dropCache(t *testing.T, p string) bool {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return false
	}
	const fadvDontneed = 4
	_, _, e := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, fadvDontneed, 0, 0)
	return e == 0
}
