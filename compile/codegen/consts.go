package codegen

import (
	"hash/maphash"
	"math"
	"unsafe"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/fresh"
	"github.com/gopyc/gopyc/marshal"
)

// Constants are merged module-wide the way compile.c's c_const_cache does:
// every constant is looked up by its "constant key" (codeobject.c's
// _PyCode_ConstantKey), which tells 0, 0.0, -0.0, False and 0j apart, and
// the first object registered under a key is the one every later equal
// constant becomes. Keys are not built: constHash hashes an object
// consistently with keyEqual, which compares two objects' keys directly,
// and the cache is an open-addressed index of (hash, entry) slots over
// the entries, which hold the objects.

// constCache is c_const_cache: constant key -> canonical object. It is
// reset, not reallocated, between files.
type constCache struct {
	// CPython's empty tuple and empty bytes are singletons: every empty
	// one is the same object.
	emptyTuple *marshal.Tuple
	emptyBytes *marshal.Bytes

	// slots indexes the entries: open-addressed, each file starting on a
	// small prefix of the reused array. A slot refers to entry ref-base and
	// is live when that is below n, so raising base past every ref in use
	// empties the table in O(1) (see advance). pending is the empty slot
	// find returned last, which insert fills with entry n. At limit, the
	// index is half full or entry n's chunk, cur, is full (more).
	slots   []constRef
	n       int
	limit   int
	base    uint32
	pending uint32
	cur     *constChunk

	// The entries, in order of insertion, in chunks reused from file to
	// file: an entry never moves, and the table's load (a slot per entry
	// or more) costs 8 bytes a slot, not an entry's 24.
	chunks []*constChunk

	// The hash of the code object made last, which its parent loads as a
	// constant right away; other code objects are hashed from their parts.
	lastCode     *marshal.Code
	lastCodeHash uint64
	// Small non-negative ints, the commonest constants after None, have
	// entries of their own, live while intGens holds intGen.
	ints    [smallInts]constSlot
	intGens [smallInts]uint32
	intGen  uint32
}

// constSlot is an entry of the cache: the canonical object o; unit and
// idx say that o is constant idx of the unit numbered unit (see
// addConst). Its hash is kept by its slot only.
type constSlot struct {
	o    marshal.Object
	unit uint32
	idx  int32
}

// constRef is a slot of the cache's index: the low half of the entry's
// hash, which places it (tables never reach 2^32 slots) and screens key
// comparisons, and the entry's number plus base.
type constRef struct{ h, ref uint32 }

const chunkBits = 9

// constChunk holds 512 entries (12 KB).
type constChunk [1 << chunkBits]constSlot

// entry returns entry k, which must have a chunk.
func (cc *constCache) entry(k int) *constSlot {
	return &cc.chunks[k>>chunkBits][k&(1<<chunkBits-1)]
}

// smallInts bounds the ints with slots of their own.
const smallInts = 256

const (
	minConstSlots = 1024    // a file's initial index (8 KB)
	maxKeptRefs   = 1 << 18 // bounds the index kept for the next file (2 MB)
	maxKeptChunks = 64      // and the entries (768 KB)
)

// reset empties the cache for a new file in O(1) (advance). Code holds
// about 1.5 to 4 distinct constants per distinct name (nnames), data
// (tables of literals) up to 0.7 per constant expression (nconsts): the
// index starts large enough for the larger of 6 per name and that, saving
// most growth, whose old arrays are garbage.
func (cc *constCache) reset(emptyTuple *marshal.Tuple, emptyBytes *marshal.Bytes, nnames, nconsts int) {
	cc.emptyTuple, cc.emptyBytes = emptyTuple, emptyBytes
	cc.slots = reuseSlots(cc.slots, slotsFor(max(6*nnames, nconsts*7/10), minConstSlots), maxKeptRefs)
	cc.advance()
	cc.n = 0
	if len(cc.chunks) > maxKeptChunks {
		clear(cc.chunks[maxKeptChunks:])
		cc.chunks = cc.chunks[:maxKeptChunks]
	}
	cc.more()
	cc.lastCode = nil
	if cc.intGen++; cc.intGen == 0 {
		clear(cc.intGens[:])
		cc.intGen = 1
	}
}

// advance empties every slot of the index array: base moves past the refs
// of the n entries. Zeroed slots are empty too, base being at least 1.
func (cc *constCache) advance() {
	if cc.base += uint32(cc.n); cc.base >= 1<<31 || cc.base == 0 {
		clear(cc.slots[:cap(cc.slots)])
		cc.base = 1
	}
}

