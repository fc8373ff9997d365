// Package hugeheap asks the kernel to back the Go heap with transparent
// huge pages in a long run, on machines whose setting leaves that to the
// process ("madvise" in /sys/kernel/mm/transparent_hugepage/enabled, the
// default of many distributions).
//
// A run over a large tree reads and writes tens of megabytes of syntax
// trees and tables spread over the heap. With 4 KB pages their addresses
// miss the TLB often, and in a virtual machine each miss walks two levels
// of page tables. In five sets of alternating standard-library runs
// (56 pairs, session 39) gopyc with its heap on 2 MB pages took 2-8% less
// CPU time (the sets' means; user time up to 12% less, system time a
// little more: whole huge pages are zeroed), about what the system-wide
// setting "always" gave; in three sets run as the bench runs (each after
// a compileall run), 7%, 0.4% and 2% less. It depends on the host. A huge
// page's first touch costs more (~2.5 ms here for its 512 small pages of
// fresh memory at once), and Prepare costs a collection: a run over a
// directory of one file took ~3 ms longer. So Prepare is for runs known
// to be long, before the heap grows.
package hugeheap

import "strings"

// disabled tells whether GODEBUG holds disablethp=1, the Go runtime's
// setting to keep its heap off huge pages, which Prepare obeys too.
func disabled(godebug string) bool {
	on := false
	for _, kv := range strings.Split(godebug, ",") {
		switch strings.TrimSpace(kv) {
		case "disablethp=1":
			on = true
		case "disablethp=0":
			on = false
		}
	}
	return on
}
