package marshal

import (
	"github.com/gopyc/gopyc/internal/cputime"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
)

// benchCode loads the standard library's code objects (or, without
// CPython, the golden .pyc files) once per benchmark.
func benchCode(b *testing.B) ([]Object, int) {
	b.Helper()
	var raw map[string][]byte
	if py38.Path() != "" {
		raw = stdlibPycs(b, 0)
	} else {
		raw = goldenFiles(b)
	}
	var objs []Object
	total := 0
	for _, name := range sortedKeys(raw) {
		o, err := Loads(raw[name])
		if err != nil {
			continue
		}
		objs = append(objs, o)
		total += len(raw[name])
	}
	return objs, total
}

func BenchmarkDumpsStdlib(b *testing.B) {
	objs, total := benchCode(b)
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	var buf []byte
	for i := 0; i < b.N; i++ {
		for _, o := range objs {
			var err error
			buf, err = AppendDumps(buf[:0], o)
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	// CPU time (all threads, GC included) is steadier than wall time on a
	// shared machine.
	cpu.PerOp(b)
}

func BenchmarkLoadsStdlib(b *testing.B) {
	var raw map[string][]byte
	if py38.Path() != "" {
		raw = stdlibPycs(b, 0)
	} else {
		raw = goldenFiles(b)
	}
	total := 0
	for _, d := range raw {
		total += len(d)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range raw {
			if _, err := Loads(d); err != nil {
				b.Fatal(err)
			}
		}
	}
}