// more makes room for entry n: it doubles a half-full index and adds the
// chunk of entry n where there is none, then sets cur and limit.
func (cc *constCache) more() {
	if 2*cc.n > len(cc.slots) {
		cc.grow()
	}
	c := cc.n >> chunkBits
	if c == len(cc.chunks) {
		cc.chunks = append(cc.chunks, new(constChunk))
	}
	cc.cur = cc.chunks[c]
	cc.limit = min(len(cc.slots)/2+1, (c+1)<<chunkBits)
}

// grow doubles the index. Past its array, the live slots are reinserted
// from the old array; within it, they are packed at its front and
// reinserted from there (rehash). Neither needs scratch memory.
func (cc *constCache) grow() {
	n := uint32(cc.n)
	size := 2 * len(cc.slots)
	if size > cap(cc.slots) {
		old, oldBase := cc.slots, cc.base
		cc.slots = fresh.Slots[constRef](size)
		cc.advance()
		mask := uint32(size - 1)
		for _, r := range old {
			if r.ref-oldBase >= n {
				continue
			}
			i := r.h & mask
			for cc.slots[i].ref-cc.base < n {
				i = (i + 1) & mask
			}
			cc.slots[i] = constRef{h: r.h, ref: r.ref - oldBase + cc.base}
		}
		return
	}
	live := 0
	for _, r := range cc.slots {
		if r.ref-cc.base < n {
			cc.slots[live] = r
			live++
		}
	}
	cc.slots = cc.slots[:size]
	old := cc.base
	if cc.base += n; cc.base >= 1<<31 {
		// Wrapped: every other slot is emptied, the packed ones renumbered
		// from 1.
		clear(cc.slots[live:cap(cc.slots)])
		for k := range live {
			cc.slots[k].ref -= old - 1
		}
		old, cc.base = 1, 1+n
	}
	cc.rehash(live, old)
}

// rehash reinserts the slots cc.slots[:live], whose refs count from old,
// under base. A slot read is free; one not read yet that an insertion
// reaches is swapped with the slot inserted, and inserted next.
func (cc *constCache) rehash(live int, old uint32) {
	mask := uint32(len(cc.slots) - 1)
	n := uint32(cc.n)
	for k := range live {
		e := cc.slots[k]
		if e.ref-old >= n {
			continue // placed by a swap
		}
		for {
			e.ref += cc.base - old
			i := e.h & mask
			for cc.slots[i].ref-cc.base < n {
				i = (i + 1) & mask
			}
			if i > uint32(k) && i < uint32(live) && cc.slots[i].ref-old < n {
				e, cc.slots[i] = cc.slots[i], e
				continue
			}
			cc.slots[i] = e
			break
		}
	}
}

// find returns the entry holding a constant key-equal to o (hash h) and
// true, or the entry insert would fill and false.
func (cc *constCache) find(h uint64, o marshal.Object) (*constSlot, bool) {
	cc.room()
	mask := uint32(len(cc.slots) - 1)
	h32 := uint32(h)
	n := uint32(cc.n)
	for i := h32 & mask; ; i = (i + 1) & mask {
		r := cc.slots[i]
		k := r.ref - cc.base
		if k >= n {
			return cc.missed(i), false
		}
		if r.h == h32 {
			if s := cc.entry(int(k)); cc.keyEqual(s.o, o) {
				return s, true
			}
		}
	}
}

// missed records the empty slot i a lookup ended on, for insert, and
// returns entry n, which insert fills.
func (cc *constCache) missed(i uint32) *constSlot {
	cc.pending = i
	return &cc.cur[cc.n&(1<<chunkBits-1)]
}

// insert fills s, the next entry (returned by the lookup that found no
// equal constant, the last lookup made), with o. It inlines: room is made
// for the next entry by the next lookup (room), not here.
func (cc *constCache) insert(s *constSlot, h uint64, o marshal.Object) {
	*s = constSlot{o: o}
	cc.slots[cc.pending] = constRef{h: uint32(h), ref: cc.base + uint32(cc.n)}
	cc.n++
}

// room makes room for entry n (more) when insert has reached the limit:
// every lookup begins with it, before its probe and missed.
func (cc *constCache) room() {
	if cc.n == cc.limit {
		cc.more()
	}
}

var hashSeed = maphash.MakeSeed()

// mix folds v into the hash h.
func mix(h, v uint64) uint64 {
	h = (h ^ v) * 0x9e3779b97f4a7c15
	return h ^ h>>29
}

