package marshal

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Repr returns CPython 3.8's repr() of a constant: None, bools, Ellipsis,
// int, float, complex, str, bytes, and tuples and frozensets of these
// (frozenset items in the order they are stored). A code object gives a
// short "<code object NAME, file 'FILE'>"; anything else "<?>".
func Repr(o Object) string {
	switch v := o.(type) {
	case nil:
		return "None"
	case *Int:
		if v.Big != nil {
			return v.Big.String()
		}
		return strconv.FormatInt(v.Small, 10)
	case *Float:
		return FloatRepr(v.V)
	case *Complex:
		return ComplexRepr(v.Real, v.Imag)
	case *Str:
		return StrRepr(v.V)
	case *Bytes:
		return BytesRepr(v.V)
	case *Tuple:
		var b strings.Builder
		b.WriteByte('(')
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Repr(it))
		}
		if len(v.Items) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
		return b.String()
	case *FrozenSet:
		if len(v.Items) == 0 {
			return "frozenset()"
		}
		var b strings.Builder
		b.WriteString("frozenset({")
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Repr(it))
		}
		b.WriteString("})")
		return b.String()
	case *Code:
		if v.Name != nil && v.Filename != nil {
			return "<code object " + v.Name.V + ", file " + StrRepr(v.Filename.V) + ">"
		}
		return "<code object>"
	}
	switch o {
	case None:
		return "None"
	case True:
		return "True"
	case False:
		return "False"
	case Ellipsis:
		return "Ellipsis"
	}
	return "<?>"
}

// TypeName returns the name of o's Python type, as type(o).__name__.
func TypeName(o Object) string {
	switch o.(type) {
	case *Int:
		return "int"
	case *Float:
		return "float"
	case *Complex:
		return "complex"
	case *Str:
		return "str"
	case *Bytes:
		return "bytes"
	case *Tuple:
		return "tuple"
	case *FrozenSet:
		return "frozenset"
	case *List:
		return "list"
	case *Set:
		return "set"
	case *Dict:
		return "dict"
	case *Code:
		return "code"
	}
	switch o {
	case None:
		return "NoneType"
	case True, False:
		return "bool"
	case Ellipsis:
		return "ellipsis"
	case StopIteration:
		return "type"
	}
	return "object"
}

// Truth is Python's bool(o) (PyObject_IsTrue) for a constant.
func Truth(o Object) bool {
	switch v := o.(type) {
	case *Int:
		if v.Big != nil {
			return v.Big.Sign() != 0
		}
		return v.Small != 0
	case *Float:
		return v.V != 0
	case *Complex:
		return v.Real != 0 || v.Imag != 0
	case *Str:
		return v.V != ""
	case *Bytes:
		return len(v.V) != 0
	case *Tuple:
		return len(v.Items) != 0
	case *FrozenSet:
		return len(v.Items) != 0
	}
	switch o {
	case None, False:
		return false
	}
	return true
}

const hexDigits = "0123456789abcdef"

