package compile

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// walkOrder lists the .py files under dir in the order compileall compiles
// them: sorted names, a subdirectory entered where its name sorts.
func walkOrder(dir string) []string {
	names, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	var out []string
	for _, e := range names {
		p := filepath.Join(dir, e.Name())
		switch {
		case e.Type()&os.ModeSymlink != 0:
			if !e.IsDir() && strings.HasSuffix(p, ".py") {
				out = append(out, p)
			}
		case e.IsDir():
			if e.Name() != "__pycache__" {
				out = append(out, walkOrder(p)...)
			}
		case strings.HasSuffix(p, ".py"):
			out = append(out, p)
		}
	}
	return out
}

// TestStdlibBytes is the end-to-end byte-identity test: every file of the
// installed 3.8 standard library, compiled in compileall's order with the
// process state carried from file to file, must marshal to the bytes
// `PYTHONHASHSEED=0 python3.8 -S [-O|-OO] -m compileall -q -f` wrote, at
// optimization levels 0, 1 and 2. Files that differ must at least decode to
// equal code objects (ref flags aside).
func TestStdlibBytes(t *testing.T) {
	py38.Require(t)
	levels := []int{0, 1, 2}
	if testing.Short() {
		levels = levels[:1]
	}
	for _, opt := range levels {
		checkTreeBytes(t, py38.Stdlib(), opt)
	}
}