// Kinds of constant keys, mixed into every hash but a string's, which is
// its strHash: already mixed, and the commonest by far (names too are
// hashed by it). A string hashing like another kind's constant only costs
// a keyEqual.
const (
	kUnknown = iota + 1
	kNone
	kEllipsis
	kTrue
	kFalse
	kInt
	kBigInt
	kBytes
	kFloat
	kComplex
	kTuple
	kFrozenSet
	kCode
)

// hash is consistent with keyEqual: key-equal objects hash alike.
//
// Objects are told apart by type word (see internConsts), the commonest
// types first, not by a type switch.
func (cc *constCache) hash(o marshal.Object) uint64 {
	switch w := *(*iface)(unsafe.Pointer(&o)); w.t {
	case intItab:
		v := (*marshal.Int)(w.d)
		if v.Big == nil {
			return mix(kInt, uint64(v.Small))
		}
		if v.Big.IsInt64() {
			return mix(kInt, uint64(v.Big.Int64()))
		}
		h := mix(kBigInt, uint64(v.Big.Sign()))
		for _, w := range v.Big.Bits() {
			h = mix(h, uint64(w))
		}
		return h
	case strItab:
		return strHash((*marshal.Str)(w.d).V)
	case tupleItab:
		var h uint64
		items := (*marshal.Tuple)(w.d).Items
		for _, it := range items {
			h = fold(h, cc.hash(it))
		}
		return tupleHash(h, len(items))
	case codeItab:
		v := (*marshal.Code)(w.d)
		if v == cc.lastCode {
			return cc.lastCodeHash
		}
		return codeHash(v, cc.hash(v.Consts))
	case bytesItab:
		return mix(kBytes, maphash.Bytes(hashSeed, (*marshal.Bytes)(w.d).V))
	case floatItab:
		return mix(kFloat, math.Float64bits((*marshal.Float)(w.d).V))
	case complexItab:
		v := (*marshal.Complex)(w.d)
		return mix(mix(kComplex, math.Float64bits(v.Real)), math.Float64bits(v.Imag))
	case frozenSetItab:
		// Order-independent, as set equality is.
		items := (*marshal.FrozenSet)(w.d).Items
		var sum uint64
		for _, it := range items {
			sum += mix(0, cc.hash(it))
		}
		return mix(mix(kFrozenSet, uint64(len(items))), sum)
	}
	switch {
	case sameObj(o, marshal.None):
		return mix(kNone, 0)
	case sameObj(o, marshal.Ellipsis):
		return mix(kEllipsis, 0)
	case sameObj(o, marshal.True):
		return mix(kTrue, 0)
	case sameObj(o, marshal.False):
		return mix(kFalse, 0)
	}
	return mix(kUnknown, 0)
}

// tupleHash is the hash of a tuple of n items whose hashes were folded,
// in order, into acc (from 0). The length comes last: a unit's constants
// are hashed as they are added (pushConst), when it is not known yet.
func tupleHash(acc uint64, n int) uint64 {
	return mix(acc, uint64(n)<<8|kTuple)
}

// fold adds the hash h of a tuple's next item to acc: a polynomial hash
// of the items' hashes, already mixed, which tupleHash mixes once.
func fold(acc, h uint64) uint64 {
	return acc*0x9e3779b97f4a7c15 + h
}

// strHash hashes s. Most constant and name strings are short: up to 16
// bytes, two overlapping loads determine s exactly; longer strings are
// mixed 8 bytes at a time. Below 8 bytes the hash is a bijection of those loads'
// bits (mix is one of its value), so strings of one length that hash
// alike are equal.
func strHash(s string) uint64 {
	n := len(s)
	p := unsafe.Pointer(unsafe.StringData(s))
	switch {
	case n > 16:
		// A loop rather than a call (to maphash): with no call, strHash
		// needs no frame, whose set-up every short string would pay.
		h := strSeed ^ uint64(n)
		for ; n > 8; n -= 8 {
			h = mix(h, *(*uint64)(p))
			p = unsafe.Add(p, 8)
		}
		return mix(h, *(*uint64)(unsafe.Add(p, n-8)))
	case n >= 4:
		return midHash(s)
	}
	var a uint64 // up to 3 bytes: first, middle and last, without a loop
	if n > 0 {
		a = uint64(*(*byte)(p))<<16 | uint64(*(*byte)(unsafe.Add(p, n>>1)))<<8 | uint64(*(*byte)(unsafe.Add(p, n-1)))
	}
	return mix(uint64(n), a)
}

