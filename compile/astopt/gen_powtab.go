//go:build ignore

// gen_powtab writes powtab.go, the data of glibc's pow (the algorithm from
// ARM's optimized-routines) as the installed libm.so.6 holds it.
//
//	go run gen_powtab.go [-libm /lib/x86_64-linux-gnu/libm.so.6] > powtab.go
//
// The two tables are computed here from their definitions (with math/big)
// and then looked for, byte for byte, in the library; generation fails if
// either is not found exactly once. The constants beside them in the same
// structs (ln2 split in two, the minimax polynomial coefficients, the
// rounding shift) cannot be recomputed: they are read from the library's
// bytes next to the tables and only checked for plausibility.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"go/format"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
)

const prec = 400

func newF() *big.Float { return new(big.Float).SetPrec(prec) }

func eps() *big.Float { return new(big.Float).SetMantExp(big.NewFloat(1), -prec-8) }

// atanh2 returns 2*atanh(z) = log((1+z)/(1-z)).
func atanh2(z *big.Float) *big.Float {
	z2 := newF().Mul(z, z)
	term, sum := newF().Set(z), newF().Set(z)
	for k := int64(3); ; k += 2 {
		term.Mul(term, z2)
		t := newF().Quo(term, newF().SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || newF().Abs(t).Cmp(eps()) < 0 {
			break
		}
	}
	return sum.Mul(sum, newF().SetInt64(2))
}

// logOf returns log(m) for m near 1 (within a factor of 2).
func logOf(m *big.Float) *big.Float {
	one := newF().SetInt64(1)
	return atanh2(newF().Quo(newF().Sub(m, one), newF().Add(m, one)))
}

func ln2() *big.Float { return logOf(newF().SetInt64(2)) }

// exp returns e**t for |t| < 1.
func exp(t *big.Float) *big.Float {
	const halvings = 16
	r := newF().SetMantExp(t, -halvings)
	sum, term := newF().SetInt64(1), newF().SetInt64(1)
	for n := int64(1); n < 1000; n++ {
		term.Mul(term, r)
		term.Quo(term, newF().SetInt64(n))
		sum.Add(sum, term)
		if term.Sign() == 0 || newF().Abs(term).Cmp(eps()) < 0 {
			break
		}
	}
	for i := 0; i < halvings; i++ {
		sum.Mul(sum, sum)
	}
	return sum
}

func f64(b *big.Float) float64 { f, _ := b.Float64(); return f }

const (
	logN = 128
	off  = 0x3fe6955500000000
	expN = 128
)

// logTable computes the log table's entries: {invc, 0, logc, logctail}.
func logTable() [][4]float64 {
	tab := make([][4]float64, logN)
	for i := range tab {
		lo := math.Float64frombits(off + uint64(i)<<45)
		hi := math.Float64frombits(off + uint64(i+1)<<45)
		center := (lo + hi) / 2 // exact enough: only rounded to a few bits below
		var invc float64
		if center < 1 {
			invc = math.Round(logN/center) / logN
		} else {
			invc = math.Round(2*logN/center) / logN / 2
		}
		logc := logOf(newF().SetFloat64(invc))
		logc.Neg(logc) // log(c) = -log(1/c)
		scaled := newF().SetMantExp(logc, 43)
		n, _ := scaled.Int(nil) // truncation; fix up to nearest below
		nf := newF().SetInt(n)
		diff := newF().Sub(scaled, nf)
		if diff.Cmp(big.NewFloat(0.5)) > 0 {
			n.Add(n, big.NewInt(1))
		} else if diff.Cmp(big.NewFloat(-0.5)) < 0 {
			n.Sub(n, big.NewInt(1))
		}
		logcHi := newF().SetMantExp(newF().SetInt(n), -43)
		tail := newF().Sub(logc, logcHi)
		// +0 (not -0) where c is 1 and both parts vanish.
		tab[i] = [4]float64{invc, 0, f64(logcHi) + 0, f64(tail) + 0}
	}
	return tab
}

// expTable computes {tail, scale bits - k<<45} for 2**(k/N) = scale*(1+tail).
func expTable() []uint64 {
	tab := make([]uint64, 2*expN)
	l2 := ln2()
	for k := 0; k < expN; k++ {
		v := exp(newF().Mul(l2, newF().Quo(newF().SetInt64(int64(k)), newF().SetInt64(expN))))
		scale := f64(v)
		rel := newF().Quo(newF().Sub(v, newF().SetFloat64(scale)), newF().SetFloat64(scale))
		tab[2*k] = math.Float64bits(f64(rel))
		tab[2*k+1] = math.Float64bits(scale) - uint64(k)<<45
	}
	return tab
}

func find(lib, pat []byte, what string) int {
	i := bytes.Index(lib, pat)
	if i < 0 {
		fail("%s: the computed table is not in the library", what)
	}
	if bytes.Index(lib[i+1:], pat) >= 0 {
		fail("%s: the computed table is in the library more than once", what)
	}
	return i
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gen_powtab: "+format+"\n", args...)
	os.Exit(1)
}

func near(got, want, rel float64, what string) {
	if math.Abs(got-want) > rel*math.Abs(want) {
		fail("%s = %v, expected about %v: not the layout this generator knows", what, got, want)
	}
}

func main() {
	libm := flag.String("libm", "/lib/x86_64-linux-gnu/libm.so.6", "the C library's libm")
	flag.Parse()
	lib, err := os.ReadFile(*libm)
	if err != nil {
		fail("%v", err)
	}
	le := binary.LittleEndian
	word := func(at int) float64 { return math.Float64frombits(le.Uint64(lib[at:])) }

	lt := logTable()
	var pat []byte
	for _, e := range lt {
		for _, v := range e {
			pat = le.AppendUint64(pat, math.Float64bits(v))
		}
	}
	logAt := find(lib, pat, "pow's log table")
	// struct pow_log_data: ln2hi, ln2lo, poly[7], then the table.
	base := logAt - 9*8
	ln2hi, ln2lo := word(base), word(base+8)
	var lpoly [7]float64
	for i := range lpoly {
		lpoly[i] = word(base + 16 + 8*i)
	}
	l2 := ln2()
	near(ln2hi, math.Ln2, 1e-12, "ln2hi")
	if d := f64(newF().Sub(l2, newF().Add(newF().SetFloat64(ln2hi), newF().SetFloat64(ln2lo)))); math.Abs(d) > 0x1p-95 {
		fail("ln2hi+ln2lo is %g from ln2", d)
	}
	// A0 = -1/2; with ar2 = A0*r*r, ar3 = ar2*r, the polynomial
	// ar3*(A1 + A2 r + ar2*(A3 + A4 r + ar2*(A5 + A6 r))) approximates
	// log1p(r) - r + r*r/2 = r**3/3 - r**4/4 + ...
	for i, want := range []float64{-0.5, -2.0 / 3, 2.0 / 4, 4.0 / 5, -4.0 / 6, -8.0 / 7, 8.0 / 8} {
		near(lpoly[i], want, 1e-3, fmt.Sprintf("log poly[%d]", i))
	}

	et := expTable()
	pat = pat[:0]
	for _, v := range et {
		pat = le.AppendUint64(pat, v)
	}
	expAt := find(lib, pat, "exp's 2**(k/128) table")
	// struct exp_data: invln2N, negln2hiN, negln2loN, poly[4], shift,
	// exp2_shift, exp2_poly[5], then the table.
	base = expAt - 14*8
	invln2N, negln2hiN, negln2loN := word(base), word(base+8), word(base+16)
	var epoly [4]float64
	for i := range epoly {
		epoly[i] = word(base + 24 + 8*i)
	}
	shift := word(base + 56)
	near(invln2N, expN/math.Ln2, 1e-15, "invln2N")
	if d := f64(newF().Add(newF().Quo(l2, newF().SetInt64(expN)), newF().Add(newF().SetFloat64(negln2hiN), newF().SetFloat64(negln2loN)))); math.Abs(d) > 0x1p-95 {
		fail("negln2hiN+negln2loN is %g from -ln2/N", d)
	}
	for i, want := range []float64{1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120} {
		near(epoly[i], want, 1e-4, fmt.Sprintf("exp poly[%d]", i))
	}
	if shift != 0x1.8p52 {
		fail("shift = %v, expected 0x1.8p52", shift)
	}

	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	hx := func(f float64) string { return strconv.FormatFloat(f, 'x', -1, 64) }
	p("// Code generated by gen_powtab.go from %s; DO NOT EDIT.\n\n", *libm)
	p("package astopt\n\n")
	p("// The library's SHA-256: %x.\n", sha256.Sum256(lib))
	p("//\n// glibc pow's data. The tables (log table at\n")
	p("// file offset %#x, 2**(k/128) table at %#x) were computed from their\n", logAt, expAt)
	p("// definitions and found byte for byte in the library; the other\n")
	p("// constants were read from the library next to them.\n")
	p("const (\n")
	for _, c := range []struct {
		name string
		v    float64
	}{
		{"powLn2hi", ln2hi}, {"powLn2lo", ln2lo},
		{"powA0", lpoly[0]}, {"powA1", lpoly[1]}, {"powA2", lpoly[2]}, {"powA3", lpoly[3]},
		{"powA4", lpoly[4]}, {"powA5", lpoly[5]}, {"powA6", lpoly[6]},
		{"expInvLn2N", invln2N}, {"expNegLn2hiN", negln2hiN}, {"expNegLn2loN", negln2loN},
		{"expC2", epoly[0]}, {"expC3", epoly[1]}, {"expC4", epoly[2]}, {"expC5", epoly[3]},
		{"expShift", shift},
	} {
		p("\t%s = %s // %v\n", c.name, hx(c.v), c.v)
	}
	p(")\n\n")
	p("// powLogTab is {1/c, log(c) rounded to 43 fractional bits, the rest of log(c)}.\n")
	p("var powLogTab = [%d][3]float64{\n", logN)
	for _, e := range lt {
		p("\t{%s, %s, %s},\n", hx(e[0]), hx(e[2]), hx(e[3]))
	}
	p("}\n\n")
	p("// expTab is {tail, bits of 2**(k/128) less k<<45}, 2**(k/128) = scale*(1+tail).\n")
	p("var expTab = [%d]uint64{\n", 2*expN)
	for k := 0; k < expN; k++ {
		p("\t%#016x, %#016x,\n", et[2*k], et[2*k+1])
	}
	p("}\n")
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		fail("%v", err)
	}
	os.Stdout.Write(src)
}
