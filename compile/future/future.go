// Package future reads a module's __future__ imports as CPython 3.8's
// Python/future.c does.
package future

import (
	"strings"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/marshal"
)

// Features is the set of CO_FUTURE_* flags (marshal.CoFuture*) a module
// enables, and the line of the last future import (-1 when there is none,
// as CPython's ff_lineno).
type Features struct {
	Flags  int
	Lineno int
}

// Parse collects the future features of mod. The error, when not nil, is a
// *diag.Error (SyntaxError).
//
// Only the leading run of statements is examined: an optional docstring,
// then `from __future__ import` statements. Parse reports a misplaced future
// import only in the one case future.c does (a later statement on the same
// line as the last leading one, e.g. "import a; from __future__ import b");
// every other misplaced one is reported by the code generator, which
// compares each `from __future__` statement's line with Features.Lineno.
func Parse(mod *ast.Module, filename string) (Features, error) {
	ff := Features{Lineno: -1}
	if mod == nil || len(mod.Body) == 0 {
		return ff, nil
	}
	body := mod.Body
	i := 0
	if HasDocString(body) {
		i++
	}
	done := false
	prevLine := int32(0)
	for ; i < len(body); i++ {
		s := body[i]
		if s == nil {
			continue
		}
		pos := s.Loc()
		// Once past the leading future imports, only statements sharing the
		// line of the last examined one are still checked here.
		if done && pos.Lineno > prevLine {
			break
		}
		prevLine = pos.Lineno
		imp, ok := s.(*ast.ImportFrom)
		if !ok || imp.Module != "__future__" {
			done = true
			continue
		}
		if done {
			return ff, syntaxError(filename, "from __future__ imports must occur at the beginning of the file", int(pos.Lineno), int(pos.ColOffset))
		}
		if err := checkFeatures(&ff, imp, filename); err != nil {
			return ff, err
		}
		ff.Lineno = int(pos.Lineno)
	}
	return ff, nil
}

// HasDocString reports whether body starts with a docstring: an expression
// statement whose value is a str constant (CPython's _PyAST_GetDocString).
func HasDocString(body []ast.Stmt) bool {
	if len(body) == 0 {
		return false
	}
	e, ok := body[0].(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := e.Value.(*ast.Constant)
	if !ok {
		return false
	}
	_, ok = c.Value.(*marshal.Str)
	return ok
}

func checkFeatures(ff *Features, s *ast.ImportFrom, filename string) error {
	for _, a := range s.Names {
		switch a.Name {
		case "nested_scopes", "generators", "division", "absolute_import",
			"with_statement", "print_function", "unicode_literals", "generator_stop":
			// Mandatory in Python 3: accepted, no flag.
		case "barry_as_FLUFL":
			ff.Flags |= marshal.CoFutureBarryAsBDFL
		case "annotations":
			ff.Flags |= marshal.CoFutureAnnotations
		case "braces":
			return syntaxError(filename, "not a chance", int(s.Lineno), int(s.ColOffset)+1)
		default:
			return syntaxError(filename, "future feature "+truncate(a.Name, 100)+" is not defined", int(s.Lineno), int(s.ColOffset)+1)
		}
	}
	return nil
}

// truncate cuts s to at most n bytes the way a C "%.Ns" format followed by
// a lenient UTF-8 decode does: a character split by the cut becomes U+FFFD.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "\uFFFD")
}

func syntaxError(filename, msg string, lineno, offset int) error {
	return &diag.Error{Class: "SyntaxError", Msg: msg, Filename: filename, Lineno: lineno, Offset: offset}
}