// midHash is strHash of a string of 4 to 16 bytes, small enough to be
// inlined where a call would cost more than the hash (internN). Below 8
// bytes b is 0 and the hash a bijection of a for each length (see
// strHash); the odd multiplier keeps a and b apart where mix alone would
// hash a^b.
func midHash(s string) uint64 {
	p := unsafe.Pointer(unsafe.StringData(s))
	var b uint64
	a := uint64(*(*uint32)(p))<<32 | uint64(*(*uint32)(unsafe.Add(p, len(s)-4)))
	if len(s) >= 8 {
		a, b = *(*uint64)(p), *(*uint64)(unsafe.Add(p, len(s)-8))
	}
	return mix((a^uint64(len(s)))*0x9e3779b97f4a7c15, b)
}

// strSeed seeds the hashes of long strings.
var strSeed = maphash.String(hashSeed, "strHash")

// codeHash is hash of the code object v, given the hash of its constants.
// Of the fields keyEqual compares it mixes only those and the first line,
// which tell apart nearly all code objects of a file (the name would not:
// code objects made on one line are mostly lambdas and comprehensions,
// named alike); equal code objects still hash alike.
func codeHash(v *marshal.Code, hConsts uint64) uint64 {
	return mix(mix(kCode, uint64(v.FirstLineNo)), hConsts)
}

// keyEqual reports whether a and b have equal constant keys: same type and
// value (floats by bits, so 0.0 and -0.0 differ), a NaN equal only to
// itself, containers elementwise, code objects by the fields
// code_richcompare compares. Objects of types that never occur in code
// objects all share one key.
func (cc *constCache) keyEqual(a, b marshal.Object) bool {
	if sameObj(a, b) {
		return true
	}
	switch x := a.(type) {
	case *marshal.Int:
		y, ok := b.(*marshal.Int)
		if !ok {
			return false
		}
		if x.Big == nil && y.Big == nil {
			return x.Small == y.Small
		}
		return x.BigInt().Cmp(y.BigInt()) == 0
	case *marshal.Str:
		y, ok := b.(*marshal.Str)
		return ok && x.V == y.V
	case *marshal.Bytes:
		y, ok := b.(*marshal.Bytes)
		return ok && string(x.V) == string(y.V)
	case *marshal.Float:
		y, ok := b.(*marshal.Float)
		return ok && math.Float64bits(x.V) == math.Float64bits(y.V) && !math.IsNaN(x.V)
	case *marshal.Complex:
		y, ok := b.(*marshal.Complex)
		return ok && math.Float64bits(x.Real) == math.Float64bits(y.Real) &&
			math.Float64bits(x.Imag) == math.Float64bits(y.Imag) &&
			!math.IsNaN(x.Real) && !math.IsNaN(x.Imag)
	case *marshal.Tuple:
		y, ok := b.(*marshal.Tuple)
		return ok && cc.itemsEqual(x.Items, y.Items)
	case *marshal.FrozenSet:
		y, ok := b.(*marshal.FrozenSet)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		// Equal as multisets of keys: match each item of x with a distinct
		// item of y.
		used := make([]bool, len(y.Items))
	next:
		for _, it := range x.Items {
			for j, jt := range y.Items {
				if !used[j] && cc.keyEqual(it, jt) {
					used[j] = true
					continue next
				}
			}
			return false
		}
		return true
	case *marshal.Code:
		y, ok := b.(*marshal.Code)
		return ok && x.ArgCount == y.ArgCount && x.PosOnlyArgCount == y.PosOnlyArgCount &&
			x.KwOnlyArgCount == y.KwOnlyArgCount && x.NLocals == y.NLocals &&
			x.Flags == y.Flags && x.FirstLineNo == y.FirstLineNo &&
			cc.keyEqual(x.Name, y.Name) && cc.keyEqual(x.Code, y.Code) &&
			cc.keyEqual(x.Consts, y.Consts) && cc.keyEqual(x.Names, y.Names) &&
			cc.keyEqual(x.VarNames, y.VarNames) && cc.keyEqual(x.FreeVars, y.FreeVars) &&
			cc.keyEqual(x.CellVars, y.CellVars)
	}
	if isSingleton(a) {
		return false // a and b are not the same object
	}
	return isUnknownKey(b)
}

