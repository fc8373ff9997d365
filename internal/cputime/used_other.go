//go:build !unix

package cputime

import "time"

var start = time.Now()

// Used is the process's wall time so far, where its CPU time is not at
// hand: the benchmarks' CPU figures then read as wall time.
func Used() time.Duration { return time.Since(start) }
