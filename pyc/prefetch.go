package pyc

import (
	"strings"
	"sync"
	"sync/atomic"
)

// A tree whose sources have left the page cache is read from the disk
// one file at a time: each worker opens and reads its next source only
// when it gets to it, and a cold open waits on the disk while holding its
// processor (see sysfast_linux.go). Reading the whole standard library so,
// one file after another, took 1.3 s here against 0.43 s with sixteen
// readers at once. So once a run meets sources the page cache does not
// hold, a few goroutines start asking the kernel to read the next sources
// ahead of the workers (open, advise "will need", close: the kernel reads
// in the background), keeping the disk's queue full while the CPUs
// compile. A run whose sources are all cached never starts them; it pays
// one slice append per source.
//
// A source advised is left open for its worker, which reads it through
// that descriptor rather than opening it again: in this project's VMs the
// kernel evicts a few pages of a tree read seconds before, so a run a few
// seconds after another (a bench, a build) starts the goroutines and
// advises nearly every source, most of them cached; an open and a close
// were two thirds of that advice's system time. A worker that begins a
// source before its advice skips the advice.

// prefetchers is how many goroutines advise at once: an open of a file
// whose inode is not cached waits on the disk, so one would serialize
// those waits.
const prefetchers = 8

// prefetchWindow is how far (in sources) the advice may run ahead of the
// workers, so that sources read ahead are not evicted before they are
// compiled and a small run does not advise a whole large tree at once.
const prefetchWindow = 256

// prefetcher reads the walk's sources ahead of the workers once a few
// sources were not cached (see above).
type prefetcher struct {
	mu     sync.Mutex
	paths  []string // the sources to compile, in the walk's order
	next   int      // index in paths of the next source to advise
	over   bool     // the walk is over: paths is complete
	stop   bool     // the run is over: the goroutines exit
	wake   *sync.Cond
	active atomic.Bool  // the goroutines were started
	at     atomic.Int64 // index in paths of the source a worker began last
	colds  atomic.Int32 // sources found not cached so far
	// ahead counts the goroutines waiting for the workers to move the
	// window on, which begin then wakes.
	ahead atomic.Int32
	// handed maps the sequence number of a source advised and not yet
	// begun to its open descriptor, and that of a source begun before its
	// advice ended to -1 (the advice then closes or skips it).
	handed map[int64]int32
	// advise asks the kernel to read the file at path ahead and returns
	// the descriptor it opened, or -1 (an error, or nothing kept open).
	advise func(path string) int
	close  func(fd int)
	exited sync.WaitGroup // the goroutines (for tests)
}

// newPrefetcher returns a prefetcher, or nil where the kernel cannot be
// advised.
func newPrefetcher() *prefetcher {
	if !canAdvise {
		return nil
	}
	p := &prefetcher{advise: adviseWillNeed, close: closeAdvised, handed: map[int64]int32{}}
	p.wake = sync.NewCond(&p.mu)
	return p
}

// add records the next source of the walk, whose compile item has the
// sequence number seq (from 1); it returns nothing and never blocks.
func (p *prefetcher) add(path string, seq int64) {
	if p == nil || !strings.HasSuffix(path, ".py") {
		return
	}
	p.mu.Lock()
	// Items whose names do not end in .py are not compiled and leave
	// holes; a blank keeps the index equal to seq-1.
	for int64(len(p.paths)) < seq-1 {
		p.paths = append(p.paths, "")
	}
	p.paths = append(p.paths, path)
	if p.active.Load() {
		p.wake.Signal()
	}
	p.mu.Unlock()
}

// walked records that the walk is over.
func (p *prefetcher) walked() {
	if p != nil {
		p.raise(&p.over)
	}
}

