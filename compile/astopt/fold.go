package astopt

import (
	"math"
	"math/big"
	"math/bits"
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// The limits ast_opt.c puts on folded values, so that folding cannot make
// huge constants or spend unbounded time.
const (
	maxIntSize        = 128  // bits
	maxCollectionSize = 256  // items
	maxStrSize        = 4096 // characters
	maxTotalItems     = 1024 // items, nested collections included
)

// asInt returns the integer value of an int or bool.
func asInt(o marshal.Object) (*big.Int, bool) {
	switch v := o.(type) {
	case *marshal.Int:
		if v == nil {
			return nil, false
		}
		return v.BigInt(), true
	}
	switch o {
	case marshal.True:
		return big.NewInt(1), true
	case marshal.False:
		return big.NewInt(0), true
	}
	return nil, false
}

func isInt(o marshal.Object) bool {
	_, ok := o.(*marshal.Int)
	return ok || o == marshal.True || o == marshal.False
}

func isBool(o marshal.Object) bool { return o == marshal.True || o == marshal.False }

func newInt(z *big.Int) marshal.Object { return marshal.NewBigInt(z) }

func newFloat(f float64) marshal.Object { return &marshal.Float{V: f} }

// intToFloat converts as PyLong_AsDouble: round half to even, failing
// (OverflowError) when the result would be infinite.
func intToFloat(z *big.Int) (float64, bool) {
	if z.IsInt64() {
		v := z.Int64()
		if v > -(1<<53) && v < 1<<53 {
			return float64(v), true
		}
	}
	f, _ := new(big.Float).SetInt(z).Float64()
	if math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// asFloat converts an int, bool or float operand to a double.
func asFloat(o marshal.Object) (float64, bool) {
	if v, ok := o.(*marshal.Float); ok {
		return v.V, true
	}
	if z, ok := asInt(o); ok {
		return intToFloat(z)
	}
	return 0, false
}

// asComplex converts a numeric operand to a complex.
func asComplex(o marshal.Object) (re, im float64, ok bool) {
	if c, isC := o.(*marshal.Complex); isC {
		return c.Real, c.Imag, true
	}
	re, ok = asFloat(o)
	return re, 0, ok
}

func isNumber(o marshal.Object) bool {
	switch o.(type) {
	case *marshal.Int, *marshal.Float, *marshal.Complex:
		return true
	}
	return isBool(o)
}

// smallInt is marshal.NewInt from m's chunks: negative literals are
// common enough that one object each was 150 KB per stdlib run.
func (m *Memory) smallInt(v int64) *marshal.Int {
	x := &m.ints.take(1)[0]
	x.Small = v
	return x
}

// unaryOp applies op to a constant; ok is false where CPython raises.
func (m *Memory) unaryOp(op ast.UnaryOperator, v marshal.Object) (marshal.Object, bool) {
	if op == ast.Not {
		return marshal.Bool(!marshal.Truth(v)), true
	}
	// Fast path for the common negative literal.
	if x, ok := v.(*marshal.Int); ok && x.Big == nil && x.Small != math.MinInt64 {
		switch op {
		case ast.USub:
			return m.smallInt(-x.Small), true
		case ast.Invert:
			return m.smallInt(^x.Small), true
		}
	}
	if z, ok := asInt(v); ok {
		switch op {
		case ast.Invert:
			return newInt(z.Not(z)), true
		case ast.USub:
			return newInt(z.Neg(z)), true
		case ast.UAdd:
			if isBool(v) {
				return newInt(z), true
			}
			return v, true // an exact int is returned as is
		}
		return nil, false
	}
	switch x := v.(type) {
	case *marshal.Float:
		switch op {
		case ast.USub:
			return newFloat(-x.V), true
		case ast.UAdd:
			return v, true
		}
	case *marshal.Complex:
		switch op {
		case ast.USub:
			return &marshal.Complex{Real: -x.Real, Imag: -x.Imag}, true
		case ast.UAdd:
			return v, true
		}
	}
	return nil, false
}

// binaryOp applies op to two constants as fold_binop does, size limits
// included; ok is false where CPython raises or refuses to fold.
func binaryOp(op ast.Operator, l, r marshal.Object) (marshal.Object, bool) {
	switch op {
	case ast.Mult:
		return safeMultiply(l, r)
	case ast.Modulo:
		switch l.(type) {
		case *marshal.Str, *marshal.Bytes:
			return nil, false // never format at compile time
		}
	case ast.Pow:
		if isInt(l) && isInt(r) {
			return intPow(l, r)
		}
	case ast.LShift:
		if isInt(l) && isInt(r) {
			a, _ := asInt(l)
			b, _ := asInt(r)
			if a.Sign() != 0 && b.Sign() != 0 {
				if b.Sign() < 0 || !b.IsInt64() {
					return nil, false
				}
				if b.Int64() > maxIntSize || int64(a.BitLen()) > maxIntSize-b.Int64() {
					return nil, false
				}
			}
		}
	case ast.MatMult:
		return nil, false
	case ast.Add:
		if v, ok, handled := concat(l, r); handled {
			return v, ok
		}
	}
	return numeric(op, l, r)
}

// numeric applies a numeric operator after Python's coercions: int with
// int stays int (bools included), a float makes both floats, a complex both
// complexes.
func numeric(op ast.Operator, l, r marshal.Object) (marshal.Object, bool) {
	if !isNumber(l) || !isNumber(r) {
		return nil, false
	}
	_, lc := l.(*marshal.Complex)
	_, rc := r.(*marshal.Complex)
	if lc || rc {
		return complexOp(op, l, r)
	}
	_, lf := l.(*marshal.Float)
	_, rf := r.(*marshal.Float)
	if lf || rf {
		a, ok1 := asFloat(l)
		b, ok2 := asFloat(r)
		if !ok1 || !ok2 {
			return nil, false
		}
		return floatOp(op, a, b)
	}
	return intOp(op, l, r)
}

// smallInt returns the value of an int or bool that fits in int64.
func smallInt(o marshal.Object) (int64, bool) {
	switch v := o.(type) {
	case *marshal.Int:
		return v.Small, v.Big == nil
	}
	switch o {
	case marshal.True:
		return 1, true
	case marshal.False:
		return 0, true
	}
	return 0, false
}

func intOp(op ast.Operator, l, r marshal.Object) (marshal.Object, bool) {
	// Fast paths without big.Int for small operands that cannot overflow.
	if x, y, ok := smallPair(l, r); ok {
		if v, ok := smallIntOp(op, x, y); ok {
			if isBool(l) && isBool(r) && (op == ast.BitAnd || op == ast.BitOr || op == ast.BitXor) {
				return marshal.Bool(v != 0), true
			}
			z := marshal.NewInt(v)
			// One-digit operands (|v| < 2**30) never give a new small int,
			// but for a remainder with a zero operand: the dividend itself.
			oneDigit := x > -(1<<30) && x < 1<<30 && y > -(1<<30) && y < 1<<30 && (op != ast.Modulo || x != 0 && y != 0)
			if !oneDigit && v >= -5 && v <= 256 && (op == ast.Add || op == ast.Sub || op == ast.Modulo) {
				z.Fresh = freshResult(op, l, big.NewInt(x), big.NewInt(y), v)
			}
			return z, true
		}
	}
	v, ok := intOpBig(op, l, r)
	if z, isInt := v.(*marshal.Int); ok && isInt && z.Big == nil && z.Small >= -5 && z.Small <= 256 &&
		(op == ast.Add || op == ast.Sub || op == ast.Modulo) {
		a, _ := asInt(l)
		b, _ := asInt(r)
		z.Fresh = freshResult(op, l, a, b, z.Small)
	}
	return v, ok
}

// single reports whether CPython stores v in at most one 30-bit digit.
func single(v *big.Int) bool { return v.CmpAbs(big.NewInt(1<<30)) < 0 }

// freshResult reports whether CPython 3.8 returns the small int v, the
// result of a + b, a - b or a % b, as a new object instead of its cached
// one. Addition and subtraction of a multi-digit operand go through
// x_add/x_sub, which do not swap a small result for the cached int (but
// return the cached 0 for equal magnitudes). A remainder is the dividend
// itself when |a| < |b| (by long_divrem's look at the top digits), a
// cached int when b has one digit, and x_divrem's new object otherwise;
// a remainder whose sign differs from b's is then added to b.
func freshResult(op ast.Operator, l marshal.Object, a, b *big.Int, v int64) bool {
	if op != ast.Modulo {
		return !(single(a) && single(b)) && v != 0
	}
	if a.Sign() != 0 && b.Sign() != 0 && single(a) && single(b) {
		return false // l_divmod's fast path
	}
	digits := func(x *big.Int) (n int, top uint64) {
		n = (x.BitLen() + 29) / 30
		if n > 0 {
			top = new(big.Int).Rsh(new(big.Int).Abs(x), uint(30*(n-1))).Uint64()
		}
		return n, top
	}
	sa, ta := digits(a)
	sb, tb := digits(b)
	var rem *big.Int
	fresh := false
	switch {
	case sa < sb || sa == sb && ta < tb:
		rem = a
		if x, ok := l.(*marshal.Int); ok {
			fresh = x.Fresh
		}
	case sb == 1:
		rem = new(big.Int).Rem(a, b)
	default:
		rem = new(big.Int).Rem(a, b)
		fresh = true
	}
	if rem.Sign() != 0 && rem.Sign() != b.Sign() {
		return !(single(rem) && single(b)) // long_add(rem, b), never 0
	}
	return fresh
}

// intOpBig is intOp beyond the fast paths.
func intOpBig(op ast.Operator, l, r marshal.Object) (marshal.Object, bool) {
	a, _ := asInt(l)
	b, _ := asInt(r)
	z := new(big.Int)
	switch op {
	case ast.Add:
		z.Add(a, b)
	case ast.Sub:
		z.Sub(a, b)
	case ast.Mult:
		z.Mul(a, b)
	case ast.Div:
		return intTrueDiv(a, b)
	case ast.FloorDiv, ast.Modulo:
		if b.Sign() == 0 {
			return nil, false
		}
		q, m := new(big.Int).QuoRem(a, b, new(big.Int))
		if m.Sign() != 0 && (m.Sign() < 0) != (b.Sign() < 0) {
			q.Sub(q, big.NewInt(1))
			m.Add(m, b)
		}
		if op == ast.FloorDiv {
			return newInt(q), true
		}
		return newInt(m), true
	case ast.Pow:
		return intPow(l, r)
	case ast.LShift:
		if b.Sign() < 0 {
			return nil, false
		}
		if a.Sign() == 0 {
			return newInt(z), true
		}
		if !b.IsInt64() || b.Int64() > 1<<20 {
			return nil, false // unreachable after the size check; stay bounded
		}
		z.Lsh(a, uint(b.Int64()))
	case ast.RShift:
		if b.Sign() < 0 {
			return nil, false
		}
		if !b.IsInt64() || b.Int64() > int64(a.BitLen())+1 {
			if a.Sign() < 0 {
				return newInt(big.NewInt(-1)), true
			}
			return newInt(z), true
		}
		z.Rsh(a, uint(b.Int64()))
	case ast.BitAnd, ast.BitOr, ast.BitXor:
		switch op {
		case ast.BitAnd:
			z.And(a, b)
		case ast.BitOr:
			z.Or(a, b)
		default:
			z.Xor(a, b)
		}
		if isBool(l) && isBool(r) {
			return marshal.Bool(z.Sign() != 0), true
		}
	default:
		return nil, false
	}
	return newInt(z), true
}

// smallPair returns the values of two ints or bools in (-2**31, 2**31).
func smallPair(l, r marshal.Object) (x, y int64, ok bool) {
	x, okx := smallInt(l)
	y, oky := smallInt(r)
	return x, y, okx && oky && x > -(1<<31) && x < 1<<31 && y > -(1<<31) && y < 1<<31
}

// smallIntOp is intOp's result for operands in (-2**31, 2**31), where no
// operator but ** (and / , a float) can overflow int64, with Python's
// floor division and shifts; ok is false for the other operators and the
// cases intOp leaves to big.Int or fails.
func smallIntOp(op ast.Operator, x, y int64) (v int64, ok bool) {
	switch op {
	case ast.Add:
		return x + y, true
	case ast.Sub:
		return x - y, true
	case ast.Mult:
		return x * y, true
	case ast.FloorDiv, ast.Modulo:
		if y == 0 {
			return 0, false
		}
		q, m := x/y, x%y
		if m != 0 && (m < 0) != (y < 0) {
			q--
			m += y
		}
		if op == ast.FloorDiv {
			return q, true
		}
		return m, true
	case ast.LShift:
		if y < 0 || y >= 32 {
			return 0, false
		}
		return x << y, true
	case ast.RShift:
		if y < 0 {
			return 0, false
		}
		return x >> min(y, 63), true
	case ast.BitAnd:
		return x & y, true
	case ast.BitOr:
		return x | y, true
	case ast.BitXor:
		return x ^ y, true
	case ast.Pow:
		// A result of up to 62 bits, by repeated multiplication.
		if y < 0 || x != 0 && int64(bits.Len64(uint64(max(x, -x))))*y > 62 {
			return 0, false
		}
		v = 1
		for range y {
			v *= x
		}
		return v, true
	}
	return 0, false
}

// intTrueDiv is int / int, correctly rounded, with the sign of a zero
// result taken from the operands.
func intTrueDiv(a, b *big.Int) (marshal.Object, bool) {
	if b.Sign() == 0 {
		return nil, false
	}
	neg := (a.Sign() < 0) != (b.Sign() < 0)
	if a.Sign() == 0 {
		if neg {
			return newFloat(math.Copysign(0, -1)), true
		}
		return newFloat(0), true
	}
	q := new(big.Rat).SetFrac(new(big.Int).Abs(a), new(big.Int).Abs(b))
	f, _ := q.Float64()
	if math.IsInf(f, 0) {
		return nil, false
	}
	if neg {
		f = -f
	}
	return newFloat(f), true
}

// intPow is safe_power followed by int ** int; a negative exponent goes
// through float ** float.
func intPow(l, r marshal.Object) (marshal.Object, bool) {
	if x, y, ok := smallPair(l, r); ok {
		if v, ok := smallIntOp(ast.Pow, x, y); ok {
			return marshal.NewInt(v), true
		}
	}
	a, _ := asInt(l)
	b, _ := asInt(r)
	if a.Sign() != 0 && b.Sign() > 0 {
		if !b.IsInt64() {
			return nil, false
		}
		if int64(a.BitLen()) > maxIntSize/b.Int64() {
			return nil, false
		}
	}
	if b.Sign() < 0 {
		x, ok1 := intToFloat(a)
		y, ok2 := intToFloat(b)
		if !ok1 || !ok2 {
			return nil, false
		}
		return floatPow(x, y)
	}
	if b.Sign() == 0 {
		return newInt(big.NewInt(1)), true
	}
	if a.Sign() == 0 {
		return newInt(a), true
	}
	return newInt(new(big.Int).Exp(a, b, nil)), true
}

func floatOp(op ast.Operator, a, b float64) (marshal.Object, bool) {
	switch op {
	case ast.Add: // float_add keeps b's NaN, as float_mul does
		return newFloat(addKeep(b, a)), true
	case ast.Sub:
		return newFloat(sub(a, b)), true
	case ast.Mult:
		return newFloat(mulKeep(b, a)), true
	case ast.Div:
		if b == 0 {
			return nil, false
		}
		return newFloat(div(a, b)), true
	case ast.Modulo:
		if b == 0 {
			return nil, false
		}
		m := fmod(a, b)
		if m != 0 {
			if (b < 0) != (m < 0) {
				m += b
			}
		} else {
			m = math.Copysign(0, b)
		}
		return newFloat(m), true
	case ast.FloorDiv:
		if b == 0 {
			return nil, false
		}
		return newFloat(floatFloorDiv(a, b)), true
	case ast.Pow:
		return floatPow(a, b)
	}
	return nil, false
}

// floatFloorDiv follows float_divmod, whose quotient is snapped to the
// nearest integral value.
func floatFloorDiv(a, b float64) float64 {
	m := fmod(a, b)
	q := div(sub(a, m), b)
	if m != 0 {
		if (b < 0) != (m < 0) {
			q -= 1.0
		}
	}
	if q != 0 {
		fd := math.Floor(q)
		if q-fd > 0.5 {
			fd += 1.0
		}
		return fd
	}
	return math.Copysign(0, a/b)
}

func isOddInteger(x float64) bool { return math.Mod(math.Abs(x), 2.0) == 1.0 }

// floatPow follows float_pow's special cases and leaves the rest to
// glibcPow, C's pow() as CPython calls it.
func floatPow(iv, iw float64) (marshal.Object, bool) {
	switch {
	case iw == 0:
		return newFloat(1.0), true
	case math.IsNaN(iv):
		return newFloat(iv), true
	case math.IsNaN(iw):
		if iv == 1.0 {
			return newFloat(1.0), true
		}
		return newFloat(iw), true
	case math.IsInf(iw, 0):
		iv = math.Abs(iv)
		if iv == 1.0 {
			return newFloat(1.0), true
		} else if (iw > 0) == (iv > 1.0) {
			return newFloat(math.Abs(iw)), true
		}
		return newFloat(0.0), true
	case math.IsInf(iv, 0):
		odd := isOddInteger(iw)
		if iw > 0 {
			if odd {
				return newFloat(iv), true
			}
			return newFloat(math.Abs(iv)), true
		}
		if odd {
			return newFloat(math.Copysign(0, iv)), true
		}
		return newFloat(0), true
	case iv == 0:
		if iw < 0 {
			return nil, false
		}
		if isOddInteger(iw) {
			return newFloat(iv), true
		}
		return newFloat(0), true
	}
	negate := false
	if iv < 0 {
		if iw != math.Floor(iw) {
			// A negative base to a fractional power is complex.
			return complexPow(iv, 0, iw, 0)
		}
		iv = -iv
		negate = isOddInteger(iw)
	}
	if iv == 1.0 {
		if negate {
			return newFloat(-1.0), true
		}
		return newFloat(1.0), true
	}
	ix := glibcPow(iv, iw)
	if math.IsInf(ix, 0) {
		return nil, false // OverflowError
	}
	if negate {
		ix = -ix
	}
	return newFloat(ix), true
}

func complexOp(op ast.Operator, l, r marshal.Object) (marshal.Object, bool) {
	ar, ai, ok1 := asComplex(l)
	br, bi, ok2 := asComplex(r)
	if !ok1 || !ok2 {
		return nil, false
	}
	switch op {
	case ast.Add:
		return &marshal.Complex{Real: addKeep(ar, br), Imag: addKeep(ai, bi)}, true
	case ast.Sub:
		return &marshal.Complex{Real: sub(ar, br), Imag: sub(ai, bi)}, true
	case ast.Mult:
		re, im := cprod(ar, ai, br, bi)
		return &marshal.Complex{Real: re, Imag: im}, true
	case ast.Div:
		re, im, ok := cquot(ar, ai, br, bi)
		if !ok {
			return nil, false
		}
		return &marshal.Complex{Real: re, Imag: im}, true
	case ast.Pow:
		return complexPow(ar, ai, br, bi)
	}
	return nil, false // complex % and // raise TypeError
}

// cprod is _Py_c_prod, each NaN kept as CPython's code keeps it (see
// x86nan.go).
func cprod(ar, ai, br, bi float64) (float64, float64) {
	return sub(mulKeep(ar, br), mulKeep(ai, bi)), addKeep(mulKeep(ar, bi), mulKeep(ai, br))
}

// cquot is Smith's algorithm as _Py_c_quot uses it; ok is false on
// division by zero.
func cquot(ar, ai, br, bi float64) (float64, float64, bool) {
	absr, absi := math.Abs(br), math.Abs(bi)
	switch {
	case absr >= absi:
		if absr == 0 {
			return 0, 0, false
		}
		ratio := div(bi, br)
		denom := addKeep(br, mulKeep(bi, ratio))
		return div(addKeep(ar, mulKeep(ai, ratio)), denom), div(sub(ai, mulKeep(ar, ratio)), denom), true
	case absi >= absr:
		ratio := div(br, bi)
		denom := addKeep(mulKeep(br, ratio), bi)
		// This sum keeps a.imag's NaN over the product's.
		return div(addKeep(ai, mulKeep(ar, ratio)), denom), div(sub(mulKeep(ai, ratio), ar), denom), true
	}
	// A NaN in b. Py_NAN is HUGE_VAL * 0., which GCC leaves to run time (it
	// does not fold an invalid operation): the default NaN.
	return defaultNaN, defaultNaN, true
}

// complexPow is complex_pow: small integral exponents by repeated
// multiplication, the rest through polar form.
func complexPow(ar, ai, br, bi float64) (marshal.Object, bool) {
	var re, im float64
	edom := false
	n := int64(br) // C's (long) conversion; only used when exact
	if bi == 0 && br == float64(n) && br >= -9.2e18 && br <= 9.2e18 {
		if n > 100 || n < -100 {
			re, im, edom = cpow(ar, ai, float64(n), 0)
		} else if n > 0 {
			re, im = cpowu(ar, ai, n)
		} else {
			pr, pi := cpowu(ar, ai, -n)
			var ok bool
			re, im, ok = cquot(1, 0, pr, pi)
			edom = !ok
		}
	} else {
		re, im, edom = cpow(ar, ai, br, bi)
	}
	if edom || math.IsInf(re, 0) || math.IsInf(im, 0) {
		return nil, false
	}
	return &marshal.Complex{Real: re, Imag: im}, true
}

func cpowu(xr, xi float64, n int64) (float64, float64) {
	rr, ri := 1.0, 0.0
	pr, pi := xr, xi
	for mask := int64(1); mask > 0 && n >= mask; mask <<= 1 {
		if n&mask != 0 {
			rr, ri = cprod(rr, ri, pr, pi)
		}
		pr, pi = cprod(pr, pi, pr, pi)
	}
	return rr, ri
}

// cpow is _Py_c_pow, the polar form: glibc's hypot, pow, atan2, exp, log,
// cos and sin bit for bit (libm_*.go, pow.go), the arithmetic between them
// keeping NaNs as CPython's code does (x86nan.go). edom reports what makes
// CPython raise besides an infinite result: a zero base to a negative or
// complex power, and an infinite phase (cos(inf) sets EDOM).
func cpow(ar, ai, br, bi float64) (re, im float64, edom bool) {
	if br == 0 && bi == 0 {
		return 1, 0, false
	}
	if ar == 0 && ai == 0 {
		return 0, 0, bi != 0 || br < 0
	}
	vabs := glibcHypot(ar, ai)
	l := libmPow(vabs, br)
	at := glibcAtan2(ai, ar)
	phase := mulKeep(at, br)
	if bi != 0 {
		l = div(l, glibcExp(mulKeep(at, bi)))
		phase = addKeep(phase, mulKeep(bi, glibcLog(vabs)))
	}
	if math.IsInf(phase, 0) {
		return 0, 0, true
	}
	return mulKeep(l, glibcCos(phase)), mulKeep(l, glibcSin(phase)), false
}

// concat handles + on sequences; handled is false for other operands.
func concat(l, r marshal.Object) (v marshal.Object, ok, handled bool) {
	switch a := l.(type) {
	case *marshal.Str:
		b, isStr := r.(*marshal.Str)
		if !isStr {
			return nil, false, true
		}
		if a.V == "" {
			return b, true, true
		}
		if b.V == "" {
			return a, true, true
		}
		return &marshal.Str{V: a.V + b.V}, true, true
	case *marshal.Bytes:
		b, isBytes := r.(*marshal.Bytes)
		if !isBytes {
			return nil, false, true
		}
		if len(a.V) == 0 {
			return b, true, true
		}
		if len(b.V) == 0 {
			return a, true, true
		}
		out := make([]byte, 0, len(a.V)+len(b.V))
		out = append(append(out, a.V...), b.V...)
		return &marshal.Bytes{V: out}, true, true
	case *marshal.Tuple:
		b, isTuple := r.(*marshal.Tuple)
		if !isTuple {
			return nil, false, true
		}
		if len(a.Items) == 0 {
			return b, true, true
		}
		if len(b.Items) == 0 {
			return a, true, true
		}
		items := make([]marshal.Object, 0, len(a.Items)+len(b.Items))
		items = append(append(items, a.Items...), b.Items...)
		return &marshal.Tuple{Items: items}, true, true
	case *marshal.FrozenSet:
		return nil, false, true
	}
	return nil, false, false
}

// checkComplexity returns limit minus the number of items in o, counting
// nested tuples and frozensets, stopping once it is negative.
func checkComplexity(o marshal.Object, limit int64) int64 {
	switch v := o.(type) {
	case *marshal.Tuple:
		limit -= int64(len(v.Items))
		for i := 0; limit >= 0 && i < len(v.Items); i++ {
			limit = checkComplexity(v.Items[i], limit)
		}
	case *marshal.FrozenSet:
		limit -= int64(len(v.Items))
		for i := 0; limit >= 0 && i < len(v.Items); i++ {
			limit = checkComplexity(v.Items[i], limit)
		}
	}
	return limit
}

// seqLen returns the length of a str (in code points), bytes, tuple or
// frozenset.
func seqLen(o marshal.Object) (int64, bool) {
	switch v := o.(type) {
	case *marshal.Str:
		return int64(strLen(v.V)), true
	case *marshal.Bytes:
		return int64(len(v.V)), true
	case *marshal.Tuple:
		return int64(len(v.Items)), true
	case *marshal.FrozenSet:
		return int64(len(v.Items)), true
	}
	return 0, false
}

const maxSsize = math.MaxInt64

// safeMultiply is safe_multiply followed by the multiplication.
func safeMultiply(l, r marshal.Object) (marshal.Object, bool) {
	if isInt(l) && isInt(r) {
		if _, _, ok := smallPair(l, r); ok {
			return intOp(ast.Mult, l, r) // far below the size limit
		}
		a, _ := asInt(l)
		b, _ := asInt(r)
		if a.Sign() != 0 && b.Sign() != 0 && a.BitLen()+b.BitLen() > maxIntSize {
			return nil, false
		}
		return intOp(ast.Mult, l, r)
	}
	seq, count := r, l
	if !isInt(l) {
		seq, count = l, r
	}
	if !isInt(count) {
		return numeric(ast.Mult, l, r)
	}
	size, isSeq := seqLen(seq)
	if !isSeq {
		return numeric(ast.Mult, l, r)
	}
	// The repeat count must fit a Py_ssize_t; for a non-empty sequence,
	// PyLong_AsLong's overflow reads as -1, which fails as well.
	k, ok := smallInt(count)
	if !ok {
		return nil, false
	}
	if size != 0 {
		if k < 0 {
			return nil, false
		}
		switch seq.(type) {
		case *marshal.Tuple, *marshal.FrozenSet:
			if k > maxCollectionSize/size {
				return nil, false
			}
			if k != 0 && checkComplexity(seq, maxTotalItems/k) < 0 {
				return nil, false
			}
		default:
			if k > maxStrSize/size {
				return nil, false
			}
		}
	}
	return repeat(seq, k)
}

// repeat is seq * k for a checked k.
func repeat(seq marshal.Object, k int64) (marshal.Object, bool) {
	if k < 0 {
		k = 0
	}
	switch s := seq.(type) {
	case *marshal.Str:
		if k == 1 || s.V == "" {
			if k == 1 {
				return s, true
			}
			return &marshal.Str{}, true
		}
		if k == 0 {
			return &marshal.Str{}, true
		}
		return &marshal.Str{V: strings.Repeat(s.V, int(k))}, true
	case *marshal.Bytes:
		// CPython returns the operand when the length does not change,
		// and otherwise a new object, even an empty one.
		if k == 1 || len(s.V) == 0 {
			return s, true
		}
		if k == 0 {
			return &marshal.Bytes{V: []byte{}, Distinct: true}, true
		}
		b := make([]byte, 0, len(s.V)*int(k))
		for i := int64(0); i < k; i++ {
			b = append(b, s.V...)
		}
		return &marshal.Bytes{V: b}, true
	case *marshal.Tuple:
		if k == 1 {
			return s, true
		}
		if len(s.Items) == 0 || k == 0 {
			return &marshal.Tuple{Items: []marshal.Object{}}, true
		}
		items := make([]marshal.Object, 0, len(s.Items)*int(k))
		for i := int64(0); i < k; i++ {
			items = append(items, s.Items...)
		}
		return &marshal.Tuple{Items: items}, true
	}
	return nil, false // frozenset * int raises TypeError
}

// getItem is PyObject_GetItem for a constant container and key.
func getItem(c, key marshal.Object) (marshal.Object, bool) {
	idx, ok := asInt(key)
	if !ok {
		return nil, false
	}
	n, isSeq := seqLen(c)
	if !isSeq {
		return nil, false
	}
	if _, isSet := c.(*marshal.FrozenSet); isSet {
		return nil, false
	}
	if !idx.IsInt64() {
		return nil, false // IndexError: cannot fit 'int' into an index-sized integer
	}
	i := idx.Int64()
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, false
	}
	switch s := c.(type) {
	case *marshal.Str:
		return &marshal.Str{V: strAt(s.V, int(i))}, true
	case *marshal.Bytes:
		return marshal.NewInt(int64(s.V[i])), true
	case *marshal.Tuple:
		return s.Items[i], true
	}
	return nil, false
}

// Strings hold code points as UTF-8 extended to lone surrogates, so code
// points are counted from lead bytes rather than with utf8's validation.
func strLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
		}
	}
	return n
}

func strAt(s string, k int) string {
	n := -1
	for i := 0; i < len(s); i++ {
		if s[i]&0xC0 != 0x80 {
			n++
			if n == k {
				j := i + 1
				for j < len(s) && s[j]&0xC0 == 0x80 {
					j++
				}
				return s[i:j]
			}
		}
	}
	return ""
}
