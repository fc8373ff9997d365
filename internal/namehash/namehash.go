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
	if n >= 8 {
		p := unsafe.Pointer(unsafe.StringData(s))
		a := *(*uint64)(p)
		b := *(*uint64)(unsafe.Add(p, n-8))
		h ^= a * 0xC2B2AE3D27D4EB4F
		h ^= (b ^ h>>29) * 0x165667B19E3779F9
	} else {
		var a uint64
		for i := 0; i < n; i++ {
			a = a<<8 | uint64(s[i])
		}
		h ^= a * 0xC2B2AE3D27D4EB4F
	}
	return uint32(h>>32) ^ uint32(h)
}
