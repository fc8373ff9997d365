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

// TestCPythonRunsOurPyc compiles the installed 3.8 standard library with
// gopyc and runs quickTests under CPython with those .pyc files and with
// CPython's own (compiled lazily), via runtests.py; every outcome must
// match, and CPython must have used our files without rewriting any.
func TestCPythonRunsOurPyc(t *testing.T) {
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
	report := filepath.Join(dir, "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	args := append([]string{"runtests.py", "--gopyc", bin, "--workdir", filepath.Join(dir, "work"),
		"--lazy-ref", "--json", report, "--timeout", "300"}, quickTests...)
	cmd := exec.CommandContext(ctx, py, args...)
	cmd.Env = append(os.Environ(), "GOPYC_PYTHON38="+py)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	t.Logf("runtests.py summary:\n%s", stdout.String())
	if ctx.Err() != nil {
		t.Fatalf("runtests.py did not finish in time\n%s", stderr.String())
	}
	var r struct {
		Verdict string
		Diffs   map[string]struct {
			P, R      []string
			Msg       string
			Confirmed bool
		}
	}
	data, rerr := os.ReadFile(report)
	if rerr != nil {
		t.Fatalf("runtests.py wrote no report (%v): %v\n%s", err, rerr, stderr.String())
	}
	if jerr := json.Unmarshal(data, &r); jerr != nil {
		t.Fatalf("report: %v", jerr)
	}
	for id, d := range r.Diffs {
		if d.Confirmed {
			t.Errorf("%s: with gopyc's .pyc %v, with CPython's %v (%s)", id, d.P, d.R, d.Msg)
		}
	}
	if r.Verdict != "SAME" || err != nil {
		t.Errorf("runtests.py: verdict %q, exit %v; see the summary above", r.Verdict, err)
	}
	if !strings.Contains(stdout.String(), "RESULT: SAME") && r.Verdict == "SAME" {
		t.Errorf("summary and report disagree")
	}
}
