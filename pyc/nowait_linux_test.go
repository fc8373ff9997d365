//go:build amd64 || arm64

package pyc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gopyc/gopyc/compile/share"
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
	tu := &turn{slots: newWorkSlots(1)}
	tu.slots.take() // as the worker holds it
	for _, cold := range []bool{false, true} {
		var lent int64
		// The kernel may bring a dropped page back before the read (write-back
		// or readahead on a busy machine; 3 runs in 6 once, right after a
		// large deletion): a cold read that found its file cached is tried
		// again.
		for try := 0; try < 3 && (try == 0 || cold && lent == 0); try++ {
			if cold && !dropCache(t, p) {
				t.Skip("cannot drop the file's pages here")
			}
			before := lentReads.Load()
			got, _, err := readSource(p, tu)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("cold %v: %d bytes, %v", cold, len(got), err)
			}
			if len(tu.slots.held) != 1 || tu.slotGiven {
				t.Fatalf("cold %v: slot not held after the read", cold)
			}
			lent = lentReads.Load() - before
		}
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
	// The kernel may keep a page it is busy with (on a loaded machine the
	// advice left pages cached now and then): advise again until none is
	// resident, as mincore reports.
	for try := 0; try < 20; try++ {
		if _, _, e := syscall.Syscall6(syscall.SYS_FADVISE64, f.Fd(), 0, 0, fadvDontneed, 0, 0); e != 0 {
			return false
		}
		if resident(t, f) == 0 {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("%d pages of %s stay cached", resident(t, f), p)
	return false
}

// resident returns how many of f's pages the page cache holds.
func resident(t *testing.T, f *os.File) int {
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	m, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(m)
	pages := (len(m) + os.Getpagesize() - 1) / os.Getpagesize()
	vec := make([]byte, pages)
	if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, uintptr(unsafe.Pointer(&m[0])), uintptr(len(m)), uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		t.Fatal(e)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestWrongGuessGetsSlot runs, on one work slot, a tree longer than the
// walk may run ahead of the printing, its sources out of the page cache
// (a read from disk lends the slot, so later files compile ahead and wait
// for their turn) and every other file's guess wrong: such a file needs a
// slot again to compile once more, while the files after it finish and
// wait to be printed after it. A worker that kept the slot while it
// waited for the next item, once the walk had stopped for room, left the
// run deadlocked.
func TestWrongGuessGetsSlot(t *testing.T) {
	src := t.TempDir()
	users := "digit = numeric = 1\nx = '{'\ny = '}'\n_WindowsConsoleIO = 2\nz = '\u00e9'\n"
	n := maxAhead + 200
	for i := 0; i < n; i++ {
		p := filepath.Join(src, fmt.Sprintf("m%04d.py", i))
		os.WriteFile(p, []byte(users), 0o644)
		dropCache(t, p)
	}
	var every share.Effects
	for _, e := range []string{"unicodedata", "nfkc", "unparse", "error:caret", "error:text"} {
		every.Add(e)
	}
	defer func() { guessAlways, guessFor = false, nil }()
	guessAlways = true
	guessFor = func(file string, st share.State) share.State {
		if strings.HasSuffix(file, "1.py") || strings.HasSuffix(file, "3.py") || strings.HasSuffix(file, "5.py") {
			return share.State{}.After(every)
		}
		return st
	}
	misses := guessMisses.Load()
	prefix := t.TempDir()
	done := make(chan struct{})
	go func() {
		defer close(done)
		var so, se bytes.Buffer
		Run([]string{src}, &Options{MaxLevels: 10, Force: true, Workers: 1, Compile: realCompile,
			Paths: Paths{Prefix: prefix}, Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }})
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatal("the run did not end")
	}
	if guessMisses.Load() == misses {
		t.Errorf("no wrong guess made")
	}
	written := 0
	filepath.Walk(prefix, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			written++
		}
		return nil
	})
	if written != n {
		t.Errorf("%d files written, want %d", written, n)
	}
}

// TestReadParked reads the rest of a file out of the page cache the way a
// worker that lent its slot does: from the offset given to the file's end,
// which may come before the buffer's (the size read first) or after it
// (a file that grew: the buffer is filled).
func TestReadParked(t *testing.T) {
	if sysPreadv2 == 0 {
		t.Skip("preadv2's number is not known here")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cold.py")
	data := bytes.Repeat([]byte("y = 'other text'\n"), 30000)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		off, room int // where the read starts; the buffer's size
	}{
		{0, len(data) + 1},
		{4096, len(data) - 4096 + 1},
		{len(data) - 100, 101},
		{1000, len(data)},        // the file is shorter than the room
		{1000, len(data) - 5000}, // the file is longer
	} {
		cold := dropCache(t, p)
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Seek(int64(c.off), 0); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, c.room)
		n, err := readParked(int(f.Fd()), buf, int64(c.off))
		f.Close()
		want := data[c.off:]
		if len(want) > c.room {
			want = want[:c.room]
		}
		if err != nil || !bytes.Equal(buf[:n], want) {
			t.Errorf("from %d into %d (cold %v): %d bytes, %v; want %d", c.off, c.room, cold, n, err, len(want))
		}
	}
}
