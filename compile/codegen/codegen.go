// Package codegen compiles a module's AST to a CPython 3.8 code object, as
// Python/compile.c does: instructions in basic blocks, then assembly
// (stack depth, line table, jump offsets, constant merging).
package codegen

import (
	"errors"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/symtable"
	"github.com/gopyc/gopyc/marshal"
)

// Options are the compile() settings that change the code.
type Options struct {
	Optimize int // -O level: 0, 1 or 2
}

// Compile generates the module's code object. The error, when not nil, is a
// *diag.Error; warnings (SyntaxWarning) are returned in order.
func Compile(mod *ast.Module, st *symtable.Table, fut future.Features, filename string, opts Options) (*marshal.Code, []diag.Warning, error) {
	return nil, nil, errors.New("codegen: not implemented")
}
