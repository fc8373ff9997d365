package source

import (
	"strconv"
	"unicode/utf8"
)

// decodeUTF16or32 decodes text with CPython's utf-16/utf-32 codecs (BOM
// handling for the plain names, little-endian otherwise), returning the
// UTF-8 text or the message of the first UnicodeDecodeError. Source so
// declared is ASCII for the cookie to be read, so it nearly always fails;
// the message is what matters.
func decodeUTF16or32(text []byte, mod string) ([]byte, string) {
	width, big, name := 2, false, "utf-16-le"
	switch mod {
	case "utf_16_be":
		big, name = true, "utf-16-be"
	case "utf_32", "utf_32_le":
		width, name = 4, "utf-32-le"
	case "utf_32_be":
		width, big, name = 4, true, "utf-32-be"
	}
	start := 0
	if mod == "utf_16" && len(text) >= 2 {
		if text[0] == 0xFE && text[1] == 0xFF {
			big, name, start = true, "utf-16-be", 2
		} else if text[0] == 0xFF && text[1] == 0xFE {
			start = 2
		}
	}
	if mod == "utf_32" && len(text) >= 4 {
		if text[0] == 0 && text[1] == 0 && text[2] == 0xFE && text[3] == 0xFF {
			big, name, start = true, "utf-32-be", 4
		} else if text[0] == 0xFF && text[1] == 0xFE && text[2] == 0 && text[3] == 0 {
			start = 4
		}
	}
	fail := func(a, b int, reason string) ([]byte, string) {
		if b-a == 1 {
			return nil, "'" + name + "' codec can't decode byte 0x" + hex2(text[a]) + " in position " + strconv.Itoa(a) + ": " + reason
		}
		return nil, "'" + name + "' codec can't decode bytes in position " + strconv.Itoa(a) + "-" + strconv.Itoa(b-1) + ": " + reason
	}
	unit := func(i int) rune {
		var r rune
		for k := 0; k < width; k++ {
			b := rune(text[i+k])
			if big {
				r = r<<8 | b
			} else {
				r |= b << (8 * k)
			}
		}
		return r
	}
	out := make([]byte, 0, len(text))
	for i := start; i < len(text); {
		if len(text)-i < width {
			return fail(i, len(text), "truncated data")
		}
		r := unit(i)
		if width == 4 {
			switch {
			case r < 0 || r > 0x10FFFF:
				return fail(i, i+4, "code point not in range(0x110000)")
			case r >= 0xD800 && r < 0xE000:
				return fail(i, i+4, "code point in surrogate code point range(0xd800, 0xe000)")
			}
			out = utf8.AppendRune(out, r)
			i += 4
			continue
		}
		switch {
		case r < 0xD800 || r >= 0xE000:
			out = utf8.AppendRune(out, r)
			i += 2
		case r >= 0xDC00:
			return fail(i, i+2, "illegal encoding")
		case len(text)-i < 4:
			return fail(i, len(text), "unexpected end of data")
		default:
			lo := unit(i + 2)
			if lo < 0xDC00 || lo >= 0xE000 {
				return fail(i, i+2, "illegal UTF-16 surrogate")
			}
			out = utf8.AppendRune(out, 0x10000+(r-0xD800)<<10+(lo-0xDC00))
			i += 4
		}
	}
	return out, ""
}
