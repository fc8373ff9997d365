package marshal

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error reports marshal data that CPython 3.8's marshal.loads would reject.
type Error struct {
	Off  int    // byte offset at which the problem was detected
	Kind string // the Python exception class CPython raises, e.g. "EOFError"
	Msg  string // CPython's message
}

func (e *Error) Error() string {
	return "marshal: offset " + strconv.Itoa(e.Off) + ": " + e.Kind + ": " + e.Msg
}

// Loads reads one object written by CPython 3.8's marshal. Like
// marshal.loads, it ignores bytes after the object.
func Loads(data []byte) (Object, error) {
	o, _, err := LoadsPrefix(data)
	return o, err
}

// LoadsPrefix reads one object from the start of data and also returns how
// many bytes it used.
func LoadsPrefix(data []byte) (Object, int, error) {
	r := reader{data: data}
	o, err := r.object()
	if err != nil {
		return nil, r.pos, err
	}
	if o == Null {
		return nil, r.pos, r.fail("TypeError", "NULL object in marshal data for object")
	}
	return o, r.pos, nil
}

type reader struct {
	data  []byte
	pos   int
	depth int
	// refs is CPython's reference list; nil marks an index reserved for a
	// frozenset or code object still being read (r_ref_reserve).
	refs []Object
}

func (r *reader) fail(kind, msg string) error {
	return &Error{Off: r.pos, Kind: kind, Msg: msg}
}

func (r *reader) short() error { return r.fail("EOFError", "marshal data too short") }

func (r *reader) need(n int) ([]byte, error) {
	if n < 0 || len(r.data)-r.pos < n {
		return nil, r.short()
	}
	b := r.data[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return b, nil
}

func (r *reader) byte() (byte, error) {
	if r.pos >= len(r.data) {
		return 0, r.fail("EOFError", "EOF read where object expected")
	}
	b := r.data[r.pos]
	r.pos++
	return b, nil
}

func (r *reader) long() (int32, error) {
	b, err := r.need(4)
	if err != nil {
		return 0, err
	}
	return int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24), nil
}

func (r *reader) float() (float64, error) {
	b, err := r.need(8)
	if err != nil {
		return 0, err
	}
	u := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	return math.Float64frombits(u), nil
}

// size reads a 32-bit length and checks it as CPython does.
func (r *reader) size(what string) (int, error) {
	n, err := r.long()
	if err != nil {
		return 0, err
	}
	if n < 0 {
		return 0, r.fail("ValueError", "bad marshal data ("+what+" size out of range)")
	}
	return int(n), nil
}

// capFor bounds a preallocation by the bytes left, one byte per item at
// least, so a forged count cannot make us allocate before data exists.
func (r *reader) capFor(n int) int {
	if left := len(r.data) - r.pos; n > left {
		return left
	}
	return n
}

func (r *reader) reserve(flag byte) int {
	if flag == 0 {
		return -1
	}
	r.refs = append(r.refs, nil)
	return len(r.refs) - 1
}

func (r *reader) register(o Referable, flag byte) {
	if flag != 0 {
		o.SetShared(true)
		r.refs = append(r.refs, o)
	}
}

func (r *reader) object() (Object, error) {
	code, err := r.byte()
	if err != nil {
		return nil, err
	}
	if r.depth >= maxDepth {
		return nil, r.fail("ValueError", "recursion limit exceeded")
	}
	r.depth++
	o, err := r.object1(code)
	r.depth--
	return o, err
}

