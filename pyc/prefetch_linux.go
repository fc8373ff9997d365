//go:build linux && (amd64 || arm64)

package pyc

import (
	"sync"
	"syscall"
)

// canAdvise: fadvise64 takes (fd, offset, len, advice) in whole registers
// on these architectures.
const canAdvise = true

// posixFadvWillNeed is POSIX_FADV_WILLNEED from <linux/fadvise.h>.
const posixFadvWillNeed = 3

// adviseWillNeed asks the kernel to read the file at path into the page
// cache in the background, and returns the descriptor it opened for the
// worker that will read the file (see prefetcher), or -1. Its calls are
// made the ordinary way (not raw): an open that waits on the disk for the
// inode then lets another thread run the processor. Errors are ignored:
// the worker opens the file itself and reports them. O_NONBLOCK keeps a
// FIFO's open from waiting for a writer; readSource reopens anything but a
// regular file.
func adviseWillNeed(path string) int {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return -1
	}
	syscall.Syscall6(syscall.SYS_FADVISE64, uintptr(fd), 0, 0, posixFadvWillNeed, 0, 0)
	if !keepAdvised() {
		syscall.Close(fd)
		return -1
	}
	return fd
}

// adviseRest asks the kernel to read fd from offset off to its end in the
// background (see readParked).
func adviseRest(fd int, off int64) {
	syscall.Syscall6(syscall.SYS_FADVISE64, uintptr(fd), uintptr(off), 0, posixFadvWillNeed, 0, 0)
}

// keepAdvised reports whether the process may hold a descriptor for every
// source advised ahead (up to prefetchWindow+prefetchers of them) besides
// the cache directories' (up to 256) and the workers' own: a worker's open
// must not fail for want of one. Go raises the soft limit to the hard
// one at startup; this asks for 1,024, the usual soft limit.
var keepAdvised = sync.OnceValue(func() bool {
	var lim syscall.Rlimit
	return syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur >= 1024
})

// closeAdvised closes a descriptor adviseWillNeed left open.
func closeAdvised(fd int) { syscall.Close(fd) }
