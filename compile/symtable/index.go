package symtable

import (
	"encoding/binary"
	"unsafe"

	"github.com/gopyc/gopyc/internal/fresh"
	"github.com/gopyc/gopyc/internal/namehash"
)

// nameIndex finds a name's position in a list of names (a block's symbols,
// or the module's names) by open addressing on a cheap hash of the name's
// length and first and last eight bytes: identifiers are short, and this
// costs a fraction of a Go map's lookup and insertion.
type nameIndex struct {
	slots []islot // power-of-two length, at most half full
	n     int     // positions held
}

// islotChunk is the size of the chunks blocks' index slots are carved from.
const islotChunk = 4096

type islot struct {
	pos  int32 // position+1; 0 when free
	hash uint32
}

// findSym returns the position of name in syms, which x indexes, or -1.
func (x *nameIndex) findSym(name string, h uint32, syms []Symbol) int {
	mask := uint32(len(x.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.pos == 0 {
			return -1
		}
		if s.hash == h && syms[s.pos-1].Name == name {
			return int(s.pos - 1)
		}
	}
}

// add records that the name with hash h is at position pos (the name not
// yet held). Slots come from c when it is not nil.
func (x *nameIndex) add(h uint32, pos int, c *chunkList[islot]) {
	if 2*(x.n+1) > len(x.slots) {
		x.grow(c)
	}
	x.put(islot{int32(pos) + 1, h})
	x.n++
}

func (x *nameIndex) put(s islot) {
	mask := uint32(len(x.slots) - 1)
	i := s.hash & mask
	for x.slots[i].pos != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = s
}

// grow doubles the slots. A block's index takes them from the table's
// chunks, which serve the next table once it is released, rather than
// allocating them for every module.
func (x *nameIndex) grow(c *chunkList[islot]) {
	old := x.slots
	n := max(2*len(old), 32)
	if c != nil && n <= islotChunk/8 {
		x.slots = c.take(n, islotChunk)
	} else {
		x.slots = fresh.Slots[islot](n)
	}
	for _, s := range old {
		if s.pos != 0 {
			x.put(s)
		}
	}
}

// idIndex numbers the names of a module by open addressing on their keys,
// which settle most comparisons without reading the names. A slot holds an
// entry only when stamped with the current generation, so emptying the
// table for the next module is gen++ rather than clearing every slot (the
// table keeps the size of the largest module seen).
type idIndex struct {
	slots []idSlot // power-of-two length, at most an eighth full (see builder.id)
	gen   uint32   // stamp of the live slots, never 0
	mask  uint32   // len(slots)-1, kept: a decrement less per probe
}

type idSlot struct {
	key uint64
	id  int32  // the name's number, when gen is the table's
	gen uint32 // in the padding the slot had anyway
	// atPos and atSerial cache where visitName last found the name
	// through its level's table: the position+1 in an open block and the
	// block's serial (levelScratch.where's halves), so that most names are
	// found with this one slot's loads. Serials are not reused by a
	// builder (a wrap clears these), so an entry of an earlier module or of
	// another block never passes for the current block's. Two words of
	// their own, the serial is compared in memory, without a shift.
	atPos, atSerial uint32
}

// grow doubles the slots, keeping their entries.
func (x *idIndex) grow() {
	old := x.slots
	x.slots = fresh.Slots[idSlot](max(2*len(old), 256))
	if x.gen == 0 {
		x.gen = 1
	}
	mask := uint32(len(x.slots) - 1)
	x.mask = mask
	for _, s := range old {
		if s.gen == x.gen {
			i := keyHash(s.key) & mask
			for x.slots[i].gen == x.gen {
				i = (i + 1) & mask
			}
			x.slots[i] = s
		}
	}
}

// reset empties x, keeping its slots unless they grew large.
func (x *idIndex) reset() {
	if len(x.slots) > 1<<15 {
		x.slots, x.mask = nil, 0
		return
	}
	x.gen++
	if x.gen == 0 {
		// The stamps wrapped: an old slot could pass for live.
		clear(x.slots)
		x.gen = 1
	}
}

// nameKey packs a name into a word that equal names share: its length in
// the top byte and, for names of up to seven bytes, the bytes below it
// (see key4to7), so that equal keys of short names mean equal names; longer
// names mix their first and last eight bytes in (see namehash.Ends), and
// equal keys then only suggest equal names. Short names, most of them,
// are read with at most three loads rather than byte by byte.
func nameKey(s string) uint64 {
	n := len(s)
	switch {
	case n >= 8:
		a, b := namehash.Ends(s)
		return longKey(a, b, n)
	case n >= 4:
		return key4to7(unsafe.Pointer(unsafe.StringData(s)), n)
	case n > 0:
		return key1to3(unsafe.Pointer(unsafe.StringData(s)), n)
	}
	return 0
}

// longKey is nameKey of a name of n >= 8 bytes, its first and last eight
// bytes a and b (as namehash.Ends reads them).
func longKey(a, b uint64, n int) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ (b^a>>29)*0xC2B2AE3D27D4EB4F
	return uint64(min(n, 255))<<56 | h>>8
}

// key4to7 is nameKey of the n bytes at p, 4 <= n <= 7: a four-byte load
// of the first bytes in the low bits and one of the last at bits 24 and
// up, shifted by a constant (a shift by a count made it hold the count
// in CX). Where they overlap, byte 3 is ORed with byte n-4; unless they are
// one byte, each is whole elsewhere (byte n-4 in the first load, byte 3
// in the second), so equal keys still mean equal names.
func key4to7(p unsafe.Pointer, n int) uint64 {
	// Array pointers: unsafe.Slice would check its pointer and length.
	lo := binary.LittleEndian.Uint32((*[4]byte)(p)[:])
	hi := binary.LittleEndian.Uint32((*[4]byte)(unsafe.Add(p, n-4))[:])
	return uint64(n)<<56 | uint64(lo) | uint64(hi)<<24
}

// key1to3 is nameKey of the n bytes at p, 1 <= n <= 3.
func key1to3(p unsafe.Pointer, n int) uint64 {
	return uint64(n)<<56 | uint64(*(*byte)(p)) | uint64(*(*byte)(unsafe.Add(p, n/2)))<<8 |
		uint64(*(*byte)(unsafe.Add(p, n-1)))<<16
}

// keyHash is the hash the indexes file a name under, made from its key so
// that a name is read once however many tables it is looked up in.
func keyHash(k uint64) uint32 {
	return uint32(k * 0x9E3779B97F4A7C15 >> 32)
}

// load64 reads the eight bytes of s at i (i+8 <= len(s), unchecked) as a
// word, in the machine's order, as namehash.Ends reads them.
func load64(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}
