//go:build linux

package robust

import (
	"strconv"
	"strings"
	"testing"
)

// progGen turns fuzz bytes into a Python 3.8 program that is valid by
// construction (each byte picks a production), so that the differential
// target spends its time on code generation rather than on syntax errors.
type progGen struct {
	data []byte
	pos  int
	b    strings.Builder
	fn   int // nesting of function bodies
	loop int // nesting of loops in the current function
}

func (g *progGen) pick(n int) int {
	if g.pos >= len(g.data) {
		return 0
	}
	c := g.data[g.pos]
	g.pos++
	return int(c) % n
}

var (
	genNames  = []string{"a", "b", "c", "x", "y", "self", "len", "print"}
	genConsts = []string{"0", "1", "-1", "2", "255", "256", "2**31", "10**20", "1.5", "-0.0", "1e300", "1j", "'a'", "''", "'ab'*3",
		"b'x'", "None", "True", "False", "...", "0x10", "1_000", "'\\u00e9'", "(1, 2)", "()", "frozenset()", "-5", "~1", "'x' 'y'"}
	genBinops = []string{"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"}
	genCmps   = []string{"<", ">", "==", "!=", "<=", ">=", "in", "not in", "is", "is not"}
)

func (g *progGen) expr(d int) string {
	if d <= 0 {
		if g.pick(2) == 0 {
			return genNames[g.pick(len(genNames))]
		}
		return genConsts[g.pick(len(genConsts))]
	}
	d--
	switch g.pick(20) {
	case 0:
		return genNames[g.pick(len(genNames))]
	case 1:
		return genConsts[g.pick(len(genConsts))]
	case 2:
		return "(" + g.expr(d) + " " + genBinops[g.pick(len(genBinops))] + " " + g.expr(d) + ")"
	case 3:
		return "(" + []string{"-", "+", "~", "not "}[g.pick(4)] + g.expr(d) + ")"
	case 4:
		return "(" + g.expr(d) + " " + genCmps[g.pick(len(genCmps))] + " " + g.expr(d) + ")"
	case 5:
		return "(" + g.expr(d) + []string{" and ", " or "}[g.pick(2)] + g.expr(d) + ")"
	case 6:
		return "(" + g.expr(d) + " if " + g.expr(d) + " else " + g.expr(d) + ")"
	case 7:
		args := []string{}
		for i, n := 0, g.pick(4); i < n; i++ {
			switch g.pick(4) {
			case 0:
				args = append(args, "*"+g.expr(d))
			default:
				args = append(args, g.expr(d))
			}
		}
		if g.pick(3) == 0 {
			args = append(args, "k="+g.expr(d))
		}
		if g.pick(4) == 0 {
			args = append(args, "**"+g.expr(d))
		}
		return "(" + g.expr(d) + ")(" + strings.Join(args, ", ") + ")"
	case 8:
		return "(" + g.expr(d) + ").attr"
	case 9:
		if g.pick(2) == 0 {
			return "(" + g.expr(d) + ")[" + g.expr(d) + "]"
		}
		return "(" + g.expr(d) + ")[" + g.expr(d) + ":" + g.expr(d) + "]"
	case 10:
		return "(lambda " + []string{"", "x", "x, y=1", "*a, **k"}[g.pick(4)] + ": " + g.expr(d) + ")"
	case 11:
		return "[" + g.expr(d) + " for x in " + g.expr(d) + " if " + g.expr(d) + "]"
	case 12:
		return "{" + g.expr(d) + ": " + g.expr(d) + " for x in " + g.expr(d) + "}"
	case 13:
		return "(" + g.expr(d) + " for y in " + g.expr(d) + ")"
	case 14:
		// Double quotes outside, depth 0 inside: no quote or nested
		// f-string can clash (3.8 has no quote reuse).
		return "f\"" + []string{"", "a"}[g.pick(2)] + "{" + g.expr(0) + []string{"", "!r", "!s", ":>10", "=", ":{x}"}[g.pick(6)] + "}\""
	case 15:
		return "(" + g.expr(d) + ", " + g.expr(d) + ")"
	case 16:
		return "[" + g.expr(d) + ", *" + g.expr(d) + "]"
	case 17:
		return "{" + g.expr(d) + ": " + g.expr(d) + ", **" + g.expr(d) + "}"
	case 18:
		return "{" + g.expr(d) + ", " + g.expr(d) + "}"
	default:
		return "(y := " + g.expr(d) + ")"
	}
}

func (g *progGen) line(ind int, s string) {
	g.b.WriteString(strings.Repeat("    ", ind))
	g.b.WriteString(s)
	g.b.WriteByte('\n')
}

func (g *progGen) block(ind, d, n int) {
	if n < 1 {
		n = 1
	}
	for i := 0; i < n; i++ {
		g.stmt(ind, d)
	}
}

