//go:build linux

package robust

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// oracleImports, the first line of the CPython programs that compile the
// tests' sources, loads what compileall's main loads, so that the program's
// process holds the strings gopyc's model of a fresh compileall process
// holds (compile/share/gen_held.py). Those decide more than sharing: a
// frozenset constant one of whose strings interning replaces by an equal
// string the process held is rebuilt in its iteration order
// (intern_string_constants), which changes its order when two elements
// share a slot: {'ab', 'd'} marshals as ('ab', 'd') in a bare process and as
// ('d', 'ab') in compileall's, where argparse holds 'ab'.
const oracleImports = "import argparse, compileall, py_compile\n"

// cpythonMarshal compiles src with CPython 3.8 as gen.py does (file f.py in
// a fresh directory) and returns marshal.dumps of the code object, or the
// exception line when CPython rejects it.
func cpythonMarshal(t testing.TB, src []byte, optimize int) (data []byte, exc string) {
	t.Helper()
	exe := py38.Path()
	if exe == "" {
		return nil, ""
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.py"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	const prog = `import sys, marshal, warnings
` + oracleImports + `warnings.simplefilter("ignore")
data = open("f.py", "rb").read()
try:
    code = compile(data, "f.py", "exec", dont_inherit=True, optimize=int(sys.argv[1]))
except BaseException as e:
    sys.stdout.write("E" + type(e).__name__ + ": " + str(e))
    sys.exit(0)
sys.stdout.buffer.write(b"M" + marshal.dumps(code))
`
	cmd := exec.Command(exe, "-S", "-c", prog, strconv.Itoa(optimize))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONHASHSEED=0")
	out, err := cmd.Output()
	if err != nil || len(out) == 0 {
		return nil, "CPython failed: " + err.Error()
	}
	if out[0] == 'E' {
		return nil, string(out[1:])
	}
	return out[1:], ""
}

// explainMarshalDiff describes how our marshalled code differs from
// CPython's: the first differing field, else the first differing byte
// (which then is a reference-flag or sharing difference).
func explainMarshalDiff(ours, theirs []byte) string {
	a, err1 := marshal.Loads(ours)
	b, err2 := marshal.Loads(theirs)
	if err1 != nil || err2 != nil {
		return "cannot load: " + errString(err1) + " / " + errString(err2)
	}
	ca, _ := a.(*marshal.Code)
	cb, _ := b.(*marshal.Code)
	if d := DiffCode(ca, cb, "module"); d != "" {
		return d
	}
	i := 0
	for i < len(ours) && i < len(theirs) && ours[i] == theirs[i] {
		i++
	}
	lo := max(i-16, 0)
	return "equal field by field; first byte difference at " + strconv.Itoa(i) +
		": ours " + strconv.Quote(string(ours[lo:min(i+16, len(ours))])) +
		" CPython " + strconv.Quote(string(theirs[lo:min(i+16, len(theirs))])) +
		" (sharing/FLAG_REF)" + map[bool]string{true: "", false: ""}[bytes.Equal(ours, theirs)]
}

func errString(err error) string {
	if err == nil {
		return "ok"
	}
	return err.Error()
}
