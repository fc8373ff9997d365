//go:build linux

package fdtable

import "syscall"

// fcntlDupfdCloexec is F_DUPFD_CLOEXEC: the lowest free descriptor at or
// above the argument, which the kernel makes room for.
const fcntlDupfdCloexec = 1030

func grow(n int) {
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) != nil {
		return
	}
	if uint64(n) > lim.Cur {
		n = int(lim.Cur)
	}
	if n <= 1 {
		return
	}
	// Any open descriptor will do to copy; the run's own may not be open
	// yet, and 0-2 may be closed.
	fd, err := syscall.Open("/", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return
	}
	// The ordinary call (not raw): it sleeps through the grace period,
	// and the runtime gives its processor to another thread meanwhile.
	high, _, errno := syscall.Syscall(syscall.SYS_FCNTL, uintptr(fd), fcntlDupfdCloexec, uintptr(n-1))
	if errno == 0 {
		syscall.Close(int(high))
	}
	syscall.Close(fd)
}
