//go:build unix

package cli

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
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
	// GOPYC_MUTANT_KEEP=DIR keeps the trees and both outputs there, for a
	// look at a failure.
	base, keep := os.Getenv("GOPYC_MUTANT_KEEP"), true
	if base == "" {
		base, keep = t.TempDir(), false
	}
	gopyc := filepath.Join(base, "gopyc")
	build := exec.Command("go", "build", "-o", gopyc, "github.com/gopyc/gopyc/cmd/gopyc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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
		run := func(prefix string, argv ...string) string {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Dir = base
			cmd.Env = append(cleanEnv(nil), "PYTHONHASHSEED=0", "PYTHONUNBUFFERED=1", "PYTHONPYCACHEPREFIX="+prefix)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				t.Fatal(err)
			}
			return fmt.Sprintf("%s(exit status %d)\n", out.String(), cmd.ProcessState.ExitCode())
		}
		rel := filepath.Base(tree)
		want := run(filepath.Join(base, "ref"), python, "-S", "-m", "compileall", "-q", "-f", rel)
		got := run(filepath.Join(base, "ours"), gopyc, "-q", "-f", rel)
		if got != want {
			t.Errorf("seed %d: output differs:\n%s", seed, firstDifference(got, want))
		}
		refTree, ourTree := readTree(t, filepath.Join(base, "ref")), readTree(t, filepath.Join(base, "ours"))
		for name, data := range refTree {
			if ours, ok := ourTree[name]; !ok || !bytes.Equal(ours, data) {
				t.Errorf("seed %d: %s differs from CPython's (written: %v)", seed, name, ok)
			}
		}
		t.Logf("seed %d: %d mutants, CPython compiled %d and rejected %d", seed, perTree, len(refTree), strings.Count(want, "*** Error compiling"))
		if len(ourTree) != len(refTree) {
			t.Errorf("seed %d: %d files written, CPython wrote %d", seed, len(ourTree), len(refTree))
		}
		if !keep {
			os.RemoveAll(filepath.Join(base, "ref"))
			os.RemoveAll(filepath.Join(base, "ours"))
		}
	}
}

// readTree returns the files under root by their path below it.
func readTree(t *testing.T, root string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			data, rerr := os.ReadFile(p)
			if rerr != nil {
				t.Fatal(rerr)
			}
			out[strings.TrimPrefix(p, root)] = data
		}
		return nil
	})
	return out
}

// firstDifference shows the lines around the first line where got and
// want differ.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	lo := max(0, i-3)
	return fmt.Sprintf("--- gopyc, from line %d\n%s\n--- CPython\n%s", lo+1,
		strings.Join(g[lo:min(len(g), i+4)], "\n"), strings.Join(w[lo:min(len(w), i+4)], "\n"))
}
