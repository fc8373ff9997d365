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
	p.advise = func(path string) int {
		mu.Lock()
		seen[path]++
		mu.Unlock()
		return -1
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

// TestPrefetcherColdShare: a tree the page cache holds all but a few files
// of starts no advice: the goroutines wait until one source in coldShare
// of those begun was cold.
func TestPrefetcherColdShare(t *testing.T) {
	p := newPrefetcher()
	p.advise = func(string) int { return -1 }
	const begun = 100
	for seq := 1; seq <= 2*begun; seq++ {
		p.add("m"+strconv.Itoa(seq)+".py", int64(seq))
	}
	p.begin(begun)
	colds := 0
	for ; colds*coldShare < begun; colds++ {
		if p.active.Load() {
			t.Fatalf("started after %d cold sources of %d begun", colds, begun)
		}
		p.cold()
	}
	if !p.active.Load() {
		t.Fatalf("not started after %d cold sources of %d begun", colds, begun)
	}
	p.walked()
	p.finish()
	p.exited.Wait()
}

// TestPrefetcherFinish stops the goroutines of a run that ends before its
// walk is advised (an uncaught exception stops the walk).
func TestPrefetcherFinish(t *testing.T) {
	p := newPrefetcher()
	p.advise = func(string) int { return -1 }
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

// TestPrefetcherHandsDescriptors: a source advised before its worker
// begins it is handed over open; one begun first is not advised; those
// never begun are closed when the run ends.
func TestPrefetcherHandsDescriptors(t *testing.T) {
	p := newPrefetcher()
	var mu sync.Mutex
	advised := map[string]bool{}
	open := map[int]string{} // fake descriptors still open
	next := 100
	p.advise = func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		advised[path] = true
		next++
		open[next] = path
		return next
	}
	p.close = func(fd int) {
		mu.Lock()
		defer mu.Unlock()
		if _, ok := open[fd]; !ok {
			t.Errorf("descriptor %d closed twice or never opened", fd)
		}
		delete(open, fd)
	}
	name := func(seq int) string { return "m" + strconv.Itoa(seq) + ".py" }
	for seq := 1; seq <= 20; seq++ {
		p.add(name(seq), int64(seq))
	}
	p.walked()
	if fd := p.begin(1); fd != -1 {
		t.Fatalf("begin before any cold read handed %d", fd)
	}
	// Source 2 is begun after the goroutines start: from then on the
	// begun mark makes the advice skip or close it.
	for range coldsToStart {
		p.cold()
	}
	fd2 := p.begin(2)
	// Wait for the advice of 3..20 to end.
	waitFor(t, func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		for seq := int64(3); seq <= 20; seq++ {
			if p.handed[seq] <= 0 {
				return false
			}
		}
		return true
	})
	if fd2 >= 0 {
		mu.Lock()
		if open[fd2] != name(2) {
			t.Errorf("begin(2) handed %d, open for %q", fd2, open[fd2])
		}
		mu.Unlock()
		p.close(fd2)
	}
	for seq := 3; seq <= 10; seq++ {
		fd := p.begin(int64(seq))
		mu.Lock()
		got := open[fd]
		mu.Unlock()
		if got != name(seq) {
			t.Fatalf("begin(%d) handed %d, open for %q", seq, fd, got)
		}
		p.close(fd)
	}
	p.finish()
	p.exited.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(open) != 0 {
		t.Errorf("%d descriptors left open after finish: %v", len(open), open)
	}
	if advised[name(1)] {
		t.Errorf("source 1, begun before the goroutines started, was advised")
	}
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
