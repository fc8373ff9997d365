package compile

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/internal/py38"
)

// BenchmarkStdlib compiles and marshals every file of the installed 3.8
// standard library, serially: the whole per-file path but for I/O.
func BenchmarkStdlib(b *testing.B) {
	files := py38.StdlibFiles(b)
	srcs := make([][]byte, len(files))
	total := 0
	for i, f := range files {
		srcs[i], _ = os.ReadFile(f)
		total += len(srcs[i])
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i, src := range srcs {
			u, _, err := CompileUnit(src, files[i], Options{})
			if err == nil {
				if _, err := u.Marshal(share.State{}); err != nil {
					b.Fatal(err)
				}
			}
			u.Release() // as the driver does once a file is written
		}
	}
}
