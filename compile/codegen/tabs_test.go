package codegen

import (
	"testing"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
)

// visitExpr and visitStmt read a node's position at the start of the node
// its interface holds (every node begins with its Pos): Loc must agree.
func TestNodePosFirst(t *testing.T) {
	exprs := []ast.Expr{
		&ast.BoolOp{}, &ast.NamedExpr{}, &ast.BinOp{}, &ast.UnaryOp{}, &ast.Lambda{},
		&ast.IfExp{}, &ast.Dict{}, &ast.Set{}, &ast.ListComp{}, &ast.SetComp{},
		&ast.DictComp{}, &ast.GeneratorExp{}, &ast.Await{}, &ast.Yield{}, &ast.YieldFrom{},
		&ast.Compare{}, &ast.Call{}, &ast.FormattedValue{}, &ast.JoinedStr{}, &ast.Constant{},
		&ast.Attribute{}, &ast.Subscript{}, &ast.Starred{}, &ast.Name{}, &ast.List{}, &ast.Tuple{},
	}
	for _, e := range exprs {
		if e.Loc() != (*ast.Pos)((*iface)(unsafe.Pointer(&e)).d) {
			t.Errorf("%T: Pos is not first", e)
		}
	}
	stmts := []ast.Stmt{
		&ast.FunctionDef{}, &ast.AsyncFunctionDef{}, &ast.ClassDef{}, &ast.Return{}, &ast.Delete{},
		&ast.Assign{}, &ast.AugAssign{}, &ast.AnnAssign{}, &ast.For{}, &ast.AsyncFor{},
		&ast.While{}, &ast.If{}, &ast.With{}, &ast.AsyncWith{}, &ast.Raise{}, &ast.Try{},
		&ast.Assert{}, &ast.Import{}, &ast.ImportFrom{}, &ast.Global{}, &ast.Nonlocal{},
		&ast.ExprStmt{}, &ast.Pass{}, &ast.Break{}, &ast.Continue{},
	}
	for _, s := range stmts {
		if s.Loc() != (*ast.Pos)((*iface)(unsafe.Pointer(&s)).d) {
			t.Errorf("%T: Pos is not first", s)
		}
	}
}
