package compile

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/scanner"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
	"github.com/gopyc/gopyc/marshal"
)

// effectsOf reports what compiling src did to the CPython process, as far as
// it changes the bytes of files compiled after it by the same process (see
// share.State): the codec module a coding cookie imports, unicodedata
// imported by the first \N{...} escape decoded, and ast_unparse.c's interned
// statics once an annotation is unparsed. mod is nil when parsing failed.
func effectsOf(src []byte, mod *ast.Module, fut future.Features) share.Effects {
	var e share.Effects
	var file *source.File
	if hasCookie(src) {
		if f, err := source.Decode(src, ""); err == nil {
			file = f
			if m := source.CodecModule(f.Encoding); m != "" {
				e.Add("codec:" + m)
			}
		}
	}
	// ast.c decodes string literals, and NFKC-normalises non-ASCII
	// identifiers, only once the whole file parsed.
	if mod != nil && (bytes.Contains(src, []byte(`\N`)) || hasNonASCII(src)) {
		if file == nil {
			file, _ = source.Decode(src, "")
		}
		if file != nil {
			if named, nonASCII := unicodedataUses(file, &e); nonASCII {
				e.Add("nfkc")
			} else if named {
				e.Add("unicodedata")
			}
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

func hasNonASCII[T string | []byte](src T) bool {
	for i := 0; i < len(src); i++ {
		if src[i] >= 0x80 {
			return true
		}
	}
	return false
}

// unicodedataUses reports why building the AST makes CPython import
// unicodedata: to decode a \N escape in a non-raw str literal (named), or
// to NFKC-normalise a non-ASCII identifier (nonASCII). It records in e the
// one-character latin-1 identifiers, whose cached strings get interned.
func unicodedataUses(f *source.File, e *share.Effects) (named, nonASCII bool) {
	s := scanner.New(f)
	for {
		kind, start, end := s.Scan()
		switch kind {
		case token.ENDMARKER, token.ERRORTOKEN:
			return
		case token.NAME:
			if id := s.Text(start, end); hasNonASCII(id) {
				nonASCII = true
				id = literal.Identifier(id)
				if r, size := utf8.DecodeRuneInString(id); size == len(id) {
					e.InternSingle(r)
				}
			}
		case token.STRING:
			p, body := literal.SplitString(s.Text(start, end))
			if p.Raw || p.Bytes || !strings.Contains(body, `\N`) {
				continue
			}
			for i := 0; i+1 < len(body) && !named; i++ {
				if body[i] == '\\' {
					named = body[i+1] == 'N'
					i++ // skip the escaped character
				}
			}
		}
	}
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
