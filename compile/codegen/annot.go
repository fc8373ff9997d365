package codegen

import "github.com/gopyc/gopyc/compile/ast"

// ExprString renders an annotation as source text for
// "from __future__ import annotations" (ast_unparse.c). It is a variable so
// the unparser can be plugged in without an import cycle.
var ExprString func(ast.Expr) string

func exprAsString(e ast.Expr) string {
	if ExprString != nil {
		return ExprString(e)
	}
	return ""
}