// finish stops the goroutines, and closes the descriptors no worker took
// (the sources of files a worker never began): the run is over.
func (p *prefetcher) finish() {
	if p != nil {
		p.raise(&p.stop)
		p.mu.Lock()
		for seq, fd := range p.handed {
			if fd >= 0 {
				p.close(int(fd))
			}
			delete(p.handed, seq)
		}
		p.mu.Unlock()
	}
}

// raise sets the flag f, one of p's, and wakes every goroutine to see it.
func (p *prefetcher) raise(f *bool) {
	p.mu.Lock()
	*f = true
	p.wake.Broadcast()
	p.mu.Unlock()
}

// begin records that a worker begins the compile item numbered seq: the
// window moves on by one source, so one goroutine waiting for that may go
// on. It returns the source's descriptor when its advice left it open,
// else -1; the worker then reads through it (or closes it).
func (p *prefetcher) begin(seq int64) int {
	if p == nil {
		return -1
	}
	p.at.Store(seq - 1)
	if !p.active.Load() {
		return -1
	}
	fd := -1
	p.mu.Lock()
	if v, ok := p.handed[seq]; ok && v >= 0 {
		delete(p.handed, seq)
		fd = int(v)
	} else if !ok && !p.stop {
		p.handed[seq] = -1 // advice not begun or not ended: not needed now
	}
	if p.ahead.Load() > 0 {
		p.wake.Signal()
	}
	p.mu.Unlock()
	return fd
}

// coldsToStart is how many sources must be found not cached before the
// goroutines start: a page under write-back can make one read of a cached
// file come back short, and a tree whose files are almost all cached gains
// nothing from them.
const coldsToStart = 3

// coldShare: the goroutines start only once at least one in coldShare of
// the sources begun was found not cached. This project's VMs evict a few
// files of a tree between runs (a stdlib run 12 s after another found 3 to
// 90 of 2,288 not cached): advising every source after the third such file
// cost ~1,400-1,900 more system calls a run and read nothing the workers
// would not have read as quickly themselves. In a cold tree nearly every
// source is cold: they start at the coldsToStart-th.
const coldShare = 8

// cold records that a source was not (entirely) in the page cache; once
// enough were (see coldsToStart and coldShare), it starts the goroutines,
// from the sources after the latest one begun.
func (p *prefetcher) cold() {
	if p == nil || p.active.Load() {
		return
	}
	if c := int64(p.colds.Add(1)); c < coldsToStart || c*coldShare < p.at.Load()+1 {
		return
	}
	p.mu.Lock()
	if !p.active.Load() {
		p.next = int(p.at.Load()) + 1
		p.active.Store(true)
		p.exited.Add(prefetchers)
		for range prefetchers {
			go p.run()
		}
	}
	p.mu.Unlock()
}

// run advises the kernel of the sources ahead, one at a time, within the
// window, until the walk's sources are all advised or the run stops.
func (p *prefetcher) run() {
	defer p.exited.Done()
	p.mu.Lock()
	for {
		if p.stop || p.over && p.next >= len(p.paths) {
			p.mu.Unlock()
			return
		}
		if p.next >= len(p.paths) {
			p.wake.Wait() // the walk has not got that far
			continue
		}
		if int64(p.next) > p.at.Load()+prefetchWindow {
			// Far enough ahead: wait for the workers to move on.
			p.ahead.Add(1)
			p.wake.Wait()
			p.ahead.Add(-1)
			continue
		}
		path := p.paths[p.next]
		p.next++
		seq := int64(p.next) // the item numbered seq has index seq-1
		if v, ok := p.handed[seq]; ok && v < 0 {
			delete(p.handed, seq) // begun: the worker reads it already
			continue
		}
		p.mu.Unlock()
		fd := -1
		if path != "" {
			fd = p.advise(path)
		}
		p.mu.Lock()
		if fd >= 0 {
			if _, begun := p.handed[seq]; begun || p.stop {
				delete(p.handed, seq)
				p.close(fd)
			} else {
				p.handed[seq] = int32(fd)
			}
		}
	}
}
