//go:build !linux

package pyc

// writeUnnamed is Linux's O_TMPFILE write (tmpfile_linux.go); elsewhere
// files are written under a temporary name and renamed.
func writeUnnamed(dir, path string, data []byte, perm uint32) bool { return false }
