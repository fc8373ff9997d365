//go:build !linux

package pyc

import "syscall"

// The ordinary system calls elsewhere (see sysfast_linux.go).

func sysOpen(path string, flags int, perm uint32) (int, error) {
	return syscall.Open(path, flags, perm)
}
func sysRead(fd int, b []byte) (int, error)     { return syscall.Read(fd, b) }
func sysWrite(fd int, b []byte) (int, error)    { return syscall.Write(fd, b) }
func sysClose(fd int) error                     { return syscall.Close(fd) }
func sysFstat(fd int, st *syscall.Stat_t) error { return syscall.Fstat(fd, st) }
