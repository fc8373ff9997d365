//go:build ignore

// gen_logtab writes libm_logtab.go, the data of glibc's log (the algorithm
// from ARM's optimized-routines) as the installed libm.so.6 holds it.
//
//	go run gen_logtab.go [-libm /lib/x86_64-linux-gnu/libm.so.6] > libm_logtab.go
//
// The data is one struct: ln2 in two parts, the coefficients of the main
// polynomial (5) and of the one used near 1 (11), then 128 pairs {1/c,
// log(c)} and, for builds without a fast fma, 128 pairs {c as a sum of two
// doubles}. The points c came from a search that cannot be redone here, so
// the table is not recomputed; instead the struct is located in the library
// (the one place where ln2's two parts are followed by coefficients close
// to log1p's Taylor series) and every entry is checked against what defines
// it, with math/big: chi+clo is 1/invc exactly (rounded to a double, then
// the rest rounded to a double), c lies in its subinterval, and logc is
// log(c) correctly rounded and a multiple of 2**-43. Generation fails if
// any check fails.
package main

import (
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

// logOf returns log(m) for m within a factor of 2 of 1, as 2*atanh((m-1)/(m+1)).
func logOf(m *big.Float) *big.Float {
	one := newF().SetInt64(1)
	z := newF().Quo(newF().Sub(m, one), newF().Add(m, one))
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

func f64(b *big.Float) float64 { f, _ := b.Float64(); return f }

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gen_logtab: "+format+"\n", args...)
	os.Exit(1)
}

const (
	logN = 128
	off  = 0x3fe6000000000000
	// struct offsets, in doubles
	nPoly  = 5
	nPoly1 = 11
	tabAt  = 2 + nPoly + nPoly1
	tab2At = tabAt + 2*logN
	words  = tab2At + 2*logN
)

func main() {
	libm := flag.String("libm", "/lib/x86_64-linux-gnu/libm.so.6", "the C library's libm")
	flag.Parse()
	lib, err := os.ReadFile(*libm)
	if err != nil {
		fail("%v", err)
	}
	le := binary.LittleEndian
	word := func(at int) float64 { return math.Float64frombits(le.Uint64(lib[at:])) }

	// ln2 split so that k*ln2hi is exact for |k| < 2**11.
	const ln2hi, ln2lo = 0x1.62e42fefa38p-1, 0x1.ef35793c7673p-45
	near := func(got, want, rel float64) bool { return math.Abs(got-want) <= rel*math.Abs(want) }
	// log1p(r) = r - r**2/2 + r**3/3 - ...: the main polynomial's
	// coefficients are those of r**2..r**6, the other's r**2..r**12.
	taylor := func(n int) float64 {
		v := 1 / float64(n)
		if n%2 == 0 {
			v = -v
		}
		return v
	}
	base := -1
	for at := 0; at+8*words <= len(lib); at += 8 {
		if word(at) != ln2hi || word(at+8) != ln2lo {
			continue
		}
		ok := true
		for i := 0; i < nPoly && ok; i++ {
			ok = near(word(at+16+8*i), taylor(i+2), 1e-3)
		}
		for i := 0; i < nPoly1 && ok; i++ {
			ok = near(word(at+16+8*nPoly+8*i), taylor(i+2), 0.05)
		}
		if ok {
			if base >= 0 {
				fail("log's data found twice, at %#x and %#x", base, at)
			}
			base = at
		}
	}
	if base < 0 {
		fail("log's data not found")
	}
	var a [nPoly]float64
	var b [nPoly1]float64
	for i := range a {
		a[i] = word(base + 16 + 8*i)
	}
	for i := range b {
		b[i] = word(base + 16 + 8*nPoly + 8*i)
	}
	if b[0] != -0.5 {
		fail("poly1[0] = %v, expected -0.5 (the near-1 path relies on it)", b[0])
	}
	var tab [logN][2]float64
	for i := range tab {
		invc, logc := word(base+8*(tabAt+2*i)), word(base+8*(tabAt+2*i+1))
		chi, clo := word(base+8*(tab2At+2*i)), word(base+8*(tab2At+2*i+1))
		// Subinterval i of [off, 2*off): z's bits minus off, shifted, give i.
		lo := math.Float64frombits(off + uint64(i)<<45)
		hi := math.Float64frombits(off + uint64(i+1)<<45)
		if !(chi > lo && chi < hi) {
			fail("entry %d: c = %v not in [%v, %v)", i, chi, lo, hi)
		}
		if clo != 0 && math.Abs(clo) > math.Abs(chi)*0x1p-52 {
			fail("entry %d: clo = %v is not a tail of chi = %v", i, clo, chi)
		}
		if 0x1.8p9+logc-0x1.8p9 != logc {
			fail("entry %d: logc = %v is not a multiple of 2**-43", i, logc)
		}
		// c is 1/invc, exactly, as a sum of two doubles.
		exact := newF().Quo(newF().SetInt64(1), newF().SetFloat64(invc))
		if f64(exact) != chi || f64(newF().Sub(exact, newF().SetFloat64(chi))) != clo {
			fail("entry %d: chi+clo = %v%+v is not 1/invc = 1/%v rounded twice", i, chi, clo, invc)
		}
		if want := f64(logOf(exact)); logc != want {
			fail("entry %d: logc = %v, log(1/invc) rounds to %v", i, logc, want)
		}
		tab[i] = [2]float64{invc, logc}
	}

	var sb strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&sb, format, args...) }
	hx := func(f float64) string { return strconv.FormatFloat(f, 'x', -1, 64) }
	p("// Code generated by gen_logtab.go from %s; DO NOT EDIT.\n\n", *libm)
	p("package astopt\n\n")
	p("// The library's SHA-256: %x.\n", sha256.Sum256(lib))
	p("//\n// glibc log's data, read from the library at file offset %#x and\n", base)
	p("// checked entry by entry against its definition (see gen_logtab.go).\n")
	p("// ln2 is split as for pow (powLn2hi, powLn2lo).\n")
	p("const (\n")
	for i, v := range a {
		p("\tlogA%d = %s // %v\n", i, hx(v), v)
	}
	for i, v := range b {
		p("\tlogB%d = %s // %v\n", i, hx(v), v)
	}
	p(")\n\n")
	p("// logTab is {1/c, log(c)} for c near the middle of each subinterval.\n")
	p("var logTab = [%d][2]float64{\n", logN)
	for _, e := range tab {
		p("\t{%s, %s},\n", hx(e[0]), hx(e[1]))
	}
	p("}\n")
	src, err := format.Source([]byte(sb.String()))
	if err != nil {
		fail("%v", err)
	}
	os.Stdout.Write(src)
}
