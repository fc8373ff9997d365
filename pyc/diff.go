package pyc

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"math"
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/compile/opcode"
	"github.com/gopyc/gopyc/marshal"
)

// Difference is one way two .pyc files differ.
type Difference struct {
	// Path names the place: "header flags", or the path to an object in
	// the code tree such as "<module>.co_consts[3]<f>.co_code @12" (code
	// objects appear as <co_name>).
	Path string
	A, B string // the two sides, rendered
	// RefOnly marks a difference in how marshal wrote equal values (FLAG_REF,
	// back-references, interning), not in the values themselves.
	RefOnly bool
}

func (d Difference) String() string {
	return d.Path + ": " + d.A + " ≠ " + d.B
}

// maxCodeDiffs bounds the instructions reported per code object, since an
// insertion shifts everything after it.
const maxCodeDiffs = 8

// Diff compares two .pyc files. It returns nil when they are byte-identical
// or differ nowhere it can name; otherwise the header fields that differ,
// then the differences of the code trees in depth-first order. err reports
// a file that is not a readable .pyc (a bad magic number is a difference,
// not an error, and the code is still compared).
func Diff(a, b []byte) ([]Difference, error) {
	if bytes.Equal(a, b) {
		return nil, nil
	}
	var out []Difference
	for _, s := range [][]byte{a, b} {
		if len(s) < HeaderSize {
			return nil, ErrShort
		}
	}
	if !bytes.Equal(a[:4], b[:4]) {
		out = append(out, Difference{Path: "header magic", A: hex.EncodeToString(a[:4]), B: hex.EncodeToString(b[:4])})
	}
	fa, fb := binary.LittleEndian.Uint32(a[4:8]), binary.LittleEndian.Uint32(b[4:8])
	if fa != fb {
		out = append(out, Difference{Path: "header flags", A: flagsString(fa), B: flagsString(fb)})
	}
	if !bytes.Equal(a[8:16], b[8:16]) {
		if fa&FlagHashBased == 0 && fb&FlagHashBased == 0 {
			for _, f := range []struct {
				name string
				off  int
			}{{"header mtime", 8}, {"header size", 12}} {
				va, vb := binary.LittleEndian.Uint32(a[f.off:]), binary.LittleEndian.Uint32(b[f.off:])
				if va != vb {
					out = append(out, Difference{Path: f.name, A: strconv.FormatUint(uint64(va), 10), B: strconv.FormatUint(uint64(vb), 10)})
				}
			}
		} else {
			out = append(out, Difference{Path: "header " + validationName(fa, fb), A: validation(a), B: validation(b)})
		}
	}
	oa, err := marshal.Loads(a[HeaderSize:])
	if err != nil {
		return out, &DiffError{Which: "first", Err: err}
	}
	ob, err := marshal.Loads(b[HeaderSize:])
	if err != nil {
		return out, &DiffError{Which: "second", Err: err}
	}
	d := &differ{aSeen: map[marshal.Object]string{}, bSeen: map[marshal.Object]string{}}
	root := ""
	if c, ok := oa.(*marshal.Code); ok {
		root = codeLabel(c)
	}
	d.object(root, oa, ob, 0)
	if len(d.out) == 0 && !bytes.Equal(a[HeaderSize:], b[HeaderSize:]) {
		d.out = append(d.out, Difference{Path: orRoot(root), A: "marshal encoding", B: "another encoding of the same values", RefOnly: true})
	}
	return append(out, d.out...), nil
}

// DiffError is a file Diff cannot decode.
type DiffError struct {
	Which string // "first" or "second"
	Err   error
}

func (e *DiffError) Error() string { return e.Which + " file: " + e.Err.Error() }

func flagsString(f uint32) string {
	s := "0x" + strconv.FormatUint(uint64(f), 16)
	if f&^3 != 0 {
		return s + " (invalid)"
	}
	return s + " (" + Header{Flags: f}.Mode().String() + ")"
}

func validationName(fa, fb uint32) string {
	if fa&FlagHashBased != 0 && fb&FlagHashBased != 0 {
		return "source hash"
	}
	return "validation"
}

func validation(p []byte) string {
	if binary.LittleEndian.Uint32(p[4:8])&FlagHashBased != 0 {
		return "hash " + hex.EncodeToString(p[8:16])
	}
	return "mtime " + strconv.FormatUint(uint64(binary.LittleEndian.Uint32(p[8:])), 10) +
		" size " + strconv.FormatUint(uint64(binary.LittleEndian.Uint32(p[12:])), 10)
}

func orRoot(p string) string {
	if p == "" {
		return "(top)"
	}
	return p
}

type differ struct {
	out []Difference
	// aSeen/bSeen map each object with identity to the first path it was
	// met at, to tell back-references apart from copies.
	aSeen, bSeen map[marshal.Object]string
}

