package compile

import (
	"bytes"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/ast"
	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
)

// effectsOf reports what compiling src did to the CPython process, as far as
// it changes the bytes of files compiled after it by the same process (see
// share.State): the codec module a coding cookie imports and unicodedata
// imported by the first \N{...} escape decoded. mod is nil when parsing
// failed. (codegen adds the unparser's, as it unparses an annotation.)
func effectsOf(src []byte, mod *ast.Module) share.Effects {
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
