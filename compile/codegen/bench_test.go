package codegen_test

import (
	"flag"
	"github.com/gopyc/gopyc/internal/cputime"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/ast/astjson"
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/parser"
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

var benchEvery = flag.Int("codegen.benchevery", 1, "BenchmarkStdlibCodegen: compile every Nth stdlib file")

// BenchmarkStdlibCodegen measures codegen alone on the installed standard
// library (every -codegen.benchevery'th file), trees built beforehand by
// our own front end; bytes are source bytes.
func BenchmarkStdlibCodegen(b *testing.B) {
	type unit struct {
		path string
		mod  *ast.Module
		st   *symtable.Table
		fut  future.Features
	}
	var units []unit
	total := 0
	files := py38.StdlibFiles(b)
	for i := 0; i < len(files); i += *benchEvery {
		src, err := os.ReadFile(files[i])
		if err != nil {
			b.Fatal(err)
		}
		mod, _, err := parser.ParseFile(src, files[i])
		if err != nil {
			continue
		}
		fut, err := future.Parse(mod, files[i])
		if err != nil {
			continue
		}
		astopt.Optimize(mod, 0)
		st, err := symtable.Build(mod, files[i], fut)
		if err != nil {
			continue
		}
		units = append(units, unit{files[i], mod, st, fut})
		total += len(src)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	// One Memory, reset between files, as the pipeline does: allocating a
	// fresh one per file would measure the garbage collector instead.
	mem := new(codegen.Memory)
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		for _, u := range units {
			mem.Reset()
			codegen.Compile(u.mod, u.st, u.fut, u.path, codegen.Options{Memory: mem})
		}
	}
	// CPU time (all threads, GC included) is steadier than wall time on a
	// shared machine.
	cpu.PerOp(b)
}

var benchFile = flag.String("codegen.file", "", "BenchmarkFileCodegen: the file to compile")

// BenchmarkFileCodegen measures codegen alone on one file given by
// -codegen.file (for instance a synthetic one of many small functions,
// against the same statements at module level, to tell one function's
// cost); its tree is built beforehand by our own front end.
func BenchmarkFileCodegen(b *testing.B) {
	if *benchFile == "" {
		b.Skip("no -codegen.file")
	}
	src, err := os.ReadFile(*benchFile)
	if err != nil {
		b.Fatal(err)
	}
	mod, _, err := parser.ParseFile(src, *benchFile)
	if err != nil {
		b.Fatal(err)
	}
	fut, err := future.Parse(mod, *benchFile)
	if err != nil {
		b.Fatal(err)
	}
	astopt.Optimize(mod, 0)
	st, err := symtable.Build(mod, *benchFile, fut)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	mem := new(codegen.Memory)
	for i := 0; i < b.N; i++ {
		mem.Reset()
		if _, _, err := codegen.Compile(mod, st, fut, *benchFile, codegen.Options{Memory: mem}); err != nil {
			b.Fatal(err)
		}
	}
}
