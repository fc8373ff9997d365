// Package hugeheap asks the kernel to back the Go heap with transparent
// huge pages where it only grants them on request (Linux THP "madvise"
// mode, the common default).
//
// A compile run touches tens of megabytes of fresh heap; with 4 KiB pages
// that is one page fault per page (about 15k on the stdlib), each dear in a
// virtual machine, and a TLB that misses all over the syntax trees. The Go
// runtime no longer advises huge pages for its heap, and it maps heap
// memory piece by piece as the heap grows, so advice given afterwards would
// miss the pieces mapped later. Reserve therefore grows the heap once, up
// front, by a large allocation that is never touched, advises huge pages on
// that whole range, and hands the memory back to the runtime and the
// kernel untouched: later allocations reuse the range, and their first
// touch faults in a 2 MiB page at a time. Measured on the stdlib with two
// CPUs: about 12% less CPU time (user and system) and far fewer faults.
package hugeheap
