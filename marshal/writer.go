package marshal

import (
	"encoding/binary"
	"errors"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"sync"
	"unsafe"

	"github.com/gopyc/gopyc/internal/ascii"
)

// Type codes of marshal format version 4 (Python/marshal.c).
const (
	typeNull               = '0'
	typeNone               = 'N'
	typeFalse              = 'F'
	typeTrue               = 'T'
	typeStopIter           = 'S'
	typeEllipsis           = '.'
	typeInt                = 'i'
	typeInt64              = 'I' // read only
	typeFloat              = 'f' // read only
	typeBinaryFloat        = 'g'
	typeComplex            = 'x' // read only
	typeBinaryComplex      = 'y'
	typeLong               = 'l'
	typeString             = 's'
	typeInterned           = 't'
	typeRef                = 'r'
	typeTuple              = '('
	typeList               = '['
	typeDict               = '{'
	typeCode               = 'c'
	typeUnicode            = 'u'
	typeSet                = '<'
	typeFrozenSet          = '>'
	typeASCII              = 'a'
	typeASCIIInterned      = 'A'
	typeSmallTuple         = ')'
	typeShortASCII         = 'z'
	typeShortASCIIInterned = 'Z'

	flagRef = 0x80
)

// maxDepth is CPython's MAX_MARSHAL_STACK_DEPTH on non-Windows builds; both
// the writer and the reader refuse nesting beyond it, as CPython does.
const maxDepth = 2000

const size32Max = 0x7FFFFFFF

var (
	errTooDeep         = errors.New("marshal: object too deeply nested to marshal")
	errUnmarshallable  = errors.New("marshal: unmarshallable object")
	errTooManyObjects  = errors.New("marshal: too many objects")
	errTooLarge        = errors.New("marshal: output of 2 GB or more")
	errNilObject       = errors.New("marshal: unmarshallable object (nil)")
	errNullOutsideDict = errors.New("marshal: unmarshallable object (Null outside a dict)")
)

// Dumps writes o in marshal format version 4, as CPython 3.8's
// marshal.dumps(o) does given the sharing recorded in the objects' Shared
// fields.
func Dumps(o Object) ([]byte, error) {
	// Written into a pooled scratch buffer, then copied once at its exact
	// size: growing a fresh slice would allocate about twice the output.
	sp := scratchPool.Get().(*[]byte)
	b, err := AppendDumps((*sp)[:0], o)
	var out []byte
	if err == nil {
		out = make([]byte, len(b))
		copy(out, b)
	}
	if cap(b) <= 1<<20 {
		*sp = b[:0]
	}
	scratchPool.Put(sp)
	return out, err
}

var scratchPool = sync.Pool{New: func() any { return new([]byte) }}

// AppendDumps appends the marshal form of o to dst and returns the extended
// buffer, so callers can reuse one buffer across many objects. On error the
// returned slice is dst unchanged. The writer numbers the Shared objects in
// their Mark fields while it runs, so two goroutines must not dump the same
// objects at once.
func AppendDumps(dst []byte, o Object) ([]byte, error) {
	w := writerPool.Get().(*writer)
	w.buf, w.depth, w.err = dst, 0, nil
	err := w.object(o)
	if err == nil {
		err = w.err
	}
	w.err = nil
	out := w.buf
	w.buf = nil
	// The Marks the dump set are zeroed, as AppendModelled needs.
	for _, h := range w.refs {
		h.Mark = 0
	}
	if cap(w.refs) > 1<<16 {
		w.refs = nil
	} else {
		clear(w.refs)
		w.refs = w.refs[:0]
	}
	writerPool.Put(w)
	if err != nil {
		return dst, err
	}
	return out, nil
}

var writerPool = sync.Pool{New: func() any { return new(writer) }}

