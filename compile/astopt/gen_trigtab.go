//go:build ignore

// gen_trigtab writes libm_trigtab.go, the tables behind glibcSin,
// glibcCos and glibcAtan2 (libm_sincos.go, libm_atan2.go) as the installed
// libm.so.6 holds them.
//
//	go run gen_trigtab.go [-libm /lib/x86_64-linux-gnu/libm.so.6] > libm_trigtab.go
//
// What can be recomputed is recomputed here with math/big and then looked
// for in the library; what cannot is read from the library and checked
// against its definition:
//
//   - sin's table of sin(k/128) and cos(k/128), each as a double plus a
//     correction, k = 0..109. The leading doubles are the correctly rounded
//     values and are checked byte for byte. The corrections are not always
//     the correctly rounded remainders (the table's authors computed them
//     to about 107 bits), so they are read, and each pair is checked to be
//     within 2**-104 of the exact value, relatively.
//   - the large-argument reduction's 2/pi in 75 base-2**24 digits: computed
//     and found byte for byte.
//   - atan2's table of 241 rows {x0, atan(x0), 1/(1+x0**2), c3, c4, c5,
//     c6}: the nodes x0 were chosen by the table's authors (near
//     (16+i)/256, such that atan(x0) is close to a short double), so the
//     rows are read. The table is found as the places (one copy per
//     compiled variant of atan and atan2, all identical) where 241 rows
//     have columns 1 and 2 exactly equal to the correctly rounded atan(x0)
//     and 1/(1+x0**2); columns 3..6 are checked to be close to the Taylor
//     coefficients of atan at x0 (they are adjusted polynomial
//     coefficients, not the Taylor coefficients themselves).
//
// Generation fails if anything is missing, ambiguous or implausible.
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

const prec = 2200

func newF() *big.Float { return new(big.Float).SetPrec(prec) }

func fl(f float64) *big.Float { return newF().SetFloat64(f) }

func eps() *big.Float { return new(big.Float).SetMantExp(big.NewFloat(1), -prec-8) }

func f64(b *big.Float) float64 { f, _ := b.Float64(); return f }

// atanSeries returns atan(x) for |x| <= 1/8 by its Taylor series.
func atanSeries(x *big.Float) *big.Float {
	x2 := newF().Mul(x, x)
	term, sum := newF().Set(x), newF().Set(x)
	for k := int64(3); ; k += 2 {
		term.Mul(term, x2)
		term.Neg(term)
		t := newF().Quo(term, newF().SetInt64(k))
		sum.Add(sum, t)
		if t.Sign() == 0 || newF().Abs(t).Cmp(eps()) < 0 {
			return sum
		}
	}
}

// atan returns atan(x) for 0 <= x <= 1, halving the angle with
// atan(x) = 2 atan(x / (1 + sqrt(1 + x*x))) until the series is fast.
func atan(x *big.Float) *big.Float {
	one := newF().SetInt64(1)
	r := newF().Set(x)
	n := 0
	for newF().Abs(r).Cmp(big.NewFloat(0.125)) > 0 {
		s := newF().Sqrt(newF().Add(one, newF().Mul(r, r)))
		r.Quo(r, s.Add(s, one))
		n++
	}
	a := atanSeries(r)
	return a.SetMantExp(a, n)
}

// pi = 16 atan(1/5) - 4 atan(1/239).
func pi() *big.Float {
	a := atanSeries(newF().Quo(newF().SetInt64(1), newF().SetInt64(5)))
	b := atanSeries(newF().Quo(newF().SetInt64(1), newF().SetInt64(239)))
	a.Mul(a, newF().SetInt64(16))
	b.Mul(b, newF().SetInt64(4))
	return a.Sub(a, b)
}

// sinCos returns sin(x) and cos(x) for |x| < 1 by their Taylor series.
func sinCos(x *big.Float) (s, c *big.Float) {
	x2 := newF().Mul(x, x)
	s, c = newF().Set(x), newF().SetInt64(1)
	ts, tc := newF().Set(x), newF().SetInt64(1)
	for n := int64(1); n < 2000; n++ {
		ts.Mul(ts, x2)
		ts.Quo(ts, newF().SetInt64(-(2*n)*(2*n+1)))
		tc.Mul(tc, x2)
		tc.Quo(tc, newF().SetInt64(-(2*n-1)*(2*n)))
		s.Add(s, ts)
		c.Add(c, tc)
		if newF().Abs(tc).Cmp(eps()) < 0 {
			break
		}
	}
	return s, c
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gen_trigtab: "+format+"\n", args...)
	os.Exit(1)
}

