// Package fresh allocates the slot arrays of hash tables so that the
// first touch of each memory page is a write.
//
// A large new slice comes straight from pages the process never touched,
// and the kernel backs a page first read with its shared zero page. A
// table's probes read a slot before writing it, so each such page faults
// twice: once to map the zero page, and again at the first write, which
// replaces it and must flush the old mapping from the TLB of every CPU
// running the process (an inter-processor interrupt, dear in a virtual
// machine). A stdlib run took ~700 of those flushes, nearly all in tables
// growing. Writing the array once when it is made leaves one fault a
// page and no flush.
package fresh

// Slots returns make([]S, n) with every element written once.
func Slots[S any](n int) []S {
	s := make([]S, n)
	clear(s)
	return s
}
