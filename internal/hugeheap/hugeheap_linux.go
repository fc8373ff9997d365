package hugeheap

import (
	"runtime/debug"
	"syscall"
	"unsafe"
)

// madvHugePage is MADV_HUGEPAGE from <linux/mman.h>.
const madvHugePage = 14

// sink keeps a small object on the heap, to find where the heap starts.
var sink *uint64

const (
	hugePage  = 2 << 20  // x86-64 and arm64 (4 KiB base pages)
	heapArena = 64 << 20 // the runtime maps the heap inside 64 MiB arenas
)

// Reserve grows the heap by n bytes backed by huge pages where the kernel
// allows it. It is best effort: any failure leaves ordinary pages.
func Reserve(n int) {
	small := new(uint64)
	sink = small // on the heap, not the stack
	big := make([]byte, n)
	lo := uintptr(unsafe.Pointer(small))
	bigStart := uintptr(unsafe.Pointer(unsafe.SliceData(big)))
	if bigStart < lo {
		lo = bigStart
	}
	hi := bigStart + uintptr(n)
	// From the start of the arena that holds the first heap objects (the
	// part not yet mapped read-write is a reservation, which the runtime
	// replaces when it maps it: advice there does no harm) to the end of
	// the big block.
	start := lo &^ (heapArena - 1)
	end := (hi + hugePage - 1) &^ (hugePage - 1)
	// madvise reports ENOMEM when the range has holes, having advised the
	// mapped parts all the same; nothing to do about either outcome.
	syscall.Syscall(syscall.SYS_MADVISE, start, end-start, madvHugePage)
	// Collect the block (dead from here on) and return its pages to the
	// kernel (never touched, so this is cheap); the advice stays.
	debug.FreeOSMemory()
}
