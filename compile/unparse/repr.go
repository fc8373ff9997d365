package unparse

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/gopyc/gopyc/marshal"
)

// Repr returns Python's repr() of a constant.
func Repr(o marshal.Object) string {
	switch v := o.(type) {
	case *marshal.Int:
		return v.BigInt().String()
	case *marshal.Float:
		return FloatRepr(v.V)
	case *marshal.Complex:
		return ComplexRepr(v.Real, v.Imag)
	case *marshal.Str:
		return strRepr(v.V)
	case *marshal.Bytes:
		return BytesRepr(v.V)
	case *marshal.Tuple:
		if len(v.Items) == 0 {
			return "()"
		}
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
	case *marshal.FrozenSet:
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
	case *marshal.Code:
		if v.Name != nil && v.Filename != nil {
			return "<code object " + v.Name.V + ", file " + strRepr(v.Filename.V) + ">"
		}
		return "<code object>"
	}
	switch o {
	case marshal.None:
		return "None"
	case marshal.True:
		return "True"
	case marshal.False:
		return "False"
	case marshal.Ellipsis:
		return "Ellipsis"
	}
	return "<?>"
}

// StrRepr is repr() of a str whose code points s holds as (surrogate-
// extended) UTF-8.
func StrRepr(s string) string { return strRepr(s) }

// decodeRune decodes one code point, accepting encoded surrogates.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	switch {
	case c < 0x80:
		return rune(c), 1
	case c < 0xE0 && i+1 < len(s):
		return rune(c&0x1F)<<6 | rune(s[i+1]&0x3F), 2
	case c < 0xF0 && i+2 < len(s):
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	case i+3 < len(s):
		return rune(c&0x07)<<18 | rune(s[i+1]&0x3F)<<12 | rune(s[i+2]&0x3F)<<6 | rune(s[i+3]&0x3F), 4
	}
	return rune(c), 1
}

func isPrintable(r rune) bool {
	if r < 0x7F {
		return r >= 0x20
	}
	k := sort.Search(len(nonPrintable), func(i int) bool { return nonPrintable[i][1] >= r })
	return !(k < len(nonPrintable) && nonPrintable[k][0] <= r)
}

const hexDigits = "0123456789abcdef"

// strRepr follows unicode_repr: single quotes unless the text has a single
// quote and no double quote; non-printable code points escaped.
func strRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, n := decodeRune(s, i)
		switch {
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			if r < 0x20 || r == 0x7F {
				b.WriteString(`\x`)
				b.WriteByte(hexDigits[r>>4])
				b.WriteByte(hexDigits[r&0xF])
			} else {
				b.WriteByte(byte(r))
			}
		case isPrintable(r):
			b.WriteString(s[i : i+n])
		case r <= 0xFF:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[r>>4])
			b.WriteByte(hexDigits[r&0xF])
		case r <= 0xFFFF:
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hexDigits[(r>>uint(sh))&0xF])
			}
		default:
			b.WriteString(`\U`)
			for sh := 28; sh >= 0; sh -= 4 {
				b.WriteByte(hexDigits[(r>>uint(sh))&0xF])
			}
		}
		i += n
	}
	b.WriteByte(quote)
	return b.String()
}

// BytesRepr is repr() of a bytes object.
func BytesRepr(v []byte) string {
	quote := byte('\'')
	if strings.IndexByte(string(v), '\'') >= 0 && strings.IndexByte(string(v), '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
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
		case c < 0x20 || c >= 0x7F:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xF])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// shortest returns the shortest round-tripping digits of |f| and the
// decimal point position: |f| = 0.digits * 10**decpt.
func shortest(f float64) (string, int) {
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e, _ := strconv.Atoi(exp)
	return digits, e + 1
}

// formatFloat is PyOS_double_to_string(f, 'r', 0, flags): shortest digits,
// exponent form when the point falls outside (-4, 16]; addDot0 appends
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
	digits, decpt := shortest(f)
	if decpt <= -4 || decpt > 16 {
		b.WriteByte(digits[0])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		e := decpt - 1
		b.WriteByte('e')
		if e < 0 {
			b.WriteByte('-')
			e = -e
		} else {
			b.WriteByte('+')
		}
		if e < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(e))
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

// FloatRepr is repr() of a float.
func FloatRepr(f float64) string { return formatFloat(f, true, false) }

// ComplexRepr is repr() of a complex: "2j" when the real part is +0,
// else "(re+imj)".
func ComplexRepr(re, im float64) string {
	if re == 0 && !math.Signbit(re) {
		return formatFloat(im, false, false) + "j"
	}
	return "(" + formatFloat(re, false, false) + formatFloat(im, false, true) + "j)"
}