type writer struct {
	buf   []byte
	depth int
	// refs lists the headers of the Shared objects written so far, by
	// reference index, as the hash table w_ref keeps. Each one's Mark holds
	// its index plus one while the dump runs, so finding it needs no
	// lookup; the Mark counts only if refs points back at the header.
	refs []*Ref
	err  error // an error that did not stop the walk (too many objects)

	// The modelled walk's (see AppendModelled).
	model    Model
	firsts   chunked[*Ref] // every object with identity written, in order
	filename *Str          // the one every code object is written with
	asks     []*Str        // the interned strs longer than two bytes met
	shorts   []first       // the strs of up to two bytes met, where written
	codes    []*Code       // the code objects written whole (see once)
	loose    []*Ref        // the other objects once wrote
	side     []first       // the objects once wrote that were met again
}

func (w *writer) byte(b byte) { w.buf = append(w.buf, b) }

func (w *writer) long(x int32) {
	w.buf = append(w.buf, byte(x), byte(x>>8), byte(x>>16), byte(x>>24))
}

func (w *writer) short(x uint16) { w.buf = append(w.buf, byte(x), byte(x>>8)) }

func (w *writer) size(n int) error {
	if n > size32Max {
		return errUnmarshallable
	}
	w.long(int32(n))
	return nil
}

func (w *writer) float(v float64) {
	u := math.Float64bits(v)
	w.buf = append(w.buf, byte(u), byte(u>>8), byte(u>>16), byte(u>>24),
		byte(u>>32), byte(u>>40), byte(u>>48), byte(u>>56))
}

// object is w_object: depth accounting, bare singletons, then the ref logic
// of w_ref, then the value itself. CPython counts the depth of every object;
// here containers count it for their items, so a scalar costs only the test.
func (w *writer) object(o Object) error {
	if w.depth >= maxDepth {
		return errTooDeep
	}
	// One type switch finds both the header (for w_ref) and the writer of
	// the value.
	switch v := o.(type) {
	case singleton:
		switch v { // by its byte, not by comparing interfaces
		case 'N', 'T', 'F', '.', 'S', '0':
			w.byte(byte(v))
			return nil
		}
	case *Str:
		if v != nil {
			return w.str(v)
		}
	case *Tuple:
		if v != nil {
			return w.tuple(v)
		}
	case *Int:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			w.int(v, flag)
			return nil
		}
	case *Bytes:
		if v != nil {
			return w.bytes(v)
		}
	case *Code:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			return w.code(v, flag)
		}
	case *Float:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			w.byte(typeBinaryFloat | flag)
			w.float(v.V)
			return nil
		}
	case *Complex:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			w.byte(typeBinaryComplex | flag)
			w.float(v.Real)
			w.float(v.Imag)
			return nil
		}
	case *FrozenSet:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			return w.sized(typeFrozenSet|flag, v.Items)
		}
	case *List:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			return w.sized(typeList|flag, v.Items)
		}
	case *Set:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			return w.sized(typeSet|flag, v.Items)
		}
	case *Dict:
		if v != nil {
			flag, done := w.ref(&v.Ref)
			if done {
				return nil
			}
			return w.dict(v, flag)
		}
	}
	return errNilObject
}

// str, tuple and bytes are object for a non-nil object of their type
// (the depth already tested), called directly where the type is known.

func (w *writer) tuple(v *Tuple) error {
	flag, done := w.ref(&v.Ref)
	if done {
		return nil
	}
	if err := w.tupleHead(len(v.Items), flag); err != nil {
		return err
	}
	return w.items(v.Items)
}

// tupleHead writes the type code and size of a tuple of n items.
func (w *writer) tupleHead(n int, flag byte) error {
	if n < 256 {
		w.buf = append(w.buf, typeSmallTuple|flag, byte(n))
		return nil
	}
	w.byte(typeTuple | flag)
	return w.size(n)
}

func (w *writer) bytes(v *Bytes) error {
	flag, done := w.ref(&v.Ref)
	if done {
		return nil
	}
	return w.bytesValue(v, flag)
}

// bytesValue writes v, not written before, with flag on its type code.
func (w *writer) bytesValue(v *Bytes, flag byte) error {
	n := len(v.V)
	if n > size32Max {
		return errUnmarshallable
	}
	// The type code and size with one growth test.
	w.buf = append(w.buf, typeString|flag, byte(n), byte(n>>8), byte(n>>16), byte(n>>24))
	w.buf = append(w.buf, v.V...)
	return nil
}

