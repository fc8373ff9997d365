package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestReserveAdvisesHeap checks that, after Reserve, heap memory allocated
// later lies in a mapping the kernel marks eligible for huge pages (the
// "hp" flag of VmFlags in /proc/self/smaps, set by MADV_HUGEPAGE).
func TestReserveAdvisesHeap(t *testing.T) {
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages unavailable here")
	}
	Reserve(64 << 20)
	later := make([]byte, 3<<20) // a fresh large block, after the reservation
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(later)))
	flags, ok := vmFlagsAt(t, addr)
	if !ok {
		t.Fatalf("no mapping holds heap address %#x", addr)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Errorf("heap mapping at %#x has VmFlags %q, want the hg (MADV_HUGEPAGE) flag", addr, flags)
	}
	later[0] = 1
}

// vmFlagsAt returns the VmFlags line of the mapping that contains addr.
func vmFlagsAt(t *testing.T, addr uintptr) (string, bool) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps")
	}
	defer f.Close()
	inside := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			inside = lo <= uint64(addr) && uint64(addr) < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), true
		}
	}
	return "", false
}

// mappingRange parses the "lo-hi perms ..." header line of an smaps entry.
func mappingRange(line string) (lo, hi uint64, ok bool) {
	field, _, _ := strings.Cut(line, " ")
	a, b, found := strings.Cut(field, "-")
	if !found {
		return 0, 0, false
	}
	lo, err1 := strconv.ParseUint(a, 16, 64)
	hi, err2 := strconv.ParseUint(b, 16, 64)
	return lo, hi, err1 == nil && err2 == nil
}
