package symtable

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// progGen writes random small programs dense in what the symbol table
// cares about: nested functions, classes, lambdas and comprehensions,
// global/nonlocal, assignment expressions, private names, super and
// __class__. Many are rejected by CPython; the errors are compared too.
type progGen struct {
	r     *rand.Rand
	sb    strings.Builder
	depth int
}

var genNames = []string{"x", "y", "z", "w", "__p", "_C__p", "super", "__class__", "C"}

func (g *progGen) name() string { return genNames[g.r.Intn(len(genNames))] }

func (g *progGen) line(ind int, s string) {
	g.sb.WriteString(strings.Repeat("    ", ind))
	g.sb.WriteString(s)
	g.sb.WriteByte('\n')
}

func (g *progGen) params() string {
	var ps []string
	n := g.r.Intn(3)
	for i := 0; i < n; i++ {
		ps = append(ps, g.name())
	}
	if len(ps) > 0 && g.r.Intn(4) == 0 {
		ps = append(ps, "/")
	}
	switch g.r.Intn(5) {
	case 0:
		ps = append(ps, "*"+g.name())
	case 1:
		ps = append(ps, "**"+g.name())
	case 2:
		ps = append(ps, "*", g.name()+"="+g.expr(1))
	}
	return strings.Join(ps, ", ")
}

func (g *progGen) comp(d int) string {
	t := g.name()
	if g.r.Intn(4) == 0 {
		t = g.name() + ", " + g.name()
	}
	s := "for " + t + " in " + g.expr(d)
	if g.r.Intn(3) == 0 {
		s += " if " + g.expr(d)
	}
	if g.r.Intn(4) == 0 {
		s += " for " + g.name() + " in " + g.expr(d)
	}
	if g.r.Intn(8) == 0 {
		s = "async " + s
	}
	return s
}

func (g *progGen) expr(d int) string {
	if d <= 0 {
		if g.r.Intn(4) == 0 {
			return "1"
		}
		return g.name()
	}
	d--
	switch g.r.Intn(18) {
	case 0:
		return g.expr(d) + " + " + g.expr(d)
	case 1:
		return g.expr(d) + "(" + g.expr(d) + ")"
	case 2:
		return "(lambda " + g.params() + ": " + g.expr(d) + ")"
	case 3:
		return "[" + g.expr(d) + " " + g.comp(d) + "]"
	case 4:
		return "(" + g.expr(d) + " " + g.comp(d) + ")"
	case 5:
		return "{" + g.expr(d) + ": " + g.expr(d) + " " + g.comp(d) + "}"
	case 6, 7:
		return "(" + g.name() + " := " + g.expr(d) + ")"
	case 8:
		return "(yield " + g.expr(d) + ")"
	case 9:
		return "(await " + g.expr(d) + ")"
	case 10:
		return "super()"
	case 11:
		return "{" + g.expr(d) + " " + g.comp(d) + "}"
	case 12:
		return "(lambda " + g.name() + "=" + g.expr(d) + ", *, " + g.name() + "=" + g.expr(d) + ": " + g.expr(d) + ")"
	case 13:
		return "f'{" + g.expr(d) + "!r:{" + g.name() + "}}'"
	default:
		return g.name()
	}
}

func (g *progGen) block(ind, d int) {
	n := 1 + g.r.Intn(4)
	for i := 0; i < n; i++ {
		g.stmt(ind, d)
	}
}

func (g *progGen) stmt(ind, d int) {
	switch k := g.r.Intn(18); {
	case k < 3:
		g.line(ind, g.name()+" = "+g.expr(2))
	case k == 3:
		g.line(ind, g.name()+" += "+g.expr(1))
	case k == 4:
		if g.r.Intn(2) == 0 {
			g.line(ind, g.name()+": "+g.expr(1))
		} else {
			g.line(ind, g.name()+": "+g.expr(1)+" = "+g.expr(1))
		}
	case k == 5:
		g.line(ind, "global "+g.name())
	case k == 6:
		g.line(ind, "nonlocal "+g.name())
	case k == 7 || k == 8:
		if d <= 0 {
			g.line(ind, "pass")
			return
		}
		kw := "def"
		if g.r.Intn(4) == 0 {
			kw = "async def"
		}
		if g.r.Intn(4) == 0 {
			g.line(ind, "@"+g.expr(1))
		}
		ret := ""
		if g.r.Intn(4) == 0 {
			ret = " -> " + g.expr(1)
		}
		g.line(ind, kw+" "+g.name()+"("+g.params()+")"+ret+":")
		g.block(ind+1, d-1)
	case k == 9:
		if d <= 0 {
			g.line(ind, "pass")
			return
		}
		g.line(ind, "class "+g.name()+":")
		g.block(ind+1, d-1)
	case k == 10:
		g.line(ind, "return "+g.expr(2))
	case k == 11:
		g.line(ind, "for "+g.name()+" in "+g.expr(1)+":")
		g.block(ind+1, d-1)
	case k == 12:
		g.line(ind, "del "+g.name())
	case k == 13:
		if g.r.Intn(6) == 0 {
			g.line(ind, "from m import *")
		} else {
			g.line(ind, "import "+g.name())
		}
	case k == 14:
		g.line(ind, "try:")
		g.line(ind+1, "pass")
		g.line(ind, "except E as "+g.name()+":")
		g.line(ind+1, "pass")
	case k == 15 && d > 0:
		g.line(ind, "with "+g.expr(1)+" as ("+g.name()+", *"+g.name()+"):")
		g.block(ind+1, d-1)
	case k == 16 && g.r.Intn(2) == 0:
		g.line(ind, g.name()+"."+g.name()+", "+g.name()+"["+g.expr(1)+":] = "+g.expr(1))
	default:
		g.line(ind, g.expr(3))
	}
}

// TestRandomPrograms compares symbol tables and errors with CPython's on
// generated programs.
func TestRandomPrograms(t *testing.T) {
	py := py38.Require(t)
	n := 600
	if testing.Short() {
		n = 100
	}
	if v, err := strconv.Atoi(os.Getenv("GOPYC_SYMTABLE_RANDOM")); err == nil {
		n = v // a longer run on demand
	}
	dir := t.TempDir()
	g := &progGen{r: rand.New(rand.NewSource(38))}
	paths := make([]string, n)
	for i := range paths {
		g.sb.Reset()
		g.block(0, 3)
		paths[i] = filepath.Join(dir, fmt.Sprintf("p%04d.py", i))
		if err := os.WriteFile(paths[i], []byte(g.sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	compared, equal, errs := compareWithCPython(t, py, paths)
	t.Logf("random programs: %d/%d equal (%d of them errors; %d generated, the rest rejected by CPython's parser)", equal, compared, errs, n)
}
