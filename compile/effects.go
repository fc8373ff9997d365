package compile

import (
	"bytes"
	"unicode/utf8"

	"github.com/gopyc/gopyc/compile/literal"
	"github.com/gopyc/gopyc/compile/share"
	"github.com/gopyc/gopyc/compile/source"
)

// effectsOf reports what compiling src did to the CPython process, as far as
// it changes the bytes of files compiled after it by the same process (see
// share.State): the codec modules decoding its coding cookie imports (even
// when decoding fails) and the name it makes the codec registry keep, and
// unicodedata, imported by the unicode_escape codec's \N escapes or by the
// first \N{...} escape or non-ASCII name ast.c decoded (parser.Decoded).
// codegen adds the unparser's as it unparses.
func effectsOf(src []byte, namedEscape bool, nonASCIINames []string) share.Effects {
	var e share.Effects
	if hasCookie(src) {
		// Only a name the registry is asked for imports anything (most
		// cookies say UTF-8); the registry keeps it, found or not.
		if name := source.RegistryName(src); name != "" {
			if key := source.RegistryKey(name); nameChars(key) {
				e.HoldName(key)
			}
			codecs, named := source.Imports(src)
			for _, m := range codecs {
				e.Add("codec:" + m)
			}
			if named {
				e.Add("unicodedata")
			}
		}
	}
	// ast.c decodes string literals, and NFKC-normalises non-ASCII
	// identifiers, once the whole file parsed, until its first error (see
	// parser.Decoded).
	if nonASCII := unicodedataUses(nonASCIINames, &e); nonASCII {
		e.Add("nfkc")
	} else if namedEscape {
		e.Add("unicodedata")
	}
	return e
}

// nameChars reports whether s could be an interned string of a code
// object: a name, or a constant of ASCII letters, digits and underscores
// only (all a registry key, which may also hold '-' and '.', can be).
func nameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
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

// unicodedataUses reports whether ast.c NFKC-normalises one of the
// non-ASCII names it decoded, which imports unicodedata, and records in e
// the one-character latin-1 identifiers, whose cached strings get
// interned.
func unicodedataUses(nonASCIINames []string, e *share.Effects) (nonASCII bool) {
	for _, id := range nonASCIINames {
		id = literal.Identifier(id)
		if r, size := utf8.DecodeRuneInString(id); size == len(id) {
			e.InternSingle(r)
		}
	}
	return len(nonASCIINames) > 0
}
