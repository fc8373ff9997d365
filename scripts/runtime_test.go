package scripts

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/gopyc/gopyc/internal/py38"
)

// quickTests are cheap regression-test modules that still exercise most of
// the compiler: every statement form, scopes, with, walrus, opcodes.
var quickTests = []string{"test_grammar", "test_opcodes", "test_with", "test_scope", "test_named_expressions"}

// report is the part of runtests.py's --json output the tests look at.
type report struct {
	Verdict string
	Mutated string
	Diffs   map[string]struct {
		P, R      []string
		Msg       string
		Confirmed bool
	}
}

// runtests builds gopyc and runs runtests.py with a lazily compiled
// reference prefix (cheaper than a full compileall) and the given arguments.
func runtests(t *testing.T, args ...string) (report, string) {
	t.Helper()
	py := py38.Require(t)
	if testing.Short() {
		t.Skip("compiles the whole standard library and runs CPython tests; skipped with -short")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "gopyc")
	gotool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if out, err := exec.Command(gotool, "build", "-o", bin, "github.com/gopyc/gopyc/cmd/gopyc").CombinedOutput(); err != nil {
		t.Fatalf("building gopyc: %v\n%s", err, out)
	}
	out := filepath.Join(dir, "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args = append([]string{"runtests.py", "--gopyc", bin, "--workdir", filepath.Join(dir, "work"),
		"--lazy-ref", "--json", out, "--timeout", "300"}, args...)
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Env = append(os.Environ(), "GOPYC_PYTHON38="+py)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	t.Logf("runtests.py summary:\n%s", stdout.String())
	if ctx.Err() != nil {
		t.Fatalf("runtests.py did not finish in time\n%s", stderr.String())
	}
	var r report
	data, rerr := os.ReadFile(out)
	if rerr != nil {
		t.Fatalf("runtests.py wrote no report (%v): %v\n%s", err, rerr, stderr.String())
	}
	if jerr := json.Unmarshal(data, &r); jerr != nil {
		t.Fatalf("report: %v", jerr)
	}
	if (err == nil) != (r.Verdict == "SAME") || strings.Contains(stdout.String(), "RESULT: SAME") != (r.Verdict == "SAME") {
		t.Errorf("exit status %v, summary and report verdict %q disagree", err, r.Verdict)
	}
	return r, stdout.String()
}

// TestCPythonRunsOurPyc compiles the installed 3.8 standard library with
// gopyc and runs quickTests under CPython with those .pyc files and with
// CPython's own; every outcome must match, and CPython must have used our
// files (test modules included) without recompiling or rewriting any.
func TestCPythonRunsOurPyc(t *testing.T) {
	r, _ := runtests(t, quickTests...)
	for id, d := range r.Diffs {
		if d.Confirmed {
			t.Errorf("%s: with gopyc's .pyc %v, with CPython's %v (%s)", id, d.P, d.R, d.Msg)
		}
	}
	if r.Verdict != "SAME" {
		t.Errorf("runtests.py: verdict %q; see the summary above", r.Verdict)
	}
}

// TestRuntestsSeesABrokenPyc is the negative control: with one test method
// of test_opcodes rewritten in gopyc's .pyc to raise, runtests.py must
// report exactly that test, so a SAME verdict means something.
func TestRuntestsSeesABrokenPyc(t *testing.T) {
	r, _ := runtests(t, "--self-check", "test_opcodes", "test_opcodes")
	if r.Mutated == "" {
		t.Fatal("runtests.py mutated nothing")
	}
	if r.Verdict != "DIFFERENT" {
		t.Errorf("verdict %q with %s broken, want DIFFERENT", r.Verdict, r.Mutated)
	}
	for id, d := range r.Diffs {
		if id != r.Mutated || !d.Confirmed || len(d.P) != 1 || d.P[0] != "FAIL" {
			t.Errorf("diff %s: P %v R %v confirmed %v; want only %s failing with gopyc's files", id, d.P, d.R, d.Confirmed, r.Mutated)
		}
	}
	if _, ok := r.Diffs[r.Mutated]; !ok {
		t.Errorf("the broken test %s was not reported", r.Mutated)
	}
}
