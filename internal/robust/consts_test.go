//go:build linux

package robust

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// constGen writes random constant expressions: literals of every kind
// (ints small to huge in each base, floats to overflow and underflow,
// imaginaries, strings with non-BMP characters and lone surrogates, bytes,
// tuples) under every operator, subscripts and membership tests, so that
// constant folding meets the values and errors CPython's folder meets.
type constGen struct{ rng *rand.Rand }

var constAtoms = []string{
	"0", "1", "2", "3", "7", "255", "256", "1_000", "0x7fffffffffffffff", "0xffffffffffffffff", "0o777", "0b1011",
	"2**63", "10**20", "0.0", "0.5", "0.1", "1.5", "2.5", "1e16", "1e22", "1e23", "1e308", "1e400", "1e-320",
	"1e-400", "1j", "2.5j", "1e400j", "0j", "True", "False", "None", "...", "''", "'a'", "'ab'", "'é'", "'€'",
	"'\\U0001F600'", "'\\ud800'", "'a\\x00b'", "'\\N{EM DASH}'", "b''", "b'a'", "b'ab\\xff'", "()", "(1,)",
	"('a', 2)", "(1.5, 'x', b'y')",
}

func (g *constGen) atom() string {
	switch g.rng.IntN(8) {
	case 0: // a random int, possibly large
		n := 1 + g.rng.IntN(40)
		var sb strings.Builder
		sb.WriteByte(byte('1' + g.rng.IntN(9)))
		for range n - 1 {
			sb.WriteByte(byte('0' + g.rng.IntN(10)))
		}
		return sb.String()
	case 1: // a random float
		return strconv.FormatFloat(g.rng.NormFloat64()*float64(int64(1)<<g.rng.IntN(60)), 'g', -1, 64)
	}
	return constAtoms[g.rng.IntN(len(constAtoms))]
}

var constBinops = []string{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"}

func (g *constGen) expr(d int) string {
	if d <= 0 {
		return g.atom()
	}
	d--
	switch g.rng.IntN(10) {
	case 0, 1, 2, 3:
		return "(" + g.expr(d) + " " + constBinops[g.rng.IntN(len(constBinops))] + " " + g.expr(d) + ")"
	case 4:
		return "(" + []string{"-", "+", "~", "not "}[g.rng.IntN(4)] + g.expr(d) + ")"
	case 5:
		return g.expr(d) + "[" + g.expr(d) + "]"
	case 6:
		return "(" + g.expr(d) + ", " + g.expr(d) + ")"
	case 7:
		return "(x " + []string{"in", "not in"}[g.rng.IntN(2)] + " [" + g.expr(d) + ", " + g.expr(d) + "])"
	}
	return g.atom()
}

// TestConstantFoldingAgainstCPython compiles 24,000 random constant
// expressions (in programs of twelve) with gopyc and CPython 3.8 and
// wants equal code objects or the same error.
func TestConstantFoldingAgainstCPython(t *testing.T) {
	srv := getPyServer(t)
	if srv == nil {
		t.Skip("SKIP (loud): CPython 3.8 not found; constant folding not compared")
	}
	g := &constGen{rng: rand.New(rand.NewPCG(7, 8))}
	programs, diffs := 2000, 0
	if testing.Short() {
		programs = 200
	}
	for range programs {
		var sb strings.Builder
		for i := range 12 {
			sb.WriteString("v" + strconv.Itoa(i) + " = " + g.expr(1+g.rng.IntN(4)) + "\n")
		}
		src := []byte(sb.String())
		d, died := srv.differs(src)
		if died {
			t.Fatalf("CPython server died on\n%s", src)
		}
		if d != "" {
			diffs++
			// Name the lines that differ alone, to keep the report short.
			var lines []string
			for _, line := range strings.SplitAfter(string(src), "\n") {
				if line == "" {
					continue
				}
				if d, died := srv.differs([]byte(line)); !died && d != "" {
					lines = append(lines, line)
				}
			}
			if diffs <= 10 {
				t.Errorf("differs from CPython 3.8 (%s) on\n%s", d, strings.Join(lines, ""))
			}
		}
	}
	t.Logf("%d programs of 12 constant expressions, %d differ from CPython", programs, diffs)
}
