package astopt

import (
	"math"
	"math/big"

	"github.com/gopyc/gopyc/marshal"
)

// newFrozenSet builds frozenset(items): equal items (in Python's sense,
// so 1, 1.0 and True are one item) are kept once, the first one winning.
// The items stay in insertion order; marshal's writer owns the hash-table
// order CPython iterates in.
func newFrozenSet(items []marshal.Object) *marshal.FrozenSet {
	out := make([]marshal.Object, 0, len(items))
next:
	for _, it := range items {
		for _, o := range out {
			if pyEqual(o, it) {
				continue next
			}
		}
		out = append(out, it)
	}
	return &marshal.FrozenSet{Items: out}
}

// pyEqual is Python's a == b for constants, with the identity shortcut
// containers use (so a NaN object equals itself).
func pyEqual(a, b marshal.Object) bool {
	if a == b {
		return true
	}
	if isNumber(a) && isNumber(b) {
		return numEqual(a, b)
	}
	switch x := a.(type) {
	case *marshal.Str:
		y, ok := b.(*marshal.Str)
		return ok && x.V == y.V
	case *marshal.Bytes:
		y, ok := b.(*marshal.Bytes)
		return ok && string(x.V) == string(y.V)
	case *marshal.Tuple:
		y, ok := b.(*marshal.Tuple)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !pyEqual(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *marshal.FrozenSet:
		y, ok := b.(*marshal.FrozenSet)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
	outer:
		for _, p := range x.Items {
			for _, q := range y.Items {
				if pyEqual(p, q) {
					continue outer
				}
			}
			return false
		}
		return true
	}
	return false
}

// numEqual compares numbers exactly across int, float and complex.
func numEqual(a, b marshal.Object) bool {
	ar, ai, ac := complexParts(a)
	br, bi, bc := complexParts(b)
	if ac || bc {
		if ai != bi {
			return false
		}
		// Compare the real parts as reals.
		return realEqual(realOf(a, ar, ac), realOf(b, br, bc))
	}
	return realEqual(a, b)
}

func complexParts(o marshal.Object) (float64, float64, bool) {
	if c, ok := o.(*marshal.Complex); ok {
		return c.Real, c.Imag, true
	}
	return 0, 0, false
}

func realOf(o marshal.Object, re float64, isComplex bool) marshal.Object {
	if isComplex {
		return &marshal.Float{V: re}
	}
	return o
}

// realEqual compares two ints/floats exactly.
func realEqual(a, b marshal.Object) bool {
	fa, aIsF := a.(*marshal.Float)
	fb, bIsF := b.(*marshal.Float)
	switch {
	case aIsF && bIsF:
		return fa.V == fb.V
	case !aIsF && !bIsF:
		x, _ := asInt(a)
		y, _ := asInt(b)
		return x.Cmp(y) == 0
	case aIsF:
		return floatEqInt(fa.V, b)
	default:
		return floatEqInt(fb.V, a)
	}
}

func floatEqInt(f float64, o marshal.Object) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) {
		return false
	}
	z, _ := asInt(o)
	bf, _ := new(big.Float).SetFloat64(f).Int(nil)
	return bf.Cmp(z) == 0
}
