package symtable

import (
	"testing"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// The walk's fast paths (exprTabs) recognise a node by its interface's
// itab word and fall back to the type switch on any other word, so a
// runtime that made a second itab for a pair would only slow the walk
// down. This test makes that loud: itabs made at run time (through any,
// as the parser's generic helpers convert) must be the ones the tables
// hold.
func TestItabsAreShared(t *testing.T) {
	dyn := func(x any) unsafe.Pointer {
		e, ok := x.(ast.Expr)
		if !ok {
			t.Fatalf("%T is not an ast.Expr", x)
		}
		return exprTab(e)
	}
	for _, c := range []struct {
		name string
		x    any
		tab  unsafe.Pointer
	}{
		{"Name", &ast.Name{}, tabs.name},
		{"Constant", &ast.Constant{}, tabs.constant},
		{"Attribute", &ast.Attribute{}, tabs.attribute},
		{"Call", &ast.Call{}, tabs.call},
		{"Subscript", &ast.Subscript{}, tabs.subscript},
		{"BinOp", &ast.BinOp{}, tabs.binOp},
		{"Compare", &ast.Compare{}, tabs.compare},
		{"List", &ast.List{}, tabs.list},
		{"Tuple", &ast.Tuple{}, tabs.tupleExpr},
	} {
		if got := dyn(c.x); got != c.tab {
			t.Errorf("%s: itab %p made at run time, table holds %p", c.name, got, c.tab)
		}
	}
	var s any = &ast.Assign{}
	if stmtTab(s.(ast.Stmt)) != tabs.assign {
		t.Error("Assign: a second itab")
	}
	var s2 any = &ast.ExprStmt{}
	if stmtTab(s2.(ast.Stmt)) != tabs.exprStmt {
		t.Error("ExprStmt: a second itab")
	}
	var o any = &marshal.Tuple{}
	if objectTab(o.(marshal.Object)) != tabs.tuple {
		t.Error("Tuple: a second itab")
	}
	if exprTab(&ast.BinOp{}) == tabs.name {
		t.Error("BinOp and Name share an itab")
	}
}
