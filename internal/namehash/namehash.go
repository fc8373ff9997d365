// Package namehash is the cheap string hash the compiler's small tables
// share: most strings looked up are short identifiers, and a full hash of
// each cost more than the rest of a lookup.
package namehash

import "unsafe"

// Of mixes the length and the first and last eight bytes of s (all its
// bytes when shorter). Strings that agree there collide, which tables
// resolve by comparing the strings.
func Of(s string) uint32 {
	n := len(s)
	h := uint64(n) * 0x9E3779B97F4A7C15
	a, b := Ends(s)
	h ^= a * 0xC2B2AE3D27D4EB4F
	if n >= 8 {
		h ^= (b ^ h>>29) * 0x165667B19E3779F9
	}
	return uint32(h>>32) ^ uint32(h)
}

// Ends returns the first and the last eight bytes of s as words; a string
// shorter than eight bytes is packed whole into one word, returned twice.
// Together with the length they tell apart all strings of up to 16 bytes.
func Ends(s string) (first, last uint64) {
	n := len(s)
	p := unsafe.Pointer(unsafe.StringData(s))
	if n >= 8 {
		return *(*uint64)(p), *(*uint64)(unsafe.Add(p, n-8))
	}
	var a uint64
	if n >= 4 {
		// Its first and last four bytes, side by side: together they are
		// all its bytes, whatever the machine's byte order, read in two
		// loads instead of a round of a loop a byte (most strings hashed
		// are short names).
		a = uint64(*(*uint32)(p))<<32 | uint64(*(*uint32)(unsafe.Add(p, n-4)))
	} else {
		for i := 0; i < n; i++ {
			a = a<<8 | uint64(s[i])
		}
	}
	return a, a
}
