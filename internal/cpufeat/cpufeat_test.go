package cpufeat

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// TestAgreesWithProcCPUInfo checks the flags against what Linux reports,
// where it reports them.
func TestAgreesWithProcCPUInfo(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil || runtime.GOARCH != "amd64" || !probed {
		t.Skip("no /proc/cpuinfo, or the CPU is not asked here")
	}
	var flags []string
	for _, line := range strings.Split(string(info), "\n") {
		if strings.HasPrefix(line, "flags") {
			flags = strings.Fields(line)
			break
		}
	}
	has := func(f string) bool {
		for _, g := range flags {
			if g == f {
				return true
			}
		}
		return false
	}
	if AVX2 != has("avx2") {
		t.Errorf("AVX2 = %v, /proc/cpuinfo says %v", AVX2, has("avx2"))
	}
	if POPCNT != has("popcnt") {
		t.Errorf("POPCNT = %v, /proc/cpuinfo says %v", POPCNT, has("popcnt"))
	}
}
