package codegen

import (
	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/unparse"
)

// exprAsString renders an annotation as source text for
// "from __future__ import annotations" (_PyAST_ExprAsUnicode).
func exprAsString(e ast.Expr) string {
	return unparse.Expr(e)
}
