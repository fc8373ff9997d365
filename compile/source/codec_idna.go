package source

import (
	"bytes"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The punycode and idna codecs are Python code (Lib/encodings). Their
// failures come in two kinds: UnicodeDecodeError from an ASCII decode,
// whose message CPython reports as it is, and plain UnicodeError, which
// the codec machinery wraps as "decoding with 'NAME' codec failed
// (UnicodeError: MSG)" (wrap_codec_error): a pyError tells them apart.
type pyError struct {
	msg  string
	wrap bool // a UnicodeError with one string argument
}

// wrapped is the message of e once it left the codec named name.
func (e *pyError) wrapped(name string) string {
	if e.wrap {
		return "decoding with '" + name + "' codec failed (UnicodeError: " + e.msg + ")"
	}
	return e.msg
}

func unicodeError(msg string) *pyError { return &pyError{msg: msg, wrap: true} }

// asciiCheck is str(b, "ascii"): the error names the first non-ASCII byte,
// its position counted from the start of b.
func asciiCheck(b []byte) *pyError {
	for i, c := range b {
		if c >= 0x80 {
			return &pyError{msg: decodeErr("ascii", b, i, i+1, "ordinal not in range(128)")}
		}
	}
	return nil
}

// punycode is punycode_decode (RFC 3492) with strict errors: the text
// after the last '-' holds, as generalized variable-length integers,
// where to insert which characters into the text before it. Python's
// integers do not overflow, so neither do these.
func punycode(text []byte) ([]rune, *pyError) {
	var base []rune
	ext := text
	if pos := bytes.LastIndexByte(text, '-'); pos >= 0 {
		if e := asciiCheck(text[:pos]); e != nil {
			return nil, e
		}
		for _, c := range text[:pos] {
			base = append(base, rune(c))
		}
		ext = text[pos+1:]
	}
	if e := asciiCheck(ext); e != nil {
		return nil, e
	}
	ext = bytes.ToUpper(ext)
	char, pos, bias := big.NewInt(0x80), big.NewInt(-1), 72
	one, limit := big.NewInt(1), big.NewInt(0x10FFFF)
	for extpos := 0; extpos < len(ext); {
		next, delta, e := punyNumber(ext, extpos, bias)
		if e != nil {
			return nil, e
		}
		pos.Add(pos, delta).Add(pos, one)
		n := big.NewInt(int64(len(base) + 1))
		var q big.Int
		q.DivMod(pos, n, pos)
		char.Add(char, &q)
		if char.Cmp(limit) > 0 {
			return nil, unicodeError("Invalid character U+" + char.Text(16))
		}
		at := int(pos.Int64())
		base = append(base[:at], append([]rune{rune(char.Int64())}, base[at:]...)...)
		bias = punyAdapt(delta, extpos == 0, len(base))
		extpos = next
	}
	return base, nil
}

// punyNumber decodes one generalized variable-length integer from ext at
// i (decode_generalized_number), returning where it ends.
func punyNumber(ext []byte, i, bias int) (int, *big.Int, *pyError) {
	result, w := new(big.Int), big.NewInt(1)
	var d big.Int
	for j := 0; ; j++ {
		if i >= len(ext) {
			return 0, nil, unicodeError("incomplete punicode string")
		}
		c := ext[i]
		i++
		var digit int64
		switch {
		case 'A' <= c && c <= 'Z':
			digit = int64(c - 'A')
		case '0' <= c && c <= '9':
			digit = int64(c) - 22
		default:
			return 0, nil, unicodeError("Invalid extended code point '" + string(rune(c)) + "'")
		}
		t := punyThreshold(j, bias)
		result.Add(result, d.Mul(big.NewInt(digit), w))
		if digit < int64(t) {
			return i, result, nil
		}
		w.Mul(w, big.NewInt(int64(36-t)))
	}
}

// punyThreshold is T(j, bias) with tmin 1, tmax 26, base 36.
func punyThreshold(j, bias int) int {
	return min(max(36*(j+1)-bias, 1), 26)
}

// punyAdapt is the bias adaptation of RFC 3492 section 6.1.
func punyAdapt(delta *big.Int, first bool, numchars int) int {
	d := new(big.Int).Set(delta)
	if first {
		d.Quo(d, big.NewInt(700))
	} else {
		d.Quo(d, big.NewInt(2))
	}
	var q big.Int
	d.Add(d, q.Quo(d, big.NewInt(int64(numchars))))
	divisions := 0
	for d.Cmp(big.NewInt(455)) > 0 {
		d.Quo(d, big.NewInt(35))
		divisions += 36
	}
	v := d.Int64() // at most 455 now
	return divisions + int(36*v/(v+38))
}

// idna is the "idna" codec's decode (IDNA 2003, RFC 3490): ASCII text
// without "xn--" stands for itself; otherwise each dot-separated label
// must be ASCII, and those starting "xn--" are punycode, which must
// round-trip through ToASCII.
// usedPunycode reports that it decoded a label with the punycode codec,
// which imports that codec's module.
func idna(text []byte) (out []rune, usedPunycode bool, e *pyError) {
	if !bytes.Contains(text, []byte("xn--")) && asciiCheck(text) == nil {
		return latin1Runes(text), false, nil
	}
	labels := bytes.Split(text, []byte("."))
	trailingDot := len(labels[len(labels)-1]) == 0
	if trailingDot {
		labels = labels[:len(labels)-1]
	}
	for i, l := range labels {
		if i > 0 {
			out = append(out, '.')
		}
		usedPunycode = usedPunycode || bytes.HasPrefix(l, []byte("xn--"))
		r, e := idnaLabel(l)
		if e != nil {
			return nil, usedPunycode, e
		}
		out = append(out, r...)
	}
	if trailingDot {
		out = append(out, '.')
	}
	return out, usedPunycode, nil
}

// idnaLabel is ToUnicode for a label given as bytes.
func idnaLabel(label []byte) ([]rune, *pyError) {
	if !bytes.HasPrefix(label, []byte("xn--")) {
		if e := asciiCheck(label); e != nil {
			return nil, e
		}
		return latin1Runes(label), nil
	}
	result, e := punycode(label[4:])
	if e != nil {
		// bytes.decode("punycode") wraps the error once already.
		return nil, &pyError{msg: e.wrapped("punycode"), wrap: e.wrap}
	}
	back, e := idnaToASCII(result)
	if e != nil {
		return nil, e
	}
	if lower := bytes.ToLower(label); !bytes.Equal(lower, back) {
		// A UnicodeError of three arguments: str() is their tuple's repr.
		return nil, &pyError{msg: "('IDNA does not round-trip', " + bytesRepr(label) + ", " + bytesRepr(back) + ")"}
	}
	return result, nil
}

// idnaToASCII is ToASCII for a label punycode decoded.
func idnaToASCII(label []rune) ([]byte, *pyError) {
	if b, ok := asciiBytes(label); ok {
		return idnaSized(b)
	}
	label, e := nameprep(label)
	if e != nil {
		return nil, e
	}
	if b, ok := asciiBytes(label); ok {
		return idnaSized(b)
	}
	if len(label) >= 4 && string(label[:4]) == "xn--" {
		return nil, unicodeError("Label starts with ACE prefix")
	}
	return idnaSized(append([]byte("xn--"), punyEncode(label)...))
}

func asciiBytes(rs []rune) ([]byte, bool) {
	b := make([]byte, len(rs))
	for i, r := range rs {
		if r >= 0x80 {
			return nil, false
		}
		b[i] = byte(r)
	}
	return b, true
}

// idnaSized is ToASCII's final length check.
func idnaSized(b []byte) ([]byte, *pyError) {
	if len(b) == 0 || len(b) >= 64 {
		return nil, unicodeError("label empty or too long")
	}
	return b, nil
}

// nameprep classes of idnaClass (see gen_codecs.py); npUnknown is a
// character nameprep would change in ways the tables do not say.
const (
	npUnknown = iota
	npPlain
	npRandAL
	npLCat
	npProhibitedShown
	npProhibited
)

var idnaMap = sync.OnceValue(newIdnaMap)

// nameprep is RFC 3491's profile as idna.py applies it (map, normalise,
// prohibit, check bidi), for labels whose characters the tables know;
// gopyc reports other labels rather than guess what stringprep and
// Unicode 3.2's NFKC make of them.
func nameprep(label []rune) ([]rune, *pyError) {
	unsupported := func(r rune) *pyError {
		return &pyError{msg: "gopyc: the idna codec's nameprep of " + strconv.QuoteRune(r) + " is not supported"}
	}
	out := make([]rune, 0, len(label))
	for _, r := range label {
		d, ok := idnaMap()[r]
		switch {
		case !ok:
			out = append(out, r)
		case d == "\x00":
			return nil, unsupported(r)
		default:
			out = append(out, []rune(d)...)
		}
	}
	classes := make([]int, len(out))
	for i, r := range out {
		if classes[i] = idnaClassOf(r); classes[i] == npUnknown {
			return nil, unsupported(r)
		}
	}
	for i, k := range classes {
		if k == npProhibitedShown || k == npProhibited {
			return nil, unicodeError("Invalid character " + charRepr(out[i], k == npProhibitedShown))
		}
	}
	if !slices.Contains(classes, npRandAL) {
		return out, nil
	}
	if slices.Contains(classes, npLCat) {
		return nil, unicodeError("Violation of BIDI requirement 2")
	}
	if len(classes) == 0 || classes[0] != npRandAL || classes[len(classes)-1] != npRandAL {
		return nil, unicodeError("Violation of BIDI requirement 3")
	}
	return out, nil
}

func idnaClassOf(r rune) int {
	n := len(idnaClass) / 3
	i := sort.Search(n, func(i int) bool { return idnaClass[3*i+1] >= uint32(r) })
	if i < n && idnaClass[3*i] <= uint32(r) {
		return int(idnaClass[3*i+2])
	}
	return npUnknown
}

// charRepr is repr() of a one-character str that is not ASCII: the
// character itself when printable, else its escape.
func charRepr(r rune, printable bool) string {
	switch {
	case printable:
		return "'" + string(r) + "'"
	case r <= 0xFF:
		return `'\x` + hex2(byte(r)) + "'"
	case r <= 0xFFFF:
		return `'\u` + leftPad(strconv.FormatInt(int64(r), 16), 4) + "'"
	}
	return `'\U` + leftPad(strconv.FormatInt(int64(r), 16), 8) + "'"
}

// punyEncode is punycode_encode: the ASCII characters, a '-' if there
// were any, then each non-ASCII character (in code point order) as the
// distance to its insertion, a generalized variable-length integer.
func punyEncode(text []rune) []byte {
	var out []byte
	var ext []rune
	for _, r := range text {
		if r < 0x80 {
			out = append(out, byte(r))
		} else if !slices.Contains(ext, r) {
			ext = append(ext, r)
		}
	}
	slices.Sort(ext)
	baseLen := len(out)
	if baseLen > 0 {
		out = append(out, '-')
	}
	bias := 72
	for points, delta := range punyDeltas(text, ext) {
		out = punyInteger(out, delta, bias)
		bias = punyAdapt(big.NewInt(delta), points == 0, baseLen+points+1)
	}
	return out
}

// punyDeltas is insertion_unsort: for each occurrence of each extended
// character, how far the decoder's state moves to insert it.
func punyDeltas(text, ext []rune) []int64 {
	var deltas []int64
	oldChar, oldIndex := rune(0x80), int64(-1)
	for _, c := range ext {
		smaller := int64(0)
		for _, r := range text {
			if r < c {
				smaller++
			}
		}
		delta := (smaller + 1) * int64(c-oldChar)
		index := int64(-1)
		for _, r := range text {
			if r < c {
				index++
			} else if r == c {
				index++
				delta += index - oldIndex
				deltas = append(deltas, delta-1)
				oldIndex, delta = index, 0
			}
		}
		oldChar = c
	}
	return deltas
}

// punyInteger appends n as a generalized variable-length integer.
func punyInteger(out []byte, n int64, bias int) []byte {
	const digits = "abcdefghijklmnopqrstuvwxyz0123456789"
	for j := 0; ; j++ {
		t := int64(punyThreshold(j, bias))
		if n < t {
			return append(out, digits[n])
		}
		out = append(out, digits[t+(n-t)%(36-t)])
		n = (n - t) / (36 - t)
	}
}

// bytesRepr is repr() of a bytes object.
func bytesRepr(b []byte) string {
	quote := byte('\'')
	if bytes.IndexByte(b, '\'') >= 0 && bytes.IndexByte(b, '"') < 0 {
		quote = '"'
	}
	var s strings.Builder
	s.WriteString("b")
	s.WriteByte(quote)
	for _, c := range b {
		switch {
		case c == quote || c == '\\':
			s.WriteByte('\\')
			s.WriteByte(c)
		case c == '\t':
			s.WriteString(`\t`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\r':
			s.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			s.WriteString(`\x` + hex2(c))
		default:
			s.WriteByte(c)
		}
	}
	s.WriteByte(quote)
	return s.String()
}

func latin1Runes(b []byte) []rune {
	out := make([]rune, len(b))
	for i, c := range b {
		out[i] = rune(c)
	}
	return out
}

// encodeErr is str(UnicodeEncodeError("utf-8", s, start, end, reason)).
func encodeErr(s []rune, start, end int, reason string) string {
	if end-start == 1 {
		r := s[start]
		var ch string
		switch {
		case r <= 0xFF:
			ch = `\x` + hex2(byte(r))
		case r <= 0xFFFF:
			ch = `\u` + leftPad(strconv.FormatInt(int64(r), 16), 4)
		default:
			ch = `\U` + leftPad(strconv.FormatInt(int64(r), 16), 8)
		}
		return "'utf-8' codec can't encode character '" + ch + "' in position " + strconv.Itoa(start) + ": " + reason
	}
	return "'utf-8' codec can't encode characters in position " + strconv.Itoa(start) + "-" + strconv.Itoa(end-1) + ": " + reason
}

func leftPad(s string, n int) string {
	return strings.Repeat("0", max(0, n-len(s))) + s
}
