package pyc

import (
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// A source whose pages have left the page cache is read from disk, and a
// raw read (see sysfast_linux.go) holds its processor and its work slot
// meanwhile: one CPU idles for the disk. On this project's VMs the kernel
// evicts pages of a tree read seconds before (proactive reclaim), and a
// stdlib run waited on the disk up to 125 times. So the first read of a
// source asks for what the page cache holds only (preadv2 with
// RWF_NOWAIT, Linux 4.14 and later); for the rest, the file gives its
// slot to another file and sleeps while the disk reads (readParked), so
// that its processor runs other files meanwhile.

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
	n, e := preadNowait(fd, b)
	switch e {
	case 0:
		return n, true, nil
	case syscall.EAGAIN:
		return 0, true, nil
	case syscall.EOPNOTSUPP, syscall.ENOSYS, syscall.EINVAL:
		noNowait.Store(true)
		return 0, false, nil
	}
	return 0, true, e
}

// preadNowait is one preadv2 into b at the file's position (offset -1,
// which the read advances, as read(2) does) with RWF_NOWAIT, retried on
// EINTR: the bytes read and the error number.
func preadNowait(fd int, b []byte) (int, syscall.Errno) {
	iov := syscall.Iovec{Base: unsafe.SliceData(b)}
	iov.SetLen(len(b))
	for {
		r, _, e := syscall.RawSyscall6(sysPreadv2, uintptr(fd), uintptr(unsafe.Pointer(&iov)), 1, ^uintptr(0), ^uintptr(0), rwfNowait)
		if e != syscall.EINTR {
			return int(r), e
		}
	}
}

// readParked reads into b the rest of a source the page cache lacked, from
// offset off (the file's position), as read(2) would: until b is full or
// the file ends. A read that waits for the disk holds its processor until
// the runtime's monitor takes the processor back, which can be
// milliseconds when it has been idle: the other files waited for a CPU
// that did nothing (execution traces of runs a few seconds after another
// program read the tree: 120 such reads holding a processor ~19 ms a run).
// So the kernel is asked to read the rest in the background
// (POSIX_FADV_WILLNEED) and the goroutine sleeps, leaving its processor to
// other files, and reads what the page cache holds when it wakes. A disk
// still busy after parkLimit gets an ordinary read.
func readParked(fd int, b []byte, off int64) (int, error) {
	adviseRest(fd, off)
	got := 0
	wait := parkFirst
	for slept := time.Duration(0); slept < parkLimit; {
		time.Sleep(wait)
		slept += wait
		for got < len(b) {
			n, more, err := readNowait(fd, b[got:])
			if err != nil || !more {
				if err == nil && got == 0 {
					// At the end, or RWF_NOWAIT refused after all:
					// read(2) tells which.
					return readBlocking(fd, b)
				}
				return got + n, err
			}
			if n == 0 {
				break // not cached yet
			}
			got += n
		}
		if got == len(b) {
			return got, nil
		}
		if wait < parkMax {
			wait *= 2
		}
	}
	n, err := readBlocking(fd, b[got:])
	return got + n, err
}

// The sleeps of readParked: the first, the longest, and their sum before
// it reads the ordinary way. In one traced run the 120 reads from this
// project's VM disk took 0.16 ms on average, a few 3-4 ms.
const (
	parkFirst = 50 * time.Microsecond
	parkMax   = time.Millisecond
	parkLimit = 50 * time.Millisecond
)

// readNowait is one RWF_NOWAIT read into b at the file's position: n
// bytes, 0 with more true when none is cached yet (EAGAIN), 0 with more
// false at the file's end or when the kernel refuses the flag.
func readNowait(fd int, b []byte) (n int, more bool, err error) {
	n, e := preadNowait(fd, b)
	switch e {
	case 0:
		return n, n > 0, nil
	case syscall.EAGAIN:
		return 0, true, nil
	case syscall.EOPNOTSUPP, syscall.ENOSYS, syscall.EINVAL:
		return 0, false, nil
	}
	return 0, false, e
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
