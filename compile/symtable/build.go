package symtable

import (
	"errors"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/future"
)

// Build builds the symbol table of mod. The error, when not nil, is a
// *diag.Error. Warnings are returned alongside.
func Build(mod *ast.Module, filename string, fut future.Features) (*Table, error) {
	return nil, errors.New("symtable: not implemented")
}
