package pyc

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gopyc/gopyc/compile/diag"
)

// fakeCompile stands in for the compiler: it sleeps a little in reverse
// name order (so parallel completion order differs from serial order),
// fails on "bad", panics on "boom", and warns on "warn".
func fakeCompile(src []byte, filename string, optimize int) (Compiled, []diag.Warning, error) {
	time.Sleep(time.Duration(len(filename)%5) * time.Millisecond)
	s := string(src)
	switch {
	case strings.Contains(s, "boom"):
		panic("boom")
	case strings.Contains(s, "bad"):
		return nil, nil, &diag.Error{Class: "SyntaxError", Msg: "invalid syntax", Filename: filename, Lineno: 1, Offset: 1, Text: s, HasText: true}
	case strings.Contains(s, "warn"):
		return Marshalled("N"), []diag.Warning{{Category: "SyntaxWarning", Msg: "w", Filename: filename, Lineno: 1}}, nil
	}
	return Marshalled("N"), nil, nil
}

func TestRunOrderAndErrors(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 30; i++ {
		body := "ok\n"
		switch i % 7 {
		case 3:
			body = "bad\n"
		case 5:
			body = "boom\n"
		case 6:
			body = "warn\n"
		}
		sub := filepath.Join(dir, fmt.Sprintf("d%d", i%3))
		os.MkdirAll(sub, 0o755)
		os.WriteFile(filepath.Join(sub, fmt.Sprintf("m%02d.py", i)), []byte(body), 0o644)
	}
	run := func(workers int) (string, string, bool) {
		var so, se bytes.Buffer
		ok, err := Run([]string{dir}, &Options{MaxLevels: 10, Force: true, Workers: workers, Compile: fakeCompile,
			Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" },
			SourceLine: func(string, int) string { return "warn\n" }})
		if err != nil {
			t.Fatal(err)
		}
		return so.String(), se.String(), ok
	}
	wantOut, wantErr, wantOK := run(1)
	if wantOK || !strings.Contains(wantOut, "SystemError: gopyc: internal compiler error: boom") ||
		!strings.Contains(wantOut, "SyntaxError: invalid syntax") || !strings.Contains(wantErr, "SyntaxWarning: w\n  warn\n") {
		t.Fatalf("serial run:\n%s\n%s", wantOut, wantErr)
	}
	for i := 0; i < 3; i++ {
		out, errOut, ok := run(4)
		if out != wantOut || errOut != wantErr || ok != wantOK {
			t.Fatalf("parallel output differs from serial:\n%s\nvs\n%s", out, wantOut)
		}
	}
	var leftovers []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() && !strings.HasSuffix(p, ".py") && !strings.HasSuffix(p, ".cpython-38.pyc") {
			leftovers = append(leftovers, p)
		}
		return nil
	})
	if leftovers != nil {
		t.Errorf("stray files: %q", leftovers)
	}
}

func TestRunNegativeWorkers(t *testing.T) {
	var so bytes.Buffer
	ok, err := Run([]string{t.TempDir()}, &Options{Workers: -1, Compile: fakeCompile, Stdout: &so})
	if ok || err == nil || err.Error() != "ValueError: workers must be greater or equal to 0" || so.Len() != 0 {
		t.Errorf("ok=%v err=%v out=%q", ok, err, so.String())
	}
}

// TestRunStopsAtUncaughtException: CPython's compileall stops at an
// uncaught exception (here struct.error for an mtime beyond 32 bits, met by
// the up-to-date check), so no file after it gets a cache file. gopyc
// starts no file queued after it once it has raised, and writes none that
// finishes after that (turn.halted), but the files other goroutines took
// before that (perSlot per worker, less its own) may still be written if
// they finished first: with one worker, at most perSlot-1 of the
// 2*perSlot files after it. Before, every file queued was compiled.
func TestRunStopsAtUncaughtException(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "a000.py")
	os.WriteFile(first, []byte("ok\n"), 0o644)
	far := time.Unix(1<<31+100, 0)
	if err := os.Chtimes(first, far, far); err != nil {
		t.Skip("cannot set a 64-bit mtime here:", err)
	}
	for i := 1; i <= 2*perSlot; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%03d.py", i)), []byte("ok\n"), 0o644)
	}
	var so, se bytes.Buffer
	ok, err := Run([]string{dir}, &Options{MaxLevels: 10, Workers: 1, Compile: fakeCompile,
		Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }})
	if ok || err == nil || err.Error() != "struct.error: argument out of range" {
		t.Fatalf("ok=%v err=%v", ok, err)
	}
	var written []string
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".pyc") {
			written = append(written, p)
		}
		return nil
	})
	if len(written) > perSlot-1 {
		t.Errorf("%d files after the exception were compiled: %q", len(written), written)
	}
}

// TestRunSlowFileDoesNotStallLaterFiles: while one file compiles for long,
// the files after it compile on the other slot and wait for their turn.
// Each waiting file holds a worker goroutine, so with a fixed pool the CPU
// went idle once every worker waited behind the slow file; the pool now
// grows (workSlots.lend). The slow file here ends only once all the files
// after it have compiled, or after a timeout, which fails the test.
func TestRunSlowFileDoesNotStallLaterFiles(t *testing.T) {
	dir := t.TempDir()
	n := 4 * perSlot * 2 // beyond the two slots' initial workers
	os.WriteFile(filepath.Join(dir, "a000.py"), []byte("slow\n"), 0o644)
	for i := 1; i <= n; i++ {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%03d.py", i)), []byte("ok\n"), 0o644)
	}
	var done atomic.Int32
	var reached int32
	compile := func(src []byte, filename string, optimize int) (Compiled, []diag.Warning, error) {
		if string(src) != "slow\n" {
			done.Add(1)
			return Marshalled("N"), nil, nil
		}
		deadline := time.Now().Add(20 * time.Second)
		for done.Load() < int32(n) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		reached = done.Load()
		return Marshalled("N"), nil, nil
	}
	var so, se bytes.Buffer
	ok, err := Run([]string{dir}, &Options{MaxLevels: 10, Force: true, Workers: 2, Compile: compile,
		Stdout: &so, Stderr: &se, Getenv: func(string) string { return "" }})
	if !ok || err != nil {
		t.Fatalf("ok=%v err=%v stderr=%q", ok, err, se.String())
	}
	if reached != int32(n) {
		t.Errorf("the slow file ended with %d of the %d files after it compiled", reached, n)
	}
}
