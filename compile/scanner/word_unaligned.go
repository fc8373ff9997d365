//go:build amd64 || arm64 || 386 || ppc64le

package scanner

import (
	"unsafe"

	"github.com/gopyc/gopyc/compile/token"
)

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

// tok is finish for the common tokens: neither end of input nor an
// error, with text starting on the current line. It sets the current
// token and reports true, for Quick's returns. It leaves parsetok's
// started to finish and to startLine: Quick takes tokens only on lines
// startLine began or on which get returned one, and started stays set
// until the end of input.
//
// Nor does Quick set inTok (CPython's tok->start) but for a string:
// only nextLine reads it, and only get (which sets it first) and str
// call nextLine.
//
// It sets Kind and Kw by one store, itself rather than by setKind: an
// inlined call within an inlined call leaves a NOP per token, at a line
// for which no other instruction stands.
func (s *Scanner) tok(kind token.Kind, a, b int) bool {
	*(*uint16)(unsafe.Pointer(&s.Kind)) = uint16(kind)
	s.Off, s.EndOff = int32(a), int32(b)
	return true
}

// tokKw is tok for a name with keyword code kw (see kwKind), storing
// Kind and Kw itself, as tok does.
func (s *Scanner) tokKw(kw int, a, b int) bool {
	*(*uint16)(unsafe.Pointer(&s.Kind)) = kwKind(kw)
	s.Off, s.EndOff = int32(a), int32(b)
	return true
}
