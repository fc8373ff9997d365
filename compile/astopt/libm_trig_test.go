package astopt

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/big"
	"math/rand/v2"
	"os/exec"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// pyHexAny is float.hex, NaN and infinities included.
func pyHexAny(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	return pyHex(f)
}

// trigSpecials are the special and boundary values both argument lists
// start from.
func trigSpecials() []float64 {
	v := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(),
		0x1p-1074, 0x1p-1022, 0x0.fffffffffffffp-1022, math.MaxFloat64, 1, 0.5, 2,
		math.Pi, math.Pi / 2, math.Pi / 4, 3 * math.Pi / 4, 0x1p-500, 0x1p500, 0x1p-26, 0x1p-27,
		0.126, 0x1p-4, 0x1p-8, 0x1p26, 0x1p52, 0x1p63, 0x1p1023,
		// A double hard for reduction modulo pi/2 (x mod pi/2 about 2**-61).
		6381956970095103 * 0x1p797,
	}
	for _, e := range []int{-1074, -1060, -1030, -1023, -1000, -600, -510, -501, -499, -60, -30, 30, 60, 499, 501, 510, 600, 1000, 1022} {
		v = append(v, math.Ldexp(1, e), math.Ldexp(1.5, e), math.Ldexp(1.9999999, e))
	}
	out := v
	for _, x := range v {
		if !math.IsNaN(x) {
			out = append(out, -x)
		}
	}
	return out
}

// pi to 120 digits, for multiples of pi/2 far beyond float64's pi.
var bigPi, _, _ = big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709", 10, 500, big.ToNearestEven)

// nearMultiple returns the double nearest n*pi/d.
func nearMultiple(n int64, d int64) float64 {
	f := new(big.Float).SetPrec(500).SetInt64(n)
	f.Mul(f, bigPi)
	f.Quo(f, new(big.Float).SetPrec(500).SetInt64(d))
	x, _ := f.Float64()
	return x
}

// sinInputs are the arguments given to sin and cos. The seed is fixed.
func sinInputs() []float64 {
	rng := rand.New(rand.NewPCG(3, 4))
	in := trigSpecials()
	add := func(x float64) { in = append(in, x) }
	dbl := func(lo, hi int) float64 {
		m := 1 + float64(rng.Uint64()>>11)*0x1p-53
		x := math.Ldexp(m, lo+rng.IntN(hi-lo+1))
		if rng.IntN(2) == 0 {
			return -x
		}
		return x
	}
	ulps := func(x float64, n int) float64 {
		b := int64(math.Float64bits(x)) + int64(n)
		return math.Float64frombits(uint64(b))
	}
	for range 30000 { // any bit pattern
		add(math.Float64frombits(rng.Uint64()))
	}
	for range 20000 { // small arguments, subnormals to the polynomial's edge
		add(dbl(-1074, -1))
	}
	for range 60000 { // the table and reduction ranges
		add(dbl(-4, 2))
	}
	for range 20000 { // the fast reduction
		add(dbl(2, 26))
	}
	for range 20000 { // branred
		add(dbl(26, 1023))
	}
	// Near multiples of pi/4 and pi/2: small reduced arguments, quadrant
	// and octant edges.
	for n := int64(1); n <= 8000; n++ {
		x := nearMultiple(n, 4)
		add(x)
		add(ulps(x, 1+rng.IntN(3)))
		add(-ulps(x, -1-rng.IntN(3)))
	}
	for range 15000 {
		n := rng.Int64N(1 << (1 + rng.IntN(62)))
		x := nearMultiple(n, 2)
		add(x)
		add(-ulps(x, rng.IntN(7)-3))
	}
	// Threshold edges: the branch limits (by their high words), the
	// polynomial limit 0.126 and the table's rounding points (k+1/2)/128.
	for _, hw := range []uint64{0x3e400000, 0x3e500000, 0x3feb6000, 0x400368fd, 0x419921fb, 0x7ff00000} {
		edge := math.Float64frombits(hw << 32)
		for d := -40; d <= 40; d++ {
			add(ulps(edge, d))
			add(-ulps(edge, d))
		}
	}
	for d := -40; d <= 40; d++ {
		add(ulps(0.126, d))
		add(-ulps(0.126, d))
	}
	for k := 0; k < 110; k++ {
		m := (float64(k) + 0.5) / 128
		for d := -5; d <= 5; d++ {
			add(ulps(m, d))
			add(ulps(math.Pi/2-m, d))
			add(ulps(math.Pi/2+m, d))
		}
	}
	return in
}

