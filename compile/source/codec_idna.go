package source

import (
	"bytes"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gopyc/gopyc/marshal"
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
		return nil, &pyError{msg: "('IDNA does not round-trip', " + marshal.BytesRepr(label) + ", " + marshal.BytesRepr(back) + ")"}
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

// nameprep classes of idnaClass (see gen_idna.py); characters the
// table does not list are npPlain.
const (
	npPlain = iota + 1
	npRandAL
	npLCat
	npProhibitedShown
	npProhibited
)

// nameprepData is gen_idna.py's tables, parsed on first use.
type nameprepData struct {
	mapping map[rune][]rune  // B.1 and B.2: the characters that change
	decomp  map[rune][]rune  // Unicode 3.2 NFKD of the characters that change
	comp    map[[2]rune]rune // the pairs NFC composes
}

var nameprepTables = sync.OnceValue(func() *nameprepData {
	d := &nameprepData{mapping: map[rune][]rune{}, decomp: map[rune][]rune{}, comp: map[[2]rune]rune{}}
	eachEntry(idnaMapData, func(k rune, v []rune) { d.mapping[k] = v })
	eachEntry(nfkdData, func(k rune, v []rune) { d.decomp[k] = v })
	eachEntry(compData, func(k rune, v []rune) { d.comp[[2]rune{k, v[0]}] = v[1] })
	return d
})

// eachEntry parses a generated table: entries of a key, its value's
// characters, then U+0000.
func eachEntry(s string, f func(k rune, v []rune)) {
	for len(s) > 0 {
		end := strings.IndexByte(s, 0)
		rs := []rune(s[:end])
		f(rs[0], rs[1:])
		s = s[end+1:]
	}
}

// nameprep is RFC 3491's profile as idna.py applies it: map (B.1, B.2),
// normalise (Unicode 3.2 NFKC as CPython computes it), prohibit, check
// bidi.
func nameprep(label []rune) ([]rune, *pyError) {
	t := nameprepTables()
	var mapped []rune
	for _, r := range label {
		if d, ok := t.mapping[r]; ok {
			mapped = append(mapped, d...)
		} else {
			mapped = append(mapped, r)
		}
	}
	out := nfkc32(mapped)
	classes := make([]int, len(out))
	for i, r := range out {
		classes[i] = idnaClassOf(r)
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
	if classes[0] != npRandAL || classes[len(classes)-1] != npRandAL {
		return nil, unicodeError("Violation of BIDI requirement 3")
	}
	return out, nil
}

// Hangul syllables and jamo (Unicode section 3.12).
const (
	hangulS      = 0xAC00
	hangulL      = 0x1100
	hangulV      = 0x1161
	hangulT      = 0x11A7
	hangulLCount = 19
	hangulVCount = 21
	hangulTCount = 28
	hangulSCount = hangulLCount * hangulVCount * hangulTCount
)

// nfkc32 is unicodedata.ucd_3_2_0.normalize("NFKC", s) as CPython 3.8
// computes it: 3.2's compatibility decomposition, then a stable sort of
// each run of non-starters by combining class, then composition, where
// the classes and the pairs are those of CPython's own database
// (Unicode 12.1), as gen_idna.py measured.
func nfkc32(s []rune) []rune {
	t := nameprepTables()
	var d []rune
	for _, r := range s {
		switch dec, ok := t.decomp[r]; {
		case hangulS <= r && r < hangulS+hangulSCount:
			n := r - hangulS
			d = append(d, hangulL+n/(hangulVCount*hangulTCount), hangulV+n%(hangulVCount*hangulTCount)/hangulTCount)
			if n%hangulTCount != 0 {
				d = append(d, hangulT+n%hangulTCount)
			}
		case ok:
			d = append(d, dec...)
		default:
			d = append(d, r)
		}
	}
	// Insertion sort, moving each character back past those of a higher
	// class (and no starter).
	for i := 1; i < len(d); i++ {
		c := combiningClass(d[i])
		for o := i - 1; o >= 0 && c != 0; o-- {
			p := combiningClass(d[o])
			if p == 0 || p <= c {
				break
			}
			d[o], d[o+1] = d[o+1], d[o]
		}
	}
	out := make([]rune, 0, len(d))
	used := make([]bool, len(d)) // composed into an earlier character
	for i := 0; i < len(d); i++ {
		if used[i] {
			continue
		}
		r := d[i]
		if hangulL <= r && r < hangulL+hangulLCount && i+1 < len(d) &&
			hangulV <= d[i+1] && d[i+1] < hangulV+hangulVCount {
			r = hangulS + ((r-hangulL)*hangulVCount+d[i+1]-hangulV)*hangulTCount
			i++
			if i+1 < len(d) && hangulT < d[i+1] && d[i+1] < hangulT+hangulTCount {
				r += d[i+1] - hangulT
				i++
			}
			out = append(out, r)
			continue
		}
		// Compose r with each following character it can reach: the
		// next starter, and non-starters no earlier one of the same or
		// a higher class blocks.
		blocked := uint8(0)
		for j := i + 1; j < len(d); j++ {
			c := combiningClass(d[j])
			if blocked != 0 && (c == 0 || blocked >= c) {
				if c == 0 {
					break
				}
				continue
			}
			if comp, ok := t.comp[[2]rune{r, d[j]}]; ok {
				r = comp
				used[j] = true
				continue
			}
			if c == 0 {
				break
			}
			blocked = c
		}
		out = append(out, r)
	}
	return out
}

// combiningClass is unicodedata.combining(r) (Unicode 12.1).
func combiningClass(r rune) uint8 {
	n := len(cccRanges) / 3
	i := sort.Search(n, func(i int) bool { return cccRanges[3*i+1] >= uint32(r) })
	if i < n && cccRanges[3*i] <= uint32(r) {
		return uint8(cccRanges[3*i+2])
	}
	return 0
}

func idnaClassOf(r rune) int {
	n := len(idnaClass) / 3
	i := sort.Search(n, func(i int) bool { return idnaClass[3*i+1] >= uint32(r) })
	if i < n && idnaClass[3*i] <= uint32(r) {
		return int(idnaClass[3*i+2])
	}
	return npPlain
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
