package pyc

import (
	"io/fs"
	"os"
	"syscall"
)

// readSource reads the whole file at path, as os.ReadFile does, into a
// buffer from srcBuffers, and returns the fstat of the descriptor it
// read.
func readSource(path string, t *turn) ([]byte, srcStat, error) {
	var st srcStat
	var sys syscall.Stat_t
	// The prefetcher may have opened the file already (see prefetcher);
	// it opened it without waiting, as a regular file needs, so anything
	// else is opened again.
	fd := t.takeSource()
	if fd >= 0 && (fstatRetry(fd, &sys) != nil || sys.Mode&syscall.S_IFMT != syscall.S_IFREG) {
		sysClose(fd)
		fd = -1
	}
	var err error
	if fd < 0 {
		if fd, err = openRetry(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0); err != nil {
			return nil, st, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		if err := fstatRetry(fd, &sys); err != nil {
			sysClose(fd)
			return nil, st, &fs.PathError{Op: "stat", Path: path, Err: err}
		}
	}
	defer sysClose(fd)
	st = srcStat{sec: int64(sys.Mtim.Sec), nsec: int64(sys.Mtim.Nsec), size: sys.Size, mode: sys.Mode,
		csec: int64(sys.Ctim.Sec), cnsec: int64(sys.Ctim.Nsec), ino: uint64(sys.Ino), dev: uint64(sys.Dev)}
	regular := sys.Mode&syscall.S_IFMT == syscall.S_IFREG
	n := 512
	if regular && sys.Size > 0 && sys.Size < 1<<40 {
		n = int(sys.Size) + 1 // one more byte, to see the end in one read
	}
	data := srcBuffers.get(n)
	// A file with a work slot first reads what the page cache holds
	// (see nowait_linux.go); if that is not all of it, it lends its slot
	// while the disk reads the rest.
	first, lent := regular && t.holdsSlot(), false
	defer func() {
		if lent {
			t.reacquire()
		}
	}()
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		buf := data[len(data):cap(data)]
		var m int
		if first {
			first = false
			var cached bool
			if m, cached, err = readCached(fd, buf); cached && err == nil && regular && len(data)+m < int(sys.Size) {
				data = data[:len(data)+m]
				t.pf.cold()
				t.release()
				lent = true
				lentReads.Add(1)
				continue
			} else if !cached {
				m, err = sysRead(fd, buf)
			}
		} else if lent {
			m, err = readParked(fd, buf, int64(len(data)))
		} else {
			m, err = sysRead(fd, buf)
		}
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, st, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if m <= 0 {
			return data, st, nil
		}
		data = data[:len(data)+m]
		// A short read of a regular file is its end.
		if regular && len(data) < cap(data) {
			return data, st, nil
		}
	}
}

func openRetry(path string, flags int, perm uint32) (int, error) {
	for {
		fd, err := sysOpen(path, flags, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstatRetry(fd int, st *syscall.Stat_t) error {
	for {
		err := sysFstat(fd, st)
		if err != syscall.EINTR {
			return err
		}
	}
}

// writeFile creates path exclusively with perm and writes data to it, with
// os.OpenFile's and os.File's error values. A file it created but could not
// complete is removed.
func writeFile(path string, data []byte, perm os.FileMode) error {
	fd, err := openRetry(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return &fs.PathError{Op: "open", Path: path, Err: err}
	}
	for len(data) > 0 {
		n, err := sysWrite(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			sysClose(fd)
			syscall.Unlink(path)
			return &fs.PathError{Op: "write", Path: path, Err: err}
		}
		data = data[n:]
	}
	if err := sysClose(fd); err != nil {
		syscall.Unlink(path)
		return &fs.PathError{Op: "close", Path: path, Err: err}
	}
	return nil
}
