// Package parser turns Python 3.8 source into a compile/ast tree with
// CPython 3.8's positions and SyntaxErrors.
package parser

import (
	"errors"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
)

// ParseFile decodes src (raw file bytes, PEP 263) and parses it as a module
// ("exec" mode). The error, when not nil, is a *diag.Error.
func ParseFile(src []byte, filename string) (*ast.Module, []diag.Warning, error) {
	return nil, nil, errors.New("parser: not implemented")
}
