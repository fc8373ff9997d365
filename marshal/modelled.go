package marshal

import (
	"cmp"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"unsafe"
)

// errChain is what patch panics with on a back-reference chain leading out
// of the buffer.
var errChain = errors.New("marshal: a back-reference chain is corrupt (the tree was dumped by two goroutines at once)")

// A Model tells AppendModelled what its own walk cannot see of CPython's
// reference counts: which strs are one object, and what the process holds.
//
// The tree's interned strs must be one object per value already (as
// package codegen builds them): only strs of up to two bytes, which may be
// CPython's cached singletons, are asked about as the walk meets them.
type Model interface {
	// Str is called for a str of up to two bytes the walk meets for the
	// first time. It returns the str that stands for s: s itself, with
	// whether the process holds a reference to it, or a str met before (one
	// object of the same value), which s is then written as a reference to.
	// It may set the Interned of a str met before; the bytes written for it
	// follow.
	Str(s *Str) (c *Str, held bool)
	// Finish is called once the tree is written: it sets Shared on the
	// objects the process holds that the walk could not tell, top among
	// them, and on those of asks (longer interned strs the tree holds
	// once) that the process interned.
	Finish(top *Code, asks []*Str)
}

// While the modelled walk runs, an object's Mark holds where its latest
// occurrence is: its type code, or its last back-reference. The index of
// each back-reference holds, until the walk ends, the Mark before it: the
// back-references of an object form a chain through the bytes that ends
// at its type code (the first byte on it that is not typeRef), so a
// back-reference costs no lookup and the walk records nothing for it, and
// the walk's record of an object it wrote (firsts) is its header alone.
//
// first is an object written and where its type code is, for the lists
// that need the place (shorts, side).
type first struct {
	h   *Ref
	pos uint32
}

// AppendModelled is AppendDumps for a code tree whose sharing is decided
// as it is written, in one walk instead of a model's walk and then the
// writer's: an object is Shared when the walk reaches it a second time or
// the process holds it (model and the rules for ints, bytes, tuples and
// frozensets CPython caches). Every object is written without FLAG_REF and
// every repeated one as a back-reference of fixed size; at the end, when
// sharing is known, the flags are set and the references numbered in
// write order, as w_ref numbers them, in place. Shared is left set as the
// walk decided. The filename of the first code object stands for every
// code object's (compileall passes them all the same one).
func AppendModelled(dst []byte, top *Code, model Model) ([]byte, error) {
	w := writerPool.Get().(*writer)
	w.buf, w.depth, w.model = dst, 0, model
	// The top code object is recorded (Finish shares it); the rest are
	// written once (see once).
	w.meet(&top.Ref, false)
	err := w.mcodeBody(top)
	if err == nil {
		err = w.err
	}
	if err == nil && len(w.buf) >= math.MaxInt32 {
		err = errTooLarge // positions are kept in Marks
	}
	w.err = nil
	if err == nil {
		model.Finish(top, w.asks)
		if len(w.side) == 0 {
			w.patch()
		} else {
			w.patchSide()
		}
	} else {
		w.firsts.each(func(hs []*Ref) {
			for _, h := range hs {
				h.Mark = 0
			}
		})
	}
	w.zeroOnce()
	out := w.buf
	w.buf, w.model, w.filename = nil, nil, nil
	w.firsts.reset()
	clear(w.shorts)
	w.shorts = w.shorts[:0]
	if cap(w.asks) > 1<<16 {
		w.asks = nil
	} else {
		clear(w.asks)
		w.asks = w.asks[:0]
	}
	writerPool.Put(w)
	if err != nil {
		return dst, err
	}
	return out, nil
}

