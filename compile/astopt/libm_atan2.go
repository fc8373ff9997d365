package astopt

import "math"

// glibcAtan2 is atan2(y, x) as glibc 2.36 (Debian 12's libc6
// 2.36-9+deb12u14) computes it on x86-64 with FMA and AVX2: the
// __ieee754_atan2_fma variant its ifunc picks there, built from the IBM
// Accurate Mathematical Library's e_atan2.c with -mfma -mavx2, reached
// through the exported atan2 wrapper (which changes no value). In glibc
// 2.36 there is no multi-precision fallback any more (removed in 2.34):
// every input takes one of the fast paths below, reproduced here bit for
// bit for all inputs, special ones included.
//
// The algorithm: with ax = |x| and ay = |y|, u = min/max of the two as a
// double-double u+du; atan(u) from an odd polynomial for u < 1/16, else from
// a table (atan2Tab, libm_trigtab.go) of nodes x0 near (16+i)/256 with
// atan(x0) and a degree-6 expansion around x0; then pi/2 -, pi/2 + or pi -
// that by the quadrant, the sign of y copied onto the result.
//
// math.FMA stands exactly where the library's machine code fuses a
// multiply-add (read off the disassembly of __ieee754_atan2_fma); every
// other product is wrapped in float64() so that Go cannot fuse it. The
// tests notice a change to some of these placements (the exact product in
// u's correction, the last multiply-add of the complementary table
// branches and of the small-u branch); the others move bits too far below
// the last to show in any practical number of inputs, and rest on the
// disassembly alone.
//
// errno (not modelled here): the atan2 wrapper sets ERANGE when the result
// is 0 while y != 0 and x is finite (underflow, e.g. atan2(1e-300, 1e300));
// nothing else sets errno.
//
// CPython's math.atan2 (m_atan2) answers NaN, infinite and zero arguments
// itself before calling atan2; its answers agree with the library's, bit
// for bit, for all of them.

const (
	atanD3  = -0x1.5555555555555p-2
	atanD5  = 0x1.99999999997fdp-3
	atanD7  = -0x1.24924923f7603p-3
	atanD9  = 0x1.c71c6e5129a3bp-4
	atanD11 = -0x1.7458022b13c25p-4
	atanD13 = 0x1.375f08b31cbcep-4

	atanOpi   = 0x1.921fb54442d18p1   // pi
	atanOpi1  = 0x1.1a62633145c07p-53 // pi - atanOpi
	atanHpi   = 0x1.921fb54442d18p0   // pi/2
	atanHpi1  = 0x1.1a62633145c07p-54 // pi/2 - atanHpi
	atanQpi   = 0x1.921fb54442d18p-1  // pi/4
	atanTqpi  = 0x1.2d97c7f3321d2p1   // 3pi/4
	atanInv16 = 0x1p-4
)

