package symtable

import (
	"errors"
	"testing"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
)

// TestRecursionLimitShapes checks the limit for chains of several shapes,
// whose leaves (names, constants, empty lists) and lambdas are counted on
// different paths (names by push's slowDeep bit): the last length that
// builds and the first that raises, as the walk that tested every leaf
// found them. A lambda with duplicate parameters at the limit reports
// them, as CPython does, rather than the depth.
func TestRecursionLimitShapes(t *testing.T) {
	name := func() ast.Expr { return &ast.Name{Id: "a", Ctx: ast.Load} }
	unary := func(leaf func() ast.Expr) func(int) ast.Expr {
		return func(n int) ast.Expr {
			e := leaf()
			for i := 1; i < n; i++ {
				e = &ast.UnaryOp{Op: ast.USub, Operand: e}
			}
			return e
		}
	}
	for _, c := range []struct {
		shape string
		make  func(int) ast.Expr
		ok    int // the longest chain that builds
		okErr string
	}{
		{"unary name", unary(name), 2966, ""},
		{"unary constant", unary(func() ast.Expr { return &ast.Constant{} }), 2966, ""},
		{"unary empty list", unary(func() ast.Expr { return &ast.List{} }), 2966, ""},
		{"attributes", func(n int) ast.Expr {
			e := name()
			for i := 1; i < n; i++ {
				e = &ast.Attribute{Value: e, Attr: "b"}
			}
			return e
		}, 2966, ""},
		{"call arguments", func(n int) ast.Expr {
			e := name()
			for i := 1; i < n; i++ {
				e = &ast.Call{Func: name(), Args: []ast.Expr{e}}
			}
			return e
		}, 2966, ""},
		{"lambdas", func(n int) ast.Expr {
			e := name()
			for i := 1; i < n; i++ {
				e = &ast.UnaryOp{Op: ast.USub, Operand: e}
				if i%500 == 0 {
					e = &ast.Lambda{Args: &ast.Arguments{}, Body: e}
				}
			}
			return e
		}, 2961, ""},
		{"duplicate parameters", unary(func() ast.Expr {
			return &ast.Lambda{Args: &ast.Arguments{Args: []*ast.Arg{{Arg: "x"}, {Arg: "x"}}}, Body: name()}
		}), 2966, "duplicate argument 'x' in function definition"},
	} {
		for _, n := range []int{c.ok, c.ok + 1} {
			mod := &ast.Module{Body: []ast.Stmt{&ast.ExprStmt{Value: c.make(n)}}}
			_, err := Build(mod, "f.py", future.Features{})
			var de *diag.Error
			got := ""
			if errors.As(err, &de) {
				got = de.Msg
			} else if err != nil {
				got = err.Error()
			}
			want := c.okErr
			if n > c.ok {
				want = "maximum recursion depth exceeded during compilation"
			}
			if got != want {
				t.Errorf("%s, %d: got %q, want %q", c.shape, n, got, want)
			}
		}
	}
}
