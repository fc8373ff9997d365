package pyc

import (
	"io"
	"os"
)

// Elsewhere than on Linux the per-file I/O goes through package os (see
// fastio_linux.go for the system calls made directly there); these are
// built everywhere, so that Linux tests check them against those.

// readSourceOS reads the whole file at path, as os.ReadFile does, into a
// buffer from srcBuffers, and returns the stat of the file it read.
func readSourceOS(path string) ([]byte, srcStat, error) {
	var st srcStat
	f, err := os.Open(path)
	if err != nil {
		return nil, st, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, st, err
	}
	mt := fi.ModTime()
	st = srcStat{sec: mt.Unix(), nsec: int64(mt.Nanosecond()), size: fi.Size(), mode: unixMode(fi.Mode())}
	n := 512
	if fi.Mode().IsRegular() && fi.Size() > 0 && fi.Size() < 1<<40 {
		n = int(fi.Size()) + 1
	}
	data := srcBuffers.get(n)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		m, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+m]
		if err == io.EOF {
			return data, st, nil
		}
		if err != nil {
			return nil, st, err
		}
	}
}

// unixMode is the st_mode permission bits of m (what CalcMode uses).
func unixMode(m os.FileMode) uint32 {
	mode := uint32(m.Perm())
	if m&os.ModeSetuid != 0 {
		mode |= 0o4000
	}
	if m&os.ModeSetgid != 0 {
		mode |= 0o2000
	}
	if m&os.ModeSticky != 0 {
		mode |= 0o1000
	}
	return mode
}

// writeFileOS creates path exclusively with perm and writes data to it. A
// file it created but could not complete is removed.
func writeFileOS(path string, data []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm.Perm())
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}
