package literal

import (
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/internal/ascii"
	"github.com/gopyc/gopyc/marshal"
)

// Str decodes the body of a str literal (prefix and quotes removed by
// SplitString). raw selects r-string rules. A result that needs new memory
// takes it from a. The result is encoded as
// marshal.Str.V (UTF-8 with lone surrogates in surrogatepass form).
// invalidEscape is the byte after the backslash of the first invalid escape
// sequence, which earns a DeprecationWarning (InvalidEscapeMsg) at the
// string's line, or -1.
func Str(a *Arena, body string, raw bool) (v string, invalidEscape int, err *Error) {
	if raw || strings.IndexByte(body, '\\') < 0 {
		if e := checkUTF8(body, "(unicode error) "); e != nil {
			return "", -1, e
		}
		return body, -1, nil
	}
	return decodeUnicodeEscapes(a, body)
}

// StrEscapes decodes a non-raw str body always through ast.c's
// decode_unicode_with_escapes, as f-string literal parts are: each run of
// non-ASCII bytes is decoded on its own, so UTF-8 error positions count
// from the start of the run. Str takes CPython's shortcut for plain
// literals without a backslash instead.
func StrEscapes(a *Arena, body string) (v string, invalidEscape int, err *Error) {
	return decodeUnicodeEscapes(a, body)
}

// checkUTF8 validates s as Python's strict UTF-8 decoder does and returns
// its error message, with prefix, for the first problem.
func checkUTF8(s string, prefix string) *Error {
	if m := source.UTF8Error(s); m != "" {
		return &Error{Msg: prefix + m}
	}
	return nil
}

// decodeErrorMsg is str(UnicodeDecodeError(codec, s, start, end, reason)).
func decodeErrorMsg(codec, s string, start, end int, reason string) string {
	if end-start == 1 {
		const hex = "0123456789abcdef"
		b := s[start]
		return "'" + codec + "' codec can't decode byte 0x" + string([]byte{hex[b>>4], hex[b&15]}) +
			" in position " + strconv.Itoa(start) + ": " + reason
	}
	return "'" + codec + "' codec can't decode bytes in position " + strconv.Itoa(start) + "-" +
		strconv.Itoa(end-1) + ": " + reason
}

// decodeUnicodeEscapes follows ast.c's decode_unicode_with_escapes: runs
// of non-ASCII bytes are decoded as UTF-8 and rewritten as \U escapes (a
// backslash before them becomes \u005c), then the buffer goes through the
// unicode-escape codec; error positions refer to that rewritten buffer.
func decodeUnicodeEscapes(a *Arena, body string) (string, int, *Error) {
	if ascii.Is(body) {
		return unicodeEscape(a, body)
	}
	var tmp []byte
	if a != nil {
		tmp = a.tmp[:0]
	}
	b, e := rewriteNonASCII(tmp, body)
	if e != nil {
		return "", -1, e
	}
	if a != nil {
		a.tmp = b // the result is decoded into a's chunks: b is free again
	}
	return unicodeEscape(a, unsafe.String(unsafe.SliceData(b), len(b)))
}

// rewriteNonASCII appends s, its non-ASCII characters rewritten as \U
// escapes, to b.
func rewriteNonASCII(b []byte, s string) ([]byte, *Error) {
	const hex = "0123456789abcdef"
	b = slices.Grow(b, len(s)*2)
	for i := 0; i < len(s); {
		if s[i] == '\\' {
			b = append(b, '\\')
			i++
			if i >= len(s) || s[i] >= utf8.RuneSelf {
				b = append(b, "u005c"...)
				if i >= len(s) {
					break
				}
			}
		}
		if s[i] >= utf8.RuneSelf {
			j := i
			for j < len(s) && s[j] >= utf8.RuneSelf {
				j++
			}
			run := s[i:j]
			if e := checkUTF8(run, "(unicode error) "); e != nil {
				return nil, e
			}
			for _, r := range run {
				b = append(b, '\\', 'U')
				for sh := 28; sh >= 0; sh -= 4 {
					b = append(b, hex[(r>>uint(sh))&15])
				}
			}
			i = j
		} else {
			b = append(b, s[i])
			i++
		}
	}
	return b, nil
}