// atan2Inputs are the (y, x) pairs given to atan2. The seed is fixed.
func atan2Inputs() [][2]float64 {
	rng := rand.New(rand.NewPCG(5, 6))
	var in [][2]float64
	add := func(y, x float64) { in = append(in, [2]float64{y, x}) }
	sp := trigSpecials()
	for _, y := range sp {
		for _, x := range sp {
			add(y, x)
		}
	}
	sign := func(v float64) float64 {
		if rng.IntN(2) == 0 {
			return -v
		}
		return v
	}
	mant := func() float64 { return 1 + float64(rng.Uint64()>>11)*0x1p-53 }
	dbl := func(lo, hi int) float64 { return sign(math.Ldexp(mant(), lo+rng.IntN(hi-lo+1))) }
	for y := -12; y <= 12; y++ {
		for x := -12; x <= 12; x++ {
			add(float64(y), float64(x))
		}
	}
	for range 30000 { // any bit patterns
		add(math.Float64frombits(rng.Uint64()), math.Float64frombits(rng.Uint64()))
	}
	for range 60000 { // ratios within 2**±6: the table, all quadrants
		x := dbl(-1074, 1023)
		add(sign(math.Abs(x)*math.Ldexp(mant(), rng.IntN(13)-6)), x)
	}
	for range 25000 { // ratios near 1: the diagonals, u close to 1
		x := dbl(-1060, 1020)
		add(sign(math.Abs(x)*(1+float64(rng.IntN(2001)-1000)*0x1p-52)), x)
	}
	for range 25000 { // u below and above 1/16, and tiny
		x := dbl(-1000, 1000)
		add(sign(math.Abs(x)*math.Ldexp(mant(), -rng.IntN(60)-3)), x)
		add(x, sign(math.Abs(x)*math.Ldexp(mant(), -rng.IntN(60)-3)))
	}
	for range 20000 { // the exponent-difference limits (57 in the field)
		x := dbl(-1070, 1020)
		e := 54 + rng.IntN(7)
		y := sign(math.Ldexp(math.Abs(x), e) * mant() / 2)
		add(y, x)
		add(x, y)
	}
	for range 20000 { // subnormals against anything
		add(dbl(-1074, -1023), dbl(-1074, -900))
		add(dbl(-1074, -900), dbl(-1074, -1023))
	}
	for range 10000 { // around the 2**±500 rescaling
		a, b := dbl(495, 505), dbl(440, 505)
		add(a, b)
		add(b, a)
		a, b = dbl(-505, -495), dbl(-505, -440)
		add(a, b)
		add(b, a)
	}
	for range 20000 { // u at the table's rounding points (k+1/2)/256
		k := 16 + rng.IntN(240)
		x := dbl(-900, 900)
		u := (float64(k) + 0.5) / 256 * (1 + float64(rng.IntN(9)-4)*0x1p-52)
		add(sign(math.Abs(x)*u), x)
		add(x, sign(math.Abs(x)*u))
	}
	return in
}

// The script answers each line with what CPython's math function returns
// ("err" for a ValueError) and what libm's own function returns through
// ctypes.
const trigScript = `import sys, math, ctypes
libm = ctypes.CDLL('libm.so.6')
d = ctypes.c_double
for f in (libm.sin, libm.cos):
    f.restype, f.argtypes = d, [d]
libm.atan2.restype, libm.atan2.argtypes = d, [d, d]
py = {'s': math.sin, 'c': math.cos, 'a': math.atan2}
c = {'s': libm.sin, 'c': libm.cos, 'a': libm.atan2}
h = float.fromhex
out = []
for line in sys.stdin:
    p = line.split()
    args = [h(a) for a in p[1:]]
    try:
        m = py[p[0]](*args).hex()
    except ValueError:
        m = 'err'
    out.append(m + ' ' + c[p[0]](*args).hex())
sys.stdout.write('\n'.join(out) + '\n')
`

