//go:build !linux

package hugeheap

// Prepare does nothing where the kernel has no madvise(MADV_HUGEPAGE).
func Prepare(size int) (begin, end uintptr) { return 0, 0 }