func (g *progGen) stmt(ind, d int) {
	e := func() string { return g.expr(2) }
	if d <= 0 || g.pos >= len(g.data) {
		g.line(ind, []string{"pass", "x = " + e(), e()}[g.pick(3)])
		return
	}
	d--
	switch g.pick(22) {
	case 0:
		g.line(ind, "x = "+e())
	case 1:
		g.line(ind, "a, *b = "+e())
	case 2:
		g.line(ind, "x "+genBinops[g.pick(len(genBinops))]+"= "+e())
	case 3:
		g.line(ind, e())
	case 4:
		g.line(ind, "if "+e()+":")
		g.block(ind+1, d, g.pick(3))
		if g.pick(2) == 0 {
			g.line(ind, "elif "+e()+":")
			g.block(ind+1, d, 1)
		}
		if g.pick(2) == 0 {
			g.line(ind, "else:")
			g.block(ind+1, d, 1)
		}
	case 5:
		g.line(ind, "while "+e()+":")
		g.loop++
		g.block(ind+1, d, g.pick(3))
		g.loop--
		if g.pick(3) == 0 {
			g.line(ind, "else:")
			g.block(ind+1, d, 1)
		}
	case 6:
		g.line(ind, "for x in "+e()+":")
		g.loop++
		g.block(ind+1, d, g.pick(3))
		g.loop--
	case 7:
		g.line(ind, "try:")
		g.block(ind+1, d, g.pick(3))
		k := g.pick(3)
		if k != 1 {
			g.line(ind, []string{"except:", "except E as e:", "except (E, F):"}[g.pick(3)])
			g.block(ind+1, d, 1)
		}
		if k != 0 {
			g.line(ind, "finally:")
			g.block(ind+1, d, 1)
		}
	case 8:
		g.line(ind, "with "+e()+" as x, "+e()+":")
		g.block(ind+1, d, g.pick(3))
	case 9:
		pre := []string{"", "async ", "@dec\n" + strings.Repeat("    ", ind)}[g.pick(3)]
		g.line(ind, pre+"def f("+[]string{"", "a, b=1", "a, /, b, *c, d=2, **e", "*, k"}[g.pick(4)]+"):")
		saved := g.loop
		g.fn++
		g.loop = 0
		g.block(ind+1, d, g.pick(4))
		g.fn--
		g.loop = saved
	case 10:
		g.line(ind, "class C("+[]string{"", "B", "B, metaclass=M"}[g.pick(3)]+"):")
		g.block(ind+1, d, g.pick(3))
	case 11:
		if g.fn > 0 {
			g.line(ind, "return "+e())
		} else {
			g.line(ind, "pass")
		}
	case 12:
		if g.fn > 0 {
			g.line(ind, []string{"yield ", "yield from ", "x = yield "}[g.pick(3)]+e())
		} else {
			g.line(ind, "del x")
		}
	case 13:
		if g.loop > 0 {
			g.line(ind, []string{"break", "continue"}[g.pick(2)])
		} else {
			g.line(ind, "pass")
		}
	case 14:
		g.line(ind, "assert "+e()+", "+e())
	case 15:
		g.line(ind, []string{"import os.path as p", "from m import (a, b as c)", "import a.b.c", "from . import x"}[g.pick(4)])
	case 16:
		g.line(ind, "raise "+e()+" from "+e())
	case 17:
		g.line(ind, "global q")
		g.line(ind, "q = "+e())
	case 18:
		g.line(ind, "x: "+e()+" = "+e())
	case 19:
		g.line(ind, "del x, y")
	case 20:
		if g.fn > 0 && g.pick(2) == 0 {
			g.line(ind, "nonlocal_ok = lambda: "+e())
		} else {
			g.line(ind, "x = y = "+e())
		}
	default:
		g.line(ind, "if "+strconv.Itoa(g.pick(2))+":")
		g.block(ind+1, d, 1)
	}
}

// genProgram builds a program from data.
func genProgram(data []byte) []byte {
	g := &progGen{data: data}
	if g.pick(4) == 0 {
		g.line(0, "from __future__ import annotations")
	}
	for g.pos < len(g.data) && g.b.Len() < 8192 {
		g.stmt(0, 4)
	}
	return []byte(g.b.String())
}

// FuzzGeneratedPrograms is the differential check on programs built from
// the fuzz input by a small grammar: gopyc and CPython 3.8 must agree on
// every one, with equal code objects when CPython accepts (most do).
func FuzzGeneratedPrograms(f *testing.F) {
	for _, s := range []string{"", "\x01\x02\x03", "\x04\x05\x06\x07\x08\x09\x0a", "\x09\x09\x04\x0b\x07", "\x14\x0e\x0b\x11\x02\x03"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 2048 {
			return
		}
		src := genProgram(data)
		srv := getPyServer(t)
		if srv == nil {
			t.Skip("SKIP (loud): CPython 3.8 not found; differential fuzzing not run")
		}
		d, died := srv.differs(src)
		if died {
			t.Skip("CPython server died")
		}
		if d != "" {
			t.Fatalf("differs from CPython 3.8 on\n%s\n%s", src, d)
		}
	})
}
