package compile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// TestGeneratedBytes is TestStdlibBytes over 2,000 programs generated with
// a fixed seed, for what the standard library seldom has and the bytes
// depend on: folded constants of every kind (NaNs, infinities, huge ints,
// non-BMP strings), ints made by multi-digit arithmetic, sequences and
// frozensets, and statements over non-ASCII names, whose string literals
// are not interned while the names are.
func TestGeneratedBytes(t *testing.T) {
	py38.Require(t)
	dir := generatedTree(t)
	levels := []int{0, 1, 2}
	if testing.Short() {
		levels = levels[:1]
	}
	for _, opt := range levels {
		checkTreeBytes(t, dir, opt)
	}
}

// generatedTree writes the generated programs to a directory of their
// own under os.TempDir(), named by their content so that py38.ReferenceTree
// builds CPython's tree once per version of the generator.
func generatedTree(t *testing.T) string {
	g := &progWriter{rng: rand.New(rand.NewPCG(38, 3413))}
	files := map[string][]byte{}
	kinds := []func() string{g.constProgram, g.intProgram, g.seqProgram, g.stmtProgram}
	for i := range 2000 {
		files["p"+strconv.Itoa(1000+i)+".py"] = []byte(kinds[i%len(kinds)]())
	}
	h := sha256.New()
	for i := range 2000 {
		h.Write(files["p"+strconv.Itoa(1000+i)+".py"])
	}
	dir := filepath.Join(os.TempDir(), "gopyc-generated-"+hex.EncodeToString(h.Sum(nil))[:16])
	if _, err := os.Stat(filepath.Join(dir, "done")); err == nil {
		return dir
	}
	tmp, err := os.MkdirTemp(os.TempDir(), "gopyc-generated-tmp")
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(tmp, "done"), nil, 0o644)
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp) // another process made it first
		if _, err := os.Stat(filepath.Join(dir, "done")); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// progWriter writes random programs that CPython 3.8 compiles (mostly).
type progWriter struct {
	rng *rand.Rand
	b   bytes.Buffer
}

func (g *progWriter) pick(s []string) string { return s[g.rng.IntN(len(s))] }