// itemsEqual reports whether two tuples' items have equal keys.
func (cc *constCache) itemsEqual(x, y []marshal.Object) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		// Tuples found in the cache mostly hold the very objects looked
		// up (interned names, merged constants).
		if !sameObj(x[i], y[i]) && !cc.keyEqual(x[i], y[i]) {
			return false
		}
	}
	return true
}

// sameObj reports whether a and b are the same object: their words are
// equal (a == b would call the runtime to compare them). The singletons
// are boxed once, in package marshal's variables, so every None is the
// same object.
func sameObj(a, b marshal.Object) bool {
	return *(*iface)(unsafe.Pointer(&a)) == *(*iface)(unsafe.Pointer(&b))
}

// isSingleton reports whether o is None, Ellipsis, True or False.
func isSingleton(o marshal.Object) bool {
	return sameObj(o, marshal.None) || sameObj(o, marshal.Ellipsis) ||
		sameObj(o, marshal.True) || sameObj(o, marshal.False)
}

// isUnknownKey reports whether o is of a type that never occurs in code
// objects.
func isUnknownKey(o marshal.Object) bool {
	switch o.(type) {
	case *marshal.Int, *marshal.Str, *marshal.Bytes, *marshal.Float, *marshal.Complex,
		*marshal.Tuple, *marshal.FrozenSet, *marshal.Code:
		return false
	}
	return !isSingleton(o)
}

// merge is merge_consts_recursive: it registers o (and, for a new tuple or
// frozenset, its items) in the cache and returns the entry of the
// canonical object to use in o's place (nil for None and Ellipsis, which
// are their own and not cached), and its hash.
func (cc *constCache) merge(o marshal.Object) (*constSlot, uint64) {
	// Told apart by type word (see internConsts), not a type switch.
	switch w := *(*iface)(unsafe.Pointer(&o)); w.t {
	case intItab:
		if v := (*marshal.Int)(w.d); v.Big == nil && uint64(v.Small) < smallInts {
			return cc.smallIntSlot(v)
		}
	case strItab:
		// Strings, the commonest constants after ints, hold no items.
		// find specialized: only a string's key equals a string's.
		v := (*marshal.Str)(w.d)
		h := strHash(v.V)
		cc.room()
		mask := uint32(len(cc.slots) - 1)
		h32 := uint32(h)
		n := uint32(cc.n)
		for i := h32 & mask; ; i = (i + 1) & mask {
			r := cc.slots[i]
			k := r.ref - cc.base
			if k >= n {
				s := cc.missed(i)
				cc.insert(s, h, o)
				return s, h
			}
			if r.h == h32 {
				s := cc.entry(int(k))
				if u, ok := s.o.(*marshal.Str); ok && u.V == v.V {
					return s, h
				}
			}
		}
	case tupleItab:
		if len((*marshal.Tuple)(w.d).Items) == 0 {
			o = cc.emptyTuple
		}
	case codeItab:
		// Most are the code object made last, which its parent loads at
		// once: hashed already, with no items to merge.
		if (*marshal.Code)(w.d) == cc.lastCode {
			h := cc.lastCodeHash
			s, ok := cc.find(h, o)
			if !ok {
				cc.insert(s, h, o)
			}
			return s, h
		}
	case bytesItab:
		if v := (*marshal.Bytes)(w.d); len(v.V) == 0 && !v.Distinct {
			o = cc.emptyBytes
		}
	default:
		switch {
		case w == noneWords:
			return nil, mix(kNone, 0)
		case sameObj(o, marshal.Ellipsis):
			return nil, mix(kEllipsis, 0)
		}
	}
	h := cc.hash(o)
	s, ok := cc.find(h, o)
	if ok {
		return s, h
	}
	cc.insert(s, h, o)
	switch v := o.(type) {
	case *marshal.Tuple:
		for i, it := range v.Items {
			if u := cc.mergeItem(it); !sameObj(u, it) {
				v.Items[i] = u
			}
		}
	case *marshal.FrozenSet:
		if len(v.Items) == 0 {
			break
		}
		// CPython builds a fresh frozenset from the merged items, in the
		// old one's iteration order, and keeps that one under the key.
		items := make([]marshal.Object, len(v.Items))
		for i, it := range v.Items {
			items[i] = cc.mergeItem(it)
		}
		s.o = marshal.NewFrozenSet(items)
	}
	return s, h
}

// smallIntSlot is merge for v, a small non-negative int.
func (cc *constCache) smallIntSlot(v *marshal.Int) (*constSlot, uint64) {
	s := &cc.ints[v.Small]
	if cc.intGens[v.Small] != cc.intGen {
		*s = constSlot{o: v}
		cc.intGens[v.Small] = cc.intGen
	}
	return s, mix(kInt, uint64(v.Small))
}

