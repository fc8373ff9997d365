package pyc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/share"
)

func realCompile(src []byte, filename string, optimize int) (Compiled, []diag.Warning, error) {
	u, warns, err := compile.CompileUnit(src, filename, compile.Options{Optimize: optimize})
	return u, warns, err
}

// TestGuessedStateChecked runs a tree whose files change the process state
// (a \N escape imports unicodedata, an unparsed annotation interns "{" and
// "}", a syntax error's report evicts a cached name, a one-letter latin-1
// identifier interns its cached str) and whose later files
// use the strings those effects hold, so their bytes depend on the state
// before them. Written with wrong guesses of that state, every file must
// still end up as the run without guesses writes it, and the wrong guesses
// must have been caught.
func TestGuessedStateChecked(t *testing.T) {
	src := t.TempDir()
	users := "digit = numeric = 1\nx = '{'\ny = '}'\n_WindowsConsoleIO = 2\nz = '\u00e9'\nzq_cookie = 3\n"
	for i := 0; i < 40; i++ {
		body := users
		if i%2 == 1 {
			body = "z = '\u00e9'\n" // depends on one effect only
		}
		switch i {
		case 5:
			body = "s = '\\N{BULLET}'\n"
		case 10:
			body = "# coding: zq_cookie\nx = 1\n" // unknown: the name is kept
		case 15:
			body = "from __future__ import annotations\ndef f(a: int) -> dict: pass\n"
		case 25:
			body = "x = = 1\n"
		case 30:
			body = "\u00e9 = 1\n"
		}
		os.WriteFile(filepath.Join(src, fmt.Sprintf("m%02d.py", i)), []byte(body), 0o644)
	}
	var every share.Effects
	for _, e := range []string{"unicodedata", "nfkc", "unparse", "error:caret", "error:text"} {
		every.Add(e)
	}
	every.InternSingle('\u00e9')
	// Files after m30 differ from butName only in the name m10 made the
	// process keep.
	butName := every
	every.HoldName("zq_cookie")
	run := func(t *testing.T) map[string][]byte {
		t.Helper()
		prefix := t.TempDir()
		var so, se bytes.Buffer
		Run([]string{src}, &Options{MaxLevels: 10, Force: true, Workers: 2, Compile: realCompile,
			Paths: Paths{Prefix: prefix}, Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }})
		if !strings.Contains(so.String(), "m25.py") {
			t.Fatalf("no error reported for m25.py:\n%s", so.String())
		}
		files := map[string][]byte{}
		filepath.Walk(prefix, func(p string, fi os.FileInfo, err error) error {
			if err == nil && !fi.IsDir() {
				files[strings.TrimPrefix(p, prefix)], _ = os.ReadFile(p)
			}
			return nil
		})
		if len(files) != 38 {
			t.Fatalf("%d files written, want 38", len(files))
		}
		return files
	}
	defer func() { speculate, guessAlways, guessFor = true, false, nil }()
	speculate = false
	want := run(t)
	speculate, guessAlways = true, true
	for _, tc := range []struct {
		name  string
		guess func(share.State) share.State
	}{
		{"fresh process", func(share.State) share.State { return share.State{} }},
		{"every effect", func(share.State) share.State { return share.State{}.After(every) }},
		{"every effect but the cookie's name", func(share.State) share.State { return share.State{}.After(butName) }},
		{"latest finished", nil},
	} {
		// The sources were just written: they are kept while their files
		// wait, unless settleTime makes them settled (then read again
		// after a wrong guess).
		for _, settle := range []time.Duration{settleTime, -time.Hour} {
			t.Run(fmt.Sprintf("%s/settle=%v", tc.name, settle), func(t *testing.T) {
				defer func(s time.Duration) { settleTime = s }(settleTime)
				settleTime = settle
				guessFor = nil
				if tc.guess != nil {
					guessFor = func(_ string, st share.State) share.State { return tc.guess(st) }
				}
				misses := guessMisses.Load()
				got := run(t)
				for name, b := range want {
					if !bytes.Equal(got[name], b) {
						t.Errorf("%s differs from the run without guesses", name)
					}
				}
				if n := guessMisses.Load() - misses; tc.guess != nil && n == 0 {
					t.Errorf("no wrong guess caught")
				}
			})
		}
	}
}

// TestGuessedSourceChanged edits a source between its compilation and the
// check of its guess, which is wrong. A file that kept its source while it
// waited compiles those bytes again; one that gave its buffer back (no
// budget left) reads the file again, finds it is not the one compiled, and
// lets the bytes written for the guess stand (a valid .pyc of the source
// as first read) rather than write code of the edited source under the
// first read's header. Either way m1.pyc holds the first source's code.
// A source whose ctime was settled before the run is always given back,
// and read again it is told from the one compiled by its stat (the edit
// changes its size and ctime).
func TestGuessedSourceChanged(t *testing.T) {
	defer func(b int64, s time.Duration) { waitingSourceBudget, settleTime = b, s }(waitingSourceBudget, settleTime)
	for _, budget := range []int64{waitingSourceBudget, 0} {
		t.Run(fmt.Sprintf("budget=%d", budget), func(t *testing.T) {
			waitingSourceBudget = budget
			guessedSourceChanged(t)
		})
	}
	t.Run("settled", func(t *testing.T) {
		settleTime = -time.Hour // every source counts as settled
		guessedSourceChanged(t)
	})
}

func guessedSourceChanged(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "m0.py"), []byte("s = '\\N{BULLET}'\n"), 0o644)
	user := filepath.Join(src, "m1.py")
	os.WriteFile(user, []byte("digit = 'first'\n"), 0o644)
	defer func() { speculate, guessAlways, guessFor = true, false, nil }()
	speculate, guessAlways = true, true
	guessFor = func(file string, st share.State) share.State {
		if file == user {
			os.WriteFile(user, []byte("digit = 'second'\n"), 0o644)
		}
		return share.State{} // wrong for m1.py: m0.py imports unicodedata
	}
	prefix := t.TempDir()
	misses := guessMisses.Load()
	var so, se bytes.Buffer
	if ok, err := Run([]string{src}, &Options{MaxLevels: 10, Force: true, Workers: 2, Compile: realCompile,
		Paths: Paths{Prefix: prefix}, Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }}); !ok || err != nil {
		t.Fatalf("run failed (%v):\n%s%s", err, so.String(), se.String())
	}
	if guessMisses.Load() == misses {
		t.Fatal("the guess for m1.py was not wrong")
	}
	pyc, err := os.ReadFile(filepath.Join(prefix, src, "m1.cpython-38.pyc"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pyc, []byte("first")) || bytes.Contains(pyc, []byte("second")) {
		t.Errorf("m1.pyc is not the code of the source first read: %q", pyc)
	}
}
