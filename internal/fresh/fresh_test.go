package fresh

import "testing"

func TestSlotsZeroed(t *testing.T) {
	type slot struct {
		p *int
		n uint32
	}
	for _, n := range []int{0, 1, 4096, 1 << 16} {
		s := Slots[slot](n)
		if len(s) != n || cap(s) != n {
			t.Fatalf("Slots(%d): len %d cap %d", n, len(s), cap(s))
		}
		for i, e := range s {
			if e != (slot{}) {
				t.Fatalf("Slots(%d)[%d] = %v, want zero", n, i, e)
			}
		}
	}
}
