package compile

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/future"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/internal/ascii"
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
	if mod != nil && (bytes.Contains(src, []byte(`\N`)) || !ascii.Is(src)) {
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

// unicodedataUses reports why building the AST makes CPython import
// unicodedata: to decode a \N escape in a non-raw str literal (named), or
// to NFKC-normalise a non-ASCII identifier (nonASCII). It records in e the
// one-character latin-1 identifiers, whose cached strings get interned.
//
// The file parsed, so its tokens are well formed: rather than run the
// scanner again, it steps over comments and string literals (the only
// places either question depends on) and looks at the identifiers between
// them, much as the tokenizer's own loop does.
func unicodedataUses(f *source.File, e *share.Effects) (named, nonASCII bool) {
	src := f.Src
	for i := 0; i < len(src); {
		// Between tokens of interest: names and numbers matter only
		// when they hold a non-ASCII byte or prefix a string.
		for i < len(src) && byteClass[src[i]] == 0 {
			i++
		}
		if i == len(src) {
			break
		}
		switch c := src[i]; {
		case c == '#':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return
			}
			i += j + 1
		case c == '\'' || c == '"':
			// The name just before the quote, if a prefix, is at most
			// two bytes (and a string or comment never ends in one).
			k := i
			for k > 0 && i-k < 3 && identByte(src[k-1]) {
				k--
			}
			escapes := true
			if k < i && (k == 0 || !identByte(src[k-1])) && stringPrefix(src[k:i]) {
				escapes = !strings.ContainsAny(src[k:i], "rRbB")
			}
			i = skipString(src, i, escapes, &named)
		default: // a non-ASCII byte, which only a name holds
			k, j := i, i+1
			for k > 0 && identByte(src[k-1]) {
				k--
			}
			for j < len(src) && identByte(src[j]) {
				j++
			}
			nonASCII = true
			id := literal.Identifier(src[k:j])
			if r, size := utf8.DecodeRuneInString(id); size == len(id) {
				e.InternSingle(r)
			}
			i = j
		}
	}
	return
}

// byteClass is 1 for the bytes unicodedataUses stops at: quotes, '#' and
// those above 0x7F.
var byteClass = func() (t [256]uint8) {
	for c := 0x80; c < 256; c++ {
		t[c] = 1
	}
	t['\''], t['"'], t['#'] = 1, 1, 1
	return
}()

// identByte reports whether c can be part of a name or number token (the
// tokenizer takes every byte above 0x7F as a potential identifier byte).
func identByte(c byte) bool {
	return c >= 0x80 || c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// stringPrefix reports whether the tokenizer reads s, followed by a quote,
// as a string prefix: b, r, u, f, or br, rb, fr, rf in any case.
func stringPrefix(s string) bool {
	var b, r, u, f bool
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case 'b', 'B':
			if b || u || f {
				return false
			}
			b = true
		case 'u', 'U':
			if b || u || r || f {
				return false
			}
			u = true
		case 'r', 'R':
			if r || u {
				return false
			}
			r = true
		case 'f', 'F':
			if f || b || u {
				return false
			}
			f = true
		default:
			return false
		}
	}
	return true
}

// skipString returns the offset just past the string literal whose opening
// quote is at src[i]. When escapes is set (a str literal, not raw) it sets
// *named on a \N escape.
func skipString(src string, i int, escapes bool, named *bool) int {
	q := src[i]
	triple := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	if triple {
		i += 3
	} else {
		i++
	}
	for i < len(src) {
		switch src[i] {
		case '\\':
			if escapes && i+1 < len(src) && src[i+1] == 'N' {
				*named = true
			}
			i += 2
			continue
		case q:
			if !triple {
				return i + 1
			}
			if i+2 < len(src) && src[i+1] == q && src[i+2] == q {
				return i + 3
			}
		}
		i++
	}
	return len(src)
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