func (d *differ) add(path, a, b string, refOnly bool) {
	d.out = append(d.out, Difference{Path: orRoot(path), A: a, B: b, RefOnly: refOnly})
}

func codeLabel(c *marshal.Code) string {
	name := "?"
	if c.Name != nil {
		name = c.Name.V
	}
	if strings.HasPrefix(name, "<") && strings.HasSuffix(name, ">") {
		return name
	}
	return "<" + name + ">"
}

const maxDiffDepth = 200

func (d *differ) object(path string, a, b marshal.Object, depth int) {
	if depth > maxDiffDepth {
		d.add(path, "nesting too deep to compare", "", false)
		return
	}
	ra, aRef := a.(marshal.Referable)
	rb, bRef := b.(marshal.Referable)
	if aRef && bRef {
		pa, sa := d.aSeen[a]
		pb, sb := d.bSeen[b]
		switch {
		case sa && sb && pa == pb:
			return // the same back-reference on both sides
		case sa != sb || sa && pa != pb:
			d.add(path, sameAs(pa, sa), sameAs(pb, sb), true)
		default:
			d.aSeen[a], d.bSeen[b] = orRoot(path), orRoot(path)
		}
		if ra.IsShared() != rb.IsShared() && !sa && !sb {
			d.add(path, refFlag(ra.IsShared()), refFlag(rb.IsShared()), true)
		}
	}
	if marshal.TypeName(a) != marshal.TypeName(b) {
		d.add(path, marshal.TypeName(a)+" "+render(a), marshal.TypeName(b)+" "+render(b), false)
		return
	}
	switch a := a.(type) {
	case *marshal.Int:
		if a.BigInt().Cmp(b.(*marshal.Int).BigInt()) != 0 {
			d.add(path, render(a), render(b), false)
		}
	case *marshal.Float:
		if math.Float64bits(a.V) != math.Float64bits(b.(*marshal.Float).V) {
			d.add(path, render(a), render(b), false)
		}
	case *marshal.Complex:
		bc := b.(*marshal.Complex)
		if math.Float64bits(a.Real) != math.Float64bits(bc.Real) || math.Float64bits(a.Imag) != math.Float64bits(bc.Imag) {
			d.add(path, render(a), render(b), false)
		}
	case *marshal.Str:
		bs := b.(*marshal.Str)
		if a.V != bs.V {
			d.add(path, render(a), render(b), false)
		} else if a.Interned != bs.Interned {
			d.add(path, interned(a.Interned), interned(bs.Interned), true)
		}
	case *marshal.Bytes:
		if !bytes.Equal(a.V, b.(*marshal.Bytes).V) {
			d.add(path, render(a), render(b), false)
		}
	case *marshal.Tuple:
		d.items(path, a.Items, b.(*marshal.Tuple).Items, depth)
	case *marshal.FrozenSet:
		d.items(path, a.Items, b.(*marshal.FrozenSet).Items, depth)
	case *marshal.List:
		d.items(path, a.Items, b.(*marshal.List).Items, depth)
	case *marshal.Set:
		d.items(path, a.Items, b.(*marshal.Set).Items, depth)
	case *marshal.Dict:
		bd := b.(*marshal.Dict)
		d.items(path+".keys()", a.Keys, bd.Keys, depth)
		d.items(path+".values()", a.Values, bd.Values, depth)
	case *marshal.Code:
		d.code(path, a, b.(*marshal.Code), depth)
	default:
		if a != b {
			d.add(path, render(a), render(b), false)
		}
	}
}

func sameAs(p string, ok bool) string {
	if ok {
		return "back-reference to " + p
	}
	return "new object"
}

func refFlag(b bool) string {
	if b {
		return "FLAG_REF"
	}
	return "no FLAG_REF"
}

func interned(b bool) string {
	if b {
		return "interned"
	}
	return "not interned"
}

func (d *differ) items(path string, a, b []marshal.Object, depth int) {
	if len(a) != len(b) {
		d.add(path, strconv.Itoa(len(a))+" items", strconv.Itoa(len(b))+" items", false)
	}
	for i := 0; i < len(a) && i < len(b); i++ {
		p := path + "[" + strconv.Itoa(i) + "]"
		if c, ok := a[i].(*marshal.Code); ok {
			p += codeLabel(c)
		}
		d.object(p, a[i], b[i], depth+1)
	}
}

