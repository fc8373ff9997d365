// Package future reads a module's __future__ imports as CPython 3.8's
// Python/future.c does.
package future

import "github.com/gopyc/gopyc/compile/ast"

// Features is the set of CO_FUTURE_* flags (marshal.CoFuture*) a module
// enables, and the line of the last future import.
type Features struct {
	Flags  int
	Lineno int
}

// Parse collects the future features of mod. The error, when not nil, is a
// *diag.Error (SyntaxError).
func Parse(mod *ast.Module, filename string) (Features, error) {
	return Features{}, nil
}
