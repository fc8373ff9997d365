// Package marshal models the Python values a CPython 3.8 code object can hold
// and reads and writes them in marshal format version 4, byte for byte as
// CPython 3.8's marshal module does.
//
// Every value with identity in CPython is a pointer here, so the same Go
// pointer reachable twice is the same Python object. Whether marshal gives an
// object FLAG_REF depends on CPython's reference count at dump time, which the
// bytes alone cannot tell; each object therefore carries that decision in its
// Shared field. The reader fills Shared from the flag it saw; the compiler
// sets it from its model of CPython's object sharing (MarkRepeated covers
// the part implied by the value graph itself).
//
// Dumps/AppendDumps write version 4 exactly as CPython 3.8; Loads reads
// everything 3.8's marshal.loads accepts (versions 0-4), with Dumps(Loads(b))
// == b for all version-4 output of CPython. Hash, Equal and NewFrozenSet
// reproduce CPython 3.8's hashing (PYTHONHASHSEED=0) and set-table order,
// which fix the bytes of marshalled frozensets.
package marshal

import "math/big"

// Object is one marshallable Python value.
type Object interface{ object() }

// Ref is embedded in every object that has identity.
type Ref struct {
	// Shared reports that CPython's reference count for this object is above
	// one when marshal runs, so the writer sets FLAG_REF on its first
	// occurrence and writes later occurrences as back-references.
	Shared bool
	// once marks an object the modelled walk wrote without recording it
	// (see writer.once), until the dump ends.
	once bool
	// Mark is scratch for one walk over a tree that marks the objects it
	// meets (package share's model stamps them with a negative number of
	// its own walk; the writer numbers the objects it writes from one),
	// sparing it a map keyed by identity. A walk trusts a Mark only when it
	// is its own: a stamp of this walk, or a positive number, which only
	// the dump running sets (every dump zeroes those it set before it
	// returns). It fits in the padding after Shared, so objects do not
	// grow.
	Mark int32
}

// IsShared reports the Shared field; it lets generic code reach it.
func (r *Ref) IsShared() bool { return r.Shared }

// SetShared sets the Shared field.
func (r *Ref) SetShared(b bool) { r.Shared = b }

// Header returns the object's embedded Ref. Its address identifies the
// object, so maps keyed by it track identity without hashing interfaces.
func (r *Ref) Header() *Ref { return r }

// Referable is implemented by every object that can carry FLAG_REF.
type Referable interface {
	Object
	IsShared() bool
	SetShared(bool)
	Header() *Ref
}

// singleton is a value CPython writes as a bare type code, never with a ref.
type singleton byte

func (singleton) object() {}

// The singletons. Compare with ==.
var (
	None          Object = singleton('N')
	True          Object = singleton('T')
	False         Object = singleton('F')
	Ellipsis      Object = singleton('.')
	StopIteration Object = singleton('S')
	// Null is marshal's TYPE_NULL, which ends a dict; it never appears in code objects.
	Null Object = singleton('0')
)

// Bool returns True or False.
func Bool(b bool) Object {
	if b {
		return True
	}
	return False
}

// Int is a Python int. Values that fit in int64 use Small with Big nil;
// larger ones use Big.
type Int struct {
	Ref
	// Fresh marks a small int (-5 to 256) that CPython made as a new
	// object rather than taking its cached one, as 3.8 does for some
	// results of multi-digit arithmetic: it is shared only if referenced
	// more than once.
	Fresh bool
	Small int64
	Big   *big.Int
}

func (*Int) object() {}

// Cached reports whether CPython's object for i is one of the small ints
// it caches and shares.
func (i *Int) Cached() bool { return i.Big == nil && i.Small >= -5 && i.Small <= 256 && !i.Fresh }

// NewInt returns a fresh, unshared Int.
func NewInt(v int64) *Int { return &Int{Small: v} }

// NewBigInt returns a fresh Int for v, normalised to Small when it fits.
func NewBigInt(v *big.Int) *Int {
	if v.IsInt64() {
		return &Int{Small: v.Int64()}
	}
	return &Int{Big: new(big.Int).Set(v)}
}

