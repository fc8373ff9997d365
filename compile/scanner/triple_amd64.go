//go:build amd64 && !purego

package scanner

import "github.com/gopyc/gopyc/internal/cpufeat"

// useAVX2 reports whether tripleStopAVX2 may run: it needs AVX2 and POPCNT.
var useAVX2 = cpufeat.AVX2 && cpufeat.POPCNT

// tripleStopAVX2 is tripleStop over the whole 32-byte blocks of p[:n]:
// it returns stop = the offset of the first q or backslash, or of the
// bytes after the last whole block when none is in the blocks.
//
//go:noescape
func tripleStopAVX2(p *byte, n int, q byte) (stop, lines int, nonASCII bool)

// tripleStop returns the index of the first quote q or backslash in src
// from i, or len(src), with the count of newlines before it and whether a
// byte before it is not ASCII: one pass over a triple-quoted literal's
// body finds what the searches for its end, its lines and its bytes took
// four passes to.
func tripleStop(src string, i int, q byte) (stop, lines int, nonASCII bool) {
	if useAVX2 && len(src)-i >= 32 {
		stop, lines, nonASCII = tripleStopAVX2(unsafeAt(src, i), len(src)-i, q)
		stop += i
		if stop+32 <= len(src) || (stop < len(src) && (src[stop] == q || src[stop] == '\\')) {
			return stop, lines, nonASCII
		}
		i = stop
	}
	s, n, hi := tripleStopGeneric(src, i, q)
	return s, lines + n, nonASCII || hi
}