// patch sets FLAG_REF on the Shared objects written and numbers their
// back-references, found by their chains (see first). It zeroes the Marks
// the walk set (see met).
func (w *writer) patch() {
	// A link's four bytes are read after its typeRef is seen: with four
	// bytes of room past the end, one test of a position keeps all five
	// within the allocation.
	if cap(w.buf)-len(w.buf) < 4 {
		w.buf = slices.Grow(w.buf, 4)
	}
	// In locals: the stores through the headers would make the compiler
	// load w's fields again every round.
	buf, firsts := w.buf, &w.firsts
	size := uint(len(buf))
	at := unsafe.Pointer(unsafe.SliceData(buf))
	n := 0
	firsts.each(func(hs []*Ref) {
		for _, h := range hs {
			if !h.Shared {
				h.Mark = 0
				continue
			}
			p := int(h.Mark)
			h.Mark = 0
			for {
				// One unsigned test keeps the five bytes within the
				// allocation, unchecked after it: a Mark changed by
				// another goroutine dumping the same tree (which the
				// API forbids) panics here rather than writing
				// outside it.
				if uint(p) >= size {
					panic(errChain)
				}
				if *(*byte)(unsafe.Add(at, p)) != typeRef {
					break // the type code
				}
				r := (*[4]byte)(unsafe.Add(at, p+1))
				// binary.LittleEndian's load and store, written
				// out: calls, even inlined, leave a no-op each.
				p = int(uint32(r[0]) | uint32(r[1])<<8 | uint32(r[2])<<16 | uint32(r[3])<<24)
				v := uint32(n)
				r[0] = byte(v)
				r[1] = byte(v >> 8)
				r[2] = byte(v >> 16)
				r[3] = byte(v >> 24)
			}
			*(*byte)(unsafe.Add(at, p)) |= flagRef
			n++
		}
	})
}

// patchSide is patch when objects written once were met again (see
// once): they are numbered among the recorded ones, in write order.
func (w *writer) patchSide() {
	side := w.side
	slices.SortFunc(side, func(a, b first) int { return cmp.Compare(a.pos, b.pos) })
	buf := w.buf
	n, j := 0, 0
	// one returns where the chain of h ends (its type code); with number
	// set it also numbers the chain's back-references, flags the type
	// code of a Shared object and zeroes its Mark, as patch does.
	one := func(h *Ref, number bool) (end int) {
		p := int(h.Mark)
		if number {
			h.Mark = 0
			if !h.Shared {
				return p
			}
		}
		for buf[p] == typeRef {
			r := (*[4]byte)(buf[p+1 : p+5])
			p = int(binary.LittleEndian.Uint32(r[:]))
			if number {
				binary.LittleEndian.PutUint32(r[:], uint32(n))
			}
		}
		if number {
			buf[p] |= flagRef
			n++
		}
		return p
	}
	next := side[0].pos
	w.firsts.each(func(hs []*Ref) {
		for _, h := range hs {
			for pos := uint32(one(h, false)); pos > next; {
				one(side[j].h, true)
				j++
				next = math.MaxUint32
				if j < len(side) {
					next = side[j].pos
				}
			}
			one(h, true)
		}
	})
	for ; j < len(side); j++ {
		one(side[j].h, true)
	}
}

// once writes nothing but sets the Mark of the object with header h, about
// to be written, without recording it: code objects (but the top one) and
// bytes the process does not cache are most often written once, and need
// no place in patch's list. One met again goes to w.side (see onceAgain);
// their Marks are zeroed by zeroOnce, through w.codes and w.loose.
func (w *writer) once(h *Ref) { h.Shared, h.once, h.Mark = false, true, int32(len(w.buf)) }

// onceAgain records the object with header h, met again, as shared when
// once wrote it and this is the first time it is met again (when it is not
// Shared yet: once leaves Shared false, and it is set from then on).
func (w *writer) onceAgain(h *Ref) {
	if h.once && !h.Shared {
		w.side = append(w.side, first{h: h, pos: uint32(h.Mark)})
	}
}

