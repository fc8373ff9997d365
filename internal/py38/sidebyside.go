package py38

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// BuildGopyc builds the gopyc command into dir and returns its path, for
// tests that run it as users do.
func BuildGopyc(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "gopyc")
	build := exec.Command("go", "build", "-o", bin, "github.com/gopyc/gopyc/cmd/gopyc")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// SideBySide runs `python3.8 -S -m compileall -q -f ARGS...` and `gopyc -q
// -f ARGS...` from the directory work, each into a fresh cache prefix
// there, and reports as errors of label any difference in their output
// (stdout and stderr in one pipe, CPython unbuffered, so that each file's
// warnings and errors must come in CPython's order; the exit status
// included) or in the trees of files they wrote, which it keeps (as
// ref_LABEL and ours_LABEL) only then. It returns how many files CPython
// wrote and how many it rejected.
func SideBySide(t testing.TB, python, gopyc, work, label string, args ...string) (compiled, rejected int) {
	t.Helper()
	run := func(prefix string, argv ...string) string {
		cmd := exec.Command(argv[0], append(argv[1:], append([]string{"-q", "-f"}, args...)...)...)
		cmd.Dir = work
		cmd.Env = append(cleanEnv(), "PYTHONHASHSEED=0", "PYTHONUNBUFFERED=1", "PYTHONDONTWRITEBYTECODE=1",
			"PYTHONPYCACHEPREFIX="+prefix)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s(exit status %d)\n", out.String(), cmd.ProcessState.ExitCode())
	}
	refDir, ourDir := filepath.Join(work, "ref_"+label), filepath.Join(work, "ours_"+label)
	os.RemoveAll(refDir)
	os.RemoveAll(ourDir)
	want := run(refDir, python, "-S", "-m", "compileall")
	got := run(ourDir, gopyc)
	same := got == want
	if !same {
		t.Errorf("%s: output differs:\n%s", label, FirstDifference(got, want))
	}
	ref, ours := ReadTree(t, refDir), ReadTree(t, ourDir)
	for name, data := range ref {
		if o, ok := ours[name]; !ok || !bytes.Equal(o, data) {
			t.Errorf("%s: %s differs from CPython's (written: %v)", label, name, ok)
			same = false
		}
	}
	if len(ours) != len(ref) {
		t.Errorf("%s: %d files written, CPython wrote %d", label, len(ours), len(ref))
		same = false
	}
	if same {
		os.RemoveAll(refDir)
		os.RemoveAll(ourDir)
	}
	return len(ref), strings.Count(want, "*** Error compiling")
}

// ReadTree returns the files under root by their path below it.
func ReadTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
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

// FirstDifference shows the lines around the first line where got and
// want differ.
func FirstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	i := 0
	for i < len(g) && i < len(w) && g[i] == w[i] {
		i++
	}
	lo := max(0, i-3)
	return fmt.Sprintf("--- gopyc, from line %d\n%s\n--- CPython\n%s", lo+1,
		strings.Join(g[lo:min(len(g), i+4)], "\n"), strings.Join(w[lo:min(len(w), i+4)], "\n"))
}