// mergeItem is merge for an item of a container: the canonical object.
func (cc *constCache) mergeItem(o marshal.Object) marshal.Object {
	if s, _ := cc.merge(o); s != nil {
		return s.o
	}
	return o
}

// insertNames fills s, the entry the lookup of t (a new tuple of interned
// strings whose hashes are hs) returned, with t under its hash h and
// merges its items, as merge would.
func (cc *constCache) insertNames(s *constSlot, t *marshal.Tuple, h uint64, hs []uint64) {
	cc.insert(s, h, t)
	for i, it := range t.Items {
		s, ok := cc.find(hs[i], it)
		if ok {
			t.Items[i] = s.o
		} else {
			cc.insert(s, hs[i], it)
		}
	}
}

// findTupleH looks t, whose hash is h, up: the canonical tuple and its
// entry if there is one, else h and the entry for insert. It is find
// specialized: only a tuple's key equals a tuple's.
func (cc *constCache) findTupleH(t *marshal.Tuple, h uint64) (*marshal.Tuple, uint64, *constSlot) {
	cc.room()
	mask := uint32(len(cc.slots) - 1)
	h32 := uint32(h)
	n := uint32(cc.n)
	for i := h32 & mask; ; i = (i + 1) & mask {
		r := cc.slots[i]
		k := r.ref - cc.base
		if k >= n {
			return nil, h, cc.missed(i)
		}
		if r.h == h32 {
			s := cc.entry(int(k))
			if u, ok := s.o.(*marshal.Tuple); ok && cc.itemsEqual(u.Items, t.Items) {
				return u, h, s
			}
		}
	}
}

// allNameChars reports whether s matches [a-zA-Z0-9_]* (codeobject.c's
// all_name_chars; non-ASCII strings never match). Most strings it is
// asked about match: four bytes are tested at once, by their table
// entries ANDed.
func allNameChars(s string) bool {
	p := unsafe.Pointer(unsafe.StringData(s))
	n := len(s)
	i := 0
	for ; i+4 <= n; i += 4 {
		q := unsafe.Add(p, i)
		if isNameChar[*(*byte)(q)]&isNameChar[*(*byte)(unsafe.Add(q, 1))]&
			isNameChar[*(*byte)(unsafe.Add(q, 2))]&isNameChar[*(*byte)(unsafe.Add(q, 3))] == 0 {
			return false
		}
	}
	for ; i < n; i++ {
		if isNameChar[*(*byte)(unsafe.Add(p, i))] == 0 {
			return false
		}
	}
	return true
}

// isNameChar[ch] is 1 for the bytes of [a-zA-Z0-9_], else 0.
var isNameChar = func() (t [256]uint8) {
	for ch := range t {
		if ch == '_' || ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' {
			t[ch] = 1
		}
	}
	return t
}()

// intern returns the module's canonical interned string for s, as
// PyUnicode_InternInPlace would: the first object interned for a value
// becomes the one every later interning returns.
func (c *compiler) intern(s string) *marshal.Str {
	o, _, _ := c.internN(s)
	return o
}

// internH is intern that also returns strHash(s).
func (c *compiler) internH(s string) (*marshal.Str, uint64) {
	o, h, _ := c.internN(s)
	return o, h
}

// internN is internH that also returns the string's number in the
// module's intern table (see internTable.uses).
func (c *compiler) internN(s string) (*marshal.Str, uint64, int32) {
	// strHash, in line for 4 to 16 bytes (most names): the call would
	// keep s and c across it.
	var h uint64
	if n := len(s); n >= 4 && n <= 16 {
		h = midHash(s)
	} else {
		h = strHash(s)
	}
	// find's loop, here: find does not inline.
	t := &c.interned
	slots, gen := t.slots, t.gen
	mask := uint64(len(slots) - 1)
	i := h & mask
	for {
		e := &slots[i]
		if e.gen != gen {
			o := c.newStr(s, true)
			return o, h, t.insert(e, o, h)
		}
		if n := len(s); e.h == h && len(e.o.V) == n {
			if n > 16 {
				return c.internLong(s, h, i)
			}
			// Up to 16 bytes, two overlapping loads compare them all.
			if n < 8 || load64(e.o.V, 0) == load64(s, 0) && load64(e.o.V, n-8) == load64(s, n-8) {
				return e.o, h, e.num
			}
		}
		i = (i + 1) & mask
	}
}

