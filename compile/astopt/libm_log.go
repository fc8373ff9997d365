package astopt

//go:generate sh -c "go run gen_logtab.go > libm_logtab.go"

import "math"

// glibcLog is log(x) as glibc 2.36's log computes it on x86-64 with FMA
// (__log_fma, which the ifunc picks on a CPU with FMA and AVX2; Debian 12's
// libc6 2.36-9+deb12u14), bit for bit, for every x: within about 0.52 ulp,
// not correctly rounded. The algorithm is ARM's optimized-routines log:
// for x within [1-2**-4, 1+0x1.09p-4] a polynomial in r = x-1 of degree
// 12 with r*r/2 split off exactly; elsewhere x = 2**k z, log(x) = k ln2 +
// log(c) + log1p(z/c - 1) from a 128-entry table and a degree 6
// polynomial. The data is in libm_logtab.go.
//
// Special cases as glibc: log(±0) = -Inf, log(+Inf) = +Inf, log(x<0) and
// log(-Inf) are the default NaN (sign bit set, as x86's 0/0 makes it),
// log(NaN) is that NaN quietened. The libm entry point (the wrapper
// log@GLIBC_2.29) sets errno to ERANGE for x = ±0 and to EDOM for x < 0
// (-Inf included), nothing otherwise; CPython's math.log raises ValueError
// for x <= 0 before calling it.
//
// math.FMA stands exactly where the FMA build's machine code fuses a
// multiply-add (read off its disassembly, which also fuses across C
// statements: y = r3*poly, y += lo near 1); every other product is wrapped
// in float64() so that Go cannot fuse it. TestGlibcLogAgainstCPython
// notices unfusing z*invc - 1, r2*A0 + lo, r3*poly + lo near 1 and r2*B3
// there; k*ln2hi + log(c) is exact by the table's construction, and the
// others move the result across a rounding boundary too rarely to see.
func glibcLog(x float64) float64 {
	const (
		lo = 0x3fee000000000000 // 1 - 2**-4
		hi = 0x3ff1090000000000 // 1 + 0x1.09p-4
	)
	ix := math.Float64bits(x)
	if ix-lo < hi-lo {
		if ix == 0x3ff0000000000000 {
			return 0
		}
		h, y := logNear1(x)
		return h + y
	}
	top := ix >> 48
	if top-0x0010 >= 0x7ff0-0x0010 {
		// Below the smallest normal, negative, Inf or NaN.
		switch {
		case ix<<1 == 0:
			return math.Inf(-1)
		case ix == 0x7ff0000000000000:
			return x
		case top&0x8000 != 0 && ix<<1 <= 0x7ff0000000000000<<1:
			return math.Float64frombits(0xfff8000000000000) // x < 0 or -Inf
		case top&0x7ff0 == 0x7ff0:
			return math.Float64frombits(ix | 1<<51) // NaN
		}
		// Subnormal: normalize, the exponent going below zero.
		ix = math.Float64bits(float64(x*0x1p52)) - 52<<52
	}
	h, y := logMain(ix)
	return y + h
}

// logMain returns log(x) as h+y before its last rounding, x given by its
// bits ix (positive, normal or normalized with a negative exponent).
func logMain(ix uint64) (h, y float64) {
	// x = 2**k z with z in [off, 2*off); the subinterval of z picks c.
	const off = 0x3fe6000000000000
	tmp := ix - off
	i := tmp >> 45 % 128
	k := int64(tmp) >> 52
	z := math.Float64frombits(ix - tmp&(0xfff<<52))
	invc, logc := logTab[i][0], logTab[i][1]
	kd := float64(k)

	// log(x) = k ln2 + log(c) + log1p(r), r = z/c - 1 rounded once.
	r := math.FMA(z, invc, -1.0)
	w := math.FMA(kd, powLn2hi, logc) // exact
	h = w + r
	l := math.FMA(kd, powLn2lo, w-h+r)
	r2 := float64(r * r)
	r3 := float64(r * r2)
	p := math.FMA(r2, math.FMA(r, logA4, logA3), math.FMA(r, logA2, logA1))
	y = math.FMA(r3, p, math.FMA(r2, logA0, l))
	return h, y
}

// logNear1 returns log(x) as hi+y before its last rounding, for x close to
// 1 but not 1.
func logNear1(x float64) (hi, y float64) {
	r := x - 1.0
	r2 := float64(r * r)
	r3 := float64(r * r2)
	p := math.FMA(r3,
		math.FMA(r3,
			math.FMA(r3, logB10, math.FMA(r2, logB9, math.FMA(r, logB8, logB7))),
			math.FMA(r2, logB6, math.FMA(r, logB5, logB4))),
		math.FMA(r2, logB3, math.FMA(r, logB2, logB1)))
	// r = rhi + rlo with rhi of 26 bits or fewer, so that rhi*rhi and its
	// product with B0 = -1/2 are exact (the build's fused forms of the
	// next lines round the same way as these).
	w := float64(r * 0x1p27)
	rhi := r + w - w
	rlo := r - rhi
	w = float64(float64(rhi*rhi) * logB0)
	hi = r + w
	lo := r - hi + w
	lo = math.FMA(float64(logB0*rlo), rhi+r, lo)
	y = math.FMA(r3, p, lo)
	return hi, y
}