// BigInt returns the value as a new big.Int.
func (i *Int) BigInt() *big.Int {
	if i.Big != nil {
		return new(big.Int).Set(i.Big)
	}
	return big.NewInt(i.Small)
}

// IsSmall reports whether the value fits in int64 (Big is nil).
func (i *Int) IsSmall() bool { return i.Big == nil }

// Float is a Python float.
type Float struct {
	Ref
	V float64
}

func (*Float) object() {}

// Complex is a Python complex.
type Complex struct {
	Ref
	Real, Imag float64
}

func (*Complex) object() {}

// Str is a Python str. V holds its code points encoded as UTF-8, with lone
// surrogates encoded the way Python's "surrogatepass" error handler does
// (three bytes ED A0 80 .. ED BF BF), which is exactly how marshal writes
// non-ASCII strings.
type Str struct {
	Ref
	V        string
	Interned bool
	// NotName caches, for the compiler, that V has a character outside
	// [a-zA-Z0-9_] (codeobject.c's all_name_chars is false): interning the
	// constants of each code object that holds the string tests it again.
	NotName bool
	// Canon caches, for the compiler, the interned object this string
	// interns to when that is another (its module has an equal string
	// interned already): the constants of each code object that holds it
	// are interned again.
	Canon *Str
}

func (*Str) object() {}

// Bytes is a Python bytes.
type Bytes struct {
	Ref
	V []byte
	// Distinct marks an empty bytes object that is not CPython's shared
	// empty bytes: repeating non-empty bytes zero times makes a new one.
	Distinct bool
}

// Cached reports whether CPython's object for b is one it caches and
// shares (the empty bytes and the 256 one-byte ones).
func (b *Bytes) Cached() bool { return len(b.V) <= 1 && !b.Distinct }

func (*Bytes) object() {}

// Tuple is a Python tuple.
type Tuple struct {
	Ref
	Items []Object
}

func (*Tuple) object() {}

// FrozenSet is a Python frozenset. Items are in the order CPython's set
// table iterates them, which is the order marshal writes them.
type FrozenSet struct {
	Ref
	Items []Object
}

func (*FrozenSet) object() {}

// List, Dict and Set never occur in code objects, but marshal can write
// them, so the reader accepts them.
type List struct {
	Ref
	Items []Object
}

func (*List) object() {}

// Set is a mutable set, in iteration order.
type Set struct {
	Ref
	Items []Object
}

func (*Set) object() {}

// Dict is a dict as key/value pairs in iteration order.
type Dict struct {
	Ref
	Keys, Values []Object
}

func (*Dict) object() {}

// Code is a CPython 3.8 code object, fields in marshal's order.
type Code struct {
	Ref
	ArgCount        int32
	PosOnlyArgCount int32
	KwOnlyArgCount  int32
	NLocals         int32
	StackSize       int32
	Flags           int32
	Code            *Bytes
	Consts          *Tuple
	Names           *Tuple // of *Str
	VarNames        *Tuple // of *Str
	FreeVars        *Tuple // of *Str
	CellVars        *Tuple // of *Str
	Filename        *Str
	Name            *Str
	FirstLineNo     int32
	LNoTab          *Bytes
}

func (*Code) object() {}

// Code flags (CO_*) of CPython 3.8.
const (
	CoOptimized             = 0x0001
	CoNewLocals             = 0x0002
	CoVarArgs               = 0x0004
	CoVarKeywords           = 0x0008
	CoNested                = 0x0010
	CoGenerator             = 0x0020
	CoNoFree                = 0x0040
	CoCoroutine             = 0x0080
	CoIterableCoroutine     = 0x0100
	CoAsyncGenerator        = 0x0200
	CoFutureDivision        = 0x20000
	CoFutureAbsoluteImport  = 0x40000
	CoFutureWithStatement   = 0x80000
	CoFuturePrintFunction   = 0x100000
	CoFutureUnicodeLiterals = 0x200000
	CoFutureBarryAsBDFL     = 0x400000
	CoFutureGeneratorStop   = 0x800000
	CoFutureAnnotations     = 0x1000000
)
