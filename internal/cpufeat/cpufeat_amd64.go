//go:build amd64 && !purego

package cpufeat

// cpuid executes CPUID with the given leaf and subleaf.
func cpuid(leaf, sub uint32) (a, b, c, d uint32)

// xgetbv0 returns the low word of extended control register 0.
func xgetbv0() uint32

// probed reports that detect asks the CPU.
const probed = true

func detect() (avx2, popcnt bool) {
	maxLeaf, _, _, _ := cpuid(0, 0)
	if maxLeaf < 7 {
		return false, false
	}
	_, _, c1, _ := cpuid(1, 0)
	popcnt = c1&(1<<23) != 0
	// AVX needs the OS to save XMM and YMM state (OSXSAVE, then XCR0 bits 1-2).
	if c1&(1<<27) == 0 || c1&(1<<28) == 0 || xgetbv0()&6 != 6 {
		return false, popcnt
	}
	_, b7, _, _ := cpuid(7, 0)
	return b7&(1<<5) != 0, popcnt
}
