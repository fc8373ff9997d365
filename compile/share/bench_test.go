package share

import (
	"github.com/gopyc/gopyc/internal/cputime"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// BenchmarkApply runs the sharing model over the code trees of CPython's
// own .pyc files for the standard library (as marshal.Loads decodes them).
func BenchmarkApply(b *testing.B) {
	py38.Require(b)
	prefix := py38.ReferenceTree(b, py38.Stdlib(), 0, "")
	var codes []*marshal.Code
	err := filepath.WalkDir(prefix, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".pyc") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) < 16 {
			return err
		}
		if o, err := marshal.Loads(data[16:]); err == nil {
			if c, ok := o.(*marshal.Code); ok {
				codes = append(codes, c)
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		for _, c := range codes {
			ApplyIn(c, State{})
		}
	}
	// CPU time (all threads, GC included) is steadier than wall time on a
	// shared machine.
	cpu.PerOp(b)
}