// TestGoldenBytes is TestStdlibBytes over the golden programs written for
// each construct (testdata/codegen/golden): they reach constants, folds and
// sharing the standard library does not, and the dumps they are checked
// against elsewhere do not show ref flags.
func TestGoldenBytes(t *testing.T) {
	py38.Require(t)
	dir, err := filepath.Abs(filepath.Join("..", "testdata", "codegen", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []int{0, 1, 2} {
		checkTreeBytes(t, dir, opt)
	}
}

// checkTreeBytes compiles the .py files under dir as compileall does, in
// its order with the process state carried from file to file, and compares
// every file's bytes with CPython's at optimization level opt.
func checkTreeBytes(t *testing.T, dir string, opt int) {
	t.Helper()
	files := walkOrder(dir)
	prefix := py38.ReferenceTree(t, dir, opt, "")
	var st share.State
	same, semantic, total, rejected := 0, 0, 0, 0
	var wrong, flagOnly []string
	shown := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		u, _, cerr := CompileUnit(src, f, Options{Optimize: opt})
		before := st
		st = u.After(st)
		ref, rerr := os.ReadFile(py38.ReferencePyc(prefix, f, opt))
		if rerr != nil {
			rejected++
			if cerr == nil {
				wrong = append(wrong, f+" (CPython rejects it, we compile it)")
			}
			continue
		}
		total++
		if cerr != nil {
			wrong = append(wrong, f+" ("+cerr.Error()+")")
			continue
		}
		ours, err := u.Marshal(before)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		// As the driver does: the next files reuse this one's
		// memory, which must not change their bytes.
		u.Release()
		if bytes.Equal(ours, ref[16:]) {
			same++
			semantic++
			continue
		}
		if sameIgnoringRefs(ours, ref[16:]) {
			semantic++
			flagOnly = append(flagOnly, f)
		} else {
			wrong = append(wrong, f)
		}
		if shown < 3 {
			shown++
			t.Logf("%s: decoded trees differ (-CPython +gopyc; Shared is the ref flag):\n%s", f, treeDiff(ref[16:], ours))
		}
	}
	t.Logf("%s -O level %d: %d/%d byte-identical, %d/%d semantically identical, %d rejected by CPython",
		dir, opt, same, total, semantic, total, rejected)
	for i, f := range flagOnly {
		if i == 8 {
			t.Errorf("-O level %d: ... %d more differ in ref flags only", opt, len(flagOnly)-i)
			break
		}
		t.Errorf("-O level %d: ref flags differ: %s", opt, f)
	}
	for _, f := range wrong {
		t.Errorf("-O level %d: code differs: %s", opt, f)
	}
}

// treeDiff is a go-cmp diff of two marshal streams' decoded trees, ref flags
// included, so a failure names the object that differs.
func treeDiff(ref, ours []byte) string {
	a, err := marshal.Loads(ref)
	if err != nil {
		return err.Error()
	}
	b, err := marshal.Loads(ours)
	if err != nil {
		return err.Error()
	}
	// A Ref's bookkeeping (Mark, the writer's unexported flag) is not the
	// tree's content; go-cmp panics on unexported fields unless told.
	d := cmp.Diff(a, b, cmpopts.EquateNaNs(), cmpopts.IgnoreUnexported(marshal.Ref{}), cmpopts.IgnoreFields(marshal.Ref{}, "Mark"))
	if len(d) > 4000 {
		d = d[:4000] + "\n..."
	}
	return d
}

// sameIgnoringRefs reports whether two marshal streams decode to equal
// trees once ref flags are ignored.
func sameIgnoringRefs(a, b []byte) bool {
	oa, err := marshal.Loads(a)
	if err != nil {
		return false
	}
	ob, err := marshal.Loads(b)
	if err != nil {
		return false
	}
	return equalTree(oa, ob)
}

func equalTree(a, b marshal.Object) bool {
	switch x := a.(type) {
	case *marshal.Code:
		y, ok := b.(*marshal.Code)
		return ok && x.ArgCount == y.ArgCount && x.PosOnlyArgCount == y.PosOnlyArgCount &&
			x.KwOnlyArgCount == y.KwOnlyArgCount && x.NLocals == y.NLocals && x.StackSize == y.StackSize &&
			x.Flags == y.Flags && x.FirstLineNo == y.FirstLineNo &&
			equalTree(x.Code, y.Code) && equalTree(x.Consts, y.Consts) && equalTree(x.Names, y.Names) &&
			equalTree(x.VarNames, y.VarNames) && equalTree(x.FreeVars, y.FreeVars) &&
			equalTree(x.CellVars, y.CellVars) && equalTree(x.Filename, y.Filename) &&
			equalTree(x.Name, y.Name) && equalTree(x.LNoTab, y.LNoTab)
	case *marshal.Tuple:
		y, ok := b.(*marshal.Tuple)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		for i := range x.Items {
			if !equalTree(x.Items[i], y.Items[i]) {
				return false
			}
		}
		return true
	case *marshal.FrozenSet:
		y, ok := b.(*marshal.FrozenSet)
		if !ok || len(x.Items) != len(y.Items) {
			return false
		}
		for _, xi := range x.Items {
			found := false
			for _, yi := range y.Items {
				if equalTree(xi, yi) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	case *marshal.Str:
		y, ok := b.(*marshal.Str)
		return ok && x.V == y.V
	case *marshal.Bytes:
		y, ok := b.(*marshal.Bytes)
		return ok && bytes.Equal(x.V, y.V)
	case *marshal.Int:
		y, ok := b.(*marshal.Int)
		return ok && x.BigInt().Cmp(y.BigInt()) == 0
	case *marshal.Float:
		y, ok := b.(*marshal.Float)
		return ok && sameFloat(x.V, y.V)
	case *marshal.Complex:
		y, ok := b.(*marshal.Complex)
		return ok && sameFloat(x.Real, y.Real) && sameFloat(x.Imag, y.Imag)
	}
	return a == b
}

// sameFloat compares bit patterns, so -0.0 differs from 0.0, but any NaN
// equals any NaN (marshal keeps the payload; Python's repr does not).
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b
}

// TestUnitsOutliveLaterCompilations compiles the whole stdlib before
// marshalling any of it, as the driver may: a unit's code must not share
// memory that compiling later files reuses (parser trees, codegen scratch).
func TestUnitsOutliveLaterCompilations(t *testing.T) {
	py38.Require(t)
	if testing.Short() {
		t.Skip("-short: one more stdlib pass")
	}
	lib := py38.Stdlib()
	prefix := py38.ReferenceTree(t, lib, 0, "")
	files := walkOrder(lib)
	units := make([]*Unit, len(files))
	states := make([]share.State, len(files))
	var st share.State
	for i, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		units[i], _, _ = CompileUnit(src, f, Options{})
		states[i] = st
		st = units[i].After(st)
	}
	same, total := 0, 0
	for i, f := range files {
		ref, err := os.ReadFile(py38.ReferencePyc(prefix, f, 0))
		if err != nil || units[i].code == nil {
			continue
		}
		total++
		ours, err := units[i].Marshal(states[i])
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if bytes.Equal(ours, ref[16:]) {
			same++
		} else if total-same <= 3 {
			t.Errorf("%s: bytes differ once later files were compiled", f)
		}
	}
	t.Logf("%d/%d byte-identical when marshalled after the whole tree was compiled", same, total)
	if same != total {
		t.Errorf("%d files differ", total-same)
	}
}
