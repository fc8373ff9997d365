//go:build linux && (amd64 || arm64)

package pyc

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestPrefetcherWindow feeds a prefetcher a walk's sources: nothing is
// advised before a cold read; after it, the sources from the one after the
// latest begun, never more than the window ahead of the workers, each
// once, skipping names not ending in .py; the goroutines exit at the end.
func TestPrefetcherWindow(t *testing.T) {
	p := newPrefetcher()
	var mu sync.Mutex
	seen := map[string]int{}
	p.advise = func(path string) {
		mu.Lock()
		seen[path]++
		mu.Unlock()
	}
	const n = 1000
	name := func(seq int) string {
		if seq%10 == 0 {
			return "data" + strconv.Itoa(seq) + ".txt"
		}
		return "m" + strconv.Itoa(seq) + ".py"
	}
	for seq := 1; seq <= n/2; seq++ {
		p.add(name(seq), int64(seq))
	}
	p.begin(5)
	time.Sleep(10 * time.Millisecond)
	if len(seen) != 0 {
		t.Fatalf("advised %d sources before any cold read", len(seen))
	}
	for range coldsToStart - 1 {
		p.cold()
	}
	time.Sleep(10 * time.Millisecond)
	if len(seen) != 0 || p.active.Load() {
		t.Fatalf("advised %d sources after %d cold reads", len(seen), coldsToStart-1)
	}
	p.cold()
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(seen)
	}
	// From source 6 to 5+prefetchWindow (index 4 is the one begun; the
	// window allows indexes up to 4+prefetchWindow), less the .txt ones.
	want := 0
	for seq := 6; seq <= 5+prefetchWindow; seq++ {
		if seq%10 != 0 {
			want++
		}
	}
	waitFor(t, func() bool { return count() >= want })
	time.Sleep(10 * time.Millisecond)
	if got := count(); got != want {
		t.Fatalf("advised %d sources with the workers at the 5th, want %d", got, want)
	}
	for seq := n/2 + 1; seq <= n; seq++ {
		p.add(name(seq), int64(seq))
	}
	p.begin(n)
	p.walked()
	waitFor(t, func() bool { return count() >= n-n/10-5 }) // the .py ones from the 6th
	p.exited.Wait()
	mu.Lock()
	defer mu.Unlock()
	for path, k := range seen {
		if k != 1 || filepath.Ext(path) != ".py" {
			t.Errorf("%s advised %d times", path, k)
		}
	}
	for seq := 1; seq <= 5; seq++ {
		if seen[name(seq)] != 0 {
			t.Errorf("%s, before the cold read, was advised", name(seq))
		}
	}
}

// TestPrefetcherFinish stops the goroutines of a run that ends before its
// walk is advised (an uncaught exception stops the walk).
func TestPrefetcherFinish(t *testing.T) {
	p := newPrefetcher()
	p.advise = func(string) {}
	for seq := 1; seq <= 2*prefetchWindow; seq++ {
		p.add("m"+strconv.Itoa(seq)+".py", int64(seq))
	}
	p.begin(1)
	for range coldsToStart {
		p.cold()
	}
	p.finish()
	p.exited.Wait()
}

// TestAdviseWillNeed drops a file's pages from the page cache and advises
// it: the kernel reads it back without a read call.
func TestAdviseWillNeed(t *testing.T) {
	if sysPreadv2 == 0 {
		t.Skip("preadv2's number is not known here: cannot tell what is cached")
	}
	p := filepath.Join(t.TempDir(), "cold.py")
	data := bytes.Repeat([]byte("y = 'more text'\n"), 20000)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if !dropCache(t, p) {
		t.Skip("cannot drop the file's pages here")
	}
	cached := func() bool {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		buf := make([]byte, len(data)+1)
		n, ok, err := readCached(int(f.Fd()), buf)
		if !ok {
			t.Skip("the file system refuses RWF_NOWAIT")
		}
		return err == nil && n == len(data) && bytes.Equal(buf[:n], data)
	}
	if cached() {
		t.Skip("the pages came back at once: nothing to tell")
	}
	adviseWillNeed(p)
	waitFor(t, cached)
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(time.Millisecond) {
		if time.Since(start) > 5*time.Second {
			t.Fatal("timed out")
		}
	}
}
