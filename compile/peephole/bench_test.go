package peephole

import "testing"

func BenchmarkOptimize(b *testing.B) {
	var units []int
	for len(units) < 4000 {
		units = append(units, loadName, 0, popJumpF, len(units)+8, loadConst, 0, loadConst, 1, buildTuple, 2, popTop, 0)
	}
	units = append(units, loadConst, 0, retValue, 0)
	code := asm(units...)
	lnotab := make([]byte, 0, 2*len(code)/12)
	for i := 0; i+12 <= len(code); i += 12 {
		lnotab = append(lnotab, 12, 1)
	}
	consts := ints(1, 2)
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Optimize(code, consts, lnotab)
	}
}
