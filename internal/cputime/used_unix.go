//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// Used is the user plus system CPU time of the process so far.
func Used() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
