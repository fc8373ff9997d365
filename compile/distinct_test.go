package compile_test

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// TestInternedDistinct checks what Unit.Code relies on when it calls
// share.ApplyDistinct: in the code tree of every stdlib module, at every
// optimisation level, no two interned strings of one value are different
// objects (the cached singletons, which codegen does not merge, are merged
// by the share model before the walk).
func TestInternedDistinct(t *testing.T) {
	py38.Require(t)
	levels := []int{0, 1, 2}
	if testing.Short() {
		levels = levels[:1]
	}
	for _, f := range py38.StdlibFiles(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range levels {
			u, _, err := compile.CompileUnit(src, f, compile.Options{Optimize: opt})
			if err != nil {
				continue
			}
			byValue := map[string]*marshal.Str{}
			var walk func(o marshal.Object)
			walk = func(o marshal.Object) {
				switch v := o.(type) {
				case *marshal.Str:
					if v == nil || !v.Interned {
						return
					}
					if w, ok := byValue[v.V]; ok && w != v {
						t.Errorf("%s -O%d: two interned objects for %q", f, opt, v.V)
					}
					byValue[v.V] = v
				case *marshal.Tuple:
					if v != nil {
						for _, it := range v.Items {
							walk(it)
						}
					}
				case *marshal.FrozenSet:
					for _, it := range v.Items {
						walk(it)
					}
				case *marshal.Code:
					for _, it := range []marshal.Object{v.Consts, v.Names, v.VarNames, v.FreeVars, v.CellVars, v.Filename, v.Name} {
						walk(it)
					}
				}
			}
			walk(u.Code(share.State{}))
			u.Release()
		}
	}
}
