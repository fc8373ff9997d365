package marshal

import (
	"math"
	"math/big"
)

// The set table of CPython 3.8's Objects/setobject.c, reduced to what
// building a frozenset needs: insertion only, so there are never dummy
// entries and fill always equals used.

const (
	setMinSize   = 8 // PySet_MINSIZE
	linearProbes = 9 // LINEAR_PROBES
	perturbShift = 5 // PERTURB_SHIFT
)

type setEntry struct {
	key  Object // nil: empty slot
	hash int64
}

type table struct {
	slots []setEntry // len is mask+1; nil until the first add
	used  int
}

// add inserts key unless an equal key is present (set_add_entry), and
// reports whether it was inserted.
func (t *table) add(key Object, hash int64) bool {
	if t.slots == nil {
		t.slots = make([]setEntry, setMinSize)
	}
	mask := uint64(len(t.slots) - 1)
	i := uint64(hash) & mask
	perturb := uint64(hash)
	var slot uint64
probe:
	for {
		e := &t.slots[i]
		if e.key == nil {
			slot = i
			break
		}
		if e.hash == hash && sameKey(e.key, key) {
			return false
		}
		if i+linearProbes <= mask {
			for j := uint64(1); j <= linearProbes; j++ {
				e = &t.slots[i+j]
				if e.key == nil {
					slot = i + j
					break probe
				}
				if e.hash == hash && sameKey(e.key, key) {
					return false
				}
			}
		}
		perturb >>= perturbShift
		i = (i*5 + 1 + perturb) & mask
	}
	t.slots[slot] = setEntry{key: key, hash: hash}
	t.used++
	if uint64(t.used)*5 >= mask*3 {
		n := t.used * 4
		if t.used > 50000 {
			n = t.used * 2
		}
		t.resize(n)
	}
	return true
}

// freeSlot returns the first empty slot on hash's probe sequence, the
// sequence set_insert_clean and set_add_entry walk.
func (t *table) freeSlot(hash int64) uint64 {
	mask := uint64(len(t.slots) - 1)
	perturb := uint64(hash)
	i := uint64(hash) & mask
	for {
		if t.slots[i].key == nil {
			return i
		}
		if i+linearProbes <= mask {
			for j := uint64(1); j <= linearProbes; j++ {
				if t.slots[i+j].key == nil {
					return i + j
				}
			}
		}
		perturb >>= perturbShift
		i = (i*5 + 1 + perturb) & mask
	}
}

// resize is set_table_resize: the smallest power of two above minused,
// entries reinserted in old-table order.
func (t *table) resize(minused int) {
	size := setMinSize
	for size <= minused {
		size <<= 1
	}
	old := t.slots
	t.slots = make([]setEntry, size)
	for _, e := range old {
		if e.key != nil {
			t.slots[t.freeSlot(e.hash)] = e
		}
	}
}

func (t *table) items() []Object {
	out := make([]Object, 0, t.used)
	for _, e := range t.slots {
		if e.key != nil {
			out = append(out, e.key)
		}
	}
	return out
}

// sameKey is the set's key match: identity first, then ==.
func sameKey(a, b Object) bool { return a == b || Equal(a, b) }

// NewFrozenSet returns frozenset(items) with Items in the order CPython
// 3.8 iterates it when items are added in the given order (as
// PyFrozenSet_New does from a tuple), duplicates by Python equality
// dropped. Unhashable items, which CPython would refuse, are appended at
// the end in the given order. Hash values follow PYTHONHASHSEED=0.
//
// For the compiler: CPython may rebuild a constant frozenset from its own
// iteration order, which reorders colliding members, so a constant's final
// order is NewFrozenSet applied once per rebuild. The AST optimizer builds
// frozenset(source elements); merge_consts_recursive (compile.c) rebuilds
// it once from that; and PyCode_New's intern_string_constants
// (codeobject.c) rebuilds it again when interning replaced any of its
// name-like str members by an already interned equal string.
func NewFrozenSet(items []Object) *FrozenSet {
	var t table
	var rest []Object
	for _, it := range items {
		h, ok := Hash(it)
		if !ok {
			rest = append(rest, it)
			continue
		}
		t.add(it, h)
	}
	out := t.items()
	return &FrozenSet{Items: append(out, rest...)}
}

