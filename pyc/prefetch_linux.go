//go:build linux && (amd64 || arm64)

package pyc

import "syscall"

// canAdvise: fadvise64 takes (fd, offset, len, advice) in whole registers
// on these architectures.
const canAdvise = true

// posixFadvWillNeed is POSIX_FADV_WILLNEED from <linux/fadvise.h>.
const posixFadvWillNeed = 3

// adviseWillNeed asks the kernel to read the file at path into the page
// cache in the background. Its calls are made the ordinary way (not raw):
// an open that waits on the disk for the inode then lets another thread
// run the processor. Errors are ignored: the worker reads the file anyway
// and reports them.
func adviseWillNeed(path string) {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
	if err != nil {
		return
	}
	syscall.Syscall6(syscall.SYS_FADVISE64, uintptr(fd), 0, 0, posixFadvWillNeed, 0, 0)
	syscall.Close(fd)
}
