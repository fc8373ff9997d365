package codegen

import (
	"math/rand"
	"testing"
)

type testSlot struct {
	h   uint64
	gen uint32
}

func (s *testSlot) stamp() *uint32 { return &s.gen }
func (s *testSlot) home() uint64   { return s.h }

// TestStampedGrow checks that growing keeps every entry findable, within
// the array (rehash in place) and past it, across generations and their
// wrap-around.
func TestStampedGrow(t *testing.T) {
	var tab stampedTable[testSlot, *testSlot]
	r := rand.New(rand.NewSource(1))
	find := func(h uint64) *testSlot {
		mask := uint64(len(tab.slots) - 1)
		for i := h & mask; ; i = (i + 1) & mask {
			s := &tab.slots[i]
			if s.gen != tab.gen || s.h == h {
				return s
			}
		}
	}
	for round := range 200 {
		if round%7 == 3 {
			tab.gen = ^uint32(0) - uint32(r.Intn(3)) // near the wrap
		}
		tab.reset(slotsFor(r.Intn(40), 8))
		var keys []uint64
		seen := map[uint64]bool{}
		for range r.Intn(3000) {
			h := r.Uint64() % 5000 * 0x10001 // clustered homes
			if seen[h] {
				continue
			}
			seen[h] = true
			s := find(h)
			if s.gen == tab.gen {
				t.Fatalf("round %d: %x found before insertion", round, h)
			}
			*s = testSlot{h: h, gen: tab.gen}
			tab.added()
			keys = append(keys, h)
			if len(keys)%97 == 0 {
				for _, k := range keys {
					if s := find(k); s.gen != tab.gen || s.h != k {
						t.Fatalf("round %d: %x lost after %d insertions", round, k, len(keys))
					}
				}
			}
		}
		for _, k := range keys {
			if s := find(k); s.gen != tab.gen || s.h != k {
				t.Fatalf("round %d: %x lost", round, k)
			}
		}
		live := 0
		for i := range tab.slots {
			if tab.slots[i].gen == tab.gen {
				live++
			}
		}
		if live != len(keys) || tab.n != len(keys) {
			t.Fatalf("round %d: %d live slots, n %d, want %d", round, live, tab.n, len(keys))
		}
	}
}
