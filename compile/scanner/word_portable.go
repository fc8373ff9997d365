//go:build !(amd64 || arm64 || 386 || ppc64le)

package scanner

import (
	"encoding/binary"
	"unsafe"

	"github.com/gopyc/gopyc/compile/token"
)

// word returns the eight bytes of s at i, first lowest.
func word(s string, i int) uint64 { return binary.LittleEndian.Uint64([]byte(s[i : i+8])) }

// wordIn is word for an i that the caller keeps at most len(s)-8.
func wordIn(s string, i int) uint64 { return word(s, i) }

// pairAt returns the two bytes at p, first lowest.
func pairAt(p unsafe.Pointer) uint16 {
	return uint16(*(*byte)(p)) | uint16(*(*byte)(unsafe.Add(p, 1)))<<8
}

// setKind sets the current token's Kind and Kw, kk being kind | kw<<8.
func (s *Scanner) setKind(kk uint16) { s.Kind, s.Kw = token.Kind(kk), uint8(kk>>8) }

// KindKw returns Kind | Kw<<8.
func (s *Scanner) KindKw() uint16 { return uint16(s.Kind) | uint16(s.Kw)<<8 }

// tok is finish for the common tokens (see word_unaligned.go).
func (s *Scanner) tok(kind token.Kind, a, b int) bool {
	s.Kind, s.Kw = kind, token.NoKeyword
	s.Off, s.EndOff = int32(a), int32(b)
	return true
}

// tokKw is tok for a name with keyword code kw (see kwKind).
func (s *Scanner) tokKw(kw int, a, b int) bool {
	s.setKind(kwKind(kw))
	s.Off, s.EndOff = int32(a), int32(b)
	return true
}