func findOnce(lib, pat []byte, what string) int {
	i := bytes.Index(lib, pat)
	if i < 0 {
		fail("%s: not in the library", what)
	}
	if bytes.Index(lib[i+1:], pat) >= 0 {
		fail("%s: in the library more than once", what)
	}
	return i
}

// relErr returns |hi+lo-want|/|want|.
func relErr(hi, lo float64, want *big.Float) float64 {
	d := newF().Sub(newF().Add(fl(hi), fl(lo)), want)
	return f64(d.Quo(d.Abs(d), newF().Abs(want)))
}

const (
	sinN   = 110 // sin's table: k/128 for k < 110 (0.859 > 0.855469)
	atanN  = 241 // atan2's rows, x0 near (16+i)/256
	twoPiN = 75  // 2/pi digits
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

	// sin/cos table. Entries 0 and 1 are correctly rounded throughout and
	// locate it; then every entry is checked.
	type scEntry struct{ s, ss, c, cc *big.Float }
	exact := make([]scEntry, sinN)
	var sc [4 * sinN]float64
	for k := range exact {
		s, c := sinCos(newF().Quo(newF().SetInt64(int64(k)), newF().SetInt64(128)))
		sh, ch := f64(s), f64(c)
		rs, rc := newF().Sub(s, fl(sh)), newF().Sub(c, fl(ch))
		exact[k] = scEntry{s, rs, c, rc}
		sc[4*k], sc[4*k+1], sc[4*k+2], sc[4*k+3] = sh+0, f64(rs)+0, ch, f64(rc)+0
	}
	var pat []byte
	for _, v := range sc[:8] {
		pat = le.AppendUint64(pat, math.Float64bits(v))
	}
	scAt := findOnce(lib, pat, "sin's table (first two entries)")
	corrDiffer, maxCorrErr := 0, 0.0
	for k := 0; k < sinN; k++ {
		for j := 0; j < 4; j++ {
			got := word(scAt + 8*(4*k+j))
			if got == sc[4*k+j] {
				continue
			}
			if j == 0 || j == 2 {
				fail("sin's table entry %d/%d: %x in the library, %x computed", k, j, got, sc[4*k+j])
			}
			want := exact[k].s
			if j == 3 {
				want = exact[k].c
			}
			e := relErr(sc[4*k+j-1], got, want)
			if e > 0x1p-104 {
				fail("sin's table entry %d/%d: %x in the library leaves a relative error of %g", k, j, got, e)
			}
			maxCorrErr = max(maxCorrErr, e)
			sc[4*k+j] = got
			corrDiffer++
		}
	}

	// 2/pi in base 2**24.
	twoOverPi := newF().Quo(newF().SetInt64(2), pi())
	var toverp [twoPiN]float64
	r := newF().Set(twoOverPi)
	for i := range toverp {
		r.SetMantExp(r, 24)
		d, _ := r.Int64()
		toverp[i] = float64(d)
		r.Sub(r, newF().SetInt64(d))
	}
	pat = pat[:0]
	for _, v := range toverp {
		pat = le.AppendUint64(pat, math.Float64bits(v))
	}
	tpAt := findOnce(lib, pat, "2/pi in base 2**24")

	// atan2's table: a quick float64 scan for candidates, then the exact
	// check of each.
	quick := func(at int) bool {
		if at+atanN*56 > len(lib) {
			return false
		}
		for i := 0; i < atanN; i++ {
			x0, a := word(at+56*i), word(at+56*i+8)
			if !(math.Abs(x0-float64(16+i)/256) <= 1.0/512) || math.Abs(a-math.Atan(x0)) > 1e-15 {
				return false
			}
		}
		return true
	}
	var cij [atanN][7]float64
	atAt := -1
	var atCopies []string // each variant of atan and atan2 has its own copy
	for at := 0; at+8 <= len(lib); at += 8 {
		if !quick(at) {
			continue
		}
		ok := true
		for i := 0; i < atanN && ok; i++ {
			x0 := word(at + 56*i)
			bx := fl(x0)
			onePlus := newF().Add(newF().SetInt64(1), newF().Mul(bx, bx))
			ok = f64(atan(bx)) == word(at+56*i+8) &&
				f64(newF().Quo(newF().SetInt64(1), onePlus)) == word(at+56*i+16)
		}
		if !ok {
			continue
		}
		if atAt < 0 {
			atAt = at
		} else if !bytes.Equal(lib[at:at+56*atanN], lib[atAt:atAt+56*atanN]) {
			fail("atan2's table: two different candidates, at %#x and %#x", atAt, at)
		}
		atCopies = append(atCopies, fmt.Sprintf("%#x", at))
	}
	if atAt < 0 {
		fail("atan2's table: not in the library")
	}
	// Columns 3..6 against the Taylor coefficients a_n of atan at x0:
	// with A = 1+x0**2, 1/(1+(x0+v)**2) = sum b_n v**n, b_0 = 1/A,
	// b_n = -(2 x0 b_(n-1) + b_(n-2))/A, and a_n = b_(n-1)/n.
	tol := [7]float64{3: 1e-10, 4: 1e-8, 5: 1e-3, 6: 1e-2}
	for i := 0; i < atanN; i++ {
		for j := 0; j < 7; j++ {
			cij[i][j] = word(atAt + 8*(7*i+j))
		}
		x0 := fl(cij[i][0])
		A := newF().Add(newF().SetInt64(1), newF().Mul(x0, x0))
		b := []*big.Float{newF().Quo(newF().SetInt64(1), A)}
		for n := 1; n <= 4; n++ {
			t := newF().Mul(newF().Mul(newF().SetInt64(2), x0), b[n-1])
			if n >= 2 {
				t.Add(t, b[n-2])
			}
			b = append(b, t.Neg(t).Quo(t, A))
		}
		for j := 3; j <= 6; j++ {
			an := f64(newF().Quo(b[j-2], newF().SetInt64(int64(j-1))))
			if math.Abs(cij[i][j]-an) > tol[j]*math.Abs(an) {
				fail("atan2's table row %d column %d: %v, Taylor coefficient %v", i, j, cij[i][j], an)
			}
		}
	}

	var sb strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&sb, format, args...) }
	hx := func(f float64) string { return strconv.FormatFloat(f, 'x', -1, 64) }
	p("// Code generated by gen_trigtab.go from %s; DO NOT EDIT.\n\n", *libm)
	p("package astopt\n\n")
	p("// The library's SHA-256: %x.\n\n", sha256.Sum256(lib))
	p("// sinTab holds, for k = 0..%d, sin(k/128) and cos(k/128) each as a\n", sinN-1)
	p("// double and a correction: {sin, sin's correction, cos, cos's\n")
	p("// correction}. Found at file offset %#x: the doubles computed and\n", scAt)
	p("// matched byte for byte, the corrections read: %d of them are not the\n", corrDiffer)
	p("// correctly rounded remainder, but the pair's relative error is at\n")
	p("// most 2**%.1f.\n", math.Log2(maxCorrErr))
	p("var sinTab = [%d]float64{\n", 4*sinN)
	for k := 0; k < sinN; k++ {
		p("\t%s, %s, %s, %s,\n", hx(sc[4*k]), hx(sc[4*k+1]), hx(sc[4*k+2]), hx(sc[4*k+3]))
	}
	p("}\n\n")
	p("// sinTwoOverPi is 2/pi in base-2**24 digits, computed and found byte\n")
	p("// for byte at file offset %#x.\n", tpAt)
	p("var sinTwoOverPi = [%d]float64{\n", twoPiN)
	for i := 0; i < twoPiN; i += 5 {
		p("\t")
		for j := i; j < i+5 && j < twoPiN; j++ {
			p("%d, ", int64(toverp[j]))
		}
		p("\n")
	}
	p("}\n\n")
	p("// atan2Tab is atan2's table, read from the library, which holds %d\n", len(atCopies))
	p("// identical copies (at file offsets\n// %s): rows\n", strings.Join(atCopies, ", "))
	p("// {x0, atan(x0), 1/(1+x0**2), c3, c4, c5, c6} for x0 near (16+i)/256,\n")
	p("// columns 1 and 2 checked to be the correctly rounded values, columns\n")
	p("// 3..6 near the Taylor coefficients of atan at x0.\n")
	p("var atan2Tab = [%d][7]float64{\n", atanN)
	for i := 0; i < atanN; i++ {
		p("\t{")
		for j := 0; j < 7; j++ {
			if j > 0 {
				p(", ")
			}
			p("%s", hx(cij[i][j]))
		}
		p("},\n")
	}
	p("}\n")
	src, err := format.Source([]byte(sb.String()))
	if err != nil {
		fail("%v", err)
	}
	os.Stdout.Write(src)
}
