package codegen

import "github.com/gopyc/gopyc/internal/fresh"

// stampedTable is the slot array of an open-addressed hash table that is
// emptied in O(1): a slot is live only while its stamp equals the table's
// generation. The array is reused from file to file, and each file starts
// on a small prefix of it so that probes stay in cache. The tables built
// on it (internTable, a unit's index) probe it themselves, since what makes
// two keys equal differs.
type stampedTable[S any, P stampedSlot[S]] struct {
	slots []S // power-of-two prefix of the reused array
	n     int // live slots
	gen   uint32
	hand  S // the slot rehash is placing (a local's address would escape)
}

// stampedSlot is what the table needs of a slot: its generation stamp and
// the hash whose low bits place it.
type stampedSlot[S any] interface {
	*S
	stamp() *uint32
	home() uint64
}

// slotsFor is the table size that holds n entries without growing: a
// power of two, at least min.
func slotsFor(n, min int) int {
	size := min
	for 2*n > size {
		size *= 2
	}
	return size
}

// maxKeptSlots bounds the arrays kept for the next file.
const maxKeptSlots = 1 << 16

// reuseSlots returns a table of size slots for a new file: s itself when it
// has room and is no larger than maxKept (a huge file's table is not kept
// for the small ones after it), else a new array. Old contents stay; the
// caller's generation or base makes them stale.
func reuseSlots[S any](s []S, size, maxKept int) []S {
	if cap(s) > maxKept || cap(s) < size {
		return fresh.Slots[S](size)
	}
	return s[:size]
}

// reset empties the table for a new file, starting it at size slots.
func (t *stampedTable[S, P]) reset(size int) {
	t.slots = reuseSlots(t.slots, size, maxKeptSlots)
	t.nextGen()
	t.n = 0
}

// nextGen empties every slot of the array.
func (t *stampedTable[S, P]) nextGen() {
	t.gen++
	if t.gen == 0 {
		clear(t.slots[:cap(t.slots)])
		t.gen = 1
	}
}

// added counts a slot just filled, doubling the table once it is half full.
func (t *stampedTable[S, P]) added() {
	t.n++
	if 2*t.n > len(t.slots) {
		t.grow()
	}
}

// grow doubles the table. Within the array, the live slots are packed at
// its front and reinserted from there (rehash); past it, they are
// reinserted from the old array. Neither needs scratch memory, which grew
// by copying along with the tables.
func (t *stampedTable[S, P]) grow() {
	n := 2 * len(t.slots)
	if n > cap(t.slots) {
		old, oldGen := t.slots, t.gen
		t.slots = fresh.Slots[S](n)
		t.gen = 1
		mask := uint64(n - 1)
		for k := range old {
			if *P(&old[k]).stamp() != oldGen {
				continue
			}
			i := P(&old[k]).home() & mask
			for *P(&t.slots[i]).stamp() == t.gen {
				i = (i + 1) & mask
			}
			t.slots[i] = old[k]
			*P(&t.slots[i]).stamp() = t.gen
		}
		return
	}
	live := 0
	for k := range t.slots {
		if *P(&t.slots[k]).stamp() == t.gen {
			t.slots[live] = t.slots[k]
			live++
		}
	}
	t.slots = t.slots[:n]
	old := t.gen
	if t.gen++; t.gen == 0 {
		// Wrapped: every other slot is emptied, the packed ones kept.
		clear(t.slots[live:cap(t.slots)])
		for k := range live {
			*P(&t.slots[k]).stamp() = 1
		}
		old, t.gen = 1, 2
	}
	t.rehash(live, old)
}

// rehash reinserts the slots t.slots[:live], stamped old, under the
// table's generation. A slot read is free; one not read yet that an
// insertion reaches is swapped with the slot inserted, and inserted next.
func (t *stampedTable[S, P]) rehash(live int, old uint32) {
	mask := uint64(len(t.slots) - 1)
	for k := range live {
		if *P(&t.slots[k]).stamp() != old {
			continue // placed by a swap
		}
		e := &t.hand
		*e = t.slots[k]
		for {
			i := P(e).home() & mask
			for *P(&t.slots[i]).stamp() == t.gen {
				i = (i + 1) & mask
			}
			*P(e).stamp() = t.gen
			if i > uint64(k) && i < uint64(live) && *P(&t.slots[i]).stamp() == old {
				*e, t.slots[i] = t.slots[i], *e
				continue
			}
			t.slots[i] = *e
			break
		}
	}
}
