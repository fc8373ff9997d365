package literal

import (
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
			if !inRanges(xidStart, r) {
				return false
			}
		} else if !inRanges(xidContinue, r) {
			return false
		}
	}
	return true
}

// Identifier returns the name CPython stores for an identifier token:
// NFKC-normalised when it holds non-ASCII characters (ast.c new_identifier).
func Identifier(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFKC.String(s)
		}
	}
	return s
}

// inRanges reports whether r lies in one of the inclusive [lo, hi] pairs of
// the sorted table t.
func inRanges(t []uint32, r rune) bool {
	c := uint32(r)
	lo, hi := 0, len(t)/2
	for lo < hi {
		m := (lo + hi) / 2
		switch {
		case c < t[2*m]:
			hi = m
		case c > t[2*m+1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}