var (
	genAtoms = []string{"0", "1", "-1", "7", "255", "256", "257", "-5", "-6", "1_000", "0xffffffffffffffff", "0o777",
		"0b1011", "2**30", "2**63", "10**20", "0.0", "-0.0", "0.5", "0.1", "1e22", "1e23", "1e308", "1e400", "1e-320",
		"(1e400-1e400)", "-(1e400-1e400)", "1j", "2.5j", "1e400j", "0j", "True", "False", "None", "...", "''", "'a'",
		"'ab'", "'é'", "'€'", "'\\U0001F600'", "'\\ud800'", "'a\\x00b'", "'\\N{EM DASH}'", "'x_y'", "'hello world'",
		"b''", "b'a'", "b'ab\\xff'", "()", "(1,)", "('a', 2)", "(1.5, 'x', b'y')", "('é',)"}
	genOps    = []string{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"}
	genIdents = []string{"a", "b", "x", "self", "len", "data", "_tmp", "__init__", "ёж", "café", "π", "naïve", "Item"}
	genStrs   = []string{"'a'", "'data'", "'hello world'", "'é'", "''", "'café'", "'π'", "f'{a}'", "f'{x!r:>{b}}'",
		"b'raw'", "'1abc'", "'naïve'", "('café',)", "('π', 'a')"}
)

func (g *progWriter) constExpr(d int) string {
	if d <= 0 || g.rng.IntN(5) == 0 {
		if g.rng.IntN(8) == 0 {
			return strconv.FormatUint(g.rng.Uint64()>>g.rng.IntN(64), 10)
		}
		return g.pick(genAtoms)
	}
	switch g.rng.IntN(6) {
	case 0, 1:
		return "(" + g.constExpr(d-1) + " " + g.pick(genOps) + " " + g.constExpr(d-1) + ")"
	case 2:
		return "(" + g.pick([]string{"-", "+", "~", "not "}) + g.constExpr(d-1) + ")"
	case 3:
		return g.constExpr(d-1) + "[" + g.constExpr(d-1) + "]"
	case 4:
		return "(" + g.constExpr(d-1) + ", " + g.constExpr(d-1) + ")"
	}
	return "(x in {" + g.setItem(d-1) + ", " + g.setItem(d-1) + ", " + g.setItem(0) + "})"
}

// setItem is a constExpr without None or Ellipsis: CPython 3.8 hashes
// them by address, which ASLR moves, so the order of a frozenset holding
// them (or a tuple of them) changes from run to run of CPython itself.
func (g *progWriter) setItem(d int) string {
	for {
		if e := g.constExpr(d); !strings.Contains(e, "None") && !strings.Contains(e, "...") {
			return e
		}
	}
}

// wrap puts an expression in one of the places constants end up: a
// module constant, beside another constant, a function's.
func (g *progWriter) wrap(i int, e string) {
	v := "v" + strconv.Itoa(i)
	switch g.rng.IntN(3) {
	case 0:
		g.b.WriteString(v + " = " + e + "\n")
	case 1:
		g.b.WriteString(v + " = (" + e + ", " + g.pick(genAtoms) + ")\n")
	default:
		g.b.WriteString("def f" + strconv.Itoa(i) + "():\n    return " + e + "\n")
	}
}

func (g *progWriter) constProgram() string {
	g.b.Reset()
	for i := range 1 + g.rng.IntN(10) {
		g.wrap(i, g.constExpr(1+g.rng.IntN(3)))
	}
	return g.b.String()
}

// bigNear returns an int literal near a 30-bit digit boundary, or small.
func (g *progWriter) bigNear() int64 {
	bases := []int64{0, 1 << 30, -(1 << 30), 1 << 31, 1 << 60, -(1 << 60), 1e18}
	v := bases[g.rng.IntN(len(bases))] + g.rng.Int64N(601) - 300
	if g.rng.IntN(4) == 0 {
		v = g.rng.Int64() >> g.rng.IntN(63)
	}
	return v
}

func lit(v int64) string {
	if v < 0 {
		return "(" + strconv.FormatInt(v, 10) + ")"
	}
	return strconv.FormatInt(v, 10)
}

func (g *progWriter) intProgram() string {
	g.b.Reset()
	for i := range 1 + g.rng.IntN(5) {
		a := g.bigNear()
		var e string
		switch g.rng.IntN(3) {
		case 0: // a small difference of large operands
			e = lit(a) + " - " + lit(a-g.rng.Int64N(601)+300)
		case 1: // a small sum of operands of opposite signs
			e = lit(a) + " + " + lit(-a+g.rng.Int64N(601)-300)
		default:
			e = lit(a) + " " + g.pick([]string{"%", "//", "*", "&", "|", "^", ">>", "+", "-"}) + " " + lit(g.bigNear())
		}
		if g.rng.IntN(3) == 0 {
			e = "(" + e + ") " + g.pick([]string{"%", "+", "-"}) + " " + lit(g.bigNear())
		}
		g.wrap(i, e)
	}
	return g.b.String()
}

func (g *progWriter) seqExpr(pool []string, d int) string {
	if d <= 0 {
		return g.pick(pool)
	}
	ints := []string{"0", "1", "2", "3", "-1", "5"}
	switch g.rng.IntN(5) {
	case 0:
		return "(" + g.seqExpr(pool, d-1) + " + " + g.seqExpr(pool, d-1) + ")"
	case 1:
		return "(" + g.seqExpr(pool, d-1) + " * " + g.pick(ints) + ")"
	case 2:
		return g.seqExpr(pool, d-1) + "[" + g.pick(ints) + "]"
	}
	return g.pick(pool)
}

func (g *progWriter) seqProgram() string {
	g.b.Reset()
	pools := [][]string{
		{"''", "'a'", "'ab'", "'é'", "'€'", "'\\U0001F600'", "'x_y'", "'hello world'", "'ÿ'", "'Ā'"},
		{"b''", "b'a'", "b'ab'", "b'\\xff'"},
		{"()", "(1,)", "('a',)", "(1, 'a')", "((),)", "('é', ())"},
	}
	for i := range 1 + g.rng.IntN(6) {
		g.wrap(i, g.seqExpr(pools[g.rng.IntN(len(pools))], 1+g.rng.IntN(3)))
	}
	return g.b.String()
}

func (g *progWriter) expr(d int) string {
	if d <= 0 {
		switch g.rng.IntN(4) {
		case 0:
			return g.pick(genIdents)
		case 1:
			return g.pick(genStrs)
		case 2:
			return g.pick(genAtoms)
		}
		return g.pick(genIdents) + "." + g.pick(genIdents)
	}
	d--
	switch g.rng.IntN(10) {
	case 0:
		return g.pick(genIdents) + "(" + g.expr(d) + ", " + g.pick(genIdents) + "=" + g.expr(d) + ")"
	case 1:
		return "[" + g.expr(d) + " for " + g.pick(genIdents) + " in " + g.expr(d) + " if " + g.expr(d) + "]"
	case 2:
		return "{" + g.pick(genIdents) + ": " + g.expr(d) + " for " + g.pick(genIdents) + " in " + g.expr(d) + "}"
	case 3:
		return "(lambda " + g.pick(genIdents) + ": " + g.expr(d) + ")"
	case 4:
		return g.expr(d) + "[" + g.expr(d) + "]"
	case 5:
		return "{" + g.expr(d) + ", " + g.expr(d) + "}"
	case 6:
		return "(" + g.expr(d) + " " + g.pick([]string{"+", "and", "or", "==", "is not", "in"}) + " " + g.expr(d) + ")"
	}
	return g.expr(0)
}

func (g *progWriter) stmts(ind, d, n int) {
	pad := strings.Repeat("    ", ind)
	for range n {
		k := g.rng.IntN(4)
		if d > 0 {
			k = g.rng.IntN(11)
		}
		switch k {
		case 0:
			g.b.WriteString(pad + g.pick(genIdents) + " = " + g.expr(2) + "\n")
		case 1:
			g.b.WriteString(pad + g.pick(genIdents) + "." + g.pick(genIdents) + " = " + g.expr(2) + "\n")
		case 2:
			g.b.WriteString(pad + g.expr(2) + "\n")
		case 3:
			g.b.WriteString(pad + g.pick(genIdents) + " += " + g.expr(1) + "\n")
		case 4:
			g.b.WriteString(pad + "def " + g.pick(genIdents) + "(" + g.pick(genIdents) + ", *args, " + g.pick(genIdents) + "=" + g.expr(1) + ", **kw):\n")
			g.stmts(ind+1, d-1, 1+g.rng.IntN(3))
			g.b.WriteString(pad + "    return " + g.expr(1) + "\n")
		case 5:
			g.b.WriteString(pad + "class " + g.pick(genIdents) + "(" + g.pick(genIdents) + "):\n" + pad + "    " + g.pick(genStrs) + "\n")
			g.stmts(ind+1, d-1, 1+g.rng.IntN(3))
		case 6:
			g.b.WriteString(pad + "for " + g.pick(genIdents) + " in " + g.expr(1) + ":\n")
			g.stmts(ind+1, d-1, 1+g.rng.IntN(2))
		case 7:
			g.b.WriteString(pad + "try:\n")
			g.stmts(ind+1, d-1, 1)
			g.b.WriteString(pad + "except " + g.pick(genIdents) + " as " + g.pick(genIdents) + ":\n")
			g.stmts(ind+1, d-1, 1)
		case 8:
			g.b.WriteString(pad + "from " + g.pick(genIdents) + " import " + g.pick(genIdents) + "\n")
		case 9:
			g.b.WriteString(pad + g.pick(genIdents) + ": " + g.expr(1) + " = " + g.expr(1) + "\n")
		default:
			g.b.WriteString(pad + "with " + g.expr(1) + " as " + g.pick(genIdents) + ":\n")
			g.stmts(ind+1, d-1, 1)
		}
	}
}

func (g *progWriter) stmtProgram() string {
	g.b.Reset()
	g.stmts(0, 3, 2+g.rng.IntN(7))
	return g.b.String()
}
