package hugeheap

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"unsafe"
)

const madvHugepage = 14 // MADV_HUGEPAGE

// sink holds Prepare's allocation until the collection frees it.
var sink []byte

// Prepare makes size bytes of the heap one mapping advised for huge
// pages, and returns its range (zero when it did nothing).
//
// The runtime maps the heap as it grows, 4 MB at a time, each mapping a
// new one that does not inherit an advice given before it. So Prepare
// has the runtime map size bytes at once, by allocating one object that
// size (fresh memory: the runtime does not clear it, and no page is
// touched), frees it with a collection, and advises the mapping. The
// runtime allocates the lowest free pages first, so what the heap takes
// next comes from that range until it is used up. It costs one
// collection, while the heap is still small, and the runtime clears the
// pages again as it reuses them.
func Prepare(size int) (begin, end uintptr) {
	if disabled(os.Getenv("GODEBUG")) || size <= 0 {
		return 0, 0
	}
	huge := uintptr(hugePageSize())
	sink = make([]byte, size)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(sink)))
	sink = nil
	runtime.GC()
	begin = (base + huge - 1) &^ (huge - 1)
	end = (base + uintptr(size)) &^ (huge - 1)
	if begin >= end {
		return 0, 0
	}
	if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, begin, end-begin, madvHugepage); e != 0 {
		return 0, 0 // a kernel without transparent huge pages
	}
	return begin, end
}

// hugePageSize is the size of the kernel's transparent huge pages: 2 MB
// on x86-64 and on arm64 with 4 KB pages, but 512 MB with 64 KB pages.
func hugePageSize() int {
	if b, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && n > 0 && n&(n-1) == 0 {
			return n
		}
	}
	return 2 << 20
}
