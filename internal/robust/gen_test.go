//go:build linux

package robust

import (
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile"
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
	// async is set in the body of an async def (await, async for and
	// with, async comprehensions are valid there).
	async bool
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
	genNames  = []string{"a", "b", "c", "x", "y", "self", "len", "print", "v", "__class__", "super"}
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
	switch g.pick(27) {
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
	case 19:
		return "(y := " + g.expr(d) + ")"
	case 20:
		// A chained comparison: each middle operand is loaded once.
		return "(" + g.expr(d) + " " + genCmps[g.pick(len(genCmps))] + " " + g.expr(d) + " " + genCmps[g.pick(len(genCmps))] + " " + g.expr(d) + ")"
	case 21:
		// Slices with steps, extended slices and Ellipsis subscripts.
		var sub string
		switch g.pick(5) {
		case 0:
			sub = g.expr(d) + ":" + g.expr(d) + ":" + g.expr(d)
		case 1:
			sub = "::" + g.expr(d)
		case 2:
			sub = g.expr(d) + ", " + g.expr(d) + ":"
		case 3:
			sub = "..."
		default:
			sub = ":, " + g.expr(d)
		}
		return "(" + g.expr(d) + ")[" + sub + "]"
	case 22:
		// Comprehensions with several clauses, set comprehensions, and
		// a generator as a call's sole argument.
		switch g.pick(3) {
		case 0:
			return "{" + g.expr(d) + " for x in " + g.expr(d) + " if " + g.expr(d) + "}"
		case 1:
			return "[" + g.expr(d) + " for x in " + g.expr(d) + " for y in x if " + g.expr(d) + " if " + g.expr(d) + "]"
		default:
			return genNames[g.pick(len(genNames))] + "(" + g.expr(d) + " for x in " + g.expr(d) + ")"
		}
	case 23:
		// An expression over several lines inside brackets: the line
		// number table follows the operands.
		switch g.pick(4) {
		case 0:
			return "(\n" + g.expr(d) + "\n" + genBinops[g.pick(len(genBinops))] + " " + g.expr(d) + "\n)"
		case 1:
			return "f(\n    " + g.expr(d) + ",\n    k=" + g.expr(d) + ",\n)"
		case 2:
			return "{\n'a': " + g.expr(d) + ",\n'b': " + g.expr(d) + "\n}"
		default:
			return "[\n" + g.expr(d) + ",\n*" + g.expr(d) + "]"
		}
	case 24:
		// Constant keys (BUILD_CONST_KEY_MAP), starred sets and tuples,
		// a keyword-only lambda reading an outer name.
		switch g.pick(4) {
		case 0:
			return "{'k': " + g.expr(d) + ", 'l': " + g.expr(d) + ", 3: " + g.expr(d) + "}"
		case 1:
			return "{*" + g.expr(d) + ", " + g.expr(d) + "}"
		case 2:
			return "(*" + g.expr(d) + ", " + g.expr(d) + ")"
		default:
			return "(lambda *, k=" + g.expr(d) + ": k + v)"
		}
	case 25:
		// What only a function body allows (elsewhere CPython's error).
		if g.async {
			switch g.pick(3) {
			case 0:
				return "(await " + g.expr(d) + ")"
			case 1:
				return "[" + g.expr(d) + " async for x in " + g.expr(d) + "]"
			default:
				return "[await x for x in " + g.expr(d) + "]"
			}
		}
		if g.fn > 0 {
			return "(yield " + g.expr(d) + ")"
		}
		return "v"
	default:
		// f-strings with nested format specs, concatenated with plain
		// strings and another f-string.
		return "f\"{" + g.expr(0) + ":{" + genNames[g.pick(len(genNames))] + "}.{" + genNames[g.pick(len(genNames))] + "}}\" 'z' f'{" + genNames[g.pick(len(genNames))] + "!a}'"
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
	switch g.pick(30) {
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
	case 21:
		g.line(ind, "if "+strconv.Itoa(g.pick(2))+":")
		g.block(ind+1, d, 1)
	case 22:
		// Nested and starred targets, attribute and subscript targets.
		g.line(ind, []string{
			"(a, (b, *c)), d = " + e(),
			"x.attr, x[0] = " + e(),
			"x.attr += " + e(),
			"x[" + e() + "] -= " + e(),
			"x.a: int = " + e(),
			"x[0]: " + e(),
			"del x[" + e() + "], x.attr",
			"[a, b], c = " + e(),
		}[g.pick(8)])
	case 23:
		// try with every clause.
		g.line(ind, "try:")
		g.block(ind+1, d, g.pick(2))
		g.line(ind, "except E as e:")
		g.block(ind+1, d, 1)
		g.line(ind, "except:")
		g.block(ind+1, d, 1)
		g.line(ind, "else:")
		g.block(ind+1, d, 1)
		g.line(ind, "finally:")
		g.block(ind+1, d, 1)
	case 24:
		// Control flow leaving try, with and finally blocks inside a
		// loop (3.8 allows continue in finally).
		g.line(ind, "for x in "+e()+":")
		g.loop++
		k := g.pick(4)
		g.line(ind+1, []string{"try:", "with " + e() + " as (a, b):", "while 1:", "while True:"}[k])
		g.block(ind+2, d, 1)
		exit := g.pick(4)
		if exit == 2 && g.fn == 0 {
			exit = 3 // return needs a function
		}
		g.line(ind+2, []string{"break", "continue", "return", "pass"}[exit])
		if k == 0 {
			g.line(ind+1, "finally:")
			g.line(ind+2, []string{"break", "continue", "x = 1"}[g.pick(3)])
		}
		g.loop--
		g.line(ind, "else:")
		g.block(ind+1, d, 1)
	case 25:
		// A closure: v bound here, declared nonlocal (or read) in a
		// nested def, read in a comprehension and a lambda: cells and
		// free variables.
		g.line(ind, "v = "+e())
		g.line(ind, "def g(w=v):")
		if k := g.pick(3); k > 0 || g.fn > 0 {
			// nonlocal only where an enclosing function binds v.
			g.line(ind+1, []string{"nonlocal v", "global q", "'doc'"}[k])
		}
		g.nested(ind+1, d, false)
		g.line(ind+1, "return [v for _ in w], (lambda: v)")
	case 26:
		// A function with annotations, defaults, maybe a docstring; an
		// async one gets await, async for and async with.
		isAsync := g.pick(2) == 0
		pre := ""
		if isAsync {
			pre = "async "
		}
		g.line(ind, pre+"def h(a: "+e()+" = "+e()+", *args: int, k: "+e()+" = 1, **kw) -> "+e()+":")
		if g.pick(2) == 0 {
			g.line(ind+1, `"""Doc."""`)
		}
		if isAsync {
			switch g.pick(3) {
			case 0:
				g.line(ind+1, "async for x in "+e()+":")
				g.line(ind+2, "continue")
			case 1:
				g.line(ind+1, "async with "+e()+" as x:")
				g.line(ind+2, "x = await "+e())
			default:
				g.line(ind+1, "x = await "+e())
			}
		}
		g.nested(ind+1, d, isAsync)
	case 27:
		// A class whose method uses super() and __class__ (the class
		// body gets a __class__ cell), maybe decorated, with starred
		// bases.
		if g.pick(2) == 0 {
			g.line(ind, "@dec")
		}
		g.line(ind, "class D("+[]string{"", "*bases", "B, **kw"}[g.pick(3)]+"):")
		g.line(ind+1, "'''Doc.'''")
		g.line(ind+1, "z = "+e())
		g.line(ind+1, "def m(self, a=z):")
		g.line(ind+2, "return super().m(a), __class__")
		g.nested(ind+2, d, false)
	case 28:
		// A statement over several lines, by brackets or a backslash.
		k := g.pick(3)
		g.line(ind, []string{"x = (" + e() + " +", "x = " + e() + " + \\", "f(" + e() + ","}[k])
		g.line(ind+1, e()+[]string{")", "", ")"}[k])
	default:
		k := g.pick(6)
		if k < 2 && g.fn == 0 {
			k += 2 // return and yield need a function
		}
		g.line(ind, []string{"return", "yield", "raise", "assert " + e(), "if __debug__: x = 1", "print(" + e() + ", file=x)"}[k])
	}
}

// nested writes a function body's statements at ind: a body of its own,
// outside the loops around it, async or not.
func (g *progGen) nested(ind, d int, async bool) {
	loop, wasAsync := g.loop, g.async
	g.fn++
	g.loop, g.async = 0, async
	g.block(ind, d, g.pick(3))
	g.fn--
	g.loop, g.async = loop, wasAsync
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
		// The input's length picks the optimization level: -O and -OO
		// drop asserts, docstrings and __debug__ blocks.
		optimize := len(data) % 3
		d, died := srv.differsAt(src, optimize)
		if died {
			t.Skip("CPython server died")
		}
		if d != "" {
			t.Fatalf("differs from CPython 3.8 (optimize=%d) on\n%s\n%s", optimize, src, d)
		}
	})
}

