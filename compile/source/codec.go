package source

import (
	"encoding/binary"
	"math/bits"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/gopyc/gopyc/internal/ascii"
)

type codecInfo struct {
	name      string // CodecInfo.name
	text      bool   // a text encoding (str <-> bytes)
	errName   string // UnicodeDecodeError.encoding for table codecs
	errReason string
	table     *[256]int32 // byte -> code point, -1 undefined; nil if not byte-wise
}

// The codec tables are built on first use: only files with a coding
// cookie other than UTF-8 need them, and building them at process start
// cost every run over half a millisecond.
var (
	codecAliases = sync.OnceValue(newCodecAliases)
	codecModules = sync.OnceValue(newCodecModules)
)

// decodeWith decodes text (already newline-translated, BOM removed) with the
// codec CPython's codec registry finds for name, as PyUnicode_Decode does.
// On failure msg is the text of the Python exception, which compile()
// reports as a SyntaxError.
func decodeWith(text []byte, name string, t *Text) (out []byte, msg string) {
	switch fastPath(name) {
	case "utf-8":
		if m := utf8Error(text); m != "" {
			return nil, m
		}
		return text, ""
	case "ascii":
		return decodeTable(text, codecModules()["ascii"])
	case "latin-1":
		return latin1(text, t), ""
	case "utf-16":
		return decodeUTF16or32(text, "utf_16")
	case "utf-32":
		return decodeUTF16or32(text, "utf_32")
	}
	mod, ok := lookupCodec(name)
	if !ok {
		return nil, "unknown encoding: " + name
	}
	info := codecModules()[mod]
	if !info.text {
		return nil, "'" + name + "' is not a text encoding; use codecs.decode() to handle arbitrary codecs"
	}
	if info.table != nil {
		return decodeTable(text, info)
	}
	switch mod {
	case "utf_8":
		if m := utf8Error(text); m != "" {
			return nil, m
		}
		return text, ""
	case "utf_8_sig":
		if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
			text = text[3:]
		}
		if m := utf8Error(text); m != "" {
			return nil, m
		}
		return text, ""
	}
	if isCJK(mod) {
		return decodeCJK(text, mod)
	}
	switch mod {
	case "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be":
		return decodeUTF16or32(text, mod)
	}
	if out, msg, ok := decodeOther(text, mod, name); ok {
		return out, msg
	}
	// What is left are CJK codecs x/text has no decoder for.
	return nil, "unknown encoding: " + name
}

// fastPath is PyUnicode_Decode's shortcut: the names it decodes with
// built-in decoders, without importing a codec module, once
// _Py_normalize_encoding has lowered them and turned each run of other
// characters than letters, digits and '.' into one '_' (none leading or
// trailing). Names that normalise to more than 10 characters take the
// registry.
func fastPath(name string) string {
	var buf [10]byte
	n, punct := 0, false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isAlnum(c) && c != '.' {
			punct = true
			continue
		}
		if punct && n > 0 {
			if n == len(buf) {
				return ""
			}
			buf[n] = '_'
			n++
		}
		punct = false
		if n == len(buf) {
			return ""
		}
		if 'A' <= c && c <= 'Z' {
			c += 32
		}
		buf[n] = c
		n++
	}
	switch string(buf[:n]) {
	case "utf8", "utf_8":
		return "utf-8"
	case "utf16", "utf_16":
		return "utf-16"
	case "utf32", "utf_32":
		return "utf-32"
	case "ascii", "us_ascii":
		return "ascii"
	case "latin1", "latin_1", "iso_8859_1", "iso8859_1":
		return "latin-1"
	}
	return ""
}

