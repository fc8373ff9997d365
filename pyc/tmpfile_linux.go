package pyc

import (
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
)

// Linux can write a file that has no name until it is complete: open the
// directory with O_TMPFILE, write, then link the descriptor in under the
// final name. Readers see no file or the whole one, as with a temporary
// name and a rename, but it costs two system calls fewer, needs no
// rename (which locks the directory against the other workers), and a
// killed run leaves no temporary file behind.
//
// Both calls name the directory by a descriptor kept for the run, and the
// link names the file by its descriptor (AT_EMPTY_PATH, which Linux 6.10
// and later allow for a file the caller opened; older kernels need
// /proc/self/fd): walking the cache directory's path twice and /proc's
// once took most of the link's time (stdlib, perf: 153 of its 207
// samples in path lookups).

// oTmpfile is O_TMPFILE: __O_TMPFILE (the same bit on every architecture
// Go runs Linux on) with O_DIRECTORY.
const oTmpfile = 0o20000000 | syscall.O_DIRECTORY

const (
	atFDCWD         = -100
	atSymlinkFollow = 0x400
	atEmptyPath     = 0x1000
	oPath           = 0o10000000
)

// noTmpfile is set once the file system or the kernel refuses O_TMPFILE
// or the link through /proc, so later files go straight to the portable
// way.
var noTmpfile atomic.Bool

// noEmptyPath is set once the kernel refuses to link a descriptor by
// AT_EMPTY_PATH, so later links go through /proc.
var noEmptyPath atomic.Bool

// writeUnnamed writes data to a new file at path, which must not exist,
// in directory dir. It reports false, having left nothing behind, when it
// could not: the caller then writes the portable way, which reproduces
// any error with the messages CPython gives.
func writeUnnamed(dir, path string, data []byte, perm uint32) bool {
	if noTmpfile.Load() {
		return false
	}
	dirfd, name := atFDCWD, path
	if len(dir) < len(path) && path[:len(dir)] == dir && dir[len(dir)-1] == '/' {
		if d, ok := dirFDs.get(dir); ok {
			dirfd, name = d, path[len(dir):]
		}
	}
	where := dir
	if dirfd != atFDCWD {
		where = "."
	}
	fd, err := openatRetry(dirfd, where, oTmpfile|syscall.O_WRONLY|syscall.O_CLOEXEC, perm)
	if err != nil {
		if err == syscall.EOPNOTSUPP || err == syscall.EISDIR || err == syscall.EINVAL {
			noTmpfile.Store(true)
		}
		// A directory removed since it was opened: the portable way
		// makes it again.
		dirFDs.drop(dir, dirfd)
		return false
	}
	defer sysClose(fd)
	for len(data) > 0 {
		n, err := sysWrite(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return false
		}
		data = data[n:]
	}
	if !noEmptyPath.Load() {
		err = linkat(fd, "", dirfd, name, atEmptyPath)
		if err == nil {
			return true
		}
		if err != syscall.ENOENT && err != syscall.EPERM && err != syscall.EINVAL || dirGone(dirfd) {
			// Not a refusal of AT_EMPTY_PATH (which is ENOENT
			// without the capability on older kernels): the
			// portable way reports it, or makes the directory
			// removed since it was opened again.
			dirFDs.drop(dir, dirfd)
			return false
		}
	}
	// AT_EMPTY_PATH refused (or the directory is gone: then this fails
	// too, and the portable way sorts it out).
	err = linkat(atFDCWD, "/proc/self/fd/"+strconv.Itoa(fd), dirfd, name, atSymlinkFollow)
	if err == nil {
		noEmptyPath.Store(true)
		return true
	}
	if err == syscall.ENOENT || err == syscall.EPERM || err == syscall.EINVAL {
		// No /proc, or linking a descriptor is not allowed here.
		noTmpfile.Store(true)
	}
	dirFDs.drop(dir, dirfd)
	return false
}

// dirGone reports whether the directory open as dirfd has been removed.
func dirGone(dirfd int) bool {
	var st syscall.Stat_t
	return dirfd != atFDCWD && fstatRetry(dirfd, &st) == nil && st.Nlink == 0
}

func linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	for {
		if err := sysLinkat(olddirfd, oldpath, newdirfd, newpath, flags); err != syscall.EINTR {
			return err
		}
	}
}

func openatRetry(dirfd int, path string, flags int, perm uint32) (int, error) {
	for {
		fd, err := sysOpenat(dirfd, path, flags, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// dirFDs keeps a descriptor (O_PATH) for each cache directory written to,
// up to maxDirFDs of them; later directories are named by path.
var dirFDs dirFDCache

const maxDirFDs = 256

type dirFDCache struct {
	mu sync.Mutex
	m  sync.Map // directory (as writeUnnamed gets it) -> descriptor
	n  int
	// last is the entry opened last, which nearly every file asks for
	// (see dirCache.last).
	last atomic.Pointer[dirFD]
}

type dirFD struct {
	dir string
	fd  int
}

// get returns a descriptor for dir, opening it on first use.
func (c *dirFDCache) get(dir string) (int, bool) {
	if e := c.last.Load(); e != nil && e.dir == dir {
		return e.fd, true
	}
	if fd, ok := c.m.Load(dir); ok {
		return fd.(int), true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if fd, ok := c.m.Load(dir); ok {
		return fd.(int), true
	}
	if c.n >= maxDirFDs {
		return 0, false
	}
	fd, err := openatRetry(atFDCWD, dir, oPath|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, false
	}
	c.m.Store(dir, fd)
	c.last.Store(&dirFD{dir, fd})
	c.n++
	return fd, true
}

// drop forgets dir's descriptor fd after a failure through it, so that the
// next file opens the directory again by path.
func (c *dirFDCache) drop(dir string, fd int) {
	if fd == atFDCWD {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if cur, ok := c.m.Load(dir); ok && cur.(int) == fd {
		c.m.Delete(dir)
		if e := c.last.Load(); e != nil && e.dir == dir {
			c.last.Store(nil)
		}
		c.n--
		// Not closed: another file may be using it right now; a
		// descriptor per failed directory is a small leak.
	}
}
