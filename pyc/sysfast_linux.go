package pyc

import (
	"strings"
	"syscall"
	"unsafe"
)

// The file system calls of a compile run are short: the sources are
// usually in the page cache and the outputs go to it. Made the ordinary
// way, each tells the scheduler it may block, and while both CPUs are busy
// the runtime's monitor thread hands the processor of any call that lasts
// past its 20 µs tick to another thread, then wakes every 20 µs to look
// again: on the stdlib that was ~11,000 monitor wake-ups and ~1,400
// hand-offs per run, each a context switch on a two-CPU machine. Made raw,
// the calls keep their processor, and the monitor backs off to 10 ms. A
// call that does block (a cold disk) only holds its processor meanwhile.

// cPath is room for a path and its NUL on the stack: most paths fit, and a
// call then allocates nothing (syscall.BytePtrFromString copies to the
// heap, two or three times per file).
type cPath [512]byte

// ptr returns s as a NUL-terminated string in b, or in a heap copy when it
// does not fit; EINVAL for a string with a NUL, as the syscall package.
func (b *cPath) ptr(s string) (*byte, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return nil, syscall.EINVAL
	}
	if len(s) >= len(b) {
		return syscall.BytePtrFromString(s)
	}
	copy(b[:], s)
	b[len(s)] = 0
	return &b[0], nil
}

func sysOpen(path string, flags int, perm uint32) (int, error) {
	return sysOpenat(atFDCWD, path, flags, perm)
}

// sysOpenat opens path relative to the directory open as dirfd.
func sysOpenat(dirfd int, path string, flags int, perm uint32) (int, error) {
	var buf cPath
	p, err := buf.ptr(path)
	if err != nil {
		return -1, err
	}
	fd, _, e := syscall.RawSyscall6(syscall.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(p)), uintptr(flags|syscall.O_LARGEFILE), uintptr(perm), 0, 0)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

func sysRead(fd int, b []byte) (int, error) {
	n, _, e := syscall.RawSyscall(syscall.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}

func sysWrite(fd int, b []byte) (int, error) {
	n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(unsafe.SliceData(b))), uintptr(len(b)))
	if e != 0 {
		return -1, e
	}
	return int(n), nil
}

func sysClose(fd int) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOSE, uintptr(fd), 0, 0); e != 0 {
		return e
	}
	return nil
}

func sysFstat(fd int, st *syscall.Stat_t) error {
	if _, _, e := syscall.RawSyscall(syscall.SYS_FSTAT, uintptr(fd), uintptr(unsafe.Pointer(st)), 0); e != 0 {
		return e
	}
	return nil
}

func sysLinkat(olddirfd int, oldpath string, newdirfd int, newpath string, flags int) error {
	var fromBuf, toBuf cPath
	from, err := fromBuf.ptr(oldpath)
	if err != nil {
		return err
	}
	to, err := toBuf.ptr(newpath)
	if err != nil {
		return err
	}
	if _, _, e := syscall.RawSyscall6(syscall.SYS_LINKAT, uintptr(olddirfd), uintptr(unsafe.Pointer(from)),
		uintptr(newdirfd), uintptr(unsafe.Pointer(to)), uintptr(flags), 0); e != 0 {
		return e
	}
	return nil
}
