package compile

import (
	"bytes"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/marshal"
)

// effectsOf reports what compiling src did to the CPython process, as far as
// it changes the bytes of files compiled after it by the same process (see
// share.State): the codec module a coding cookie imports, unicodedata
// imported by the first \N{...} escape decoded, and ast_unparse.c's interned
// statics once an annotation is unparsed. mod is nil when parsing failed.
func effectsOf(src []byte, mod *ast.Module, fut future.Features) share.Effects {
	var e share.Effects
	if hasCookie(src) {
		if f, err := source.Decode(src, ""); err == nil {
			if m := source.CodecModule(f.Encoding); m != "" {
				e.Add("codec:" + m)
			}
		}
	}
	// ast.c decodes string literals, and NFKC-normalises non-ASCII
	// identifiers, only once the whole file parsed.
	if mod != nil {
		if named, nonASCII := unicodedataUses(mod, &e); nonASCII {
			e.Add("nfkc")
		} else if named {
			e.Add("unicodedata")
		}
	}
	if mod != nil && fut.Flags&marshal.CoFutureAnnotations != 0 && unparsesAnnotation(mod.Body, false) {
		e.Add("unparse")
	}
	return e
}

// hasCookie is a cheap test for a coding declaration in the first two lines.
func hasCookie(src []byte) bool {
	n := 0
	for i, c := range src {
		if c == '\n' || c == '\r' {
			if n++; n == 2 {
				return bytes.Contains(src[:i], []byte("coding"))
			}
		}
	}
	return bytes.Contains(src, []byte("coding"))
}

// unicodedataUses reports why building the AST makes CPython import
// unicodedata, from what the scanner recorded in mod: to decode a \N escape
// in a non-raw str literal (named), or to NFKC-normalise a non-ASCII
// identifier (nonASCII). It records in e the one-character latin-1
// identifiers, whose cached strings get interned.
func unicodedataUses(mod *ast.Module, e *share.Effects) (named, nonASCII bool) {
	for _, id := range mod.NonASCIINames {
		id = literal.Identifier(id)
		if r, size := utf8.DecodeRuneInString(id); size == len(id) {
			e.InternSingle(r)
		}
	}
	return mod.NamedEscape, len(mod.NonASCIINames) > 0
}

// unparsesAnnotation reports whether the compiler turns some annotation of
// body into a string under `from __future__ import annotations`: those of
// function parameters and returns, and of simple names annotated at module
// or class level.
func unparsesAnnotation(body []ast.Stmt, inFunction bool) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FunctionDef:
				found = argsAnnotated(n.Args) || n.Returns != nil || unparsesAnnotation(n.Body, true)
				return false
			case *ast.AsyncFunctionDef:
				found = argsAnnotated(n.Args) || n.Returns != nil || unparsesAnnotation(n.Body, true)
				return false
			case *ast.ClassDef:
				found = unparsesAnnotation(n.Body, false)
				return false
			case *ast.AnnAssign:
				if _, ok := n.Target.(*ast.Name); ok && n.Simple != 0 && !inFunction {
					found = true
				}
			case *ast.Lambda:
				return false
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

func argsAnnotated(a *ast.Arguments) bool {
	for _, list := range [][]*ast.Arg{a.PosOnlyArgs, a.Args, a.KwOnlyArgs, {a.Vararg, a.Kwarg}} {
		for _, arg := range list {
			if arg != nil && arg.Annotation != nil {
				return true
			}
		}
	}
	return false
}
