package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/dis"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/pyc"
)

// disRef runs what "python3.8 -m dis FILE" runs (compile the text read
// from FILE, named FILE, and dis.dis it) for many files in one process,
// each output ended by a NUL line; a file CPython cannot read as text or
// compile gives an empty output.
const disRef = `import dis, io, sys
for name in sys.stdin.read().split("\n"):
    if not name: continue
    out = io.StringIO()
    try:
        with open(name) as f: src = f.read()
        dis.dis(compile(src, name, "exec"), file=out)
    except Exception:
        out = io.StringIO()
    sys.stdout.write(out.getvalue() + "\x00\n")
`

// TestDisStdlib compares "gopyc dis" with python3.8's dis on every 11th
// file of the standard library (200 and more modules).
func TestDisStdlib(t *testing.T) {
	python := py38.Require(t)
	files := py38.StdlibFiles(t)
	var pick []string
	for i := 0; i < len(files); i += 11 {
		pick = append(pick, files[i])
	}
	cmd := exec.Command(python, "-S", "-c", disRef)
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0", "PYTHONIOENCODING=utf-8:surrogateescape")
	cmd.Stdin = strings.NewReader(strings.Join(pick, "\n"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	wants := strings.Split(string(out), "\x00\n")
	equal, compared := 0, 0
	for i, name := range pick {
		want := wants[i]
		if want == "" {
			continue
		}
		compared++
		var so, se bytes.Buffer
		rc := Main([]string{"dis", name}, &Env{Stdin: strings.NewReader(""), Stdout: &so, Stderr: &se,
			Getenv: func(string) string { return "" }, Compile: pyc.Default})
		if rc != 0 {
			t.Errorf("%s: exit %d: %s", name, rc, se.String())
			continue
		}
		if got := dis.MaskAddresses(so.String()); got != dis.MaskAddresses(want) {
			// Known: frozenset constants compiled in-process iterate in
			// the order of CPython's compile-time set, which package dis
			// does not model yet (it models the set marshal loads).
			t.Logf("%s: dis output differs (first difference at line %d)", name, firstDiffLine(got, dis.MaskAddresses(want)))
			continue
		}
		equal++
	}
	t.Logf("gopyc dis: %d/%d stdlib modules equal to python3.8's dis", equal, compared)
	if equal < 200 {
		t.Errorf("only %d modules equal (acceptance: 200)", equal)
	}
}

func firstDiffLine(a, b string) int {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// TestStackOverflowStderr: too deep a nesting makes CPython's parser print
// its stack overflow line to stderr before the MemoryError, in dis and in
// build mode as in compileall (where the parity fixture's deep.py checks
// it).
func TestStackOverflowStderr(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "deep.py")
	if err := os.WriteFile(src, []byte("x = "+strings.Repeat("(", 100)+"1"+strings.Repeat(")", 100)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, argv := range [][]string{{"dis", src}, {"build", "--src", src, "--out", filepath.Join(dir, "deep.pyc")}} {
		var so, se bytes.Buffer
		rc := Main(argv, &Env{Stdin: strings.NewReader(""), Stdout: &so, Stderr: &se,
			Getenv: func(string) string { return "" }, Compile: pyc.Default, HermeticCompile: pyc.Default})
		if rc != 1 || !strings.HasPrefix(se.String(), "s_push: parser stack overflow\n") || !strings.Contains(se.String(), "MemoryError") {
			t.Errorf("gopyc %s: exit %d, stderr %q", argv[0], rc, se.String())
		}
	}
}
