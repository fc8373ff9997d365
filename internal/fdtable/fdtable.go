// Package fdtable grows the process's descriptor table ahead of need, off
// the path of the calls that would otherwise wait for it.
//
// The kernel sizes a process's descriptor table for the descriptors it
// holds (an exec keeps the size its parent's fork left: 64 entries, or 256
// under a shell that keeps descriptor 255 open) and replaces it with one
// twice as large when an open needs a number past its end. In a process
// with several threads the replacement waits for an RCU grace period
// (8-28 ms on this project's machines), and while it waits every open that
// needs a number past the old end waits too. A long run holds a few
// hundred descriptors at once (the sources read ahead and the cache
// directories: see package pyc), so it filled the table within its first
// milliseconds and its opens, the workers' included, waited there: 4-14
// ms of idle CPU time, in system-wide scheduler traces of stdlib runs
// (session 41).
//
// Grow asks for the larger table at once, from a goroutine of its own,
// before the run opens anything: the grace period then passes while the
// run starts, and the opens below the old end, which are all the run
// makes in that time, do not wait for it.
package fdtable

// Grow starts growing the table to hold at least n descriptors (less if
// the process may not open that many) and returns at once. It does
// nothing where the table cannot be grown so (outside Linux).
func Grow(n int) {
	if n > 0 {
		go grow(n)
	}
}
