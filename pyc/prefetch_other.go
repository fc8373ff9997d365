//go:build !linux || !(amd64 || arm64)

package pyc

// canAdvise: this package advises the kernel only on Linux amd64 and
// arm64 (prefetch_linux.go); elsewhere runs do not read ahead.
const canAdvise = false

func adviseWillNeed(string) int { return -1 }

func closeAdvised(int) {}

func adviseRest(int, int64) {}
