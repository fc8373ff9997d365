package literal

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/gopyc/gopyc/compile/source"
	"golang.org/x/text/unicode/runenames"
)

// Character names for \N{...} escapes, as CPython 3.8's unicodedata
// (Unicode 12.1) resolves them without named sequences: stored names match
// case-insensitively; Hangul syllable and CJK unified ideograph names are
// computed and must be spelled in capitals.
//
// The stored names come from x/text's runenames restricted to the
// characters named in Unicode 12.1 (Unicode never renames a character).

// nameAliases is built on first use: few files have \N escapes, and
// building it at process start cost every run ~0.1 ms.
var nameAliases = sync.OnceValue(newNameAliases)

// nameTable holds the characters with a stored name (but for the Hangul
// syllables and CJK ideographs, whose names are computed) in the order of
// their names, three bytes (little-endian) a rune: a name is found by
// binary search, asking runenames for the names it passes. It is made by
// TestNameTable (go test -run NameTable -update). Building a hash index
// of the 32,746 names at run time cost the first \N escape ~9 M
// instructions; a search asks for ~16 names.
//
//go:embed names.bin
var nameTable string

func nameRune(i int) rune {
	return rune(nameTable[3*i]) | rune(nameTable[3*i+1])<<8 | rune(nameTable[3*i+2])<<16
}

// storedName looks up an exact name: an alias first (an alias that equals
// a character's name wins), then the characters' names.
func storedName(name string) (rune, bool) {
	if r, ok := nameAliases()[name]; ok {
		return r, true
	}
	lo, hi := 0, len(nameTable)/3
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch r := nameRune(m); strings.Compare(runenames.Name(r), name) {
		case 0:
			return r, true
		case -1:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0, false
}

func lookupName(name string) (rune, bool) {
	if strings.HasPrefix(name, "HANGUL SYLLABLE ") {
		return hangul(name[16:])
	}
	if strings.HasPrefix(name, "CJK UNIFIED IDEOGRAPH-") {
		h := name[22:]
		if len(h) != 4 && len(h) != 5 {
			return 0, false
		}
		var v rune
		for i := 0; i < len(h); i++ {
			c := h[i]
			switch {
			case '0' <= c && c <= '9':
				v = v*16 + rune(c-'0')
			case 'A' <= c && c <= 'F':
				v = v*16 + rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return v, inRanges(cjkRanges, v)
	}
	r, ok := storedName(strings.ToUpper(name))
	if !ok {
		r, ok = storedName(asciiUpper(name))
	}
	return r, ok
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}

var (
	jamoL = []string{"G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"}
	jamoV = []string{"A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI",
		"YU", "EU", "YI", "I"}
	jamoT = []string{"", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B",
		"BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"}
)

// hangul parses the jamo part of a Hangul syllable name, taking the longest
// matching short name at each step as unicodedata does.
func hangul(s string) (rune, bool) {
	longest := func(s string, tab []string) (int, int) {
		best, bestLen := -1, -1
		for i, n := range tab {
			if len(n) > bestLen && strings.HasPrefix(s, n) {
				best, bestLen = i, len(n)
			}
		}
		return best, bestLen
	}
	l, n := longest(s, jamoL)
	if l < 0 {
		return 0, false
	}
	s = s[n:]
	v, n := longest(s, jamoV)
	if v < 0 {
		return 0, false
	}
	s = s[n:]
	t, n := longest(s, jamoT)
	if t < 0 || n != len(s) {
		return 0, false
	}
	return rune(0xAC00 + (l*21+v)*28 + t), true
}

// The unicode_escape source codec resolves \N escapes as string literals
// do; package source cannot import this one.
func init() { source.LookupName = lookupName }
