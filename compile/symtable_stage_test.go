package compile

import (
	"testing"

	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/internal/cputime"
)

// BenchmarkStageSymtableReleased is BenchmarkStageSymtable releasing each
// table as CompileUnit does, so that its memory serves the next module.
func BenchmarkStageSymtableReleased(b *testing.B) {
	st := loadStage(b, true)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for n := 0; n < b.N; n++ {
		for i, mod := range st.mods {
			if t, err := symtable.Build(mod, st.names[i], st.futs[i]); err == nil {
				t.Release()
			}
		}
	}
	cpu.PerOp(b)
}
