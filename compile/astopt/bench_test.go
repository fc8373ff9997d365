package astopt

import (
	"os"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/parser"
	"github.com/gopyc/gopyc/internal/cputime"
	"github.com/gopyc/gopyc/internal/py38"
	"github.com/gopyc/gopyc/marshal"
)

// benchModule builds a module of n statements mixing foldable and
// unfoldable expressions.
func benchModule(n int) *ast.Module {
	m := &ast.Module{}
	for i := 0; i < n; i++ {
		c := func(v int64) ast.Expr { return &ast.Constant{Value: marshal.NewInt(v)} }
		name := &ast.Name{Id: "x", Ctx: ast.Load}
		m.Body = append(m.Body,
			&ast.Assign{Targets: []ast.Expr{&ast.Name{Id: "y", Ctx: ast.Store}},
				Value: &ast.BinOp{Left: c(int64(i)), Op: ast.Mult, Right: c(60)}},
			&ast.ExprStmt{Value: &ast.Call{Func: name, Args: []ast.Expr{
				&ast.BinOp{Left: name, Op: ast.Add, Right: c(1)},
				&ast.Compare{Left: name, Ops: []ast.CmpOp{ast.In}, Comparators: []ast.Expr{
					&ast.List{Elts: []ast.Expr{c(1), c(2), c(3)}, Ctx: ast.Load}}},
			}}})
	}
	return m
}

func BenchmarkOptimize(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		m := benchModule(1000)
		b.StartTimer()
		Optimize(m, 0)
	}
}

// BenchmarkStdlib folds the installed standard library's trees, parsed
// once; from the second pass on the trees are already folded, so it
// measures mostly the traversal.
func BenchmarkStdlib(b *testing.B) {
	var mods []*ast.Module
	for _, f := range py38.StdlibFiles(b) {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if m, _, err := parser.ParseFile(src, f); err == nil {
			mods = append(mods, m)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cputime.Start()
	for i := 0; i < b.N; i++ {
		for _, m := range mods {
			Optimize(m, 0)
		}
	}
	cpu.PerOp(b)
}
