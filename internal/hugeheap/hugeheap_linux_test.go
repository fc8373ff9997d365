package hugeheap

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/gopyc/gopyc/internal/childtest"
)

// TestPrepareAdvisesWhatTheHeapTakesNext checks the two things Prepare is
// for: the range it returns is advised for huge pages (the kernel lists
// "hg" among the mapping's flags), and the heap's next large allocation
// comes from that range. It runs in a fresh process with the collector
// off, as in gopyc: no free pages from earlier collections lie below the
// range to be taken first.
func TestPrepareAdvisesWhatTheHeapTakesNext(t *testing.T) {
	if childtest.InChild(t, "GOGC=off", "GODEBUG=") {
		prepareChild(t)
	}
}

func prepareChild(t *testing.T) {
	begin, end := Prepare(32 << 20)
	if begin == 0 {
		if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err == nil {
			t.Fatal("Prepare(32 MB) advised nothing, though the kernel has transparent huge pages")
		}
		t.Skip("hugeheap: the kernel has no transparent huge pages")
	}
	if end-begin < 16<<20 {
		t.Fatalf("Prepare(32 MB) advised %d bytes", end-begin)
	}
	for _, a := range []uintptr{begin, end - 1} {
		flags, ok := vmFlags(t, a)
		if !ok {
			t.Fatalf("no mapping holds %#x", a)
		}
		if !strings.Contains(" "+flags+" ", " hg ") {
			t.Errorf("mapping at %#x has VmFlags %q, want hg among them", a, flags)
		}
	}
	// The heap takes the lowest free pages: those of the freed object
	// below its first whole huge page, then the advised range.
	b := make([]byte, 8<<20)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	if lo, hi := max(p, begin), min(p+uintptr(len(b)), end); hi <= lo || hi-lo < uintptr(len(b))-uintptr(hugePageSize()) {
		t.Errorf("an 8 MB allocation after Prepare is at %#x, mostly outside the advised %#x-%#x", p, begin, end)
	}
}

func TestPrepareObeysDisablethp(t *testing.T) {
	t.Setenv("GODEBUG", "disablethp=1")
	if begin, end := Prepare(8 << 20); begin != 0 || end != 0 {
		t.Errorf("Prepare under GODEBUG=disablethp=1 advised %#x-%#x", begin, end)
	}
}

// vmFlags returns the VmFlags line of the mapping holding addr, from
// /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) (string, bool) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("hugeheap: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := mappingRange(line); ok {
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), true
		}
	}
	return "", false
}

// mappingRange parses a mapping's header line ("lo-hi perms ...").
func mappingRange(line string) (lo, hi uintptr, ok bool) {
	sp := strings.IndexByte(line, ' ')
	if sp < 0 {
		return 0, 0, false
	}
	a, b, found := strings.Cut(line[:sp], "-")
	if !found {
		return 0, 0, false
	}
	l, err1 := strconv.ParseUint(a, 16, 64)
	h, err2 := strconv.ParseUint(b, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false
	}
	return uintptr(l), uintptr(h), true
}