// ref is w_ref for the object with header h: when the object is Shared
// and already written it writes the back-reference and reports done;
// otherwise it returns the flag for the object's type code.
func (w *writer) ref(h *Ref) (flag byte, done bool) {
	if !h.Shared {
		return 0, false // most objects: ref is inlined for them
	}
	return w.sharedRef(h)
}

// sharedRef is ref for a Shared object, kept out of line so that ref
// inlines. items tries backRef inline first.
//
//go:noinline
func (w *writer) sharedRef(h *Ref) (flag byte, done bool) {
	if w.backRef(h) {
		return 0, true
	}
	if len(w.refs) >= size32Max {
		// The object is left out; the dump fails.
		w.err = errTooManyObjects
		return 0, true
	}
	w.refs = append(w.refs, h)
	h.Mark = int32(len(w.refs))
	return flagRef, false
}

// backRef writes the back-reference to the Shared object with header h
// when h was written before, and reports whether it did; it inlines.
func (w *writer) backRef(h *Ref) bool {
	i := int(h.Mark) - 1
	if uint(i) < uint(len(w.refs)) && w.refs[i] == h {
		w.buf = append(w.buf, typeRef, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
		return true
	}
	return false
}

// sized writes a container as its type code, size and items.
func (w *writer) sized(code byte, items []Object) error {
	w.byte(code)
	if err := w.size(len(items)); err != nil {
		return err
	}
	return w.items(items)
}

func (w *writer) dict(v *Dict, flag byte) error {
	if len(v.Keys) != len(v.Values) {
		return errUnmarshallable
	}
	w.byte(typeDict | flag)
	w.depth++
	defer func() { w.depth-- }()
	for i, k := range v.Keys {
		if err := w.object(k); err != nil {
			return err
		}
		if err := w.object(v.Values[i]); err != nil {
			return err
		}
	}
	return w.object(Null)
}

func isNilPointer(o Object) bool {
	switch v := o.(type) {
	case *Int:
		return v == nil
	case *Float:
		return v == nil
	case *Complex:
		return v == nil
	case *Str:
		return v == nil
	case *Bytes:
		return v == nil
	case *Tuple:
		return v == nil
	case *FrozenSet:
		return v == nil
	case *List:
		return v == nil
	case *Set:
		return v == nil
	case *Dict:
		return v == nil
	case *Code:
		return v == nil
	}
	return false
}

// items writes the items of a container, one level deeper. Strings, most
// items, are written without object's type switch; every item is tested
// against maxDepth at the same depth, so one test serves them all.
func (w *writer) items(items []Object) (err error) {
	w.depth++
	if w.depth >= maxDepth && len(items) > 0 {
		w.depth--
		return errTooDeep
	}
	for _, it := range items {
		if s, ok := it.(*Str); ok && s != nil {
			// str, its ref inline: a string written before, most often
			// a name, costs no call.
			if s.Shared && w.backRef(&s.Ref) {
				continue
			}
			flag, done := w.ref(&s.Ref)
			if !done {
				err = w.strValue(s, flag)
			}
		} else {
			err = w.object(it)
		}
		if err != nil {
			break
		}
	}
	w.depth--
	return err
}

func (w *writer) str(v *Str) error {
	flag, done := w.ref(&v.Ref)
	if done {
		return nil
	}
	return w.strValue(v, flag)
}

// strValue writes v, not written before, with flag on its type code.
func (w *writer) strValue(v *Str, flag byte) error {
	if w.shortStr(v, flag) {
		return nil
	}
	return w.longStr(v, flag)
}

// longStr is strValue for a str shortStr does not write.
func (w *writer) longStr(v *Str, flag byte) error {
	s := v.V
	ascii := ascii.Is(s)
	switch {
	case ascii && len(s) < 256:
		t := byte(typeShortASCII)
		if v.Interned {
			t = typeShortASCIIInterned
		}
		w.buf = append(w.buf, t|flag, byte(len(s)))
	case ascii:
		t := byte(typeASCII)
		if v.Interned {
			t = typeASCIIInterned
		}
		w.byte(t | flag)
		if err := w.size(len(s)); err != nil {
			return err
		}
	default:
		// V already holds the surrogatepass UTF-8 that marshal writes.
		t := byte(typeUnicode)
		if v.Interned {
			t = typeInterned
		}
		w.byte(t | flag)
		if err := w.size(len(s)); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, s...)
	return nil
}

// shortMax is the longest str shortStr writes.
const shortMax = 64

// shortStr writes v as strValue does when it is ASCII and at most shortMax
// bytes long, and reports whether it was. Most strs written are such
// names: the bytes are copied a word at a time and tested as they go, in
// one pass without a scan or a copy call. A str found not ASCII leaves
// only bytes past the buffer's length.
func (w *writer) shortStr(v *Str, flag byte) bool {
	s := v.V
	n := len(s)
	if n > shortMax {
		return false
	}
	p := len(w.buf)
	if cap(w.buf)-p < 2+shortMax {
		w.buf = slices.Grow(w.buf, 2+shortMax)
	}
	b := w.buf[:p+2+n]
	// The copy reads and writes within s and b[p+2:]: unchecked.
	src, dst := unsafe.Pointer(unsafe.StringData(s)), unsafe.Pointer(&b[p+1])
	dst = unsafe.Add(dst, 1)
	var or uint64
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			x := *(*uint64)(unsafe.Add(src, i))
			or |= x
			*(*uint64)(unsafe.Add(dst, i)) = x
		}
		x := *(*uint64)(unsafe.Add(src, n-8))
		or |= x
		*(*uint64)(unsafe.Add(dst, n-8)) = x
	case n >= 4:
		x, y := *(*uint32)(src), *(*uint32)(unsafe.Add(src, n-4))
		or = uint64(x | y)
		*(*uint32)(dst) = x
		*(*uint32)(unsafe.Add(dst, n-4)) = y
	case n > 0:
		// One, two or three bytes: the first, middle and last.
		x, y, z := s[0], s[n/2], s[n-1]
		or = uint64(x | y | z)
		*(*byte)(dst) = x
		*(*byte)(unsafe.Add(dst, n/2)) = y
		*(*byte)(unsafe.Add(dst, n-1)) = z
	}
	if or&0x8080808080808080 != 0 {
		return false
	}
	t := byte(typeShortASCII)
	if v.Interned {
		t = typeShortASCIIInterned
	}
	b[p], b[p+1] = t|flag, byte(n)
	w.buf = w.buf[:len(b)] // the length only
	return true
}

