package astopt

import (
	"math"
	"math/big"
	"sync"
)

// Correctly rounded x**y for the cases C's pow() decides. glibc's pow is
// accurate to within a hair of half an ulp, so rounding the exact value
// reproduces it in all but vanishingly rare cases, where Go's math.Pow
// (errors near 1 ulp) often would not.

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

// crPow is x**y correctly rounded, for finite x > 0 and finite y.
func crPow(x, y float64) float64 {
	t := newF().Mul(bigLog(x), newF().SetFloat64(y))
	return bigExpToFloat(t)
}