func (r *reader) object1(code byte) (Object, error) {
	flag := code & flagRef
	switch code &^ flagRef {
	case typeNull:
		return Null, nil
	case typeNone:
		return None, nil
	case typeStopIter:
		return StopIteration, nil
	case typeEllipsis:
		return Ellipsis, nil
	case typeFalse:
		return False, nil
	case typeTrue:
		return True, nil

	case typeInt:
		n, err := r.long()
		if err != nil {
			return nil, err
		}
		v := &Int{Small: int64(n)}
		r.register(v, flag)
		return v, nil

	case typeInt64:
		b, err := r.need(8)
		if err != nil {
			return nil, err
		}
		var u uint64
		for i := 7; i >= 0; i-- {
			u = u<<8 | uint64(b[i])
		}
		v := &Int{Small: int64(u)}
		r.register(v, flag)
		return v, nil

	case typeLong:
		v, err := r.pyLong()
		if err != nil {
			return nil, err
		}
		r.register(v, flag)
		return v, nil

	case typeFloat:
		x, err := r.floatStr()
		if err != nil {
			return nil, err
		}
		v := &Float{V: x}
		r.register(v, flag)
		return v, nil

	case typeBinaryFloat:
		x, err := r.float()
		if err != nil {
			return nil, err
		}
		v := &Float{V: x}
		r.register(v, flag)
		return v, nil

	case typeComplex:
		re, err := r.floatStr()
		if err != nil {
			return nil, err
		}
		im, err := r.floatStr()
		if err != nil {
			return nil, err
		}
		v := &Complex{Real: re, Imag: im}
		r.register(v, flag)
		return v, nil

	case typeBinaryComplex:
		re, err := r.float()
		if err != nil {
			return nil, err
		}
		im, err := r.float()
		if err != nil {
			return nil, err
		}
		v := &Complex{Real: re, Imag: im}
		r.register(v, flag)
		return v, nil

	case typeString:
		n, err := r.size("bytes object")
		if err != nil {
			return nil, err
		}
		b, err := r.need(n)
		if err != nil {
			return nil, err
		}
		v := &Bytes{V: append([]byte(nil), b...)}
		r.register(v, flag)
		return v, nil

	case typeASCII, typeASCIIInterned:
		n, err := r.size("string")
		if err != nil {
			return nil, err
		}
		return r.ascii(n, code&^flagRef == typeASCIIInterned, flag)

	case typeShortASCII, typeShortASCIIInterned:
		n, err := r.byte()
		if err != nil {
			return nil, err
		}
		return r.ascii(int(n), code&^flagRef == typeShortASCIIInterned, flag)

	case typeUnicode, typeInterned:
		n, err := r.size("string")
		if err != nil {
			return nil, err
		}
		start := r.pos
		b, err := r.need(n)
		if err != nil {
			return nil, err
		}
		if bad := invalidUTF8SP(b); bad >= 0 {
			return nil, &Error{Off: start + bad, Kind: "UnicodeDecodeError",
				Msg: "'utf-8' codec can't decode byte 0x" + strconv.FormatUint(uint64(b[bad]), 16) +
					" in position " + strconv.Itoa(bad)}
		}
		v := &Str{V: string(b), Interned: code&^flagRef == typeInterned}
		r.register(v, flag)
		return v, nil

	case typeSmallTuple, typeTuple:
		var n int
		if code&^flagRef == typeSmallTuple {
			b, err := r.byte()
			if err != nil {
				return nil, err
			}
			n = int(b)
		} else {
			var err error
			if n, err = r.size("tuple"); err != nil {
				return nil, err
			}
		}
		v := &Tuple{}
		r.register(v, flag)
		items, err := r.items(n, "tuple")
		if err != nil {
			return nil, err
		}
		v.Items = items
		return v, nil

	case typeList:
		n, err := r.size("list")
		if err != nil {
			return nil, err
		}
		v := &List{}
		r.register(v, flag)
		items, err := r.items(n, "list")
		if err != nil {
			return nil, err
		}
		v.Items = items
		return v, nil

	case typeDict:
		v := &Dict{}
		r.register(v, flag)
		return v, r.dict(v)

	case typeSet, typeFrozenSet:
		n, err := r.size("set")
		if err != nil {
			return nil, err
		}
		if code&^flagRef == typeSet {
			v := &Set{}
			r.register(v, flag)
			items, err := r.setItems(n)
			if err != nil {
				return nil, err
			}
			v.Items = items
			return v, nil
		}
		v := &FrozenSet{}
		if n == 0 {
			r.register(v, flag)
			return v, nil
		}
		// Frozensets are registered only once complete, so a reference
		// to one from inside itself is invalid, as in CPython.
		idx := r.reserve(flag)
		items, err := r.setItems(n)
		if err != nil {
			return nil, err
		}
		v.Items = items
		if idx >= 0 {
			v.Shared = true
			r.refs[idx] = v
		}
		return v, nil

	case typeCode:
		idx := r.reserve(flag)
		v, err := r.code()
		if err != nil {
			return nil, err
		}
		if idx >= 0 {
			v.Shared = true
			r.refs[idx] = v
		}
		return v, nil

	case typeRef:
		start := r.pos - 1
		n, err := r.long()
		if err != nil {
			return nil, err
		}
		if n < 0 || int(n) >= len(r.refs) || r.refs[n] == nil {
			return nil, &Error{Off: start, Kind: "ValueError", Msg: "bad marshal data (invalid reference)"}
		}
		return r.refs[n], nil
	}
	r.pos--
	return nil, r.fail("ValueError", "bad marshal data (unknown type code)")
}