// zeroOnce zeroes the Marks once set, once patch has read them.
func (w *writer) zeroOnce() {
	for _, c := range w.codes {
		c.Mark, c.once = 0, false
		c.Code.Mark, c.Code.once = 0, false
		c.LNoTab.Mark, c.LNoTab.once = 0, false
	}
	for _, h := range w.loose {
		h.Mark, h.once = 0, false
	}
	if cap(w.codes) > 1<<16 {
		w.codes = nil
	} else {
		clear(w.codes)
		w.codes = w.codes[:0]
	}
	clear(w.loose)
	w.loose = w.loose[:0]
	clear(w.side)
	w.side = w.side[:0]
}

// met reports whether the walk wrote the object with header h: h.Mark
// holds where it was last written (see first). No Mark is positive outside
// a dump (share's model stamps are negative, and every dump zeroes the
// positive Marks it set before it returns), so a positive Mark is this
// walk's. Only the top code object can be written at 0, and a code object
// does not hold itself.
func (w *writer) met(h *Ref) bool { return h.Mark > 0 }

// meet records the object with header h, about to be written; held says
// the process holds a reference of its own.
func (w *writer) meet(h *Ref, held bool) {
	// chunked's push, written out: a call would not be inlined.
	f := &w.firsts
	if uint8(f.n) == 0 {
		f.next()
	}
	f.cur[uint8(f.n)] = h
	f.n++
	h.Shared, h.Mark = held, int32(len(w.buf))
}

// again writes a reference to the object with header h, met before, which
// shares it, as the head of its chain of back-references.
func (w *writer) again(h *Ref) {
	// Read before the stores: a store through h or the bytes would make
	// the compiler load it again. The link's bytes make one store.
	m, n := h.Mark, len(w.buf)
	w.buf = append(w.buf, typeRef, byte(m), byte(m>>8), byte(m>>16), byte(m>>24))
	h.Shared, h.Mark = true, int32(n)
}

func (w *writer) mstr(s *Str) {
	if w.met(&s.Ref) {
		w.again(&s.Ref)
		return
	}
	w.newStr(s)
}

// newStr is mstr for a str not met as itself.
func (w *writer) newStr(s *Str) {
	if len(s.V) > 2 {
		// Neither a cached singleton nor one of several objects.
		t := byte(typeShortASCII) // the type code if shortStr's
		if s.Interned {
			w.asks = append(w.asks, s)
			t = typeShortASCIIInterned
		}
		w.meet(&s.Ref, false)
		// shortStr, spelt out (flag 0): a new str, most often a name,
		// costs one call. Within cap(w.buf) (grown for the longest) and
		// within v: unchecked.
		v := s.V
		n := len(v)
		if n <= shortMax {
			p := len(w.buf)
			if cap(w.buf)-p < 2+shortMax {
				w.buf = slices.Grow(w.buf, 2+shortMax)
			}
			at := unsafe.Add(unsafe.Pointer(unsafe.SliceData(w.buf)), p)
			src, dst := unsafe.Pointer(unsafe.StringData(v)), unsafe.Add(at, 2)
			var or uint64
			if n >= 8 {
				for i := 0; i < n-8; i += 8 {
					x := *(*uint64)(unsafe.Add(src, i))
					or |= x
					*(*uint64)(unsafe.Add(dst, i)) = x
				}
				x := *(*uint64)(unsafe.Add(src, n-8))
				or |= x
				*(*uint64)(unsafe.Add(dst, n-8)) = x
			} else if n >= 4 {
				x, y := *(*uint32)(src), *(*uint32)(unsafe.Add(src, n-4))
				or = uint64(x | y)
				*(*uint32)(dst) = x
				*(*uint32)(unsafe.Add(dst, n-4)) = y
			} else { // three bytes
				x, y, z := v[0], v[1], v[2]
				or = uint64(x | y | z)
				*(*[3]byte)(dst) = [3]byte{x, y, z}
			}
			if or&0x8080808080808080 == 0 {
				*(*[2]byte)(at) = [2]byte{t, byte(n)}
				w.buf = w.buf[:p+2+n] // the length only
				return
			}
		}
		if err := w.longStr(s, 0); err != nil {
			w.err = err
		}
		return
	}
	c, held := w.model.Str(s)
	if c != s && w.met(&c.Ref) {
		// Its Interned may have changed: the type code follows.
		p := w.shortPos(&c.Ref)
		b := w.buf[p:]
		w.buf = w.buf[:p]
		w.strValue(c, 0) // the same size: it fitted before
		w.buf = w.buf[:p+len(b)]
		w.again(&c.Ref)
		return
	}
	w.shorts = append(w.shorts, first{&c.Ref, uint32(len(w.buf))})
	w.meet(&c.Ref, held)
	if err := w.strValue(c, 0); err != nil {
		w.err = err
	}
}

