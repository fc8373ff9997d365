package astopt

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/marshal"
)

// cpowInputs are the (a, b) pairs of complex_pow compared with CPython:
// most take the polar form (fractional, complex or large integral
// exponents, negative real bases to fractional powers), some the
// repeated multiplication. The seed is fixed.
func cpowInputs() [][4]float64 {
	rng := rand.New(rand.NewPCG(3, 4))
	var in [][4]float64
	// A double with a random mantissa, a binary exponent in [lo, hi] and
	// a random sign.
	dbl := func(lo, hi int) float64 {
		v := math.Ldexp(1+float64(rng.Uint64()>>11)*0x1p-53, lo+rng.IntN(hi-lo+1))
		if rng.IntN(2) == 0 {
			return -v
		}
		return v
	}
	part := func() float64 { // a base's part: often zero or small
		switch rng.IntN(8) {
		case 0:
			return 0
		case 1:
			return float64(rng.IntN(21) - 10)
		case 2:
			return dbl(-1074, 1023)
		default:
			return dbl(-12, 12)
		}
	}
	exponent := func() (float64, float64) {
		switch rng.IntN(7) {
		case 0: // fractional, real
			return dbl(-8, 6), 0
		case 1: // simple fractions
			return float64(rng.IntN(13)-6) / float64(1+rng.IntN(8)), 0
		case 2: // integral beyond ±100: polar form
			n := float64(101 + rng.IntN(1000))
			if rng.IntN(2) == 0 {
				n = -n
			}
			return n, 0
		case 3: // small integral: repeated multiplication
			return float64(rng.IntN(201) - 100), 0
		case 4: // pure imaginary
			return 0, dbl(-8, 4)
		default: // complex
			return dbl(-8, 5), dbl(-8, 5)
		}
	}
	for _, c := range [][4]float64{
		{-8, 0, 1.0 / 3, 0}, {-1, 0, 0.5, 0}, {0, 1, 0, 1}, {1, 1, 0.5, 0}, {2, 0, 0, 1},
		{8.1443, 0, -4.127, 0}, {-2.5, 0, 1.5, 0}, {1e300, 1e300, 2.5, 0}, {3, 4, 101, 0},
		{0.6, 0.8, 1e6, 0}, {1e-300, 0, 0.5, 0.5}, {-0.0, 0, 0.5, 0}, {1, -0.0, 2.5, 0},
	} {
		in = append(in, c)
	}
	for range 60000 {
		ar, ai := part(), part()
		if ar == 0 && ai == 0 {
			ar = dbl(-3, 3)
		}
		br, bi := exponent()
		if rng.IntN(6) == 0 { // a negative real base to a real power
			ai, bi = 0, 0
			ar = -math.Abs(ar)
		}
		in = append(in, [4]float64{ar, ai, br, bi})
	}
	return in
}

// TestComplexPowAgainstCPython compares complexPow, the folding of a
// complex power, with CPython 3.8's complex_pow bit for bit: the same
// parts, or both refusing (an error CPython raises, or a result gopyc
// leaves unfolded, counted apart).
func TestComplexPowAgainstCPython(t *testing.T) {
	in := cpowInputs()
	var sb strings.Builder
	for _, c := range in {
		for k, v := range c {
			if k > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(pyHex(v))
		}
		sb.WriteByte('\n')
	}
	// Parts as their bits, so that a NaN's sign and payload count too (marshal
	// writes them).
	const script = `import sys, struct
h = float.fromhex
def bits(v):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', v))[0]
out = []
for line in sys.stdin:
    a, b, c, d = map(h, line.split())
    try:
        r = complex(a, b) ** complex(c, d)
        out.append(bits(r.real) + ' ' + bits(r.imag))
    except (OverflowError, ZeroDivisionError) as e:
        out.append('error')
sys.stdout.write('\n'.join(out) + '\n')
`
	lines := runPy(t, script, &sb, len(in))
	diff, unfolded, folded := 0, 0, 0
	for i, want := range lines {
		c := in[i]
		v, ok := complexPow(c[0], c[1], c[2], c[3])
		got := "error"
		if ok {
			z := v.(*marshal.Complex)
			got = fmt.Sprintf("%016x %016x", math.Float64bits(z.Real), math.Float64bits(z.Imag))
			folded++
		}
		if got == want {
			continue
		}
		if !ok && want != "error" {
			unfolded++ // left for the run time: correct, only not folded
			continue
		}
		diff++
		if diff <= 20 {
			t.Errorf("complex(%s, %s) ** complex(%s, %s): got %s, CPython %s",
				pyHex(c[0]), pyHex(c[1]), pyHex(c[2]), pyHex(c[3]), got, want)
		}
	}
	t.Logf("complex pow: %d inputs, %d folded, %d left unfolded that CPython computes, %d differ from CPython",
		len(in), folded, unfolded, diff)
	if diff > 0 {
		t.Fail()
	}
}
