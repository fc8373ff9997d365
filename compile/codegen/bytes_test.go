package codegen_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// TestRawBytes marshals our code for the padded golden programs (whose code
// CPython's peephole leaves alone) after the sharing model and compares the
// bytes with the .pyc CPython's compileall writes for them.
func TestRawBytes(t *testing.T) {
	python := py38.Require(t)
	dir := filepath.Join("..", "..", "testdata", "codegen", "raw")
	paths, err := filepath.Glob(filepath.Join(dir, "*.py"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no inputs in %s", dir)
	}
	prefix := py38.ReferenceTree(t, dir, 0, "")
	trees, err := astjson.ParseFiles(python, paths)
	if err != nil {
		t.Fatal(err)
	}
	equal, total, stale := 0, 0, 0
	for i, p := range paths {
		if trees[i].Err != "" {
			continue
		}
		pyc, err := os.ReadFile(py38.ReferencePyc(prefix, p, 0))
		if err != nil || len(pyc) < 16 {
			stale++ // added since the tree was built (or rejected by CPython)
			continue
		}
		// The reference tree is cached by directory; a source edited since
		// (its size in the header differs) makes that .pyc stale.
		if src, err := os.ReadFile(p); err != nil || int(binary.LittleEndian.Uint32(pyc[12:16])) != len(src) {
			stale++
			continue
		}
		want := pyc[16:]
		ref, err := marshal.Loads(want)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		filename := ref.(*marshal.Code).Filename.V
		co, _, cerr := compileAST(trees[i].Module, filename, 0)
		if cerr != nil {
			t.Errorf("%s: %v", p, cerr)
			continue
		}
		total++
		share.Apply(co)
		got, err := marshal.Dumps(co)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if bytes.Equal(got, want) {
			equal++
			continue
		}
		n := 0
		for n < len(got) && n < len(want) && got[n] == want[n] {
			n++
		}
		lo := n - 16
		if lo < 0 {
			lo = 0
		}
		t.Logf("%s: bytes differ at %d of %d/%d:\n  want %s\n  got  %s", filepath.Base(p), n, len(want), len(got),
			hexAround(want, lo, n+16), hexAround(got, lo, n+16))
	}
	t.Logf("raw goldens: %d/%d byte-identical", equal, total)
	if stale > 0 {
		t.Logf("%d sources without a current .pyc (rejected by CPython, or changed since the cached reference tree %s was built: delete it to compare them)", stale, prefix)
	}
}

func hexAround(b []byte, lo, hi int) string {
	if hi > len(b) {
		hi = len(b)
	}
	return fmt.Sprintf("%x", b[lo:hi])
}