// StrRepr returns repr() of a str whose code points s holds in WTF-8
// (UTF-8, lone surrogates in surrogatepass form): single quotes unless the
// text has a single quote and no double quote; escapes for the quote,
// backslashes, control characters and what Python 3.8's str.isprintable
// rejects (its Unicode 12.1 tables, not Go's newer ones). A byte that is
// not WTF-8, which no Python str can hold, is written as \xNN.
func StrRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == quote || c == '\\':
				b.WriteByte('\\')
				b.WriteByte(c)
			case c == '\t':
				b.WriteString(`\t`)
			case c == '\n':
				b.WriteString(`\n`)
			case c == '\r':
				b.WriteString(`\r`)
			case c < ' ' || c == 0x7f:
				writeEscape(&b, rune(c))
			default:
				b.WriteByte(c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			if i+2 < len(s) && c == 0xED && s[i+1] >= 0xA0 && s[i+1] <= 0xBF && s[i+2]&0xC0 == 0x80 {
				// A lone surrogate: never printable.
				writeEscape(&b, rune(c&0x0F)<<12|rune(s[i+1]&0x3F)<<6|rune(s[i+2]&0x3F))
				i += 3
			} else {
				writeEscape(&b, rune(c))
				i++
			}
			continue
		}
		if isPrintable(r) {
			b.WriteString(s[i : i+size])
		} else {
			writeEscape(&b, r)
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

// writeEscape writes r as \xNN, \uNNNN or \UNNNNNNNN, the shortest that fits.
func writeEscape(b *strings.Builder, r rune) {
	n := 8
	switch {
	case r < 0x100:
		b.WriteString(`\x`)
		n = 2
	case r < 0x10000:
		b.WriteString(`\u`)
		n = 4
	default:
		b.WriteString(`\U`)
	}
	for sh := 4 * (n - 1); sh >= 0; sh -= 4 {
		b.WriteByte(hexDigits[r>>uint(sh)&15])
	}
}

// isPrintable is Py_UNICODE_ISPRINTABLE for a non-ASCII code point, by
// binary search of the generated printableRanges.
func isPrintable(r rune) bool {
	lo, hi := 0, len(printableRanges)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch {
		case r < printableRanges[m][0]:
			hi = m
		case r > printableRanges[m][1]:
			lo = m + 1
		default:
			return true
		}
	}
	return false
}

// BytesRepr returns repr() of a bytes object.
func BytesRepr(v []byte) string {
	quote := byte('\'')
	hasSQ, hasDQ := false, false
	for _, c := range v {
		if c == '\'' {
			hasSQ = true
		} else if c == '"' {
			hasDQ = true
		}
	}
	if hasSQ && !hasDQ {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(v) + 3)
	b.WriteByte('b')
	b.WriteByte(quote)
	for _, c := range v {
		switch {
		case c == quote || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			writeEscape(&b, rune(c))
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// FloatRepr returns repr() of a float: the shortest round-tripping digits,
// positional when the decimal point falls in (-4, 16], else scientific.
func FloatRepr(f float64) string { return formatFloat(f, true, false) }

// ComplexRepr returns repr() of a complex: "2j" when the real part is +0,
// else "(re+imj)".
func ComplexRepr(re, im float64) string {
	if re == 0 && !math.Signbit(re) {
		return formatFloat(im, false, false) + "j"
	}
	return "(" + formatFloat(re, false, false) + formatFloat(im, false, true) + "j)"
}

// formatFloat is PyOS_double_to_string(f, 'r', 0, flags): addDot0 appends
// ".0" to integral fixed-point output; plus forces a sign.
func formatFloat(f float64, addDot0, plus bool) string {
	var b strings.Builder
	switch {
	case math.IsNaN(f):
		if plus {
			b.WriteByte('+')
		}
		b.WriteString("nan")
		return b.String()
	case math.IsInf(f, 0):
		if f < 0 {
			b.WriteByte('-')
		} else if plus {
			b.WriteByte('+')
		}
		b.WriteString("inf")
		return b.String()
	}
	if math.Signbit(f) {
		b.WriteByte('-')
	} else if plus {
		b.WriteByte('+')
	}
	if f == 0 {
		if addDot0 {
			b.WriteString("0.0")
		} else {
			b.WriteString("0")
		}
		return b.String()
	}
	// Shortest digits and decimal exponent from strconv's 'e' format:
	// |f| = 0.digits * 10**decpt.
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	decpt := e + 1
	if decpt <= -4 || decpt > 16 {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		x := decpt - 1
		b.WriteByte('e')
		if x < 0 {
			b.WriteByte('-')
			x = -x
		} else {
			b.WriteByte('+')
		}
		if x < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(x))
		return b.String()
	}
	switch {
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	case decpt >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", decpt-len(digits)))
		if addDot0 {
			b.WriteString(".0")
		}
	default:
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	}
	return b.String()
}
