package share

import (
	"github.com/gopyc/gopyc/internal/fresh"
	"github.com/gopyc/gopyc/internal/namehash"
	"github.com/gopyc/gopyc/marshal"
)

// strTable maps a string value to the canonical *Str of that value: an
// open-addressed table (kept at most half full), emptied by the slots it
// used.
type strTable struct {
	slots []strSlot // power-of-two length
	used  []int32
}

type strSlot struct {
	s    *marshal.Str // nil when free
	hash uint32
}

// get returns the canonical Str of s's value, making s canonical when the
// value is new.
func (t *strTable) get(s *marshal.Str) *marshal.Str {
	if 2*(len(t.used)+1) > len(t.slots) {
		t.grow()
	}
	h := namehash.Of(s.V)
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for ; t.slots[i].s != nil; i = (i + 1) & mask {
		if c := t.slots[i].s; t.slots[i].hash == h && c.V == s.V {
			return c
		}
	}
	t.slots[i] = strSlot{s, h}
	t.used = append(t.used, int32(i))
	return s
}

func (t *strTable) grow() {
	old := t.slots
	t.slots = fresh.Slots[strSlot](max(2*len(old), 256))
	mask := uint32(len(t.slots) - 1)
	for k, j := range t.used {
		e := old[j]
		i := e.hash & mask
		for t.slots[i].s != nil {
			i = (i + 1) & mask
		}
		t.slots[i] = e
		t.used[k] = int32(i)
	}
}

// reset empties t; a very large table is dropped.
func (t *strTable) reset() {
	if len(t.slots) > 1<<14 {
		t.slots, t.used = nil, nil
		return
	}
	for _, i := range t.used {
		t.slots[i] = strSlot{}
	}
	t.used = t.used[:0]
}

// heldTable maps the held strings to their key numbers, on namehash.Of.
type heldTable struct {
	slots []heldSlot // power-of-two length, at most half full
	// filter has the bit of the top bits of each key's hash set: most
	// strings asked about are not held, and it turns nearly all of them
	// away on the hash alone, which the probe needs anyway, without
	// reading the slots.
	filter [filterBits / 64]uint64
}

const (
	filterShift = 16
	filterBits  = 1 << filterShift
)

// heldSlot holds a key's head (its length and its first and last eight
// bytes: all of it, zero-padded, when shorter) beside its hash and number,
// so that a key of up to 16 bytes is found on the one cache line of its
// slot. The table is asked about ~170 k strings a stdlib run, spread over
// it at random, and by then evicted from the caches by the file's own
// data: with the heads in an array of their own, each hit cost two misses.
type heldSlot struct {
	first, last uint64
	n           int32
	hash        uint32
	idx         int32 // entry+1; 0 when free
}

func (t *heldTable) find(v string) (int32, bool) {
	// The head read once, for the hash and the comparisons.
	first, last := namehash.Ends(v)
	h := hashHead(first, last, len(v))
	if b := h >> (32 - filterShift); t.filter[b>>6]&(1<<(b&63)) == 0 {
		return 0, false
	}
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.idx == 0 {
			return 0, false
		}
		if e.hash == h && e.first == first && e.last == last && int(e.n) == len(v) &&
			(len(v) <= 16 || heldKey(e.idx-1) == v) {
			return e.idx - 1, true
		}
	}
}

// hashHead is namehash.Of of the string of length n whose first and last
// eight bytes (as namehash.Ends gives them) are first and last.
func hashHead(first, last uint64, n int) uint32 {
	h := uint64(n) * 0x9E3779B97F4A7C15
	h ^= first * 0xC2B2AE3D27D4EB4F
	if n >= 8 {
		h ^= (last ^ h>>29) * 0x165667B19E3779F9
	}
	return uint32(h>>32) ^ uint32(h)
}

// buildHeldTable makes the table of the n keys key(0), key(1)...
func buildHeldTable(n int, key func(int32) string) heldTable {
	size := 64
	for size < 2*n {
		size *= 2
	}
	t := heldTable{slots: fresh.Slots[heldSlot](size)}
	mask := uint32(size - 1)
	for k := range int32(n) {
		v := key(k)
		first, last := namehash.Ends(v)
		h := namehash.Of(v)
		b := h >> (32 - filterShift)
		t.filter[b>>6] |= 1 << (b & 63)
		i := h & mask
		for t.slots[i].idx != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = heldSlot{first: first, last: last, n: int32(len(v)), hash: h, idx: int32(k) + 1}
	}
	return t
}