// int writes TYPE_INT when the value survives CPython's 32-bit test
// (x >> 31 is 0 or -1), else TYPE_LONG in base 2**15 digits.
func (w *writer) int(v *Int, flag byte) {
	if v.Big == nil || v.Big.IsInt64() {
		x := v.Small
		if v.Big != nil {
			x = v.Big.Int64()
		}
		if y := x >> 31; y == 0 || y == -1 {
			w.byte(typeInt | flag)
			w.long(int32(x))
			return
		}
		neg := x < 0
		m := uint64(x)
		if neg {
			m = -m
		}
		var n int32
		for t := m; t != 0; t >>= 15 {
			n++
		}
		w.byte(typeLong | flag)
		if neg {
			n = -n
		}
		w.long(n)
		for ; m != 0; m >>= 15 {
			w.short(uint16(m & 0x7fff))
		}
		return
	}
	w.bigLong(v.Big, flag)
}

func (w *writer) bigLong(b *big.Int, flag byte) {
	words := b.Bits()
	nbits := b.BitLen()
	n := (nbits + 14) / 15
	w.byte(typeLong | flag)
	if b.Sign() < 0 {
		w.long(int32(-n))
	} else {
		w.long(int32(n))
	}
	for i := 0; i < n; i++ {
		pos := i * 15
		wi, off := pos/bits.UintSize, uint(pos%bits.UintSize)
		d := uint(words[wi]) >> off
		if off+15 > bits.UintSize && wi+1 < len(words) {
			d |= uint(words[wi+1]) << (bits.UintSize - off)
		}
		w.short(uint16(d & 0x7fff))
	}
}