// TestGlibcSinCosAgainstCPython compares glibcSin and glibcCos with
// CPython 3.8's math.sin and math.cos, and with libm's sin and cos called
// through ctypes, bit for bit.
func TestGlibcSinCosAgainstCPython(t *testing.T) {
	in := sinInputs()
	var sb strings.Builder
	for _, x := range in {
		sb.WriteString("s " + pyHexAny(x) + "\nc " + pyHexAny(x) + "\n")
	}
	lines := runPy(t, trigScript, &sb, 2*len(in))
	for fi, f := range []struct {
		name string
		fn   func(float64) float64
	}{{"sin", glibcSin}, {"cos", glibcCos}} {
		diff := 0
		for i, x := range in {
			got := pyHexAny(f.fn(x))
			w := strings.Fields(lines[2*i+fi])
			wantPy := got
			if math.IsInf(x, 0) {
				wantPy = "err" // math domain error
			}
			if got != w[1] || wantPy != w[0] {
				diff++
				if diff <= 20 {
					t.Errorf("%s(%s): got %s, CPython %s, libm %s", f.name, pyHexAny(x), got, w[0], w[1])
				}
			}
		}
		t.Logf("%s: %d inputs, %d differ from CPython or libm", f.name, len(in), diff)
	}
}

// TestGlibcAtan2AgainstCPython compares glibcAtan2 with CPython 3.8's
// math.atan2 and with libm's atan2 called through ctypes, bit for bit.
func TestGlibcAtan2AgainstCPython(t *testing.T) {
	in := atan2Inputs()
	var sb strings.Builder
	for _, p := range in {
		sb.WriteString("a " + pyHexAny(p[0]) + " " + pyHexAny(p[1]) + "\n")
	}
	lines := runPy(t, trigScript, &sb, len(in))
	diff := 0
	for i, p := range in {
		got := pyHexAny(glibcAtan2(p[0], p[1]))
		w := strings.Fields(lines[i])
		if got != w[0] || got != w[1] {
			diff++
			if diff <= 20 {
				t.Errorf("atan2(%s, %s): got %s, CPython %s, libm %s", pyHexAny(p[0]), pyHexAny(p[1]), got, w[0], w[1])
			}
		}
	}
	t.Logf("atan2: %d inputs, %d differ from CPython or libm", len(in), diff)
}

// TestLibmTrigTotal runs the three functions over random bit patterns and
// every input above without python: none may panic, and finite arguments
// give finite results in range.
func TestLibmTrigTotal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	xs := sinInputs()
	for range 200000 {
		xs = append(xs, math.Float64frombits(rng.Uint64()))
	}
	for _, x := range xs {
		s, c := glibcSin(x), glibcCos(x)
		if !math.IsNaN(x) && !math.IsInf(x, 0) && (math.Abs(s) > 1 || math.Abs(c) > 1 || math.IsNaN(s) || math.IsNaN(c)) {
			t.Fatalf("sin/cos(%s) = %v, %v", pyHexAny(x), s, c)
		}
	}
	ps := atan2Inputs()
	for range 200000 {
		ps = append(ps, [2]float64{math.Float64frombits(rng.Uint64()), math.Float64frombits(rng.Uint64())})
	}
	for _, p := range ps {
		a := glibcAtan2(p[0], p[1])
		if !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !(math.Abs(a) <= math.Pi) {
			t.Fatalf("atan2(%s, %s) = %v", pyHexAny(p[0]), pyHexAny(p[1]), a)
		}
	}
}

// bulkScript maps math.sin, math.cos or math.atan2 (its argument says
// which) over little-endian doubles read from stdin, atan2's as (y, x)
// pairs, and writes the results the same way: millions of inputs a
// second, for the tests below that need that many to notice a change far
// down in the arithmetic.
const bulkScript = `import sys, math, array
a = array.array('d', sys.stdin.buffer.read())
if sys.byteorder != 'little':
    a.byteswap()
f = sys.argv[1]
if f == 'atan2':
    r = array.array('d', map(math.atan2, a[0::2], a[1::2]))
else:
    r = array.array('d', map(getattr(math, f), a))
if sys.byteorder != 'little':
    r.byteswap()
sys.stdout.buffer.write(r.tobytes())
`

// runBulk returns CPython's fn over args (pairs for atan2).
func runBulk(t *testing.T, fn string, args []float64) []float64 {
	t.Helper()
	py := py38.Require(t)
	in := make([]byte, 0, 8*len(args))
	for _, x := range args {
		in = binary.LittleEndian.AppendUint64(in, math.Float64bits(x))
	}
	cmd := exec.Command(py, "-S", "-c", bulkScript, fn)
	cmd.Stdin = bytes.NewReader(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3.8: %v", err)
	}
	n := len(args)
	if fn == "atan2" {
		n /= 2
	}
	if len(out) != 8*n {
		t.Fatalf("python3.8 answered %d bytes for %d results", len(out), n)
	}
	res := make([]float64, n)
	for i := range res {
		res[i] = math.Float64frombits(binary.LittleEndian.Uint64(out[8*i:]))
	}
	return res
}