// unicodeEscape is the strict "unicode_escape" decoder over an ASCII buffer.
// Its result is never longer than s.
func unicodeEscape(a *Arena, s string) (string, int, *Error) {
	invalid := -1
	b := a.room(len(s))
	fail := func(start, end int, msg string) (string, int, *Error) {
		return "", -1, &Error{Msg: "(unicode error) " + decodeErrorMsg("unicodeescape", s, start, end, msg)}
	}
	for i := 0; i < len(s); {
		c := s[i]
		i++
		if c != '\\' {
			// s is ASCII: the run up to the next escape, in one copy.
			j := len(s)
			if k := strings.IndexByte(s[i:], '\\'); k >= 0 {
				j = i + k
			}
			b = append(b, s[i-1:j]...)
			i = j
			continue
		}
		start := i - 1
		if i >= len(s) {
			return fail(start, i, "\\ at end of string")
		}
		c = s[i]
		i++
		if e := simpleEscapes[c]; e != 0 {
			b = append(b, e)
			continue
		}
		switch c {
		case '\n':
		case '0', '1', '2', '3', '4', '5', '6', '7':
			var x int
			x, i = octalEscape(s, i, c)
			b = appendChar(b, rune(x))
		case 'x', 'u', 'U':
			count, msg := 2, "truncated \\xXX escape"
			if c == 'u' {
				count, msg = 4, "truncated \\uXXXX escape"
			} else if c == 'U' {
				count, msg = 8, "truncated \\UXXXXXXXX escape"
			}
			var ch uint32
			for ; count > 0 && i < len(s); i, count = i+1, count-1 {
				d := ascii.HexValue(s[i])
				if d < 0 {
					break
				}
				ch = ch<<4 + uint32(d)
			}
			if count > 0 {
				return fail(start, i, msg)
			}
			if ch > 0x10FFFF {
				return fail(start, i, "illegal Unicode character")
			}
			b = appendChar(b, rune(ch))
		case 'N':
			msg := "malformed \\N character escape"
			if i < len(s) && s[i] == '{' {
				i++
				nameStart := i
				for i < len(s) && s[i] != '}' {
					i++
				}
				if i > nameStart && i < len(s) {
					name := s[nameStart:i]
					i++
					if r, ok := lookupName(name); ok {
						b = appendChar(b, r)
						continue
					}
					msg = "unknown Unicode character name"
				}
			}
			return fail(start, i, msg)
		default:
			if invalid < 0 {
				invalid = int(c)
			}
			b = append(b, '\\')
			b = appendChar(b, rune(c))
		}
	}
	return a.str(b), invalid, nil
}

// simpleEscapes maps the character after a backslash to the byte it
// stands for, for the escapes str and bytes literals share; 0 elsewhere.
var simpleEscapes = [256]byte{'\\': '\\', '\'': '\'', '"': '"', 'a': 7, 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}

// octalEscape reads an octal escape whose first digit, first, came just
// before s[i]: up to two more digits. It returns the value and the index
// after the escape.
func octalEscape(s string, i int, first byte) (x, next int) {
	x = int(first - '0')
	for n := 0; n < 2 && i < len(s) && '0' <= s[i] && s[i] <= '7'; n++ {
		x = x<<3 + int(s[i]-'0')
		i++
	}
	return x, i
}

// appendChar appends code point r in marshal.Str's encoding: UTF-8, with
// surrogates written as their three-byte (surrogatepass) form.
func appendChar(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(b, byte(r))
	}
	if 0xD800 <= r && r <= 0xDFFF {
		return append(b, 0xED, byte(0x80|(r>>6)&0x3F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(b, r)
}

// Bytes decodes the body of a bytes literal like Str does, into memory
// of its own from a: the result's capacity is its length, so appending
// to it copies. Non-ASCII
// characters are rejected first, as ast.c does.
func Bytes(a *Arena, body string, raw bool) (v []byte, invalidEscape int, err *Error) {
	for i := 0; i < len(body); i++ {
		if body[i] >= utf8.RuneSelf {
			return nil, -1, &Error{Msg: "bytes can only contain ASCII literal characters."}
		}
	}
	if raw || strings.IndexByte(body, '\\') < 0 {
		b := append(a.room(len(body)), body...)
		a.keep(b)
		return b, -1, nil // room's capacity was len(body)
	}
	invalid := -1
	b := a.room(len(body))
	s := body
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b = append(b, s[i])
			i++
			continue
		}
		i++
		if i == len(s) {
			return nil, -1, &Error{Msg: "(value error) Trailing \\ in string"}
		}
		c := s[i]
		i++
		if e := simpleEscapes[c]; e != 0 {
			b = append(b, e)
			continue
		}
		switch c {
		case '\n':
		case '0', '1', '2', '3', '4', '5', '6', '7':
			var x int
			x, i = octalEscape(s, i, c)
			b = append(b, byte(x)) // as CPython: above \377 the value wraps
		case 'x':
			if i+1 < len(s) {
				d1, d2 := ascii.HexValue(s[i]), ascii.HexValue(s[i+1])
				if d1 >= 0 && d2 >= 0 {
					b = append(b, byte(d1<<4+d2))
					i += 2
					break
				}
			}
			return nil, -1, &Error{Msg: "(value error) invalid \\x escape at position " + strconv.Itoa(i-2)}
		default:
			if invalid < 0 {
				invalid = int(c)
			}
			b = append(b, '\\')
			i-- // the character after the backslash is copied as itself
		}
	}
	a.keep(b)
	return b[:len(b):len(b)], invalid, nil
}

