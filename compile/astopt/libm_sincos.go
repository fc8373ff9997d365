package astopt

//go:generate sh -c "go run gen_trigtab.go > libm_trigtab.go"

import "math"

// glibcSin and glibcCos are sin and cos as glibc 2.36 (Debian 12's libc6
// 2.36-9+deb12u14) computes them on x86-64 with FMA and AVX2: the
// __sin_fma and __cos_fma variants its ifunc picks there, built from the
// IBM Accurate Mathematical Library's s_sin.c with -mfma -mavx2. They are
// reproduced here bit for bit for every input, over the whole range.
// Since glibc 2.28 there is no multi-precision fallback; the large-argument
// reduction (branred.c, for |x| >= 105414350) is a shared function built
// without FMA.
//
// The algorithm: small arguments by a Taylor polynomial; others split as
// x = k/128 + r, with sin(k/128) and cos(k/128) from a table (sinTab,
// libm_trigtab.go, as double-double) combined with short polynomials in r;
// larger arguments first reduced modulo pi/2 to a double-double a+da
// (a 4-part pi/2 with FMA, or branred's 2/pi digits), the quadrant picking
// sin or cos and the sign.
//
// math.FMA stands exactly where the library's machine code fuses a
// multiply-add (read off the disassembly of __sin_fma and __cos_fma); every
// other product is wrapped in float64() so that Go cannot fuse it. The
// tests (libm_trig_test.go) notice a change to the placements that move the
// result by more than about 2**-70 relatively (the Taylor branch, the last
// step of the table branch, the quadrant count); most others only move bits
// so far below the last that no practical number of inputs shows them, and
// rest on the disassembly alone.
//
// errno (not modelled here): glibc sets EDOM for x = ±Inf only; finite
// arguments never set errno. sin(±Inf) and cos(±Inf) are NaN.

// The constants as the library's code loads them.
const (
	// sin(x) ~ x + x**3 (s1 + s2 x**2 + ...), the small-argument polynomial.
	sinS1 = -0x1.5555555555555p-3
	sinS2 = 0x1.1111111110ecep-7
	sinS3 = -0x1.a01a019db08b8p-13
	sinS4 = 0x1.71de27b9a7ed9p-19
	sinS5 = -0x1.addffc2fcdf59p-26
	// Short polynomials for sin and cos of the remainder after the table.
	sinSn3 = -0x1.5555555555515p-3
	sinSn5 = 0x1.11110e829872fp-7
	sinCs2 = 0x1p-1
	sinCs4 = -0x1.5555555555535p-5
	sinCs6 = 0x1.6c16bedd9e239p-10
	// big + |x| rounds |x| to a multiple of 1/128 in its low word.
	sinBig = 0x1.8p45
	// pi/2 as hp0+hp1, and in four parts mp1+mp2+pp3+pp4 (mp1, mp2 and pp3
	// short enough for exact products with the quadrant count).
	sinHp0   = 0x1.921fb54442d18p0
	sinHp1   = 0x1.1a62633145c07p-54
	sinMp1   = 0x1.921fb58p0
	sinMp2   = -0x1.dde973cp-27
	sinPp3   = -0x1.cb3b398p-55
	sinPp4   = -0x1.d747f23e32ed7p-83
	sinHpinv = 0x1.45f306dc9c883p-1 // 2/pi
	sinToint = 0x1.8p52
)

// glibcSin is glibc's sin(x); see above.
func glibcSin(x float64) float64 {
	k := uint32(math.Float64bits(x)>>32) & 0x7fffffff
	switch {
	case k < 0x3e500000: // |x| < 2**-26
		return x
	case k < 0x3feb6000: // |x| < 0.855469
		return sinKernelSin(x, 0)
	case k < 0x400368fd: // |x| < 2.426265: cos(pi/2 - |x|)
		t := sinHp0 - math.Abs(x)
		return math.Copysign(sinKernelCos(t, sinHp1), x)
	case k < 0x419921fb: // |x| < 105414350
		a, da, n := sinReduce(x)
		return sinQuadrant(a, da, n)
	case k < 0x7ff00000:
		a, da, n := sinBranred(x)
		return sinQuadrant(a, da, n)
	}
	return x / x // NaN for Inf and NaN
}

// glibcCos is glibc's cos(x); see glibcSin.
func glibcCos(x float64) float64 {
	k := uint32(math.Float64bits(x)>>32) & 0x7fffffff
	switch {
	case k < 0x3e400000: // |x| < 2**-27
		return 1
	case k < 0x3feb6000:
		return sinKernelCos(x, 0)
	case k < 0x400368fd: // sin(pi/2 - |x|), pi/2 - |x| in double-double
		y := sinHp0 - math.Abs(x)
		a := y + sinHp1
		da := (y - a) + sinHp1
		return sinKernelSin(a, da)
	case k < 0x419921fb:
		a, da, n := sinReduce(x)
		return sinQuadrant(a, da, n+1)
	case k < 0x7ff00000:
		a, da, n := sinBranred(x)
		return sinQuadrant(a, da, n+1)
	}
	return x / x
}

// sinQuadrant is sin(a+da + n pi/2).
func sinQuadrant(a, da float64, n int) float64 {
	var r float64
	if n&1 != 0 {
		r = sinKernelCos(a, da)
	} else {
		r = sinKernelSin(a, da)
	}
	if n&2 != 0 {
		return -r
	}
	return r
}

