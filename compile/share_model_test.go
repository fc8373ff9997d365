package compile_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// clearShared resets every Shared flag, leaving identities as the reader
// built them.
func clearShared(o marshal.Object, seen map[marshal.Object]bool) {
	if r, ok := o.(marshal.Referable); ok {
		if seen[o] {
			return
		}
		seen[o] = true
		r.SetShared(false)
	}
	switch v := o.(type) {
	case *marshal.Tuple:
		for _, it := range v.Items {
			clearShared(it, seen)
		}
	case *marshal.FrozenSet:
		for _, it := range v.Items {
			clearShared(it, seen)
		}
	case *marshal.Code:
		for _, it := range []marshal.Object{v.Code, v.Consts, v.Names, v.VarNames, v.FreeVars, v.CellVars, v.Filename, v.Name, v.LNoTab} {
			clearShared(it, seen)
		}
	}
}

// TestShareModelOnCPythonObjects checks the sharing model apart from our
// code generator: CPython's own .pyc of every stdlib file, decoded, stripped
// of its ref flags and re-marked by share.ApplyIn in the process state of
// the reference run (effects of the files before it, in compileall order),
// must marshal to the same bytes.
func TestShareModelOnCPythonObjects(t *testing.T) {
	py38.Require(t)
	lib := py38.Stdlib()
	prefix := py38.ReferenceTree(t, lib, 0, "")
	var st share.State
	same, total := 0, 0
	for _, f := range compile.WalkOrder(lib) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		u, _, _ := compile.CompileUnit(src, f, compile.Options{})
		before := st
		st = u.After(st)
		data, err := os.ReadFile(py38.ReferencePyc(prefix, f, 0))
		if err != nil {
			continue // CPython rejected it
		}
		total++
		obj, err := marshal.Loads(data[16:])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		code := obj.(*marshal.Code)
		clearShared(code, map[marshal.Object]bool{})
		share.ApplyIn(code, before)
		out, err := marshal.Dumps(code)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if bytes.Equal(out, data[16:]) {
			same++
		} else {
			t.Logf("ref flags differ: %s", f)
		}
	}
	t.Logf("ref flags reproduced on %d/%d CPython .pyc files", same, total)
	if same != total {
		t.Errorf("%d files differ", total-same)
	}
}
