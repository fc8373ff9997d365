package symtable

import (
	"github.com/gopyc/gopyc/internal/cputime"
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/internal/py38"
)

// BenchmarkBuild builds the symbol tables of a few large stdlib modules
// (trees from CPython's parser).
func BenchmarkBuild(b *testing.B) {
	py := py38.Require(b)
	var paths []string
	for _, f := range []string{"typing.py", "argparse.py", "_pydecimal.py", "inspect.py", "tkinter/__init__.py"} {
		paths = append(paths, filepath.Join(py38.Stdlib(), f))
	}
	rs, err := astjson.ParseFiles(py, paths)
	if err != nil {
		b.Fatal(err)
	}
	var mods []*ast.Module
	for _, r := range rs {
		if r.Module != nil {
			mods = append(mods, r.Module)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			t, err := Build(m, "x.py", future.Features{})
			if err != nil {
				b.Fatal(err)
			}
			// As CompileUnit does: the memory serves the next module.
			t.Release()
		}
	}
	// CPU time (all threads, GC included) is steadier than wall time on a
	// shared machine.
	cpu.PerOp(b)
}
