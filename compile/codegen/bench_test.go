package codegen_test

import (
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/py38"
)

// BenchmarkCompile measures codegen alone (symbol tables built beforehand)
// on a few large standard library modules; bytes are source bytes.
func BenchmarkCompile(b *testing.B) {
	python := py38.Require(b)
	var paths []string
	for _, f := range []string{"typing.py", "argparse.py", "_pydecimal.py", "inspect.py", "tarfile.py"} {
		paths = append(paths, filepath.Join(py38.Stdlib(), f))
	}
	rs, err := astjson.ParseFiles(python, paths)
	if err != nil {
		b.Fatal(err)
	}
	type unit struct {
		mod *ast.Module
		st  *symtable.Table
		fut future.Features
	}
	var units []unit
	for i, r := range rs {
		if r.Err != "" {
			b.Fatal(r.Err)
		}
		fut, err := future.Parse(r.Module, paths[i])
		if err != nil {
			b.Fatal(err)
		}
		astopt.Optimize(r.Module, 0)
		st, err := symtable.Build(r.Module, paths[i], fut)
		if err != nil {
			b.Fatal(err)
		}
		units = append(units, unit{r.Module, st, fut})
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, u := range units {
			if _, _, err := codegen.Compile(u.mod, u.st, u.fut, paths[j], codegen.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