// Equal reports a == b with Python 3.8 semantics for the types here:
// numbers compare by value across bool, int, float and complex
// (1 == 1.0 == True), str and bytes by content, containers item by item
// with the identity shortcut CPython's containers use (so a NaN float
// object equals itself inside a tuple, though not on its own).
func Equal(a, b Object) bool { return equalDepth(a, b, 0) }

func equalDepth(a, b Object, depth int) bool {
	if depth > hashDepthLimit {
		return false
	}
	if na, ok := numeric(a); ok {
		nb, ok := numeric(b)
		return ok && numEqual(na, nb)
	}
	switch x := a.(type) {
	case singleton:
		return a == b
	case *Str:
		y, ok := b.(*Str)
		return ok && x != nil && y != nil && x.V == y.V
	case *Bytes:
		y, ok := b.(*Bytes)
		return ok && x != nil && y != nil && string(x.V) == string(y.V)
	case *Tuple:
		y, ok := b.(*Tuple)
		return ok && x != nil && y != nil && seqEqual(x.Items, y.Items, depth)
	case *List:
		y, ok := b.(*List)
		return ok && x != nil && y != nil && seqEqual(x.Items, y.Items, depth)
	case *FrozenSet:
		if x == nil {
			return false
		}
		switch y := b.(type) {
		case *FrozenSet:
			return y != nil && setEqual(x.Items, y.Items, depth)
		case *Set:
			return y != nil && setEqual(x.Items, y.Items, depth)
		}
	case *Set:
		if x == nil {
			return false
		}
		switch y := b.(type) {
		case *FrozenSet:
			return y != nil && setEqual(x.Items, y.Items, depth)
		case *Set:
			return y != nil && setEqual(x.Items, y.Items, depth)
		}
	case *Dict:
		y, ok := b.(*Dict)
		if !ok || x == nil || y == nil || len(x.Keys) != len(y.Keys) ||
			len(x.Values) != len(x.Keys) || len(y.Values) != len(y.Keys) {
			return false
		}
	next:
		for i, k := range x.Keys {
			for j, k2 := range y.Keys {
				if k == k2 || equalDepth(k, k2, depth+1) {
					v, v2 := x.Values[i], y.Values[j]
					if v != v2 && !equalDepth(v, v2, depth+1) {
						return false
					}
					continue next
				}
			}
			return false
		}
		return true
	case *Code:
		y, ok := b.(*Code)
		return ok && x != nil && y != nil && codeEqual(x, y, depth)
	}
	return false
}

func seqEqual(a, b []Object, depth int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !equalDepth(a[i], b[i], depth+1) {
			return false
		}
	}
	return true
}

func setEqual(a, b []Object, depth int) bool {
	if len(a) != len(b) {
		return false
	}
outer:
	for _, x := range a {
		for _, y := range b {
			if x == y || equalDepth(x, y, depth+1) {
				continue outer
			}
		}
		return false
	}
	return true
}

// codeEqual follows code_richcompare, which compares constants by
// _PyCode_ConstantKey: type and value, and the sign of float zeros.
func codeEqual(a, b *Code, depth int) bool {
	if a == b {
		return true
	}
	if a.ArgCount != b.ArgCount || a.PosOnlyArgCount != b.PosOnlyArgCount ||
		a.KwOnlyArgCount != b.KwOnlyArgCount || a.NLocals != b.NLocals ||
		a.Flags != b.Flags || a.FirstLineNo != b.FirstLineNo {
		return false
	}
	if !equalDepth(a.Name, b.Name, depth+1) || !equalDepth(a.Code, b.Code, depth+1) {
		return false
	}
	if a.Consts == nil || b.Consts == nil || len(a.Consts.Items) != len(b.Consts.Items) {
		return false
	}
	for i := range a.Consts.Items {
		if !ConstKeyEqual(a.Consts.Items[i], b.Consts.Items[i]) {
			return false
		}
	}
	return equalDepth(a.Names, b.Names, depth+1) && equalDepth(a.VarNames, b.VarNames, depth+1) &&
		equalDepth(a.FreeVars, b.FreeVars, depth+1) && equalDepth(a.CellVars, b.CellVars, depth+1)
}