// shortPos returns where the str of up to two bytes with header h, met,
// was written. There are few such strs in a tree (at most one a value).
func (w *writer) shortPos(h *Ref) int {
	for _, f := range w.shorts {
		if f.h == h {
			return int(f.pos)
		}
	}
	panic("marshal: a str met but not recorded")
}

func (w *writer) mtuple(t *Tuple) error {
	if w.met(&t.Ref) {
		w.again(&t.Ref)
		return nil
	}
	w.meet(&t.Ref, len(t.Items) == 0) // the empty tuple is cached
	if err := w.tupleHead(len(t.Items), 0); err != nil {
		return err
	}
	return w.mitems(t.Items)
}

func (w *writer) mbytes(b *Bytes) error {
	if w.met(&b.Ref) {
		w.onceAgain(&b.Ref)
		w.again(&b.Ref)
		return nil
	}
	if b.Cached() {
		w.meet(&b.Ref, true) // the empty and one-byte bytes are cached
	} else {
		w.once(&b.Ref) // zeroed through its code object
	}
	return w.bytesValue(b, 0)
}

// mitems is items for the modelled walk.
func (w *writer) mitems(items []Object) error {
	w.depth++
	if w.depth >= maxDepth && len(items) > 0 {
		w.depth--
		return errTooDeep
	}
	for i := range items {
		// The type word tested without a type assertion, which the
		// compiler makes a select of s and a second test. A nil *Str
		// goes to mobject, which reports it.
		e := (*iface)(unsafe.Pointer(&items[i]))
		if s := (*Str)(e.d); e.t == strItab && s != nil {
			if w.met(&s.Ref) {
				w.again(&s.Ref) // inline: most strs are names met before
			} else {
				w.newStr(s)
			}
			continue
		}
		// A singleton (None most often) is its type code alone: no call.
		// Every singleton is one of mobject's.
		if e.t == singletonItab {
			w.buf = append(w.buf, *(*byte)(e.d))
			continue
		}
		if err := w.mobject(items[i]); err != nil {
			// No error kept live across the loop, which cost spills.
			w.depth--
			return err
		}
	}
	w.depth--
	return nil
}

// iface is the layout of an interface value: its type (itab) word and
// its data word.
type iface struct{ t, d unsafe.Pointer }

// The type words of Objects holding a *Str and a singleton, whose data
// word points to its byte.
var (
	strItab       = TypeWord((*Str)(nil))
	singletonItab = TypeWord(None)
)

// TypeWord returns the type (itab) word of o: Objects holding values of
// one dynamic type share it, so hot paths can tell types apart by one
// compare where a type assertion makes two.
func TypeWord(o Object) unsafe.Pointer { return (*iface)(unsafe.Pointer(&o)).t }

