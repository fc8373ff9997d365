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
			effectsOf(src, st.mods[i].NamedEscape, st.mods[i].NonASCIINames)
		}
	}
	cpu.PerOp(b)
}

// BenchmarkStageSymtable measures symtable.Build over the standard library.
func BenchmarkStageSymtable(b *testing.B) { benchSymtable(b, false) }

// BenchmarkStageSymtableReleased is BenchmarkStageSymtable releasing each
// table as CompileUnit does, so that its memory serves the next module.
func BenchmarkStageSymtableReleased(b *testing.B) { benchSymtable(b, true) }

func benchSymtable(b *testing.B, release bool) {
	st := loadStage(b, true)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for n := 0; n < b.N; n++ {
		for i, mod := range st.mods {
			if t, err := symtable.Build(mod, st.names[i], st.futs[i]); err == nil && release {
				t.Release()
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
func BenchmarkStageShareAppend(b *testing.B) { benchShare(b, share.ApplyIn, writeAppend) }

// BenchmarkStageShareMarshal measures the share model and the marshal
// writer (as Unit.Marshal runs them) over the standard library's code.
func BenchmarkStageShareMarshal(b *testing.B) { benchShare(b, share.ApplyIn, writeDumps) }

// BenchmarkStageShareUnit is BenchmarkStageShareAppend with the share
// model as Unit.Code runs it (share.ApplyDistinct). BenchmarkStageShareModel
// leaves out the marshal writer, and BenchmarkStageShareModelGeneral is it
// with share.ApplyIn.
func BenchmarkStageShareUnit(b *testing.B)  { benchShare(b, share.ApplyDistinct, writeAppend) }
func BenchmarkStageShareModel(b *testing.B) { benchShare(b, share.ApplyDistinct, writeNone) }
func BenchmarkStageShareModelGeneral(b *testing.B) {
	benchShare(b, share.ApplyIn, writeNone)
}

// How benchShare writes each code object after the share model.
const (
	writeNone   = iota
	writeDumps  // marshal.Dumps, a new slice each time
	writeAppend // marshal.AppendDumps into one reused buffer
)

func benchShare(b *testing.B, apply func(*marshal.Code, share.State) share.State, write int) {
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
			apply(c, share.State{})
			var err error
			switch write {
			case writeDumps:
				_, err = marshal.Dumps(c)
			case writeAppend:
				buf, err = marshal.AppendDumps(buf[:0], c)
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu.PerOp(b)
}