// MaxStrDigits is CPython 3.8.18's default limit on the digits of a
// decimal integer literal (sys.int_info.default_max_str_digits).
const MaxStrDigits = 4300

// Number converts the text of a NUMBER token to an *marshal.Int,
// *marshal.Float or *marshal.Complex. The only error is CPython 3.8.18's
// limit on decimal integer digits.
func Number(text string) (marshal.Object, *Error) {
	if v, ok := Int(text); ok {
		return marshal.NewInt(v), nil
	}
	if v, ok := Float(text); ok {
		return &marshal.Float{V: v}, nil
	}
	if strings.IndexByte(text, '_') >= 0 {
		text = strings.ReplaceAll(text, "_", "")
	}
	if text == "" {
		return marshal.NewInt(0), nil
	}
	last := text[len(text)-1]
	if last == 'j' || last == 'J' {
		return &marshal.Complex{Imag: parseFloat(text[:len(text)-1])}, nil
	}
	base, digits := intBase(text)
	if base == 10 && (strings.ContainsAny(text, ".eE") || zeroLed(text)) {
		return &marshal.Float{V: parseFloat(text)}, nil
	}
	if v, err := strconv.ParseInt(digits, base, 64); err == nil {
		return marshal.NewInt(v), nil
	}
	if base == 10 && len(digits) > MaxStrDigits {
		return nil, &Error{Msg: "Exceeds the limit (" + strconv.Itoa(MaxStrDigits) +
			") for integer string conversion: value has " + strconv.Itoa(len(digits)) +
			" digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits."}
	}
	z, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return marshal.NewInt(0), nil // the tokenizer admits no such text
	}
	return marshal.NewBigInt(z), nil
}

// Int returns the value of the text of a NUMBER token that Number makes
// an int fitting in int64, unless it has underscores: the common ints, for
// callers that keep the value without Number's allocation.
func Int(text string) (int64, bool) {
	// An explicit base admits neither underscores, signs (no token has
	// them after a prefix) nor '.', 'e', 'j' in decimal.
	base, digits := intBase(text)
	if base != 10 {
		return prefixedInt(digits, base)
	}
	if zeroLed(digits) {
		return 0, false
	}
	v, err := strconv.ParseInt(digits, base, 64)
	return v, err == nil
}

// zeroLed reports whether a decimal literal's text has a leading zero and
// a digit other than zero, which the tokenizer passes only when an "e"
// that starts no exponent follows ("01else"). CPython's parsenumber reads
// a text starting with "0" with strtoul in base 0, which stops after the
// zeros; the text not read in full, it is read as a float: 01 is 1.0.
func zeroLed(s string) bool {
	return len(s) > 1 && s[0] == '0' && strings.Trim(s, "0_") != ""
}

// prefixedInt is strconv.ParseInt(digits, base, 64) for the digits of a
// hex, octal or binary literal: base a power of two, a digit is a shift
// and an or, without ParseInt's general multiply and range tests (a
// stdlib run has ~31,000 such literals, at ~250 instructions each in
// ParseInt). A digit out of the base (an underscore) or a value beyond
// int64 reports false, as ParseInt's error would.
func prefixedInt(digits string, base int) (int64, bool) {
	shift := uint(bits.TrailingZeros(uint(base)))
	limit := uint64(math.MaxInt64) >> shift // v<<shift | d fits int64
	var v uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(ascii.HexValue(digits[i]))
		if d >= uint64(base) || v > limit {
			return 0, false
		}
		v = v<<shift | d
	}
	return int64(v), digits != ""
}

// Float returns the value of the text of a NUMBER token that Number makes
// a float, unless it has underscores, like Int.
func Float(text string) (float64, bool) {
	if text == "" || strings.IndexByte(text, '_') >= 0 || !strings.ContainsAny(text, ".eE") && !zeroLed(text) {
		return 0, false
	}
	if last := text[len(text)-1]; last == 'j' || last == 'J' {
		return 0, false
	}
	if base, _ := intBase(text); base != 10 {
		return 0, false
	}
	return parseFloat(text), true
}

// intBase returns the base of an int literal's text and its digits.
func intBase(text string) (int, string) {
	if len(text) >= 2 && text[0] == '0' {
		switch text[1] {
		case 'x', 'X':
			return 16, text[2:]
		case 'o', 'O':
			return 8, text[2:]
		case 'b', 'B':
			return 2, text[2:]
		}
	}
	return 10, text
}

// parseFloat is correctly rounded like CPython's dtoa; out-of-range values
// become infinities, as PyOS_string_to_double without an overflow exception.
func parseFloat(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v
		}
		return math.NaN()
	}
	return v
}