// mobject is object for the modelled walk.
func (w *writer) mobject(o Object) error {
	if w.depth >= maxDepth {
		return errTooDeep
	}
	switch v := o.(type) {
	case singleton:
		// By its byte: comparing interfaces with None and the rest called
		// the runtime once each.
		switch v {
		case 'N', 'T', 'F', '.', 'S', '0':
			w.byte(byte(v))
			return nil
		}
	case *Str:
		if v != nil {
			w.mstr(v)
			return nil
		}
	case *Tuple:
		if v != nil {
			return w.mtuple(v)
		}
	case *Bytes:
		if v != nil {
			// A constant, recorded: constants repeat. One written once
			// (a code object's) is recorded as met again before again
			// sets Shared, which onceAgain tests.
			if w.met(&v.Ref) {
				w.onceAgain(&v.Ref)
				w.again(&v.Ref)
				return nil
			}
			w.meet(&v.Ref, v.Cached())
			return w.bytesValue(v, 0)
		}
	case *Code:
		if v != nil {
			return w.mcode(v)
		}
	case *Int:
		if v != nil {
			// An int met before, most often a small one, costs no call.
			if w.met(&v.Ref) {
				w.again(&v.Ref)
				return nil
			}
			// CPython caches the small ints.
			if w.first(&v.Ref, v.Cached()) {
				w.int(v, 0)
			}
			return nil
		}
	case *Float:
		if v != nil {
			if w.first(&v.Ref, false) {
				w.byte(typeBinaryFloat)
				w.float(v.V)
			}
			return nil
		}
	case *Complex:
		if v != nil {
			if w.first(&v.Ref, false) {
				w.byte(typeBinaryComplex)
				w.float(v.Real)
				w.float(v.Imag)
			}
			return nil
		}
	case *FrozenSet:
		if v != nil {
			return w.mfrozenset(v)
		}
	case *List:
		if v != nil {
			if !w.first(&v.Ref, false) {
				return nil
			}
			return w.msized(typeList, v.Items)
		}
	case *Set:
		if v != nil {
			if !w.first(&v.Ref, false) {
				return nil
			}
			return w.msized(typeSet, v.Items)
		}
	case *Dict:
		if v != nil {
			if !w.first(&v.Ref, false) {
				return nil
			}
			return w.mdict(v)
		}
	}
	return errNilObject
}

// first writes a reference to the object with header h when it was met
// before, else meets it and reports that its value is to be written.
func (w *writer) first(h *Ref, held bool) bool {
	if w.met(h) {
		w.again(h)
		return false
	}
	w.meet(h, held)
	return true
}

func (w *writer) mfrozenset(v *FrozenSet) error {
	if !w.first(&v.Ref, len(v.Items) == 0) { // the empty frozenset is cached
		return nil
	}
	if err := w.msized(typeFrozenSet, v.Items); err != nil {
		return err
	}
	// marshal iterates a set with PyIter_Next, which holds a reference to
	// each item while it is written.
	for _, it := range v.Items {
		if r, ok := it.(Referable); ok && !isNilPointer(it) && w.met(r.Header()) {
			w.onceAgain(r.Header())
			r.SetShared(true)
		}
	}
	return nil
}

func (w *writer) mdict(v *Dict) error {
	if len(v.Keys) != len(v.Values) {
		return errUnmarshallable
	}
	w.byte(typeDict)
	w.depth++
	defer func() { w.depth-- }()
	for i, k := range v.Keys {
		if err := w.mobject(k); err != nil {
			return err
		}
		if err := w.mobject(v.Values[i]); err != nil {
			return err
		}
	}
	w.byte(typeNull)
	return nil
}

// msized is sized for the modelled walk.
func (w *writer) msized(code byte, items []Object) error {
	w.byte(code)
	if err := w.size(len(items)); err != nil {
		return err
	}
	return w.mitems(items)
}

func (w *writer) mcode(c *Code) error {
	if w.met(&c.Ref) {
		w.onceAgain(&c.Ref)
		w.again(&c.Ref)
		return nil
	}
	w.once(&c.Ref) // zeroed through w.codes (or w.loose)
	return w.mcodeBody(c)
}