func (r *reader) items(n int, what string) ([]Object, error) {
	items := make([]Object, 0, r.capFor(n))
	for i := 0; i < n; i++ {
		o, err := r.object()
		if err != nil {
			return nil, err
		}
		if o == Null {
			return nil, r.fail("TypeError", "NULL object in marshal data for "+what)
		}
		items = append(items, o)
	}
	return items, nil
}

// setItems reads n set members, dropping duplicates by Python equality as
// PySet_Add does and refusing unhashable members.
func (r *reader) setItems(n int) ([]Object, error) {
	items, err := r.items(n, "set")
	if err != nil {
		return nil, err
	}
	var t table
	out := items[:0]
	for _, it := range items {
		h, ok := Hash(it)
		if !ok {
			return nil, r.fail("TypeError", "unhashable type in marshal data for set")
		}
		if t.add(it, h) {
			out = append(out, it)
		}
	}
	return out, nil
}

// dict reads key/value pairs up to TYPE_NULL. As in CPython, a NULL in
// value position also ends the dict, dropping its key.
func (r *reader) dict(v *Dict) error {
	var t table
	for {
		k, err := r.object()
		if err != nil {
			return err
		}
		if k == Null {
			return nil
		}
		val, err := r.object()
		if err != nil {
			return err
		}
		if val == Null {
			return nil
		}
		h, ok := Hash(k)
		if !ok {
			return r.fail("TypeError", "unhashable type in marshal data for dict key")
		}
		if t.add(k, h) {
			v.Keys = append(v.Keys, k)
			v.Values = append(v.Values, val)
		} else {
			for i, old := range v.Keys {
				if Equal(old, k) {
					v.Values[i] = val
					break
				}
			}
		}
	}
}

func (r *reader) ascii(n int, interned bool, flag byte) (Object, error) {
	b, err := r.need(n)
	if err != nil {
		return nil, err
	}
	// CPython builds these from 1-byte (Latin-1) data, so stray high bytes
	// become U+0080..U+00FF rather than errors.
	s := ""
	high := false
	for _, c := range b {
		if c >= 0x80 {
			high = true
			break
		}
	}
	if high {
		var sb strings.Builder
		for _, c := range b {
			sb.WriteRune(rune(c))
		}
		s = sb.String()
	} else {
		s = string(b)
	}
	v := &Str{V: s, Interned: interned}
	r.register(v, flag)
	return v, nil
}

// pyLong reads TYPE_LONG: a signed digit count, then base 2**15 digits,
// least significant first, the last nonzero.
func (r *reader) pyLong() (*Int, error) {
	n32, err := r.long()
	if err != nil {
		return nil, err
	}
	if n32 == 0 {
		return &Int{}, nil
	}
	if n32 == math.MinInt32 {
		return nil, r.fail("ValueError", "bad marshal data (long size out of range)")
	}
	neg := n32 < 0
	n := int(n32)
	if neg {
		n = -n
	}
	b, err := r.need(2 * n)
	if err != nil {
		return nil, err
	}
	for i := 0; i < n; i++ {
		if b[2*i+1]&0x80 != 0 {
			return nil, r.fail("ValueError", "bad marshal data (digit out of range in long)")
		}
	}
	if b[2*n-2] == 0 && b[2*n-1] == 0 {
		return nil, r.fail("ValueError", "bad marshal data (unnormalized long data)")
	}
	if n <= 4 {
		var m int64
		for i := n - 1; i >= 0; i-- {
			m = m<<15 | int64(b[2*i]) | int64(b[2*i+1])<<8
		}
		if neg {
			m = -m
		}
		return &Int{Small: m}, nil
	}
	words := make([]big.Word, (15*n+63)/64)
	for i := 0; i < n; i++ {
		d := uint64(b[2*i]) | uint64(b[2*i+1])<<8
		pos := 15 * i
		words[pos/64] |= big.Word(d << (pos % 64))
		if pos%64 > 64-15 {
			words[pos/64+1] |= big.Word(d >> (64 - pos%64))
		}
	}
	x := new(big.Int).SetBits(words)
	if neg {
		x.Neg(x)
	}
	if x.IsInt64() {
		return &Int{Small: x.Int64()}, nil
	}
	return &Int{Big: x}, nil
}

