package pyc

import (
	"strconv"
	"sync/atomic"
	"syscall"
)

// Linux can write a file that has no name until it is complete: open the
// directory with O_TMPFILE, write, then link the descriptor in under the
// final name. Readers see no file or the whole one, as with a temporary
// name and a rename, but it costs two system calls fewer, needs no
// rename (which locks the directory against the other workers), and a
// killed run leaves no temporary file behind.

// oTmpfile is O_TMPFILE: __O_TMPFILE (the same bit on every architecture
// Go runs Linux on) with O_DIRECTORY.
const oTmpfile = 0o20000000 | syscall.O_DIRECTORY

const (
	atFDCWD         = -100
	atSymlinkFollow = 0x400
)

// noTmpfile is set once the file system or the kernel refuses O_TMPFILE
// or the link through /proc, so later files go straight to the portable
// way.
var noTmpfile atomic.Bool

// writeUnnamed writes data to a new file at path, which must not exist,
// in directory dir. It reports false, having left nothing behind, when it
// could not: the caller then writes the portable way, which reproduces
// any error with the messages CPython gives.
func writeUnnamed(dir, path string, data []byte, perm uint32) bool {
	if noTmpfile.Load() {
		return false
	}
	fd, err := openRetry(dir, oTmpfile|syscall.O_WRONLY|syscall.O_CLOEXEC, perm)
	if err != nil {
		if err == syscall.EOPNOTSUPP || err == syscall.EISDIR || err == syscall.EINVAL {
			noTmpfile.Store(true)
		}
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
	err = linkat(atFDCWD, "/proc/self/fd/"+strconv.Itoa(fd), atFDCWD, path, atSymlinkFollow)
	if err == syscall.ENOENT || err == syscall.EPERM || err == syscall.EINVAL {
		// No /proc, or linking a descriptor is not allowed here.
		noTmpfile.Store(true)
	}
	return err == nil
}

func linkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	for {
		if err := sysLinkat(olddirfd, oldpath, newdirfd, newpath, flags); err != syscall.EINTR {
			return err
		}
	}
}