func (d *differ) code(path string, a, b *marshal.Code, depth int) {
	ints := []struct {
		name string
		a, b int32
	}{
		{"co_argcount", a.ArgCount, b.ArgCount},
		{"co_posonlyargcount", a.PosOnlyArgCount, b.PosOnlyArgCount},
		{"co_kwonlyargcount", a.KwOnlyArgCount, b.KwOnlyArgCount},
		{"co_nlocals", a.NLocals, b.NLocals},
		{"co_stacksize", a.StackSize, b.StackSize},
		{"co_flags", a.Flags, b.Flags},
	}
	for _, f := range ints {
		if f.a != f.b {
			va, vb := strconv.Itoa(int(f.a)), strconv.Itoa(int(f.b))
			if f.name == "co_flags" {
				va, vb = "0x"+strconv.FormatUint(uint64(uint32(f.a)), 16), "0x"+strconv.FormatUint(uint64(uint32(f.b)), 16)
			}
			d.add(path+"."+f.name, va, vb, false)
		}
	}
	if a.Code != nil && b.Code != nil && !bytes.Equal(a.Code.V, b.Code.V) {
		d.instructions(path+".co_code", a.Code.V, b.Code.V)
		// Compare the rest as objects for the flags only.
		d.flagsOnly(path+".co_code", a.Code, b.Code)
	} else {
		d.field(path+".co_code", a.Code, b.Code, depth)
	}
	d.field(path+".co_consts", a.Consts, b.Consts, depth)
	d.field(path+".co_names", a.Names, b.Names, depth)
	d.field(path+".co_varnames", a.VarNames, b.VarNames, depth)
	d.field(path+".co_freevars", a.FreeVars, b.FreeVars, depth)
	d.field(path+".co_cellvars", a.CellVars, b.CellVars, depth)
	d.field(path+".co_filename", a.Filename, b.Filename, depth)
	d.field(path+".co_name", a.Name, b.Name, depth)
	if a.FirstLineNo != b.FirstLineNo {
		d.add(path+".co_firstlineno", strconv.Itoa(int(a.FirstLineNo)), strconv.Itoa(int(b.FirstLineNo)), false)
	}
	d.field(path+".co_lnotab", a.LNoTab, b.LNoTab, depth)
}

// field compares two fields of a code object, typed pointers possibly nil.
func (d *differ) field(path string, a, b marshal.Object, depth int) {
	an, bn := isNil(a), isNil(b)
	if an || bn {
		if an != bn {
			d.add(path, "missing", "present", false)
		}
		return
	}
	d.object(path, a, b, depth+1)
}

func isNil(o marshal.Object) bool {
	switch o := o.(type) {
	case nil:
		return true
	case *marshal.Bytes:
		return o == nil
	case *marshal.Tuple:
		return o == nil
	case *marshal.Str:
		return o == nil
	}
	return false
}

// flagsOnly records identity and flag differences of two objects whose
// values were already compared.
func (d *differ) flagsOnly(path string, a, b *marshal.Bytes) {
	if a.Shared != b.Shared {
		d.add(path, refFlag(a.Shared), refFlag(b.Shared), true)
	}
}

// instructions reports the code units (opcode and argument, 2 bytes in
// 3.8) that differ at the same offset.
func (d *differ) instructions(path string, a, b []byte) {
	if len(a) != len(b) {
		d.add(path, strconv.Itoa(len(a))+" bytes", strconv.Itoa(len(b))+" bytes", false)
	}
	n := 0
	for off := 0; off+1 < len(a) && off+1 < len(b); off += 2 {
		if a[off] == b[off] && a[off+1] == b[off+1] {
			continue
		}
		if n == maxCodeDiffs {
			d.add(path, "more instructions differ", "", false)
			d.out[len(d.out)-1].B = "(not listed)"
			return
		}
		n++
		d.add(path+" @"+strconv.Itoa(off), instr(a[off], a[off+1]), instr(b[off], b[off+1]), false)
	}
}

func instr(op, arg byte) string {
	name := opcode.Names[op]
	if name == "" {
		name = "<" + strconv.Itoa(int(op)) + ">"
	}
	if opcode.Op(op) < opcode.HaveArgument {
		return name
	}
	return name + " " + strconv.Itoa(int(arg))
}

// render is a short Python repr of a value for messages: exact for scalars,
// clipped for long strings, a count for containers.
func render(o marshal.Object) string {
	switch o := o.(type) {
	case *marshal.Str, *marshal.Bytes:
		return clipRepr(marshal.Repr(o))
	case *marshal.Int, *marshal.Float, *marshal.Complex:
		return marshal.Repr(o)
	case *marshal.Tuple:
		return "tuple of " + strconv.Itoa(len(o.Items))
	case *marshal.FrozenSet:
		return "frozenset of " + strconv.Itoa(len(o.Items))
	case *marshal.Code:
		return "code " + codeLabel(o)
	}
	switch o {
	case marshal.None, marshal.True, marshal.False, marshal.Ellipsis:
		return marshal.Repr(o)
	case marshal.StopIteration:
		return "StopIteration"
	}
	return marshal.TypeName(o)
}

func clipRepr(s string) string {
	if len(s) > 80 {
		return s[:76] + "...'"
	}
	return s
}