// TestGeneratedPrograms runs FuzzGeneratedPrograms's check on 2,000
// programs from fixed pseudo-random inputs, so that every test run (CI's
// included) covers the whole grammar, not just the fuzz seeds; every third
// at -O and every third at -OO (asserts, docstrings and __debug__ go). It also
// holds the grammar to its purpose: most of its programs must compile,
// or the check would mostly compare error messages.
func TestGeneratedPrograms(t *testing.T) {
	srv := getPyServer(t)
	if srv == nil {
		t.Skip("SKIP (loud): CPython 3.8 not found; generated programs not compared")
	}
	const n = 2000
	r := rand.New(rand.NewSource(38))
	accepted, warned := 0, 0
	for i := 0; i < n; i++ {
		data := make([]byte, 50+r.Intn(400))
		r.Read(data)
		src := genProgram(data)
		optimize := i % 3
		_, warns, err := compile.CompileUnit(src, "f.py", compile.Options{Optimize: optimize})
		if err == nil {
			accepted++
		}
		if len(warns) > 0 {
			warned++
		}
		d, died := srv.differsAt(src, optimize)
		if died {
			t.Fatal("the CPython server died")
		}
		if d != "" {
			t.Fatalf("differs from CPython 3.8 (optimize=%d) on\n%s\n%s", optimize, src, d)
		}
	}
	t.Logf("%d programs, %d compiled (the rest are errors CPython reports alike), %d with warnings", n, accepted, warned)
	if accepted < n*6/10 {
		t.Errorf("only %d of %d generated programs compile: the grammar makes too many errors", accepted, n)
	}
}
