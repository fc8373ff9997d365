package source

import (
	"strconv"

	"github.com/gopyc/gopyc/internal/ascii"
)

// LookupName resolves the name of a \N{...} escape as CPython 3.8's
// unicodedata does. Package literal, which holds the name tables and
// itself depends on this package, installs it; until then every name is
// unknown.
var LookupName = func(name string) (rune, bool) { return 0, false }

// decodeErr is str(UnicodeDecodeError(codec, text, start, end, reason)).
func decodeErr(codec string, text []byte, start, end int, reason string) string {
	if end-start == 1 {
		return "'" + codec + "' codec can't decode byte 0x" + hex2(text[start]) + " in position " +
			strconv.Itoa(start) + ": " + reason
	}
	return "'" + codec + "' codec can't decode bytes in position " + strconv.Itoa(start) + "-" +
		strconv.Itoa(end-1) + ": " + reason
}

// escapeResult is what an escape decoder made of the text.
type escapeResult struct {
	out []rune
	// named reports a \N escape: the codec imported unicodedata to
	// resolve it, which changes later files' bytes (see compile/share).
	named bool
	msg   string // the UnicodeDecodeError, or ""
}

// unicodeEscape is the strict "unicode_escape" codec
// (_PyUnicode_DecodeUnicodeEscape): bytes other than escapes stand for
// the code point of the same value (Latin-1). Invalid escapes such as \q
// are kept; the DeprecationWarning CPython 3.8 issues for them is
// attributed to importlib's frame, which the default filters ignore.
func unicodeEscape(text []byte) (res escapeResult) {
	out := make([]rune, 0, len(text))
	fail := func(start, end int, reason string) escapeResult {
		res.msg = decodeErr("unicodeescape", text, start, end, reason)
		return res
	}
	for i := 0; i < len(text); {
		c := text[i]
		i++
		if c != '\\' {
			out = append(out, rune(c))
			continue
		}
		start := i - 1
		if i >= len(text) {
			return fail(start, i, "\\ at end of string")
		}
		c = text[i]
		i++
		if r, ok := simpleEscape(c); ok {
			if c != '\n' { // backslash-newline stands for nothing
				out = append(out, r)
			}
			continue
		}
		switch c {
		case '0', '1', '2', '3', '4', '5', '6', '7':
			r := rune(c - '0')
			for k := 0; k < 2 && i < len(text) && '0' <= text[i] && text[i] <= '7'; k++ {
				r = r<<3 + rune(text[i]-'0')
				i++
			}
			out = append(out, r)
		case 'x', 'u', 'U':
			r, end, reason := hexEscape(text, i, c)
			if reason != "" {
				return fail(start, end, reason)
			}
			out, i = append(out, r), end
		case 'N':
			res.named = true
			r, end, reason := namedEscape(text, i)
			if reason != "" {
				return fail(start, end, reason)
			}
			out, i = append(out, r), end
		default:
			out = append(out, '\\', rune(c))
		}
	}
	res.out = out
	return res
}

// simpleEscape maps the character after a backslash in a one-character
// escape to what it stands for.
func simpleEscape(c byte) (rune, bool) {
	switch c {
	case '\n', '\\', '\'', '"':
		return rune(c), true
	case 'b':
		return '\b', true
	case 'f':
		return '\f', true
	case 't':
		return '\t', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'v':
		return '\v', true
	case 'a':
		return 7, true
	}
	return 0, false
}

// hexEscape reads the digits of a \x, \u or \U escape (kind) from text[i:]:
// the code point and where the escape ends, or the reason it is bad and
// where the bad part ends (at the first non-digit).
func hexEscape(text []byte, i int, kind byte) (rune, int, string) {
	count, reason := 2, "truncated \\xXX escape"
	switch kind {
	case 'u':
		count, reason = 4, "truncated \\uXXXX escape"
	case 'U':
		count, reason = 8, "truncated \\UXXXXXXXX escape"
	}
	var r uint32
	for ; count > 0 && i < len(text); i, count = i+1, count-1 {
		d := ascii.HexValue(text[i])
		if d < 0 {
			break
		}
		r = r<<4 | uint32(d)
	}
	if count > 0 {
		return 0, i, reason
	}
	if r > 0x10FFFF {
		return 0, i, "illegal Unicode character"
	}
	return rune(r), i, ""
}

// namedEscape reads "{NAME}" of a \N escape from text[i:], as hexEscape
// does: an empty name or a missing brace is malformed, the error ending
// where the scan stopped.
func namedEscape(text []byte, i int) (rune, int, string) {
	const malformed = "malformed \\N character escape"
	if i >= len(text) || text[i] != '{' {
		return 0, i, malformed
	}
	i++
	start := i
	for i < len(text) && text[i] != '}' {
		i++
	}
	if i == start || i >= len(text) {
		return 0, i, malformed
	}
	r, ok := LookupName(string(text[start:i]))
	if !ok {
		return 0, i + 1, "unknown Unicode character name"
	}
	return r, i + 1, ""
}

// rawUnicodeEscape is the strict "raw_unicode_escape" codec
// (PyUnicode_DecodeRawUnicodeEscape): only \uXXXX and \UXXXXXXXX are
// escapes; every other byte, a backslash included, is its Latin-1 code
// point.
func rawUnicodeEscape(text []byte) (res escapeResult) {
	out := make([]rune, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		i++
		if c != '\\' || i >= len(text) {
			out = append(out, rune(c))
			continue
		}
		c = text[i]
		i++
		if c != 'u' && c != 'U' {
			out = append(out, '\\', rune(c))
			continue
		}
		r, end, reason := hexEscape(text, i, c)
		if reason == "illegal Unicode character" {
			reason = "\\Uxxxxxxxx out of range"
		}
		if reason != "" {
			res.msg = decodeErr("rawunicodeescape", text, i-2, end, reason)
			return res
		}
		out, i = append(out, r), end
	}
	res.out = out
	return res
}