// lookupCodec follows codecs.lookup: lower-case with spaces as hyphens,
// then encodings.search_function's normalisation and alias table.
func lookupCodec(name string) (string, bool) {
	b := make([]byte, 0, len(name))
	punct := false
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == ' ' {
			c = '-'
		} else if 'A' <= c && c <= 'Z' {
			c += 32
		}
		if isAlnum(c) || c == '.' {
			if punct && len(b) > 0 {
				b = append(b, '_')
			}
			b = append(b, c)
			punct = false
		} else {
			punct = true
		}
	}
	norm := string(b)
	alias, ok := codecAliases()[norm]
	if !ok {
		dotted := []byte(norm)
		for i, c := range dotted {
			if c == '.' {
				dotted[i] = '_'
			}
		}
		alias, ok = codecAliases()[string(dotted)]
	}
	cands := []string{norm}
	if ok {
		cands = []string{alias, norm}
	}
	for _, m := range cands {
		if m == "" {
			continue
		}
		if _, ok := codecModules()[m]; ok {
			return m, true
		}
	}
	return "", false
}

func decodeTable(text []byte, info codecInfo) ([]byte, string) {
	out := make([]byte, 0, len(text)+len(text)/4)
	for i, c := range text {
		r := info.table[c]
		if r < 0 {
			return nil, "'" + info.errName + "' codec can't decode byte 0x" + hex2(c) + " in position " +
				strconv.Itoa(i) + ": " + info.errReason
		}
		out = utf8.AppendRune(out, rune(r))
	}
	return out, ""
}

func hex2(c byte) string {
	const h = "0123456789abcdef"
	return string([]byte{h[c>>4], h[c&15]})
}

// utf8Error is UTF8Error for a whole file, converting only when invalid.
func utf8Error(text []byte) string {
	if utf8.Valid(text) {
		return ""
	}
	return UTF8Error(string(text))
}

// UTF8Error returns str(UnicodeDecodeError) for the first invalid UTF-8
// sequence of s under Python's strict "utf-8" codec, or "" when s is valid.
func UTF8Error(s string) string {
	// Most text is ASCII, which ascii.Is tests four words at a time.
	if ascii.Is(s) || utf8.ValidString(s) {
		return ""
	}
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		n := invalidOrRuneLen(s[i:])
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || w == 3 && n == 3 {
			i += n
			continue
		}
		reason, end := "invalid continuation byte", i+n
		need := seqLen(s[i])
		switch {
		case need == 0:
			reason, end = "invalid start byte", i+1
		case i+n == len(s) && n < need:
			reason, end = "unexpected end of data", len(s)
		}
		if end-i == 1 {
			return "'utf-8' codec can't decode byte 0x" + hex2(s[i]) + " in position " + strconv.Itoa(i) + ": " + reason
		}
		return "'utf-8' codec can't decode bytes in position " + strconv.Itoa(i) + "-" + strconv.Itoa(end-1) + ": " + reason
	}
	return ""
}

// seqLen is the length of the UTF-8 sequence a lead byte starts, 0 for a
// byte that cannot start one.
func seqLen(c byte) int {
	switch {
	case c >= 0xC2 && c <= 0xDF:
		return 2
	case c >= 0xE0 && c <= 0xEF:
		return 3
	case c >= 0xF0 && c <= 0xF4:
		return 4
	}
	return 0
}

// latin1 decodes text into t's memory. Both passes go a word at a time
// where the bytes are ASCII (most of a Latin-1 source).
func latin1(text []byte, t *Text) []byte {
	const hi8 = 0x8080808080808080
	n, i := 0, 0
	for ; i+8 <= len(text); i += 8 {
		n += bits.OnesCount64(binary.LittleEndian.Uint64(text[i:]) & hi8)
	}
	for ; i < len(text); i++ {
		n += int(text[i] >> 7)
	}
	if n == 0 {
		return text
	}
	out := t.buf(len(text) + n)[:len(text)+n]
	o := 0
	for i = 0; i < len(text); {
		if i+8 <= len(text) {
			if w := binary.LittleEndian.Uint64(text[i:]); w&hi8 == 0 {
				binary.LittleEndian.PutUint64(out[o:], w)
				i, o = i+8, o+8
				continue
			}
		}
		if c := text[i]; c < 0x80 {
			out[o] = c
			o++
		} else {
			out[o], out[o+1] = 0xC0|c>>6, 0x80|c&0x3F
			o += 2
		}
		i++
	}
	return out
}
