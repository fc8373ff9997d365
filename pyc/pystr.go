package pyc

import (
	"strings"
	"unicode/utf8"

	"github.com/gopyc/gopyc/marshal"
)

// Python strings travel through gopyc as "WTF-8": UTF-8 in which a lone
// surrogate code point is encoded as its own three bytes (what CPython's
// surrogatepass writes, and what marshal stores). File names arrive as raw
// bytes; CPython decodes them with surrogateescape, mapping each byte that
// is not valid UTF-8 to U+DC80+byte.

// FromOS converts a raw file name to the Python str CPython would see
// (os.fsdecode with surrogateescape), in WTF-8. Valid UTF-8 is returned
// unchanged.
func FromOS(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); {
		r, n := utf8.DecodeRuneInString(name[i:])
		if r == utf8.RuneError && n <= 1 {
			appendSurrogate(&b, 0xDC00|rune(name[i]))
			i++
			continue
		}
		b.WriteString(name[i : i+n])
		i += n
	}
	return b.String()
}

func appendSurrogate(b *strings.Builder, r rune) {
	b.WriteByte(byte(0xE0 | r>>12))
	b.WriteByte(byte(0x80 | (r>>6)&0x3F))
	b.WriteByte(byte(0x80 | r&0x3F))
}

// DecodeRune decodes one code point of a WTF-8 string, lone surrogates
// included. Bytes that are not WTF-8 decode as U+FFFD of width 1.
func DecodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF && s[2]&0xC0 == 0x80 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

// BackslashReplace turns each lone surrogate of a WTF-8 string into the
// \udXXX escape Python's "backslashreplace" error handler writes when the
// string is encoded to UTF-8 (compileall's message output, stderr).
func BackslashReplace(s string) string {
	if !strings.Contains(s, "\xed") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := DecodeRune(s[i:])
		if r >= 0xD800 && r <= 0xDFFF {
			b.WriteString(`\u`)
			writeHex(&b, r, 4)
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func writeHex(b *strings.Builder, r rune, digits int) {
	const hex = "0123456789abcdef"
	for d := digits - 1; d >= 0; d-- {
		b.WriteByte(hex[(r>>(4*uint(d)))&0xF])
	}
}

// Repr is Python's repr() of a str given in WTF-8 (see marshal.StrRepr).
func Repr(s string) string { return marshal.StrRepr(s) }

// ToOS is the inverse of FromOS: surrogates U+DC80..U+DCFF become the raw
// bytes they stand for (surrogateescape), as when CPython passes a str to
// the operating system or prints it to a surrogateescape stream.
func ToOS(s string) string {
	if !strings.Contains(s, "\xed\xb2") && !strings.Contains(s, "\xed\xb3") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := DecodeRune(s[i:])
		if r >= 0xDC80 && r <= 0xDCFF {
			b.WriteByte(byte(r))
		} else {
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}