// load64 is the 8 bytes of s at i, which must be in s.
func load64(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}

// internLong is internN's end for a string longer than 16 bytes, from
// slot i of the intern table on, where one of its length and hash is.
//
//go:noinline
func (c *compiler) internLong(s string, h, i uint64) (*marshal.Str, uint64, int32) {
	e, ok := c.interned.findLong(s, h, i)
	if ok {
		return e.o, h, e.num
	}
	o := c.newStr(s, true)
	return o, h, c.interned.insert(e, o, h)
}

// internObj interns an existing string object as PyUnicode_InternInPlace:
// the module's canonical object if there is one; else, when the compiling
// process already holds this string interned (compile/share's model of a
// fresh compileall process), a new object standing for that one; else o
// itself, now interned.
func (c *compiler) internObj(o *marshal.Str) *marshal.Str {
	h := strHash(o.V)
	e, ok := c.interned.find(o.V, h)
	if ok {
		return e.o
	}
	if !o.Interned && freshProcess.ProcessInterned(o.V) {
		p := c.newStr(o.V, true)
		c.interned.insert(e, p, h)
		return p
	}
	o.Interned = true
	c.interned.insert(e, o, h)
	return o
}

// symStr is an interned name, its strHash and its number in the intern
// table.
type symStr struct {
	o   *marshal.Str
	h   uint64
	num int32
}

// internTable maps string values to the module's interned objects. Like
// constCache it is emptied in O(1) by generations, and a file's table
// starts small; it keeps each value's hash, of which the hashes of name
// tuples are made.
type internTable struct {
	stampedTable[internSlot, *internSlot]
	// uses, by the strings' numbers (in order of interning), says where
	// each string was last put in a unit's co_names: most names are
	// placed (namesArg) without a search of the unit's list.
	uses []nameUse
}

type internSlot struct {
	o   *marshal.Str
	h   uint64 // strHash(o.V)
	gen uint32
	num int32 // numbers the file's interned strings from 0
}

// nameUse is where an interned string is in co_names: index idx of the
// unit numbered unit (as constSlot's unit and idx), unit 0 for none.
type nameUse struct {
	unit uint32
	idx  int32
}

// namesArg is addName for the current unit's co_names, given the name
// interned: its object, strHash and number. The unit that took the name
// last holds it at its recorded index; if that is a unit nested in the
// current one (numbered higher), the current one may hold it too, and is
// searched; a unit numbered lower means the name is new to this one.
func (c *compiler) namesArg(o *marshal.Str, h uint64, num int32) int {
	u := c.u
	nu := &c.interned.uses[num]
	if nu.unit == u.serial {
		return int(nu.idx)
	}
	if nu.unit > u.serial {
		return c.namesArgNested(o, h, nu)
	}
	i := u.names.push(o, h)
	nu.unit, nu.idx = u.serial, int32(i)
	return i
}

// namesArgNested is namesArg for a name a nested unit took last, which
// the current unit may hold too. Out of line, its search leaves namesArg
// only append's rare call to keep values across.
//
//go:noinline
func (c *compiler) namesArgNested(o *marshal.Str, h uint64, nu *nameUse) int {
	u := c.u
	i, ok := u.names.lookup(o.V)
	if !ok {
		i = u.names.push(o, h)
	}
	nu.unit, nu.idx = u.serial, int32(i)
	return i
}

func (e *internSlot) stamp() *uint32 { return &e.gen }
func (e *internSlot) home() uint64   { return e.h }

const minInternSlots = 512

// reset empties the table for a new file, sized for 2 interned strings
// per distinct name (nnames); files have about 1.3 to 2.3.
func (t *internTable) reset(nnames int) {
	t.stampedTable.reset(slotsFor(2*nnames, minInternSlots))
	t.uses = t.uses[:0]
}

// find returns the slot of the value s (hash h) and true, or the empty
// slot where it belongs and false. A value shorter than 8 bytes is
// determined by its length and strHash (see strHash), most names: its
// bytes are not compared. A longer one's are, by findLong, so that the
// loop here makes no call (whose spills every lookup would pay).
func (t *internTable) find(s string, h uint64) (*internSlot, bool) {
	slots, gen := t.slots, t.gen
	mask := uint64(len(slots) - 1)
	i := h & mask
	for {
		e := &slots[i]
		if e.gen != gen {
			return e, false
		}
		if e.h == h && len(e.o.V) == len(s) {
			if len(s) < 8 {
				return e, true
			}
			return t.findLong(s, h, i)
		}
		i = (i + 1) & mask
	}
}

