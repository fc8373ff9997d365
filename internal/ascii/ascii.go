// Package ascii tests text for bytes above 0x7F eight bytes at a time (the
// compiler asks it of every source and every string it marshals, and most
// of them are ASCII) and reads hex digits.
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

// HexValue is the value of the hex digit c, or -1: one load from a table.
// String literals and the unicode_escape source codec decode escapes with it.
func HexValue(c byte) int { return int(hexValues[c]) }

var hexValues = func() (t [256]int8) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = int8(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = int8(c-'a') + 10
		case 'A' <= c && c <= 'F':
			t[c] = int8(c-'A') + 10
		default:
			t[c] = -1
		}
	}
	return t
}()
