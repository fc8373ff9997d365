package compile

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/astopt"
	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/cputime"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// stdlibStage is the standard library parsed once (trees from our parser,
// folded), for benchmarks of the stages after parsing.
type stdlibStage struct {
	names []string
	srcs  [][]byte
	mods  []*ast.Module
	futs  []future.Features
	total int64
}

func loadStage(b *testing.B, fold bool) *stdlibStage {
	files := py38.StdlibFiles(b)
	st := &stdlibStage{}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		mod, _, err := parser.ParseFile(src, f)
		if err != nil {
			continue
		}
		fut, err := future.Parse(mod, f)
		if err != nil {
			continue
		}
		if fold {
			astopt.Optimize(mod, 0)
		}
		st.names = append(st.names, f)
		st.srcs = append(st.srcs, src)
		st.mods = append(st.mods, mod)
		st.futs = append(st.futs, fut)
		st.total += int64(len(src))
	}
	return st
}

// BenchmarkStageEffects measures effectsOf over the standard library.
func BenchmarkStageEffects(b *testing.B) {
	st := loadStage(b, false)
	b.ResetTimer()
	cpu := cputime.Start()
	for n := 0; n < b.N; n++ {
		for i, src := range st.srcs {
			effectsOf(src, st.mods[i], st.futs[i])
		}
	}
	cpu.PerOp(b)
}

// BenchmarkStageSymtable measures symtable.Build over the standard library.
func BenchmarkStageSymtable(b *testing.B) {
	st := loadStage(b, true)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for n := 0; n < b.N; n++ {
		for i, mod := range st.mods {
			if _, err := symtable.Build(mod, st.names[i], st.futs[i]); err != nil {
				continue
			}
		}
	}
	cpu.PerOp(b)
}

// BenchmarkStageAstopt measures astopt.Optimize over freshly parsed trees
// (parsing excluded from the CPU time).
func BenchmarkStageAstopt(b *testing.B) {
	files := py38.StdlibFiles(b)
	var srcs [][]byte
	for _, f := range files {
		src, _ := os.ReadFile(f)
		srcs = append(srcs, src)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var used int64
	for n := 0; n < b.N; n++ {
		for i, src := range srcs {
			mod, _, err := parser.ParseFile(src, files[i])
			if err != nil {
				continue
			}
			t0 := cputime.Used()
			astopt.Optimize(mod, 0)
			used += int64(cputime.Used() - t0)
		}
	}
	b.ReportMetric(float64(used)/float64(b.N), "cpu-ns/op")
}

// BenchmarkStageShareAppend is BenchmarkStageShareMarshal writing into one
// reused buffer (AppendDumps), as package pyc does.
func BenchmarkStageShareAppend(b *testing.B) { benchShareMarshal(b, true) }

// BenchmarkStageShareMarshal measures the share model and the marshal
// writer (as Unit.Marshal runs them) over the standard library's code.
func BenchmarkStageShareMarshal(b *testing.B) { benchShareMarshal(b, false) }

func benchShareMarshal(b *testing.B, appendTo bool) {
	st := loadStage(b, true)
	var codes []*marshal.Code
	for i, mod := range st.mods {
		tab, err := symtable.Build(mod, st.names[i], st.futs[i])
		if err != nil {
			continue
		}
		code, _, err := codegen.Compile(mod, tab, st.futs[i], st.names[i], codegen.Options{})
		if err != nil {
			continue
		}
		codes = append(codes, code)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	var buf []byte
	for n := 0; n < b.N; n++ {
		for _, c := range codes {
			share.ApplyIn(c, share.State{})
			var err error
			if appendTo {
				buf, err = marshal.AppendDumps(buf[:0], c)
			} else {
				_, err = marshal.Dumps(c)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu.PerOp(b)
}