// ConstKeyEqual reports whether two constants are the same constant in the
// sense of CPython's _PyCode_ConstantKey: equal, of the same type, with the
// same signs of zero in float and complex parts, recursively in tuples and
// frozensets. It is how the compiler decides two constants may be merged.
func ConstKeyEqual(a, b Object) bool { return constKeyEqual(a, b, 0) }

func constKeyEqual(a, b Object, depth int) bool {
	if a == b {
		return true
	}
	if depth > hashDepthLimit {
		return false
	}
	switch x := a.(type) {
	case *Int:
		y, ok := b.(*Int)
		return ok && Equal(x, y)
	case *Float:
		y, ok := b.(*Float)
		return ok && x != nil && y != nil && sameFloat(x.V, y.V)
	case *Complex:
		y, ok := b.(*Complex)
		return ok && x != nil && y != nil && sameFloat(x.Real, y.Real) && sameFloat(x.Imag, y.Imag)
	case *Tuple:
		y, ok := b.(*Tuple)
		if !ok || x == nil || y == nil || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !constKeyEqual(x.Items[i], y.Items[i], depth+1) {
				return false
			}
		}
		return true
	case *FrozenSet:
		y, ok := b.(*FrozenSet)
		if !ok || x == nil || y == nil || len(x.Items) != len(y.Items) {
			return false
		}
	outer:
		for _, p := range x.Items {
			for _, q := range y.Items {
				if constKeyEqual(p, q, depth+1) {
					continue outer
				}
			}
			return false
		}
		return true
	case *Code:
		y, ok := b.(*Code)
		return ok && x != nil && y != nil && x == y
	}
	return Equal(a, b)
}

// sameFloat: equal values with the same zero sign; a NaN only matches an
// identical object, which the caller has already checked.
func sameFloat(a, b float64) bool {
	return a == b && math.Signbit(a) == math.Signbit(b)
}

// num is a real or complex number for cross-type comparison.
type num struct {
	isInt    bool
	i        *Int
	re, im   float64
	floating bool
}

func numeric(o Object) (num, bool) {
	switch v := o.(type) {
	case singleton:
		switch o {
		case True:
			return num{isInt: true, i: &Int{Small: 1}}, true
		case False:
			return num{isInt: true, i: &Int{}}, true
		}
	case *Int:
		if v != nil {
			return num{isInt: true, i: v}, true
		}
	case *Float:
		if v != nil {
			return num{re: v.V, floating: true}, true
		}
	case *Complex:
		if v != nil {
			return num{re: v.Real, im: v.Imag}, true
		}
	}
	return num{}, false
}

func numEqual(a, b num) bool {
	switch {
	case a.isInt && b.isInt:
		return intEqual(a.i, b.i)
	case a.isInt:
		return b.im == 0 && intFloatEqual(a.i, b.re)
	case b.isInt:
		return a.im == 0 && intFloatEqual(b.i, a.re)
	}
	return a.re == b.re && a.im == b.im
}

func intEqual(a, b *Int) bool {
	if a.Big == nil && b.Big == nil {
		return a.Small == b.Small
	}
	return a.BigInt().Cmp(b.BigInt()) == 0
}

// intFloatEqual compares exactly, as float_richcompare does.
func intFloatEqual(i *Int, f float64) bool {
	if math.IsInf(f, 0) || math.IsNaN(f) || f != math.Trunc(f) {
		return false
	}
	if i.Big == nil && math.Abs(f) < 1<<62 {
		return int64(f) == i.Small
	}
	bf := new(big.Float).SetFloat64(f)
	bi, _ := bf.Int(nil)
	return bi.Cmp(i.BigInt()) == 0
}
