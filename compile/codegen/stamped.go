package codegen

// stampedTable is the slot array of an open-addressed hash table that is
// emptied in O(1): a slot is live only while its stamp equals the table's
// generation. The array is reused from file to file, and each file starts
// on a small prefix of it so that probes stay in cache. The tables built
// on it (constCache, internTable) probe it themselves, since what makes
// two keys equal differs.
type stampedTable[S any, P stampedSlot[S]] struct {
	slots []S // power-of-two prefix of the reused array
	n     int // live slots
	gen   uint32
	tmp   []S // grow's scratch
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

// reset empties the table for a new file, starting it at size slots.
func (t *stampedTable[S, P]) reset(size int) {
	if cap(t.slots) > maxKeptSlots {
		t.slots = nil
	}
	if cap(t.slots) < size {
		t.slots = make([]S, size)
	}
	t.slots = t.slots[:size]
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

// grow doubles the table, within the array when it has room: the live
// slots are set aside and reinserted under a new generation.
func (t *stampedTable[S, P]) grow() {
	live := t.tmp[:0]
	for i := range t.slots {
		if *P(&t.slots[i]).stamp() == t.gen {
			live = append(live, t.slots[i])
		}
	}
	n := 2 * len(t.slots)
	if n <= cap(t.slots) {
		t.slots = t.slots[:n]
		t.nextGen()
	} else {
		t.slots = make([]S, n)
		t.gen = 1
	}
	mask := uint64(n - 1)
	for k := range live {
		s := P(&live[k])
		i := s.home() & mask
		for *P(&t.slots[i]).stamp() == t.gen {
			i = (i + 1) & mask
		}
		*s.stamp() = t.gen
		t.slots[i] = live[k]
	}
	clear(live)
	t.tmp = live[:0]
}
