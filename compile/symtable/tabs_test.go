package symtable

import (
	"testing"
	"unsafe"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/marshal"
)

// The walk's fast paths (ast.Words) recognise a node by its interface's
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
		return ast.ExprWord(e)
	}
	for _, c := range []struct {
		name string
		x    any
		tab  unsafe.Pointer
	}{
		{"Name", &ast.Name{}, ast.Words.Name},
		{"Constant", &ast.Constant{}, ast.Words.Constant},
		{"Attribute", &ast.Attribute{}, ast.Words.Attribute},
		{"Call", &ast.Call{}, ast.Words.Call},
		{"Subscript", &ast.Subscript{}, ast.Words.Subscript},
		{"BinOp", &ast.BinOp{}, ast.Words.BinOp},
		{"Compare", &ast.Compare{}, ast.Words.Compare},
		{"List", &ast.List{}, ast.Words.List},
		{"Tuple", &ast.Tuple{}, ast.Words.Tuple},
	} {
		if got := dyn(c.x); got != c.tab {
			t.Errorf("%s: itab %p made at run time, table holds %p", c.name, got, c.tab)
		}
	}
	var s any = &ast.Assign{}
	if ast.StmtWord(s.(ast.Stmt)) != ast.Words.Assign {
		t.Error("Assign: a second itab")
	}
	var s2 any = &ast.ExprStmt{}
	if ast.StmtWord(s2.(ast.Stmt)) != ast.Words.ExprStmt {
		t.Error("ExprStmt: a second itab")
	}
	var o any = &marshal.Tuple{}
	if marshal.TypeWord(o.(marshal.Object)) != tupleTab {
		t.Error("Tuple: a second itab")
	}
	if ast.ExprWord(&ast.BinOp{}) == ast.Words.Name {
		t.Error("BinOp and Name share an itab")
	}
}