// floatStr reads the text form of TYPE_FLOAT/TYPE_COMPLEX (marshal
// versions 0 and 1): a length byte and repr-like digits.
func (r *reader) floatStr() (float64, error) {
	n, err := r.byte()
	if err != nil {
		return 0, err
	}
	b, err := r.need(int(n))
	if err != nil {
		return 0, err
	}
	s := string(b)
	bad := s == "" || strings.ContainsAny(s, "xXpP_ \t\n\r\v\f")
	x, perr := strconv.ParseFloat(s, 64)
	if perr != nil {
		if ne, ok := perr.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			bad = true
		}
	}
	if bad {
		return 0, r.fail("ValueError", "could not convert string to float: "+strconv.Quote(s))
	}
	return x, nil
}

func (r *reader) code() (*Code, error) {
	var ints [6]int32
	for i := range ints {
		x, err := r.long()
		if err != nil {
			return nil, err
		}
		ints[i] = x
	}
	var fields [8]Object
	for i := range fields {
		o, err := r.object()
		if err != nil {
			return nil, err
		}
		if o == Null {
			return nil, r.fail("TypeError", "NULL object in marshal data for code object")
		}
		fields[i] = o
	}
	first, err := r.long()
	if err != nil {
		return nil, err
	}
	lnotab, err := r.object()
	if err != nil {
		return nil, err
	}
	c := &Code{
		ArgCount: ints[0], PosOnlyArgCount: ints[1], KwOnlyArgCount: ints[2],
		NLocals: ints[3], StackSize: ints[4], Flags: ints[5], FirstLineNo: first,
	}
	ok := true
	c.Code, ok = fields[0].(*Bytes)
	okc := ok
	c.Consts, ok = fields[1].(*Tuple)
	okc = okc && ok
	c.Names, ok = fields[2].(*Tuple)
	okc = okc && ok && allStr(c.Names)
	c.VarNames, ok = fields[3].(*Tuple)
	okc = okc && ok && allStr(c.VarNames)
	c.FreeVars, ok = fields[4].(*Tuple)
	okc = okc && ok && allStr(c.FreeVars)
	c.CellVars, ok = fields[5].(*Tuple)
	okc = okc && ok && allStr(c.CellVars)
	c.Filename, ok = fields[6].(*Str)
	okc = okc && ok
	c.Name, ok = fields[7].(*Str)
	okc = okc && ok
	c.LNoTab, ok = lnotab.(*Bytes)
	okc = okc && ok
	if !okc || c.ArgCount < c.PosOnlyArgCount || c.PosOnlyArgCount < 0 || c.KwOnlyArgCount < 0 ||
		c.NLocals < 0 || c.StackSize < 0 || c.Flags < 0 {
		return nil, r.fail("SystemError", "bad argument to internal function (code object fields)")
	}
	nv := int64(len(c.VarNames.Items))
	total := nv + 1
	if int64(c.ArgCount) <= nv && int64(c.KwOnlyArgCount) <= nv {
		total = int64(c.ArgCount) + int64(c.KwOnlyArgCount)
		if c.Flags&CoVarArgs != 0 {
			total++
		}
		if c.Flags&CoVarKeywords != 0 {
			total++
		}
	}
	if total > nv {
		return nil, r.fail("ValueError", "code: varnames is too small")
	}
	return c, nil
}

func allStr(t *Tuple) bool {
	for _, it := range t.Items {
		if _, ok := it.(*Str); !ok {
			return false
		}
	}
	return true
}

// invalidUTF8SP returns the offset of the first byte Python's UTF-8 decoder
// with the "surrogatepass" handler rejects, or -1.
func invalidUTF8SP(b []byte) int {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		_, size := utf8.DecodeRune(b[i:])
		if size > 1 {
			i += size
			continue
		}
		// Go refuses encoded surrogates; surrogatepass accepts them.
		if c == 0xED && i+2 < len(b) && b[i+1] >= 0xA0 && b[i+1] <= 0xBF && b[i+2] >= 0x80 && b[i+2] <= 0xBF {
			i += 3
			continue
		}
		return i
	}
	return -1
}
