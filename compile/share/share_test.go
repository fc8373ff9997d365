package share

import (
	"bytes"
	"os"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// clearShared resets every Shared flag, leaving identities as the reader built them.
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

// TestStdlibRefFlags checks the sharing model on CPython's own output: the
// reference .pyc of every stdlib file, decoded, stripped of its ref flags and
// re-marked by Apply, must marshal to the same bytes.
func TestStdlibRefFlags(t *testing.T) {
	lib := py38.Stdlib()
	py38.Require(t)
	prefix := py38.ReferenceTree(t, lib, 0, "")
	files := py38.StdlibFiles(t)
	same, total := 0, 0
	var bad []string
	for _, src := range files {
		data, err := os.ReadFile(py38.ReferencePyc(prefix, src, 0))
		if err != nil {
			continue // CPython rejected it
		}
		total++
		obj, err := marshal.Loads(data[16:])
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		code := obj.(*marshal.Code)
		clearShared(code, map[marshal.Object]bool{})
		Apply(code)
		out, err := marshal.Dumps(code)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if bytes.Equal(out, data[16:]) {
			same++
		} else {
			bad = append(bad, src)
		}
	}
	t.Logf("ref flags reproduced on %d/%d CPython .pyc files", same, total)
	for i, b := range bad {
		if i == 10 {
			break
		}
		t.Logf("differs: %s", b)
	}
	if same != total {
		t.Errorf("%d files differ", total-same)
	}
}

// TestDumpOne writes our re-marked bytes of one file for inspection.
func TestDumpOne(t *testing.T) {
	src := os.Getenv("SHARE_ONE")
	if src == "" {
		t.Skip("set SHARE_ONE=path.py")
	}
	prefix := py38.ReferenceTree(t, py38.Stdlib(), 0, "")
	data, err := os.ReadFile(py38.ReferencePyc(prefix, src, 0))
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := marshal.Loads(data[16:])
	clearShared(obj, map[marshal.Object]bool{})
	Apply(obj.(*marshal.Code))
	out, _ := marshal.Dumps(obj)
	os.WriteFile("/tmp/share_ours.bin", append(data[:16:16], out...), 0o644)
	os.WriteFile("/tmp/share_ref.bin", data, 0o644)
}