// findLong is find for a value of 8 bytes or more from slot i on, where
// one of its length and hash is.
//
//go:noinline
func (t *internTable) findLong(s string, h, i uint64) (*internSlot, bool) {
	mask := uint64(len(t.slots) - 1)
	for ; ; i = (i + 1) & mask {
		e := &t.slots[i]
		if e.gen != t.gen {
			return e, false
		}
		if e.h == h && e.o.V == s {
			return e, true
		}
	}
}

// insert fills the empty slot e (from find) with o, whose hash is h, and
// returns o's number.
func (t *internTable) insert(e *internSlot, o *marshal.Str, h uint64) int32 {
	num := int32(len(t.uses))
	*e = internSlot{o: o, h: h, gen: t.gen, num: num}
	t.uses = append(t.uses, nameUse{})
	t.added()
	return num
}

// internConsts is intern_string_constants: name-like strings in consts
// (and nested tuples and frozensets) become the interned objects. It
// reports whether any item was replaced.
//
// Items are told apart by their type word (see iface), strings first:
// most items are strings, None, ints and code objects, which a type
// switch would tell only after loading the type's hash.
func (c *compiler) internConsts(items []marshal.Object) bool {
	modified := false
	for i := len(items) - 1; i >= 0; i-- {
		w := (*iface)(unsafe.Pointer(&items[i]))
		if w.t == strItab {
			// Strings of this file are only made interned as they become
			// the canonical object: such a string interns to itself. A
			// string found not name-like is not tested again, and one
			// interned to another object (Canon) interns to that again: the
			// intern table keeps its objects for the file.
			v := (*marshal.Str)(w.d)
			if v.Interned || v.NotName {
				continue
			}
			// The empty and one-character strings are CPython's cached
			// singletons, which intern in place: replacing one here
			// stands for no change there (the marshal model makes them
			// one object), so it rebuilds no frozenset.
			if x := v.Canon; x != nil {
				items[i] = x
				modified = modified || len(v.V) > 1
				continue
			}
			if !allNameChars(v.V) {
				v.NotName = true
				continue
			}
			if x := c.internObj(v); x != v {
				v.Canon = x
				items[i] = x
				modified = modified || len(v.V) > 1
			}
		} else if w.t == tupleItab {
			c.internConsts((*marshal.Tuple)(w.d).Items)
		} else if w.t == frozenSetItab {
			v := (*marshal.FrozenSet)(w.d)
			tmp := append([]marshal.Object(nil), v.Items...)
			if c.internConsts(tmp) {
				items[i] = marshal.NewFrozenSet(tmp)
				modified = true
			}
		}
	}
	return modified
}

// loadNone is loadConst(marshal.None), the commonest constant load,
// without constIndex's tests of the constant's type: None is not in the
// cache, and each unit keeps its index (noneIdx).
func (c *compiler) loadNone() {
	if c.noEmit > 0 {
		return
	}
	u := c.u
	if u.noneIdx == 0 {
		u.noneIdx = int32(c.pushConst(marshal.None, mix(kNone, 0))) + 1
	}
	if b, i := c.cur, u.noneIdx-1; i <= 0xff && len(b.instrs) != cap(b.instrs) {
		c.emitAt(b, len(b.instrs), opcode.LOAD_CONST, i, loadConstEffect)
	} else {
		c.emit(opcode.LOAD_CONST, i) // noEmit tested
	}
}

// iface is the layout of an interface value: its type (itab) word and
// its data word.
type iface struct{ t, d unsafe.Pointer }

// The type words of marshal.Objects holding these types.
var (
	strItab       = marshal.TypeWord((*marshal.Str)(nil))
	tupleItab     = marshal.TypeWord((*marshal.Tuple)(nil))
	frozenSetItab = marshal.TypeWord((*marshal.FrozenSet)(nil))
	intItab       = marshal.TypeWord((*marshal.Int)(nil))
	codeItab      = marshal.TypeWord((*marshal.Code)(nil))
	bytesItab     = marshal.TypeWord((*marshal.Bytes)(nil))
	floatItab     = marshal.TypeWord((*marshal.Float)(nil))
	complexItab   = marshal.TypeWord((*marshal.Complex)(nil))
	// Both words of None, the same in every None (see sameObj).
	noneWords = *(*iface)(unsafe.Pointer(&marshal.None))
)

// freshProcess is the state of a compileall process before any file.
var freshProcess share.State
