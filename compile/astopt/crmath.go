package astopt

import (
	"math"
	"math/big"
	"sync"
)

// Correctly rounded log, exp, atan2, sin, cos and hypot for complex
// powers (cpow): glibc's versions are accurate to within a hair of half an
// ulp, so rounding the exact value reproduces them in all but vanishingly
// rare cases, where Go's math package (errors near 1 ulp) often would not.
// The real power, x**y, is glibc's own algorithm (glibcPow in pow.go).

const crPrec = 256

var (
	ln2Once sync.Once
	ln2Big  *big.Float
)

func newF() *big.Float { return new(big.Float).SetPrec(crPrec) }

// atanhSeries returns 2*atanh(z) = log((1+z)/(1-z)) for small |z|.
func atanhSeries(z *big.Float) *big.Float {
	z2 := newF().Mul(z, z)
	term := newF().Set(z)
	sum := newF().Set(z)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	for k := int64(3); ; k += 2 {
		term.Mul(term, z2)
		t := newF().Quo(term, newF().SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || new(big.Float).Abs(t).Cmp(eps) < 0 {
			break
		}
	}
	return sum.Mul(sum, newF().SetInt64(2))
}

func ln2() *big.Float {
	ln2Once.Do(func() {
		ln2Big = atanhSeries(newF().Quo(newF().SetInt64(1), newF().SetInt64(3)))
	})
	return ln2Big
}

// bigLog returns log(x) for finite x > 0.
func bigLog(x float64) *big.Float {
	m := newF().SetFloat64(x)
	e := m.MantExp(m) // m in [0.5, 1)
	if m.Cmp(newF().SetFloat64(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	one := newF().SetInt64(1)
	z := newF().Quo(newF().Sub(m, one), newF().Add(m, one))
	r := atanhSeries(z)
	return r.Add(r, newF().Mul(ln2(), newF().SetInt64(int64(e))))
}

// bigExpToFloat returns exp(t) rounded to a double (inf on overflow).
func bigExpToFloat(t *big.Float) float64 {
	tf, _ := t.Float64()
	if tf > 710 {
		return math.Inf(1)
	}
	if tf < -760 {
		return 0
	}
	k := math.Round(tf / math.Ln2)
	r := newF().Sub(t, newF().Mul(ln2(), newF().SetFloat64(k)))
	const halvings = 12
	r.SetMantExp(r, -halvings)
	// Taylor series of exp(r) for |r| < 2**-12.
	sum := newF().SetInt64(1)
	term := newF().SetInt64(1)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	for n := int64(1); n < 200; n++ {
		term.Mul(term, r)
		term.Quo(term, newF().SetInt64(n))
		sum.Add(sum, term)
		if term.Sign() == 0 || new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for i := 0; i < halvings; i++ {
		sum.Mul(sum, sum)
	}
	sum.SetMantExp(sum, int(k))
	f, _ := sum.Float64()
	return f
}

var (
	piOnce sync.Once
	piBig  *big.Float
)

// atanSmall is the Taylor series of atan(z) for |z| well below 1.
func atanSmall(z *big.Float) *big.Float {
	z2 := newF().Mul(z, z)
	term := newF().Set(z)
	sum := newF().Set(z)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	for k := int64(3); k < 2000; k += 2 {
		term.Mul(term, z2)
		term.Neg(term)
		t := newF().Quo(term, newF().SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || new(big.Float).Abs(t).Cmp(eps) < 0 {
			break
		}
	}
	return sum
}

func pi() *big.Float {
	piOnce.Do(func() {
		// Machin: pi = 16 atan(1/5) - 4 atan(1/239).
		a := atanSmall(newF().Quo(newF().SetInt64(1), newF().SetInt64(5)))
		b := atanSmall(newF().Quo(newF().SetInt64(1), newF().SetInt64(239)))
		piBig = newF().Sub(a.Mul(a, newF().SetInt64(16)), b.Mul(b, newF().SetInt64(4)))
	})
	return piBig
}

// bigAtan returns atan(z) for any finite z.
func bigAtan(z *big.Float) *big.Float {
	// Halve the angle until the argument is small:
	// atan(z) = 2 atan(z / (1 + sqrt(1 + z*z))).
	z = newF().Set(z)
	one := newF().SetInt64(1)
	doublings := 0
	for limit := newF().SetFloat64(0.05); new(big.Float).Abs(z).Cmp(limit) > 0; doublings++ {
		s := newF().Sqrt(newF().Add(one, newF().Mul(z, z)))
		z.Quo(z, s.Add(s, one))
	}
	r := atanSmall(z)
	return r.SetMantExp(r, doublings)
}

// crAtan2 is atan2(y, x), correctly rounded, for finite arguments.
func crAtan2(y, x float64) float64 {
	switch {
	case y == 0 && x == 0:
		return math.Atan2(y, x) // the signed-zero table, exact anyway
	case x == 0:
		return math.Copysign(math.Pi/2, y) // correctly rounded pi/2
	}
	a := bigAtan(newF().Quo(newF().SetFloat64(y), newF().SetFloat64(x)))
	if x < 0 {
		if math.Signbit(y) {
			a.Sub(a, pi())
		} else {
			a.Add(a, pi())
		}
	}
	f, _ := a.Float64()
	return f
}

// bigSinCos returns sin(t) and cos(t) for a finite t.
func bigSinCos(t *big.Float) (*big.Float, *big.Float) {
	// Reduce by multiples of pi/2: t = k*pi/2 + r, |r| <= pi/4.
	halfPi := newF().SetMantExp(pi(), -1)
	q := newF().Quo(t, halfPi)
	qf, _ := q.Float64()
	k := math.Round(qf)
	r := newF().Sub(t, newF().Mul(halfPi, newF().SetFloat64(k)))
	r2 := newF().Mul(r, r)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -crPrec-8)
	sin, cos := newF().Set(r), newF().SetInt64(1)
	term := newF().Set(r)
	for n := int64(2); n < 400; n++ {
		// term holds r**(n-1)/(n-1)!; alternate into cos (even) and sin (odd).
		term.Mul(term, r)
		term.Quo(term, newF().SetInt64(n))
		switch n % 4 {
		case 0:
			cos.Add(cos, term)
		case 1:
			sin.Add(sin, term)
		case 2:
			cos.Sub(cos, term)
		case 3:
			sin.Sub(sin, term)
		}
		if term.Sign() == 0 || new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	_ = r2
	switch int64(math.Mod(k, 4)+4) % 4 {
	case 1:
		sin, cos = cos, sin.Neg(sin)
	case 2:
		sin, cos = sin.Neg(sin), cos.Neg(cos)
	case 3:
		sin, cos = cos.Neg(cos), sin
	}
	return sin, cos
}

func toFloat(b *big.Float) float64 {
	f, _ := b.Float64()
	return f
}

// crHypot is hypot(x, y), correctly rounded.
func crHypot(x, y float64) float64 {
	if math.IsInf(x, 0) || math.IsInf(y, 0) {
		return math.Inf(1)
	}
	s := newF().Add(newF().Mul(newF().SetFloat64(x), newF().SetFloat64(x)), newF().Mul(newF().SetFloat64(y), newF().SetFloat64(y)))
	return toFloat(s.Sqrt(s))
}
