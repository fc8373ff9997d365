// Package cputime measures the CPU time a benchmark's process uses, which
// says more than wall time on a machine shared with other work.
package cputime

import (
	"testing"
	"time"
)

// A Meter counts CPU time from its start.
type Meter struct{ start time.Duration }

// Start starts a Meter.
func Start() Meter { return Meter{Used()} }

// PerOp reports the CPU time since the start per b.N as "cpu-ns/op".
func (m Meter) PerOp(b *testing.B) {
	b.ReportMetric(float64(Used()-m.start)/float64(b.N), "cpu-ns/op")
}

// Rate reports bytesPerOp*b.N per second of CPU time since the start as
// "cpuMB/s".
func (m Meter) Rate(b *testing.B, bytesPerOp int64) {
	if d := Used() - m.start; d > 0 {
		b.ReportMetric(float64(bytesPerOp)*float64(b.N)/d.Seconds()/1e6, "cpuMB/s")
	}
}
