package pyc

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// The per-file I/O of a compileall run goes through bare system calls:
// os.File registers every descriptor with the runtime poller (four fcntl
// calls and a failing epoll_ctl for a regular file), and each stat, mkdir
// and rename of the portable API costs a call or two more. Errors are the
// *fs.PathError values package os would have returned, so messages do not
// change.

// srcStat is what compilation needs of a source's stat: st_mtime, st_size
// and st_mode, taken from the descriptor the source was read through.
type srcStat struct {
	sec, nsec int64
	size      int64
	mode      uint32
}

// mtime is int(st_mtime) as CPython computes it (see pyMtime).
func (s *srcStat) mtime() int64 {
	return int64(math.Trunc(float64(s.sec) + float64(s.nsec)*1e-9))
}

// cacheMode is CalcMode for a source whose stat is s.
func (s *srcStat) cacheMode() os.FileMode {
	return (os.FileMode(s.mode&0o7777) | 0o200) & 0o666
}

// srcBuffers recycles source buffers between files: a fresh buffer per file
// costs a page fault per 4 KiB as the kernel copies the source in, and 36 MB
// of garbage per standard-library run. pyCompile returns a buffer once the
// file's .pyc is written, when nothing made from the source is left (the
// process state carried to the next file holds no strings).
var srcBuffers bufferPool

// bufferPool recycles byte buffers by size: one sync.Pool for each power of
// two from minPooledBuffer to maxPooledBuffer, so that a buffer taken for n
// bytes always has room for them. With one pool for all sizes, a file larger
// than the buffer it drew dropped that buffer and allocated its own (7.5 MB
// of fresh memory per standard-library run for the sources alone).
type bufferPool [bufferClasses]sync.Pool

const (
	// Small classes: a file waiting for its turn holds its source buffer,
	// and most sources are far below 64 KiB.
	minPooledBuffer = 4 << 10
	maxPooledBuffer = 4 << 20 // larger buffers are not kept
	bufferClasses   = 11      // 4 KiB << 0 ... 4 KiB << 10 = 4 MiB
)

// get returns an empty buffer with room for n bytes.
func (p *bufferPool) get(n int) []byte {
	for k := range bufferClasses {
		if size := minPooledBuffer << k; n <= size {
			if b, ok := p[k].Get().(unsafe.Pointer); ok {
				return unsafe.Slice((*byte)(b), size)[:0]
			}
			return make([]byte, 0, size)
		}
	}
	return make([]byte, 0, n)
}

// put recycles b, in the largest size it has room for. The pools hold a
// pointer to the buffer's first byte, the class giving its capacity: a
// pointer goes into an interface without the allocation a slice needs
// (two per file).
func (p *bufferPool) put(b []byte) {
	if cap(b) < minPooledBuffer || cap(b) > maxPooledBuffer {
		return
	}
	k := bufferClasses - 1
	for cap(b) < minPooledBuffer<<k {
		k--
	}
	p[k].Put(unsafe.Pointer(unsafe.SliceData(b)))
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
type dirCache struct{ m sync.Map }

func (c *dirCache) makeDirs(dir string) error {
	if dir == "" {
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
	return nil
}

// madeHere reports whether this run created dir (rather than finding it):
// the only files in it are then the ones the run wrote.
func (c *dirCache) madeHere(dir string) bool {
	made, _ := c.m.Load(dir)
	return made == true
}

func (c *dirCache) forget(dir string) { c.m.Delete(dir) }