// mcodeBody writes c, met, after its ref logic.
func (w *writer) mcodeBody(c *Code) error {
	w.codeHead(c, 0)
	if w.filename == nil {
		w.filename = c.Filename
	}
	w.depth++
	err := w.mcodeFields(c)
	w.depth--
	return err
}

// mcodeFields is codeFields for the modelled walk.
func (w *writer) mcodeFields(c *Code) error {
	if c.Code == nil || c.Consts == nil || c.Names == nil || c.VarNames == nil ||
		c.FreeVars == nil || c.CellVars == nil || w.filename == nil || c.Name == nil || c.LNoTab == nil {
		// It fails there after writing the fields before it.
		w.loose = append(w.loose, &c.Ref)
		for _, f := range [...]Object{c.Code, c.Consts, c.Names, c.VarNames, c.FreeVars, c.CellVars, w.filename, c.Name} {
			if err := w.mobject(f); err != nil {
				return err
			}
		}
		w.long(c.FirstLineNo)
		return w.mobject(c.LNoTab)
	}
	// Before the depth test: c's Mark is set (the loose path's first
	// mobject tests the depth).
	w.codes = append(w.codes, c) // to zero its Marks and its bytes'
	if w.depth >= maxDepth {
		return errTooDeep
	}
	if err := w.mbytes(c.Code); err != nil {
		return err
	}
	// Written out: a loop over an array of the five built the array and
	// tested its bounds for every code object.
	if err := w.mtuple(c.Consts); err != nil {
		return err
	}
	if err := w.mtuple(c.Names); err != nil {
		return err
	}
	// The variable tuples are most often the empty tuple, met before:
	// its back-reference is written without mtuple's call.
	if t := c.VarNames; w.met(&t.Ref) {
		w.again(&t.Ref)
	} else if err := w.mtuple(t); err != nil {
		return err
	}
	if t := c.FreeVars; w.met(&t.Ref) {
		w.again(&t.Ref)
	} else if err := w.mtuple(t); err != nil {
		return err
	}
	if t := c.CellVars; w.met(&t.Ref) {
		w.again(&t.Ref)
	} else if err := w.mtuple(t); err != nil {
		return err
	}
	// The filename is met (but in the first code object), and the name
	// often: their back-references are written without mstr's call (too
	// costly to inline), by its test spelt out once for both.
	for _, s := range [2]*Str{w.filename, c.Name} {
		if w.met(&s.Ref) {
			w.again(&s.Ref)
		} else {
			w.newStr(s)
		}
	}
	w.long(c.FirstLineNo)
	return w.mbytes(c.LNoTab)
}

// chunked is an append-only list in chunks of a fixed length, kept by the
// pooled writer across dumps: growing it copies nothing, and a dump writes
// fresh memory only when it records more than every dump before it. A
// chunk holds 256 values, so that a value's place in its chunk is the low
// byte of its index (no mask, no bounds check: meet, which appends in
// place, stays within the inlining budget).
type chunked[T any] struct {
	cur    *[chunkLen]T // the chunk value n goes to, once n > 0
	n      int          // the values pushed
	chunks []*[chunkLen]T
}

const (
	chunkShift = 8
	chunkLen   = 1 << chunkShift
)

// next makes cur the chunk for value n, which starts one.
func (c *chunked[T]) next() {
	k := c.n >> chunkShift
	if k == len(c.chunks) {
		c.chunks = append(c.chunks, new([chunkLen]T))
	}
	c.cur = c.chunks[k]
}

// each calls f with the values pushed, a chunk at a time.
func (c *chunked[T]) each(f func([]T)) {
	for k := 0; k<<chunkShift < c.n; k++ {
		f(c.chunks[k][:min(c.n-k<<chunkShift, chunkLen)])
	}
}

// reset empties c, clearing the values it held (they may point to the
// dumped tree) and keeping its chunks.
func (c *chunked[T]) reset() {
	c.each(func(s []T) { clear(s) })
	c.cur, c.n = nil, 0
}
