//go:build unix

package pyc

import "syscall"

// dirSearchable reports whether dir may be searched (access(dir, X_OK)).
func dirSearchable(dir string) bool { return syscall.Access(dir, 1) == nil }