// sameFloat is bitwise equality, any NaN equal to any other.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// sinBulkInputs are finite arguments spread over every path, most of them
// in the table and reduction ranges where the FMA placements matter.
func sinBulkInputs() []float64 {
	rng := rand.New(rand.NewPCG(9, 10))
	var in []float64
	uni := func(n int, lo, hi float64) {
		for range n {
			x := lo + (hi-lo)*rng.Float64()
			if rng.IntN(2) == 0 {
				x = -x
			}
			in = append(in, x)
		}
	}
	logUni := func(n int, lo, hi float64) {
		for range n {
			x := math.Exp(math.Log(lo) + (math.Log(hi)-math.Log(lo))*rng.Float64())
			if rng.IntN(2) == 0 {
				x = -x
			}
			in = append(in, x)
		}
	}
	uni(400000, 0x1p-26, 0.126)      // the polynomial
	uni(1500000, 0.126, 0.8554)      // the table
	uni(1000000, 0.8554, 2.4263)     // pi/2 - |x| and the table
	uni(1000000, 2.4263, 200)        // reduced, small quadrant counts
	logUni(600000, 200, 105414350)   // reduced
	logUni(500000, 105414350, 1e308) // branred
	return in
}

// TestGlibcSinCosBulk compares glibcSin and glibcCos with CPython 3.8 over
// millions of finite arguments.
func TestGlibcSinCosBulk(t *testing.T) {
	if testing.Short() {
		t.Skip("bulk comparison skipped in -short mode")
	}
	in := sinBulkInputs()
	for _, f := range []struct {
		name string
		fn   func(float64) float64
	}{{"sin", glibcSin}, {"cos", glibcCos}} {
		want := runBulk(t, f.name, in)
		diff := 0
		for i, x := range in {
			if got := f.fn(x); !sameFloat(got, want[i]) {
				diff++
				if diff <= 20 {
					t.Errorf("%s(%s): got %s, CPython %s", f.name, pyHexAny(x), pyHexAny(got), pyHexAny(want[i]))
				}
			}
		}
		t.Logf("%s bulk: %d inputs, %d differ from CPython", f.name, len(in), diff)
	}
}

// atan2BulkInputs are (y, x) pairs, flattened, over every quadrant and
// path, most with y/x between 2**-8 and 2**8.
func atan2BulkInputs() []float64 {
	rng := rand.New(rand.NewPCG(11, 12))
	var in []float64
	sign := func(v float64) float64 {
		if rng.IntN(2) == 0 {
			return -v
		}
		return v
	}
	for range 4000000 {
		x := sign(math.Ldexp(1+rng.Float64(), rng.IntN(200)-100))
		var r float64
		switch rng.IntN(8) {
		case 0: // u < 1/16 either way
			r = math.Ldexp(1+rng.Float64(), -rng.IntN(40)-5)
			if rng.IntN(2) == 0 {
				r = 1 / r
			}
		case 1: // near the diagonals
			r = 1 + (rng.Float64()-0.5)*0x1p-20
		default: // the table
			r = math.Exp((rng.Float64()*2 - 1) * 2.8)
		}
		in = append(in, sign(math.Abs(x)*r), x)
	}
	return in
}

// TestGlibcAtan2Bulk compares glibcAtan2 with CPython 3.8 over millions of
// argument pairs.
func TestGlibcAtan2Bulk(t *testing.T) {
	if testing.Short() {
		t.Skip("bulk comparison skipped in -short mode")
	}
	in := atan2BulkInputs()
	want := runBulk(t, "atan2", in)
	diff := 0
	for i := range want {
		y, x := in[2*i], in[2*i+1]
		if got := glibcAtan2(y, x); !sameFloat(got, want[i]) {
			diff++
			if diff <= 20 {
				t.Errorf("atan2(%s, %s): got %s, CPython %s", pyHexAny(y), pyHexAny(x), pyHexAny(got), pyHexAny(want[i]))
			}
		}
	}
	t.Logf("atan2 bulk: %d inputs, %d differ from CPython", len(want), diff)
}
