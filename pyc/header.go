// Package pyc writes and reads the files CPython 3.8 caches compiled modules
// in, and is gopyc's library API.
//
// Compiling: CompileCode turns source into a code object (as compile()),
// CompileBytes into the bytes of a .pyc with the header of a chosen
// invalidation mode, CompileFile into a file at its PEP 3147 cache path
// (as py_compile.compile). Build performs one explicit, hermetic build
// action; Run is compileall's directory driver (the compiler is handed in
// as a Compiler: Default or Hermetic, or a test double).
//
// The file format: the 16-byte header (PEP 552: Header, ParseHeader,
// SourceHash), the cache paths of importlib (PEP 3147, PEP 488,
// pycache_prefix: Paths), atomic replacement (WriteAtomic). Diff explains
// how two .pyc files differ, down to the instruction.
package pyc

import (
	"encoding/binary"
	"errors"
	"strconv"
)

// Magic is CPython 3.8's MAGIC_NUMBER: 3413 little-endian, then "\r\n".
var Magic = [4]byte{0x55, 0x0d, 0x0d, 0x0a}

// RawMagic is the magic number read as a little-endian uint32, the key of
// the source hash.
const RawMagic = 0x0a0d0d55

// HeaderSize is the length of a .pyc header.
const HeaderSize = 16

// Mode is a .pyc invalidation mode (py_compile.PycInvalidationMode).
type Mode int

const (
	Timestamp     Mode = iota + 1 // validated by source mtime and size
	CheckedHash                   // validated by source hash on import
	UncheckedHash                 // source hash recorded but not checked
)

// Flag bits of the header's second word.
const (
	FlagHashBased   = 1 << 0
	FlagCheckSource = 1 << 1
)

var modeNames = [...]string{Timestamp: "timestamp", CheckedHash: "checked-hash", UncheckedHash: "unchecked-hash"}

func (m Mode) String() string {
	if m >= Timestamp && m <= UncheckedHash {
		return modeNames[m]
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode reads a --invalidation-mode value.
func ParseMode(s string) (Mode, bool) {
	for m := Timestamp; m <= UncheckedHash; m++ {
		if modeNames[m] == s {
			return m, true
		}
	}
	return 0, false
}

// DefaultMode is py_compile's default: checked-hash when SOURCE_DATE_EPOCH
// is set to a non-empty value, timestamp otherwise. getenv is os.Getenv in
// production.
func DefaultMode(getenv func(string) string) Mode {
	if getenv("SOURCE_DATE_EPOCH") != "" {
		return CheckedHash
	}
	return Timestamp
}

// Header is the decoded first 16 bytes of a .pyc.
type Header struct {
	Flags uint32
	Mtime uint32  // timestamp mode: source mtime mod 2**32
	Size  uint32  // timestamp mode: source size mod 2**32
	Hash  [8]byte // hash modes: SourceHash of the source
}

// TimestampHeader is the header of a timestamp-mode .pyc; mtime is the
// integer part of the source's st_mtime, size its st_size, both taken
// modulo 2**32 as importlib does.
func TimestampHeader(mtime, size int64) Header {
	return Header{Mtime: uint32(mtime), Size: uint32(size)}
}

// HashHeader is the header of a hash-based .pyc for source.
func HashHeader(source []byte, checked bool) Header {
	h := Header{Flags: FlagHashBased, Hash: SourceHash(source)}
	if checked {
		h.Flags |= FlagCheckSource
	}
	return h
}

// Mode reports the invalidation mode the flags select.
func (h Header) Mode() Mode {
	switch {
	case h.Flags&FlagHashBased == 0:
		return Timestamp
	case h.Flags&FlagCheckSource != 0:
		return CheckedHash
	}
	return UncheckedHash
}

// Append appends the 16 header bytes to b.
func (h Header) Append(b []byte) []byte {
	b = append(b, Magic[:]...)
	b = binary.LittleEndian.AppendUint32(b, h.Flags)
	if h.Flags&FlagHashBased != 0 {
		return append(b, h.Hash[:]...)
	}
	b = binary.LittleEndian.AppendUint32(b, h.Mtime)
	return binary.LittleEndian.AppendUint32(b, h.Size)
}

// Encode returns the whole .pyc: header followed by the marshalled code.
func Encode(h Header, code []byte) []byte {
	b := make([]byte, 0, HeaderSize+len(code))
	return append(h.Append(b), code...)
}

// Errors of ParseHeader, as importlib's _classify_pyc distinguishes them.
var (
	ErrBadMagic = errors.New("pyc: bad magic number")
	ErrShort    = errors.New("pyc: reached EOF while reading pyc header")
	ErrBadFlags = errors.New("pyc: invalid flags")
)

// ParseHeader decodes the header at the start of data, checking it as
// importlib does before trusting a cached file: the magic number first, then
// the length, then that only the two defined flag bits are set.
func ParseHeader(data []byte) (Header, error) {
	if len(data) < 4 || [4]byte(data[:4]) != Magic {
		return Header{}, ErrBadMagic
	}
	if len(data) < HeaderSize {
		return Header{}, ErrShort
	}
	h := Header{Flags: binary.LittleEndian.Uint32(data[4:8])}
	if h.Flags&^3 != 0 {
		return Header{}, ErrBadFlags
	}
	if h.Flags&FlagHashBased != 0 {
		copy(h.Hash[:], data[8:16])
	} else {
		h.Mtime = binary.LittleEndian.Uint32(data[8:12])
		h.Size = binary.LittleEndian.Uint32(data[12:16])
	}
	return h, nil
}
