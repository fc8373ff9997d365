package astopt

//go:generate sh -c "go run gen_powtab.go > powtab.go"

import "math"

// libmPow is C's pow as glibc computes it, special cases and NaN bits
// included, for the bases c_pow passes it (hypot's results: positive,
// +inf or a NaN of either sign). floatPow, float_pow's own special
// cases, differs: glibc squares a NaN base and negates it for an odd
// integral exponent, so pow(-nan, 1) is +nan.
func libmPow(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case y != y:
		return addKeep(x, y)
	case math.IsInf(y, 0):
		switch ax := math.Abs(x); {
		case ax != ax:
			return x
		case ax == 1:
			return 1
		case (ax < 1) == (y > 0):
			return 0
		}
		return math.Inf(1)
	case x != x || math.IsInf(x, 0) || x == 0:
		x2 := mulKeep(x, x)
		if math.Signbit(x) && isOddInteger(y) {
			x2 = -x2
		}
		if y < 0 {
			return div(1, x2)
		}
		return x2
	}
	return glibcPow(x, y)
}

// glibcPow is x**y as glibc 2.36's pow (Debian 12's libc6
// 2.36-9+deb12u14) computes it on x86-64 with FMA (the __pow_fma variant
// its ifunc picks there), for finite x > 0 and finite y != 0: within about
// 0.52 ulp, not correctly rounded, and reproduced here bit for bit. The
// algorithm is ARM's optimized-routines pow: log(x) in double-double from a
// 128-entry table and a polynomial, then exp of y*log(x) from a 2**(k/128)
// table and a polynomial. The data is in powtab.go.
//
// math.FMA stands exactly where that build's machine code fuses a
// multiply-add (read off its disassembly: every a*b+c of the C source is
// fused except scale + scale*tmp on the underflow path, whose product is
// reused); every other product is wrapped in float64() so that Go cannot
// fuse it. TestGlibcPowAgainstCPython notices a change to most of these
// placements, but not to the few that only move bits far below the last
// (t1's and r's products with ln2hi are exact anyway).
func glibcPow(x, y float64) float64 {
	const one = 0x3ff0000000000000
	ix := math.Float64bits(x)
	topx := ix >> 52
	topy := math.Float64bits(y) >> 52 & 0x7ff
	if topx-1 >= 0x7fe || topy-0x3be >= 0x43e-0x3be {
		if topy-0x3be >= 0x43e-0x3be {
			switch {
			case ix == one:
				return 1
			case topy < 0x3be: // |y| < 2**-65
				if ix > one {
					return 1 + y
				}
				return 1 - y
			case (ix > one) == (y > 0): // |y| >= 2**63
				return math.Inf(1)
			}
			return 0
		}
		if topx == 0 {
			// Subnormal x: normalize, the exponent going below zero.
			ix = math.Float64bits(float64(x*0x1p52))&^(1<<63) - 52<<52
		}
	}
	hi, lo := powLog(ix)
	ehi := float64(y * hi)
	elo := math.FMA(y, lo, math.FMA(y, hi, -ehi))
	return powExp(ehi, elo)
}

// powLog returns log(x) as hi+lo, x given by its bits ix (positive, normal
// or normalized with a negative exponent).
func powLog(ix uint64) (hi, lo float64) {
	const off = 0x3fe6955500000000
	// x = 2**k z with z in [off, 2*off); the subinterval of z picks c.
	tmp := ix - off
	i := tmp >> 45 % 128
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - tmp&(0xfff<<52))
	kd := float64(k)
	e := &powLogTab[i]
	invc, logc, logctail := e[0], e[1], e[2]

	// log(x) = k ln2 + log(c) + log1p(r), r = z/c - 1 exact.
	r := math.FMA(z, invc, -1.0)
	t1 := math.FMA(kd, powLn2hi, logc)
	t2 := t1 + r
	lo1 := math.FMA(kd, powLn2lo, logctail)
	lo2 := t1 - t2 + r
	ar := float64(powA0 * r)
	ar2 := float64(r * ar)
	ar3 := float64(r * ar2)
	h := t2 + ar2
	lo3 := math.FMA(ar, r, -ar2)
	lo4 := t2 - h + ar2
	q := math.FMA(ar2, math.FMA(ar2, math.FMA(r, powA6, powA5), math.FMA(r, powA4, powA3)), math.FMA(r, powA2, powA1))
	l := math.FMA(ar3, q, lo1+lo2+lo3+lo4)
	hi = h + l
	lo = h - hi + l
	return hi, lo
}

// powExp returns exp(x+xtail), |xtail| tiny next to |x|.
func powExp(x, xtail float64) float64 {
	abstop := math.Float64bits(x) >> 52 & 0x7ff
	large := false
	if abstop-0x3c9 >= 0x408-0x3c9 {
		if abstop < 0x3c9 { // |x| < 2**-54
			return 1 + x
		}
		if abstop >= 0x409 { // |x| >= 1024
			if x < 0 {
				return 0
			}
			return math.Inf(1)
		}
		large = true
	}
	// x = k ln2/128 + r, |r| <= ln2/256; exp(x) = 2**(k/128) exp(r).
	kd := math.FMA(expInvLn2N, x, expShift)
	ki := math.Float64bits(kd)
	kd -= expShift
	r := math.FMA(kd, expNegLn2loN, math.FMA(kd, expNegLn2hiN, x))
	r += xtail
	idx := 2 * (ki % 128)
	tail := math.Float64frombits(expTab[idx])
	sbits := expTab[idx+1] + ki<<45
	r2 := float64(r * r)
	tmp := math.FMA(float64(r2*r2), math.FMA(r, expC5, expC4),
		math.FMA(math.FMA(r, expC3, expC2), r2, tail+r))
	if large {
		return powExpLarge(tmp, sbits, ki)
	}
	scale := math.Float64frombits(sbits)
	return math.FMA(scale, tmp, scale)
}

// powExpLarge is scale*(1+tmp) where that may overflow or underflow: the
// exponent in sbits may have wrapped, and k's sign (in ki's low 32 bits)
// tells which way.
func powExpLarge(tmp float64, sbits, ki uint64) float64 {
	if ki&0x80000000 == 0 {
		scale := math.Float64frombits(sbits - 1009<<52)
		return math.FMA(scale, tmp, scale) * 0x1p1009
	}
	sbits += 1022 << 52 // the exponent back in range, the sign bit clear
	scale := math.Float64frombits(sbits)
	st := float64(scale * tmp)
	y := scale + st
	if math.Abs(y) < 1 {
		// Round to the subnormal precision once, not twice.
		one := 1.0
		if y < 0 {
			one = -1.0
		}
		lo := scale - y + st
		hi := one + y
		lo = one - hi + y + lo
		y = (hi + lo) - one
		if y == 0 {
			y = math.Float64frombits(sbits & (1 << 63))
		}
	}
	return 0x1p-1022 * y
}
