package fdtable

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gopyc/gopyc/internal/childtest"
)

// TestGrowMakesRoom checks, in a fresh process (whose table the test
// binary's own descriptors have not grown), that the table reaches the
// size asked for within a grace period's time, and that Grow leaves no
// descriptor open.
func TestGrowMakesRoom(t *testing.T) {
	if childtest.InChild(t) {
		growChild(t)
	}
}

func growChild(t *testing.T) {
	size := tableSize(t)
	want := 4 * size
	Grow(want)
	deadline := time.Now().Add(5 * time.Second)
	for tableSize(t) < want {
		if time.Now().After(deadline) {
			t.Fatalf("table holds %d descriptors 5 s after Grow(%d) (started at %d)", tableSize(t), want, size)
		}
		time.Sleep(time.Millisecond)
	}
	// The growing goroutine closes the two descriptors it opened (one
	// on "/", one copy of it past the old end) once the call that grew
	// the table returns.
	for {
		left := growers(t, size)
		if len(left) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("descriptors left open by Grow: %v", left)
		}
		time.Sleep(time.Millisecond)
	}
}

// growers lists the open descriptors that Grow could have left: any on
// the root directory, and any at or past the table's old end.
func growers(t *testing.T, oldEnd int) []string {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc/self/fd: %v", err)
	}
	var left []string
	for _, e := range ents {
		n, _ := strconv.Atoi(e.Name())
		to, _ := os.Readlink("/proc/self/fd/" + e.Name())
		if to == "/" || n >= oldEnd {
			left = append(left, e.Name()+" -> "+to)
		}
	}
	return left
}

// tableSize is the kernel's FDSize for this process.
func tableSize(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "FDSize:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("FDSize line %q", line)
			}
			return n
		}
	}
	t.Skip("no FDSize in /proc/self/status")
	return 0
}
