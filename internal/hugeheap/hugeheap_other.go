//go:build !linux

package hugeheap

// Reserve does nothing where huge pages are not requested by madvise.
func Reserve(n int) {}
