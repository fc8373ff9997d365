package literal

import (
	"strings"
	"sync"

	"golang.org/x/text/unicode/runenames"
)

// Character names for \N{...} escapes, as CPython 3.8's unicodedata
// (Unicode 12.1) resolves them without named sequences: stored names match
// case-insensitively; Hangul syllable and CJK unified ideograph names are
// computed and must be spelled in capitals.
//
// The stored names come from x/text's runenames restricted to the
// characters named in Unicode 12.1 (Unicode never renames a character).

var (
	nameOnce sync.Once
	nameMap  map[string]rune
)

func buildNames() {
	nameMap = make(map[string]rune, 140000)
	for i := 0; i+1 < len(namedRanges); i += 2 {
		for r := rune(namedRanges[i]); r <= rune(namedRanges[i+1]); r++ {
			if n := runenames.Name(r); n != "" && n[0] != '<' {
				nameMap[n] = r
			}
		}
	}
	for n, r := range nameAliases {
		nameMap[n] = r
	}
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
	nameOnce.Do(buildNames)
	r, ok := nameMap[strings.ToUpper(name)]
	if !ok {
		r, ok = nameMap[asciiUpper(name)]
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
