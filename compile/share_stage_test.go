package compile

import (
	"testing"

	"github.com/gopyc/gopyc/compile/codegen"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/cputime"
	"github.com/gopyc/gopyc/marshal"
)

// BenchmarkStageShareUnit is BenchmarkStageShareAppend with the share
// model as Unit.Code runs it (share.ApplyDistinct). BenchmarkStageShareModel
// leaves out the marshal writer, and BenchmarkStageShareModelGeneral is it
// with share.ApplyIn.
func BenchmarkStageShareUnit(b *testing.B)  { benchShareUnit(b, true, share.ApplyDistinct) }
func BenchmarkStageShareModel(b *testing.B) { benchShareUnit(b, false, share.ApplyDistinct) }
func BenchmarkStageShareModelGeneral(b *testing.B) {
	benchShareUnit(b, false, share.ApplyIn)
}

func benchShareUnit(b *testing.B, write bool, apply func(*marshal.Code, share.State)) {
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
			if !write {
				continue
			}
			var err error
			if buf, err = marshal.AppendDumps(buf[:0], c); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu.PerOp(b)
}
