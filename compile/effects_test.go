package compile

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
)

// TestEffectsAgainstCPython compiles each tree of testdata/effects as one
// compileall run, threading the process state from file to file, and wants
// CPython's bytes for every file it compiles. Each tree has a file whose
// compilation or error report changes the process before a later file
// that depends on it (e.g. a caret drawn under text evicts a string the
// fresh process held only in its type attribute cache).
func TestEffectsAgainstCPython(t *testing.T) {
	py38.Require(t)
	dirs, _ := filepath.Glob("../testdata/effects/*")
	if len(dirs) == 0 {
		t.Fatal("no trees under testdata/effects")
	}
	for _, dir := range dirs {
		dir, _ = filepath.Abs(dir) // co_filename as compileall has it
		prefix := py38.ReferenceTree(t, dir, 0, "")
		var st share.State
		for _, f := range walkOrder(dir) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			u, _, cerr := CompileUnit(src, f, Options{})
			before := st
			st = u.After(st)
			ref, rerr := os.ReadFile(py38.ReferencePyc(prefix, f, 0))
			if (rerr != nil) != (cerr != nil) {
				t.Errorf("%s: CPython error %v, ours %v", f, rerr != nil, cerr)
				continue
			}
			if cerr != nil {
				continue
			}
			ours, err := u.Marshal(before)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(ours, ref[16:]) {
				t.Errorf("%s: bytes differ from CPython's", f)
			}
		}
	}
}