// sinTabAt returns the table's entry for the multiple of 1/128 nearest |x|
// (|x| < 0.86), and |x| less that multiple.
func sinTabAt(x float64) (e *[4]float64, r float64) {
	u := sinBig + math.Abs(x)
	k := int(math.Float64bits(u) & 0xffffffff)
	return (*[4]float64)(sinTab[4*k : 4*k+4]), math.Abs(x) - (u - sinBig)
}

// sinKernelSin is sin(x+dx), |dx| tiny next to |x| (|x| < 0.86).
func sinKernelSin(x, dx float64) float64 {
	if math.Abs(x) < 0.126 {
		xx := float64(x * x)
		p := math.FMA(math.FMA(math.FMA(math.FMA(sinS5, xx, sinS4), xx, sinS3), xx, sinS2), xx, sinS1)
		t := math.FMA(xx, math.FMA(p, x, -float64(0.5*dx)), dx)
		return x + t
	}
	xold := x
	if x <= 0 {
		dx = -dx
	}
	e, r := sinTabAt(x)
	sn, ssn, cs, ccs := e[0], e[1], e[2], e[3]
	rr := float64(r * r)
	s := r + math.FMA(float64(r*rr), math.FMA(rr, sinSn5, sinSn3), dx)
	c := math.FMA(r, dx, float64(rr*math.FMA(rr, math.FMA(rr, sinCs6, sinCs4), sinCs2)))
	cor := math.FMA(s, cs, math.FMA(-sn, c, math.FMA(s, ccs, ssn)))
	return math.Copysign(sn+cor, xold)
}

// sinKernelCos is cos(x+dx), |dx| tiny next to |x| (|x| < 0.86).
func sinKernelCos(x, dx float64) float64 {
	if x < 0 {
		dx = -dx
	}
	e, r := sinTabAt(x)
	sn, ssn, cs, ccs := e[0], e[1], e[2], e[3]
	r += dx
	rr := float64(r * r)
	s := math.FMA(float64(r*rr), math.FMA(rr, sinSn5, sinSn3), r)
	c := float64(rr * math.FMA(rr, math.FMA(rr, sinCs6, sinCs4), sinCs2))
	cor := math.FMA(-s, sn, math.FMA(-c, cs, math.FMA(-s, ssn, ccs)))
	return cs + cor
}

// sinReduce reduces x (|x| < 105414350) modulo pi/2: x = n pi/2 + a + da
// with n taken modulo 4.
func sinReduce(x float64) (a, da float64, n int) {
	t := math.FMA(x, sinHpinv, sinToint)
	xn := t - sinToint
	n = int(math.Float64bits(t) & 3)
	y := math.FMA(-xn, sinMp2, math.FMA(-xn, sinMp1, x))
	t2 := math.FMA(-xn, sinPp3, y)
	db := math.FMA(-xn, sinPp3, y-t2)
	b := math.FMA(-xn, sinPp4, t2)
	db += math.FMA(-xn, sinPp4, t2-b)
	return b, db, n
}

// sinBranred reduces a large finite x modulo pi/2 as glibc's __branred
// does (plain double arithmetic, no FMA): x is split in two halves of 26
// bits, each multiplied by the digits of 2/pi that matter for it, the
// integer parts dropped modulo 4.
func sinBranred(x float64) (a, da float64, n int) {
	const (
		split = 0x1.0000002p27 // 2**27 + 1
		mp2   = -0x1.dde974p-27
	)
	x *= 0x1p-600
	t := float64(x * split)
	x1 := t - (t - x)
	x2 := x - x1
	sum1, b1, bb1 := sinBranredHalf(x1)
	sum2, b2, bb2 := sinBranredHalf(x2)
	sum := sum1 + sum2
	b := b1 + b2
	var bb float64
	if math.Abs(b1) > math.Abs(b2) {
		bb = (b1 - b) + b2
	} else {
		bb = (b2 - b) + b1
	}
	if b > 0.5 {
		b -= 1
		sum += 1
	} else if b < -0.5 {
		b += 1
		sum -= 1
	}
	s := b + (bb + bb1 + bb2)
	t = ((b - s) + bb) + (bb1 + bb2)
	b = float64(s * split)
	t1 := b - (b - s)
	t2 := s - t1
	b = float64(s * sinHp0)
	bb = (((float64(t1*sinMp1) - b) + float64(t1*mp2)) + float64(t2*sinMp1)) +
		(float64(t2*mp2) + float64(s*sinHp1) + float64(t*sinHp0))
	s = b + bb
	t = (b - s) + bb
	return s, t, int(sum) & 3
}

// sinBranredHalf multiplies one half of the scaled argument by 2/pi:
// the product's integer part modulo 4 in sum, its fraction as b+bb.
func sinBranredHalf(x float64) (sum, b, bb float64) {
	const (
		big  = 0x1.8p52
		big1 = 0x1.8p54
	)
	k := (int(math.Float64bits(x)>>52&0x7ff) - 450) / 24
	if k < 0 {
		k = 0
	}
	gor := math.Ldexp(1, 576-24*k)
	var r [6]float64
	for i := range r {
		r[i] = float64(float64(x*sinTwoOverPi[k+i]) * gor)
		gor *= 0x1p-24
	}
	for i := 0; i < 3; i++ {
		s := (r[i] + big) - big
		sum += s
		r[i] -= s
	}
	t := 0.0
	for i := 5; i >= 0; i-- {
		t += r[i]
	}
	bb = (((((r[0] - t) + r[1]) + r[2]) + r[3]) + r[4]) + r[5]
	s := (t + big) - big
	sum += s
	t -= s
	b = t + bb
	bb = (t - b) + bb
	s = (sum + big1) - big1
	sum -= s
	return sum, b, bb
}