func (w *writer) code(c *Code, flag byte) error {
	w.codeHead(c, flag)
	w.depth++
	err := w.codeFields(c)
	w.depth--
	return err
}

// codeHead writes the type code and six counts of c, grown for once.
func (w *writer) codeHead(c *Code, flag byte) {
	n := len(w.buf)
	w.buf = slices.Grow(w.buf, 25)[:n+25]
	h := w.buf[n : n+25]
	h[0] = typeCode | flag
	binary.LittleEndian.PutUint32(h[1:], uint32(c.ArgCount))
	binary.LittleEndian.PutUint32(h[5:], uint32(c.PosOnlyArgCount))
	binary.LittleEndian.PutUint32(h[9:], uint32(c.KwOnlyArgCount))
	binary.LittleEndian.PutUint32(h[13:], uint32(c.NLocals))
	binary.LittleEndian.PutUint32(h[17:], uint32(c.StackSize))
	binary.LittleEndian.PutUint32(h[21:], uint32(c.Flags))
}

// codeFields writes the fields of c after its counts, one level deeper.
// A nil field is an error, as object reports it; the depth is the same
// for every field, so one test serves them all.
func (w *writer) codeFields(c *Code) error {
	if w.depth >= maxDepth {
		return errTooDeep
	}
	if c.Code == nil || c.Consts == nil || c.Names == nil || c.VarNames == nil ||
		c.FreeVars == nil || c.CellVars == nil || c.Filename == nil || c.Name == nil || c.LNoTab == nil {
		return w.codeFieldsSlow(c)
	}
	if err := w.bytes(c.Code); err != nil {
		return err
	}
	if err := w.tuple(c.Consts); err != nil {
		return err
	}
	if err := w.tuple(c.Names); err != nil {
		return err
	}
	// The variable tuples of a small code object are most often the
	// module's empty tuple, written before: a back-reference.
	if err := w.tuple(c.VarNames); err != nil {
		return err
	}
	if err := w.tuple(c.FreeVars); err != nil {
		return err
	}
	if err := w.tuple(c.CellVars); err != nil {
		return err
	}
	if err := w.str(c.Filename); err != nil {
		return err
	}
	if err := w.str(c.Name); err != nil {
		return err
	}
	w.long(c.FirstLineNo)
	return w.bytes(c.LNoTab)
}

// codeFieldsSlow is codeFields for a Code with a nil field, which fails
// there after writing the fields before it.
func (w *writer) codeFieldsSlow(c *Code) error {
	for _, f := range [...]Object{c.Code, c.Consts, c.Names, c.VarNames, c.FreeVars, c.CellVars, c.Filename, c.Name} {
		if err := w.object(f); err != nil {
			return err
		}
	}
	w.long(c.FirstLineNo)
	return w.object(c.LNoTab)
}

// MarkRepeated sets Shared on every Referable reachable from o more than
// once: an object CPython reaches twice has a reference count above one.
// It never clears Shared, so sharing decided elsewhere is kept.
func MarkRepeated(o Object) {
	seen := make(map[Referable]bool)
	var walk func(o Object, depth int)
	walk = func(o Object, depth int) {
		r, ok := o.(Referable)
		if !ok || isNilPointer(o) || depth > maxDepth {
			return
		}
		if seen[r] {
			r.SetShared(true)
			return
		}
		seen[r] = true
		switch v := o.(type) {
		case *Tuple:
			for _, it := range v.Items {
				walk(it, depth+1)
			}
		case *List:
			for _, it := range v.Items {
				walk(it, depth+1)
			}
		case *Set:
			for _, it := range v.Items {
				walk(it, depth+1)
			}
		case *FrozenSet:
			for _, it := range v.Items {
				walk(it, depth+1)
			}
		case *Dict:
			for i := range v.Keys {
				walk(v.Keys[i], depth+1)
				if i < len(v.Values) {
					walk(v.Values[i], depth+1)
				}
			}
		case *Code:
			for _, f := range [...]Object{v.Code, v.Consts, v.Names, v.VarNames, v.FreeVars, v.CellVars, v.Filename, v.Name, v.LNoTab} {
				walk(f, depth+1)
			}
		}
	}
	walk(o, 0)
}