// glibcAtan2 is glibc's atan2(y, x); see above.
func glibcAtan2(y, x float64) float64 {
	switch {
	case math.IsNaN(x):
		return addKeep(x, y) // of two NaNs, glibc's x + y keeps x's
	case math.IsNaN(y):
		return y + y
	case y == 0:
		if !math.Signbit(x) {
			return y
		}
		return math.Copysign(atanOpi, y)
	case x == 0:
		return math.Copysign(atanHpi, y)
	case math.IsInf(x, 1):
		if math.IsInf(y, 0) {
			return math.Copysign(atanQpi, y)
		}
		return math.Copysign(0, y)
	case math.IsInf(x, -1):
		if math.IsInf(y, 0) {
			return math.Copysign(atanTqpi, y)
		}
		return math.Copysign(atanOpi, y)
	case math.IsInf(y, 0):
		return math.Copysign(atanHpi, y)
	}

	ax, ay := math.Abs(x), math.Abs(y)
	// The difference of the exponent fields, in units of 2**20.
	de := int32(math.Float64bits(y)>>32&0x7ff00000) - int32(math.Float64bits(x)>>32&0x7ff00000)
	if de >= 57<<20 { // |y/x| >= 2**56 or so: pi/2 to the last bit
		return math.Copysign(atanHpi, y)
	}
	if de <= -57<<20 { // |y/x| tiny
		if x > 0 {
			return math.Copysign(ay/ax, y)
		}
		return math.Copysign(atanOpi, y)
	}

	// Keep u's double-double exact: no subnormals, no overflow.
	if ax < 0x1p-500 || ay < 0x1p-500 {
		ax *= 0x1p500
		ay *= 0x1p500
	}
	if ax > 0x1p500 || ay > 0x1p500 {
		ax *= 0x1p-500
		ay *= 0x1p-500
	}

	var u, du float64
	if ay < ax {
		u = ay / ax
		v := float64(ax * u)
		vv := math.FMA(ax, u, -v)
		du = ((ay - v) - vv) / ax
	} else {
		u = ax / ay
		v := float64(ay * u)
		vv := math.FMA(ay, u, -v)
		du = ((ax - v) - vv) / ay
	}

	var z float64
	switch {
	case x > 0 && ay < ax: // atan(u)
		z = atanOf(u, du)
	case x > 0: // pi/2 - atan(u)
		if u < atanInv16 {
			zz := atanTail(u)
			t2, cor := atanSub(atanHpi, u)
			z = t2 + (((atanHpi1 + cor) - du) - zz)
		} else {
			c := atanRow(u)
			v := (u - c[0]) + du
			zz := math.FMA(-v, atanRowPoly(c, v), atanHpi1)
			z = (atanHpi - c[1]) + zz
		}
	case ax < ay: // pi/2 + atan(u)
		if u < atanInv16 {
			zz := atanTail(u)
			t2 := atanHpi + u
			var cor float64
			if atanHpi > math.Abs(u) {
				cor = (atanHpi - t2) + u
			} else {
				cor = (u - t2) + atanHpi
			}
			z = t2 + (((atanHpi1 + cor) + du) + zz)
		} else {
			c := atanRow(u)
			t1 := atanHpi + c[1]
			v := (u - c[0]) + du
			zz := math.FMA(v, atanRowPoly(c, v), atanHpi1)
			z = t1 + zz
		}
	default: // pi - atan(u)
		if u < atanInv16 {
			zz := atanTail(u)
			t2, cor := atanSub(atanOpi, u)
			z = t2 + (((atanOpi1 + cor) - du) - zz)
		} else {
			c := atanRow(u)
			v := (u - c[0]) + du
			zz := math.FMA(-v, atanRowPoly(c, v), atanOpi1)
			z = (atanOpi - c[1]) + zz
		}
	}
	return math.Copysign(z, y)
}

// atanOf is atan(u+du) for 0 < u <= 1.
func atanOf(u, du float64) float64 {
	if u < atanInv16 {
		v := float64(u * u)
		return u + math.FMA(float64(u*v), atanPoly(v), du)
	}
	c := atanRow(u)
	t3 := u - c[0]
	v := t3 + du
	var dv float64
	if math.Abs(t3) > math.Abs(du) {
		dv = (t3 - v) + du
	} else {
		dv = (du - v) + t3
	}
	p := math.FMA(v, math.FMA(v, math.FMA(v, c[6], c[5]), c[4]), c[3])
	zz := math.FMA(v, c[2], math.FMA(dv, c[2], float64(float64(v*v)*p)))
	return zz + c[1]
}

// atanPoly is (atan(u) - u)/u**3 as a polynomial in v = u*u.
func atanPoly(v float64) float64 {
	return math.FMA(v, math.FMA(v, math.FMA(v, math.FMA(v, math.FMA(v, atanD13, atanD11), atanD9), atanD7), atanD5), atanD3)
}

// atanTail is atan(u) - u for u < 1/16, as the complementary cases use it.
func atanTail(u float64) float64 {
	v := float64(u * u)
	return float64(float64(u*v) * atanPoly(v))
}

// atanSub returns a-u as a double-double t+cor.
func atanSub(a, u float64) (t, cor float64) {
	t = a - u
	if a > math.Abs(u) {
		return t, (a - t) - u
	}
	return t, a - (u + t)
}

// atanRow is the table's row for 1/16 <= u <= 1.
func atanRow(u float64) *[7]float64 {
	i := int(math.FMA(u, 256, 0x1p52)-0x1p52) - 16
	return &atan2Tab[i]
}

// atanRowPoly is c2 + c3 v + ... + c6 v**4.
func atanRowPoly(c *[7]float64, v float64) float64 {
	return math.FMA(v, math.FMA(v, math.FMA(v, math.FMA(v, c[6], c[5]), c[4]), c[3]), c[2])
}
