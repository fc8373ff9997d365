package parser

import (
	"github.com/gopyc/gopyc/internal/cputime"
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/py38"
)

// BenchmarkStdlib measures decode+tokenize+parse (to the AST) over the
// installed 3.8 standard library; MB/s is per core (one goroutine).
func BenchmarkStdlib(b *testing.B) { benchStdlib(b, ParseFile) }

// BenchmarkStdlibReuse is BenchmarkStdlib with one Parser recycling the
// trees from file to file.
func BenchmarkStdlibReuse(b *testing.B) {
	var ps Parser
	benchStdlib(b, ps.ParseFile)
}

func benchStdlib(b *testing.B, parse func([]byte, string) (*ast.Module, []diag.Warning, error)) {
	files := py38.StdlibFiles(b)
	var srcs [][]byte
	total := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		total += len(src)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		for j, src := range srcs {
			parse(src, files[j])
		}
	}
	// The machine is shared: CPU time says more than wall time.
	cpu.Rate(b, int64(total))
}
