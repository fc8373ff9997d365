// Package astopt folds constants in the AST as CPython 3.8's Python/ast_opt.c.
package astopt

import "github.com/gopyc/gopyc/compile/ast"

// Optimize folds mod in place. optimize is the -O level (0, 1 or 2).
func Optimize(mod *ast.Module, optimize int) {}
