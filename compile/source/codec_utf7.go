package source

// utf7 decodes text with the strict, final "utf-7" codec
// (PyUnicode_DecodeUTF7Stateful without a consumed count). As CPython's,
// it is lenient: ASCII other than '+' stands for itself, and surrogates
// that do not pair are kept (translate_into_utf8 then rejects them).
func utf7(text []byte) ([]rune, string) {
	d := utf7Decoder{out: make([]rune, 0, len(text))}
	for i := 0; i < len(text); {
		var reason string
		start := i
		if d.inShift {
			i, reason = d.shifted(text, i)
			start = d.shiftStart
		} else {
			i, reason = d.direct(text, i)
		}
		if reason != "" {
			return nil, decodeErr("utf7", text, start, i, reason)
		}
	}
	if d.inShift && (d.surrogate != 0 || d.nbits >= 6 || d.nbits > 0 && d.bits != 0) {
		return nil, decodeErr("utf7", text, d.shiftStart, len(text), "unterminated shift sequence")
	}
	return d.out, ""
}

type utf7Decoder struct {
	out        []rune
	inShift    bool
	shiftStart int    // where the '+' of the current shift sequence is
	bits       uint64 // base-64 bits not yet output, nbits of them
	nbits      uint
	surrogate  rune // a high surrogate waiting for its low half
}

func isBase64(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '+' || c == '/'
}

func fromBase64(c byte) uint64 {
	switch {
	case 'A' <= c && c <= 'Z':
		return uint64(c - 'A')
	case 'a' <= c && c <= 'z':
		return uint64(c-'a') + 26
	case '0' <= c && c <= '9':
		return uint64(c-'0') + 52
	case c == '+':
		return 62
	}
	return 63
}

// direct decodes the byte at i outside a shift sequence, returning where
// decoding goes on, or the reason for an error ending there (which then
// starts at i).
func (d *utf7Decoder) direct(text []byte, i int) (int, string) {
	c := text[i]
	switch {
	case c == '+':
		d.shiftStart = i
		i++
		if i < len(text) && text[i] == '-' {
			d.out = append(d.out, '+')
			return i + 1, ""
		}
		if i < len(text) && !isBase64(text[i]) {
			return i + 1, "ill-formed sequence"
		}
		d.inShift, d.surrogate, d.bits, d.nbits = true, 0, 0, 0
		return i, ""
	case c < 0x80:
		d.out = append(d.out, rune(c))
		return i + 1, ""
	}
	return i + 1, "unexpected special character"
}

// shifted decodes the byte at i inside a shift sequence; an error starts
// at the sequence's '+'.
func (d *utf7Decoder) shifted(text []byte, i int) (int, string) {
	c := text[i]
	if isBase64(c) {
		d.bits = d.bits<<6 | fromBase64(c)
		d.nbits += 6
		if d.nbits >= 16 {
			d.nbits -= 16
			d.unit(rune(d.bits >> d.nbits))
			d.bits &= 1<<d.nbits - 1
		}
		return i + 1, ""
	}
	// The shift sequence ends here.
	d.inShift = false
	if d.nbits >= 6 {
		return i + 1, "partial character in shift sequence"
	}
	if d.nbits > 0 && d.bits != 0 {
		return i + 1, "non-zero padding bits in shift sequence"
	}
	if d.surrogate != 0 && c < 0x80 && c != '+' {
		d.out = append(d.out, d.surrogate)
	}
	d.surrogate = 0
	if c == '-' { // absorbed; other terminators are decoded as usual
		return i + 1, ""
	}
	return i, ""
}

// unit takes one UTF-16 code unit of a shift sequence.
func (d *utf7Decoder) unit(u rune) {
	if d.surrogate != 0 {
		if 0xDC00 <= u && u <= 0xDFFF {
			d.out = append(d.out, 0x10000+(d.surrogate-0xD800)<<10+(u-0xDC00))
			d.surrogate = 0
			return
		}
		d.out = append(d.out, d.surrogate)
		d.surrogate = 0
	}
	if 0xD800 <= u && u <= 0xDBFF {
		d.surrogate = u
		return
	}
	d.out = append(d.out, u)
}
