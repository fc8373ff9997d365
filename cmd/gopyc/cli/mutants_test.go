//go:build unix

package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// mutantInserts are what a mutant gets inserted: tokens that break or bend
// the grammar, and bytes that trouble the decoder and the tokenizer (a BOM,
// coding cookies, invalid UTF-8, CR, form feed, NUL, zero-width and
// full-width characters, deep nesting, escapes).
var mutantInserts = []string{
	"(", ")", "[", "]", ":", ",", "=", "lambda", "yield", "await", "async", "*", "**",
	"def", "class", `"`, "'", `\`, "\t", " ", "if", "else", "return", "nonlocal x",
	"global x", "@", "->", ":=", `f"{`, "}", "{", "b\"\u00e9\"", `\N{`, "0777", "1_",
	".", "...", "del", "import", "from", "print", "break", "continue", "__debug__",
	"None", "True", "\ufeff", "# -*- coding: latin-1 -*-\n", "# coding: bogus\n",
	"\xff", "\xc3", "\r", "\r\n", "\x0c", "\x00", "\\\n", "\x1a", "\u200b", "\u00a0",
	"\uff08", strings.Repeat("(", 120), strings.Repeat("[", 30), `"""`, "'''", "#",
	`\N{LATIN SMALL LETTER E}`, `\u12`, `\x4`, `f"{x!r:>{w}}"`, "\n\n\n",
}

// mutate returns src with one to three random edits: a line deleted or
// repeated elsewhere, an insertion (at a line's start or anywhere), or a
// few bytes cut.
func mutate(r *rand.Rand, src []byte) []byte {
	for n := 1 + r.IntN(3); n > 0; n-- {
		lines := bytes.SplitAfter(src, []byte("\n"))
		i := r.IntN(len(lines))
		switch r.IntN(5) {
		case 0:
			lines = append(lines[:i], lines[i+1:]...)
		case 1:
			lines = append(lines[:i], append([][]byte{lines[r.IntN(len(lines))]}, lines[i:]...)...)
		case 2:
			lines[i] = append([]byte(mutantInserts[r.IntN(len(mutantInserts))]), lines[i]...)
		case 3:
			l := lines[i]
			j := r.IntN(len(l) + 1)
			lines[i] = append(append(append([]byte(nil), l[:j]...), mutantInserts[r.IntN(len(mutantInserts))]...), l[j:]...)
		default:
			l := lines[i]
			j := r.IntN(len(l) + 1)
			k := min(len(l), j+1+r.IntN(5))
			lines[i] = append(append([]byte(nil), l[:j]...), l[k:]...)
		}
		src = bytes.Join(lines, nil)
	}
	return src
}

// TestMutantsAgainstCPython compiles trees of mutated standard-library
// files (read from the installed CPython, edited by a seeded generator)
// with compileall and with gopyc, and wants the same .pyc trees and the
// same output: stdout and stderr into one pipe, CPython unbuffered, so that
// each file's warnings and errors must also come in CPython's order. Most
// mutants are rejected, which puts error reports, warnings and the process
// state that failed files leave (see compile/share) under test on code
// nobody wrote as a test case.
func TestMutantsAgainstCPython(t *testing.T) {
	python := py38.Require(t)
	files := py38.StdlibFiles(t)
	// GOPYC_MUTANT_KEEP=DIR keeps the trees there, and both tools' output
	// trees for a tree that differs, for a look at a failure.
	base := os.Getenv("GOPYC_MUTANT_KEEP")
	if base == "" {
		base = t.TempDir()
	}
	gopyc := py38.BuildGopyc(t, base)
	const perTree = 400
	// GOPYC_MUTANT_SEEDS=N explores seeds 1..N instead of the six kept.
	nseeds := 6
	if n, err := strconv.Atoi(os.Getenv("GOPYC_MUTANT_SEEDS")); err == nil && n > 0 {
		nseeds = n
	} else if testing.Short() {
		nseeds = 1
	}
	var seeds []uint64
	for i := 1; i <= nseeds; i++ {
		seeds = append(seeds, uint64(i))
	}
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 0x6d7574616e74))
		tree := filepath.Join(base, fmt.Sprintf("mutants%d", seed))
		if err := os.MkdirAll(tree, 0o755); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < perTree; i++ {
			f := files[r.IntN(len(files))]
			src, err := os.ReadFile(f)
			if err != nil || len(src) == 0 {
				continue
			}
			name := fmt.Sprintf("m%03d_%s", i, filepath.Base(f))
			if err := os.WriteFile(filepath.Join(tree, name), mutate(r, src), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		compiled, rejected := py38.SideBySide(t, python, gopyc, base, fmt.Sprint("seed", seed), filepath.Base(tree))
		t.Logf("seed %d: %d mutants, CPython compiled %d and rejected %d", seed, perTree, compiled, rejected)
	}
}
