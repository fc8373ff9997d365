package pyc

import (
	"sync/atomic"
	"syscall"
	"unsafe"
)

// A source whose pages have left the page cache is read from disk, and a
// raw read (see sysfast_linux.go) holds its processor and its work slot
// meanwhile: one CPU idles for the disk. On this project's VMs the kernel
// evicts pages of a tree read seconds before (proactive reclaim), and a
// stdlib run waited on the disk up to 125 times. So the first read of a
// source asks for what the page cache holds only (preadv2 with
// RWF_NOWAIT, Linux 4.14 and later); for the rest, the file gives its
// slot to another file and reads through the scheduler, which lets
// another thread run the processor.

// rwfNowait is RWF_NOWAIT from <linux/fs.h>.
const rwfNowait = 0x8

// noNowait is set once the kernel or a file system refuses RWF_NOWAIT:
// later first reads are ordinary ones.
var noNowait atomic.Bool

// readCached reads into b what the page cache holds, at the file's
// position. It reports ok false when the kernel cannot tell (no preadv2
// or no RWF_NOWAIT here): the caller then reads the ordinary way. n is 0
// with ok true when nothing is cached (EAGAIN).
func readCached(fd int, b []byte) (n int, ok bool, err error) {
	if sysPreadv2 == 0 || noNowait.Load() || len(b) == 0 {
		return 0, false, nil
	}
	iov := syscall.Iovec{Base: unsafe.SliceData(b)}
	iov.SetLen(len(b))
	for {
		// Offset -1: the file's position, which the read advances, as
		// read(2) does.
		r, _, e := syscall.RawSyscall6(sysPreadv2, uintptr(fd), uintptr(unsafe.Pointer(&iov)), 1, ^uintptr(0), ^uintptr(0), rwfNowait)
		switch e {
		case 0:
			return int(r), true, nil
		case syscall.EINTR:
			continue
		case syscall.EAGAIN:
			return 0, true, nil
		case syscall.EOPNOTSUPP, syscall.ENOSYS, syscall.EINVAL:
			noNowait.Store(true)
			return 0, false, nil
		}
		return 0, true, e
	}
}

// readBlocking is read(2) made the ordinary way, so that the runtime can
// run the processor on another thread while the disk works.
func readBlocking(fd int, b []byte) (int, error) {
	for {
		n, err := syscall.Read(fd, b)
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// lentReads counts the sources read with the slot lent (for tests).
var lentReads atomic.Int64
