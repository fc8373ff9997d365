package literal

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// IsIdentifier reports whether s (UTF-8 bytes from the source) is a valid
// identifier under PEP 3131 with Unicode 12.1 properties, as the tokenizer's
// verify_identifier checks non-ASCII names: s must be valid UTF-8, start
// with XID_Start or '_' and continue with XID_Continue.
func IsIdentifier(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		if i == 0 {
			if r != '_' && !isXIDStart(r) {
				return false
			}
		} else if !isXIDContinue(r) {
			return false
		}
	}
	return true
}

// Identifier returns the name CPython stores for an identifier token:
// NFKC-normalised when it holds non-ASCII characters.
func Identifier(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFKC.String(s)
		}
	}
	return s
}

// TODO: replace with generated Unicode 12.1 tables.
func isXIDStart(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r)
}

func isXIDContinue(r rune) bool {
	return isXIDStart(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Pc, r)
}
