package pyc

import (
	"errors"
	"io/fs"
	"math"
	"math/bits"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// The per-file I/O of a compileall run goes through bare system calls:
// os.File registers every descriptor with the runtime poller (four fcntl
// calls and a failing epoll_ctl for a regular file), and each stat, mkdir
// and rename of the portable API costs a call or two more. Errors are the
// *fs.PathError values package os would have returned, so messages do not
// change.

// srcStat is what compilation needs of a source's stat: st_mtime, st_size
// and st_mode, taken from the descriptor the source was read through, and
// st_ctime, st_ino and st_dev, which with them tell whether a file read
// again is the one read first (see sameFile).
type srcStat struct {
	sec, nsec   int64
	size        int64
	mode        uint32
	csec, cnsec int64 // zero where the stat does not give them
	ino, dev    uint64
}

// sameFile reports whether a source whose stat was s, read again with stat
// r, can be taken for the same bytes without comparing them: the same file,
// neither changed nor modified since. Only for a source whose ctime is
// older than its first read by more than the clock's granularity (see
// settled): an edit within the tick of the change before would keep the
// ctime.
func (s *srcStat) sameFile(r *srcStat) bool {
	return s.csec != 0 && *s == *r
}

// settled reports whether the source was last changed (ctime) at least
// settleTime before since, a time before it was read: any change since
// then has a later ctime.
func (s *srcStat) settled(since int64) bool {
	return s.csec != 0 && s.csec*1e9+s.cnsec < since-int64(settleTime)
}

// settleTime exceeds the granularity of file timestamps (a clock tick;
// a second or two on some file systems) and the lag of the kernel's
// coarse clock behind time.Now. A variable for tests.
var settleTime = 5 * time.Second

// mtime is int(st_mtime) as CPython computes it (see pyMtime).
func (s *srcStat) mtime() int64 {
	return int64(math.Trunc(float64(s.sec) + float64(s.nsec)*1e-9))
}

// cacheMode is CalcMode for a source whose stat is s.
func (s *srcStat) cacheMode() os.FileMode {
	return (os.FileMode(s.mode&0o7777) | 0o200) & 0o666
}

// srcBuffers recycles the buffers sources are read into and .pyc files are
// assembled in: a fresh buffer per file costs a page fault per 4 KiB as the
// kernel copies the source in, and 36 MB of garbage per standard-library
// run. pyCompile returns a source buffer once nothing made from it is used
// (the code is marshalled; the process state carried to the next file
// holds no strings), an output buffer once written. One pool serves both,
// so a file's output buffer can be a later file's source buffer: with a
// pool each, a stdlib run drew ~0.4 MB more fresh buffers.
var srcBuffers bufferPool

// bufferPool recycles byte buffers by size: a free list for each power of
// two from minPooledBuffer to maxPooledBuffer, so that a buffer taken for n
// bytes always has room for them. With one list for all sizes, a file larger
// than the buffer it drew dropped that buffer and allocated its own (7.5 MB
// of fresh memory per standard-library run for the sources alone). One
// mutex guards them: a sync.Pool per class kept a buffer in each CPU's
// private slot, out of the other's reach, and drew more fresh buffers.
type bufferPool struct {
	mu sync.Mutex
	// free holds pointers to the buffers' first bytes, the class giving
	// their capacity.
	free [bufferClasses][]unsafe.Pointer
}

const (
	// Small classes: a file waiting for its turn holds its source buffer,
	// and most sources are far below 64 KiB.
	minPooledBuffer = 1 << minPooledShift
	minPooledShift  = 12
	maxPooledBuffer = 4 << 20 // larger buffers are not kept
	bufferClasses   = 11      // 4 KiB << 0 ... 4 KiB << 10 = 4 MiB
	// spillClasses is how many classes above its own a request may draw
	// a free buffer from rather than allocate one.
	spillClasses = 2
)

// get returns an empty buffer with room for n bytes: the largest free one
// of the classes it may draw from. A .pyc larger than its source overflows
// a buffer sized by the source, and append then moves it to a new one,
// fresh memory cleared in full, which goes to the pool beside the old: a
// stdlib run grew ~70 buffers so (~2 MB), drawing the smallest that fits;
// drawn largest first, 2-8. A larger buffer than needed costs nothing:
// a source or .pyc touches only as much of it as it fills.
func (p *bufferPool) get(n int) []byte {
	// The smallest class with room for n.
	k := 0
	if n > minPooledBuffer {
		k = bits.Len(uint(n-1)) - minPooledShift
	}
	if k >= bufferClasses {
		return make([]byte, 0, n)
	}
	p.mu.Lock()
	for j := min(k+spillClasses, bufferClasses-1); j >= k; j-- {
		if l := len(p.free[j]) - 1; l >= 0 {
			b := p.free[j][l]
			p.free[j] = p.free[j][:l]
			p.mu.Unlock()
			return unsafe.Slice((*byte)(b), minPooledBuffer<<j)[:0]
		}
	}
	p.mu.Unlock()
	return make([]byte, 0, minPooledBuffer<<k)
}

// put recycles b, in the largest size it has room for.
func (p *bufferPool) put(b []byte) {
	if cap(b) < minPooledBuffer || cap(b) > maxPooledBuffer {
		return
	}
	k := bits.Len(uint(cap(b))) - 1 - minPooledShift
	p.mu.Lock()
	p.free[k] = append(p.free[k], unsafe.Pointer(unsafe.SliceData(b)))
	p.mu.Unlock()
}

// rename is os.Rename without its extra lstat of the target: the error, if
// any, comes from os.Rename redone, so it is the one package os gives.
func rename(from, to string) error {
	for {
		err := syscall.Rename(from, to)
		if err == nil {
			return nil
		}
		if err != syscall.EINTR {
			return os.Rename(from, to)
		}
	}
}

var pid = os.Getpid()

// dirCache remembers the cache directories this process made or found, so
// that a run makes one mkdir per directory rather than one per file.
// Should a remembered directory vanish during the run, the write into it
// fails with ENOENT, the entry is dropped and the directory made again.
type dirCache struct {
	m sync.Map
	// last is the entry stored last: files come a directory at a time,
	// so it answers nearly every file with a string compare, where the
	// map hashes the path (twice a file: madeHere, makeDirs).
	last atomic.Pointer[dirEntry]
}

type dirEntry struct {
	dir  string
	made bool
}

func (c *dirCache) makeDirs(dir string) error {
	if dir == "" {
		return nil
	}
	if e := c.last.Load(); e != nil && e.dir == dir {
		return nil
	}
	if _, ok := c.m.Load(dir); ok {
		return nil
	}
	err := makedirs(dir)
	made := err == nil
	if errors.Is(err, fs.ErrExist) {
		err = nil
	}
	if err != nil {
		return err
	}
	c.m.Store(dir, made)
	c.last.Store(&dirEntry{dir, made})
	return nil
}

// madeHere reports whether this run created dir (rather than finding it):
// the only files in it are then the ones the run wrote.
func (c *dirCache) madeHere(dir string) bool {
	if e := c.last.Load(); e != nil && e.dir == dir {
		return e.made
	}
	made, _ := c.m.Load(dir)
	return made == true
}

func (c *dirCache) forget(dir string) {
	c.m.Delete(dir)
	if e := c.last.Load(); e != nil && e.dir == dir {
		c.last.CompareAndSwap(e, nil)
	}
}
