// Package ascii tests text for bytes above 0x7F eight bytes at a time: the
// compiler asks it of every source and every string it marshals, and most
// of them are ASCII.
package ascii

const high = 0x8080808080808080

// Is reports whether s has no byte above 0x7F.
func Is[T string | []byte](s T) bool {
	n := len(s)
	if n < 8 {
		// Most strings marshalled are short names: two overlapping loads
		// (or three bytes) cover them without a loop.
		switch {
		case n >= 4:
			return (le32(s)|le32(s[n-4:]))&high == 0
		case n > 0:
			return (s[0]|s[n/2]|s[n-1])&0x80 == 0
		}
		return true
	}
	i := 0
	// Whole sources: four words ORed together per test, which runs about
	// four times as fast as a test per word.
	for ; i+32 <= n; i += 32 {
		t := s[i : i+32]
		if (word(t[0:8])|word(t[8:16])|word(t[16:24])|word(t[24:32]))&high != 0 {
			return false
		}
	}
	for ; i+8 <= n; i += 8 {
		if word(s[i:i+8])&high != 0 {
			return false
		}
	}
	// The last word overlaps the words already tested, which is harmless.
	return i == n || word(s[n-8:])&high == 0
}

// word is the little-endian word of s[:8], which the compiler makes one load.
func word[T string | []byte](s T) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// le32 is the little-endian word of s[:4].
func le32[T string | []byte](s T) uint64 {
	_ = s[3]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
}
