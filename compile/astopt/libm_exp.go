package astopt

import "math"

// glibcExp is exp(x) as glibc 2.36's exp computes it on x86-64 with FMA
// (__exp_fma, which the ifunc picks on a CPU with FMA and AVX2; Debian 12's
// libc6 2.36-9+deb12u14), bit for bit, for every x: within about 0.51 ulp,
// not correctly rounded. The algorithm is ARM's optimized-routines exp,
// the one pow ends with: x = k ln2/128 + r, exp(x) = 2**(k/128) exp(r),
// 2**(k/128) from a table and exp(r) - 1 from a polynomial. Its data is
// pow's (__exp_data; expTab and the exp* constants in powtab.go), and
// x >= 512 or x <= -512 take powExpLarge, glibc's path for results that may
// overflow or be subnormal.
//
// Special cases as glibc: exp(NaN) is that NaN quietened, exp(+Inf) =
// +Inf, exp(-Inf) = 0; exp(x) = +Inf for finite x > 709.78... and 0 for
// x < -745.13... The libm entry point (the wrapper exp@GLIBC_2.29) sets
// errno to ERANGE when x is finite and the result is +Inf or 0, and only
// then: not for subnormal non-zero results (CPython's math.exp raises
// OverflowError for the former and returns 0 for the latter).
//
// math.FMA stands exactly where the FMA build's machine code fuses a
// multiply-add (read off its disassembly: the same places as in powExp);
// every other product is wrapped in float64() so that Go cannot fuse it.
// TestGlibcExpAgainstCPython notices unfusing the rounding of k, the
// r2*(C2 + r*C3) term or the last step; kd*NegLn2hiN is exact (so fusing
// it changes nothing), and unfusing any of the other three moves the
// result across a rounding boundary too rarely for the test to see.
func glibcExp(x float64) float64 {
	ix := math.Float64bits(x)
	abstop := ix >> 52 & 0x7ff
	large := false
	if abstop-0x3c9 >= 0x408-0x3c9 {
		switch {
		case abstop < 0x3c9: // |x| < 2**-54
			return 1 + x
		case abstop < 0x409: // 512 <= |x| < 1024
			large = true
		case ix == 0xfff0000000000000: // -Inf
			return 0
		case abstop == 0x7ff: // +Inf or NaN
			return 1 + x
		case ix>>63 != 0:
			return 0
		default:
			return math.Inf(1)
		}
	}
	tmp, sbits, ki := expTmp(x)
	if large {
		return powExpLarge(tmp, sbits, ki)
	}
	scale := math.Float64frombits(sbits)
	return math.FMA(scale, tmp, scale)
}

// expTmp returns exp(x) as scale*(1+tmp) before its last rounding, scale =
// 2**(k/128) given by its bits sbits (whose exponent field may have
// wrapped when |x| >= 512), k in ki's low 32 bits.
func expTmp(x float64) (tmp float64, sbits, ki uint64) {
	// x = k ln2/128 + r, |r| <= ln2/256; exp(x) = 2**(k/128) exp(r).
	kd := math.FMA(expInvLn2N, x, expShift)
	ki = math.Float64bits(kd)
	kd -= expShift
	r := math.FMA(kd, expNegLn2loN, math.FMA(kd, expNegLn2hiN, x))
	idx := 2 * (ki % 128)
	tail := math.Float64frombits(expTab[idx])
	sbits = expTab[idx+1] + ki<<45
	r2 := float64(r * r)
	tmp = math.FMA(float64(r2*r2), math.FMA(r, expC5, expC4),
		math.FMA(math.FMA(r, expC3, expC2), r2, tail+r))
	return tmp, sbits, ki
}
