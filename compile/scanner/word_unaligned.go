//go:build amd64 || arm64 || 386 || ppc64le

package scanner

import "unsafe"

// word returns the eight bytes of s at i, first lowest, by one load:
// these machines are little-endian and load unaligned words. Through
// binary.LittleEndian (word_portable.go) the string's conversion to a
// []byte costs a nil pointer test and a second bounds test per word, and
// the larger inlining cost keeps spacesEnd and wordAt from inlining.
func word(s string, i int) uint64 {
	_ = s[i+7] // i is never negative
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}

// wordIn is word for an i that the caller keeps at most len(s)-8 (its
// loop test), without word's bounds check, which the compiler does not
// prove away.
func wordIn(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}

// pairAt returns the two bytes at p, first lowest, by one load.
func pairAt(p unsafe.Pointer) uint16 { return *(*uint16)(p) }

// setKind sets the current token's Kind and Kw, kk being kind | kw<<8, by
// one store: Kw is the byte after Kind (see the check below).
func (s *Scanner) setKind(kk uint16) { *(*uint16)(unsafe.Pointer(&s.Kind)) = kk }

// Kw must be the byte after Kind for setKind.
var _ = [1]struct{}{}[unsafe.Offsetof(Scanner{}.Kw)-unsafe.Offsetof(Scanner{}.Kind)-1]

// KindKw returns Kind | Kw<<8, by one load: KindKw() == uint16(token.NAME)
// tests for a NAME that is no keyword without testing Kind and Kw apart.
func (s *Scanner) KindKw() uint16 { return *(*uint16)(unsafe.Pointer(&s.Kind)) }
