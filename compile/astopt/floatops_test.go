package astopt

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// arithValues are the float operands of TestArithmeticAgainstCPython:
// the values folding can make from literals (both NaNs folding makes:
// inf-inf gives x86's default NaN, sign set, and its negation the other),
// signed zeros, infinities, edges of the range, and random doubles.
func arithValues(rng *rand.Rand) []float64 {
	vs := []float64{0, math.Copysign(0, -1), 1, -1, 2, -2, 0.5, -0.5, 3, -3, 1.5, -2.5, 7, -7, 10, 1e308, -1e308,
		math.MaxFloat64, -math.MaxFloat64, 0x1p-1074, -0x1p-1074, 0x1p-1022, 1e-300,
		math.Inf(1), math.Inf(-1),
		math.Float64frombits(0xfff8000000000000), math.Float64frombits(0x7ff8000000000000),
		1e16, 1e22, 1e23, 0.1, 1.0 / 3, 4503599627370497, 9007199254740993}
	for range 40 {
		m := 1 + float64(rng.Uint64()>>11)*0x1p-53
		v := math.Ldexp(m, rng.IntN(120)-60)
		if rng.IntN(2) == 0 {
			v = -v
		}
		vs = append(vs, v)
		vs = append(vs, float64(rng.IntN(41)-20))
	}
	return vs
}

var arithOps = []struct {
	op ast.Operator
	py string
}{{ast.Add, "+"}, {ast.Sub, "-"}, {ast.Mult, "*"}, {ast.Div, "/"}, {ast.FloorDiv, "//"}, {ast.Modulo, "%"}, {ast.Pow, "**"}}

// TestArithmeticAgainstCPython folds every operator on pairs of floats,
// of complexes, and of a complex with a float, and compares the result's
// bits (a NaN's sign too: marshal writes it) with CPython 3.8's, or both
// refusing (CPython raising, or gopyc leaving the operation to run time).
func TestArithmeticAgainstCPython(t *testing.T) {
	py38.Require(t) // before the inputs are made
	rng := rand.New(rand.NewPCG(5, 6))
	vs := arithValues(rng)
	type operand struct {
		re, im  float64
		complex bool
	}
	var pairs [][2]operand
	for _, a := range vs {
		for _, b := range vs {
			pairs = append(pairs, [2]operand{{re: a}, {re: b}})
		}
	}
	pick := func() float64 { return vs[rng.IntN(len(vs))] }
	for range 12000 {
		pairs = append(pairs, [2]operand{{pick(), pick(), true}, {pick(), pick(), true}})
		pairs = append(pairs, [2]operand{{pick(), pick(), true}, {re: pick()}})
		pairs = append(pairs, [2]operand{{re: pick()}, {pick(), pick(), true}})
	}
	obj := func(o operand) marshal.Object {
		if o.complex {
			return &marshal.Complex{Real: o.re, Imag: o.im}
		}
		return &marshal.Float{V: o.re}
	}
	spell := func(o operand) string {
		if o.complex {
			return fmt.Sprintf("c %016x %016x", math.Float64bits(o.re), math.Float64bits(o.im))
		}
		return fmt.Sprintf("f %016x", math.Float64bits(o.re))
	}
	var sb strings.Builder
	for _, p := range pairs {
		sb.WriteString(spell(p[0]) + " " + spell(p[1]) + "\n")
	}
	const script = `import sys, struct, operator
def f(h):
    return struct.unpack('<d', struct.pack('<Q', int(h, 16)))[0]
def bits(v):
    return '%016x' % struct.unpack('<Q', struct.pack('<d', v))[0]
def read(w, i):
    if w[i] == 'c':
        return complex(f(w[i+1]), f(w[i+2])), i + 3
    return f(w[i+1]), i + 2
ops = [operator.add, operator.sub, operator.mul, operator.truediv, operator.floordiv, operator.mod, operator.pow]
out = []
for line in sys.stdin:
    w = line.split()
    a, i = read(w, 0)
    b, _ = read(w, i)
    res = []
    for op in ops:
        try:
            r = op(a, b)
        except Exception as e:
            res.append('error')
            continue
        if isinstance(r, complex):
            res.append('c' + bits(r.real) + ',' + bits(r.imag))
        else:
            res.append('f' + bits(r))
    out.append(' '.join(res))
sys.stdout.write('\n'.join(out) + '\n')
`
	lines := runPy(t, script, &sb, len(pairs))
	n, diff, unfolded := 0, 0, 0
	for i, line := range lines {
		want := strings.Fields(line)
		for k, o := range arithOps {
			n++
			got := "error"
			if v, ok := binaryOp(o.op, obj(pairs[i][0]), obj(pairs[i][1])); ok {
				switch v := v.(type) {
				case *marshal.Float:
					got = fmt.Sprintf("f%016x", math.Float64bits(v.V))
				case *marshal.Complex:
					got = fmt.Sprintf("c%016x,%016x", math.Float64bits(v.Real), math.Float64bits(v.Imag))
				default:
					got = fmt.Sprintf("%T", v)
				}
			}
			if got == want[k] {
				continue
			}
			if got == "error" {
				unfolded++
				continue
			}
			diff++
			if diff <= 30 {
				t.Errorf("%s %s %s: got %s, CPython %s", spell(pairs[i][0]), o.py, spell(pairs[i][1]), got, want[k])
			}
		}
	}
	t.Logf("arithmetic: %d operations, %d left unfolded that CPython computes, %d differ from CPython", n, unfolded, diff)
	if diff > 0 {
		t.Fail()
	}
}
