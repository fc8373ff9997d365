// Package source turns the raw bytes of a Python file into the text CPython
// 3.8's tokenizer works on, the way compile() does for a bytes source
// (Parser/tokenizer.c decode_str): NUL check, universal newlines, a final
// newline, UTF-8 BOM, PEP 263 coding cookie on line 1 or 2, and decoding to
// UTF-8 through the declared codec.
//
// As in CPython, text declared (or defaulted) as UTF-8 is not validated here:
// invalid bytes surface later, in identifiers, string literals or not at all
// (comments). File.Src may therefore hold invalid UTF-8.
package source

import (
	"bytes"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/gopyc/gopyc/compile/diag"
	"github.com/gopyc/gopyc/internal/bufpool"
)

// File is a decoded source file.
type File struct {
	Name string // file name as given (co_filename, SyntaxError.filename)
	// Src is the text the tokenizer reads: UTF-8 (unless declared UTF-8 but
	// invalid), newlines normalised to "\n", always ending in "\n", BOM removed.
	Src string
	// Encoding is the encoding the tokenizer recorded: the normalised
	// cookie name, "utf-8" for a BOM, or "" when none was declared.
	Encoding string

	// lines holds the byte offset of the start of each line (lines[0] is
	// line 1). It is built on first use: compiling a file that has no
	// error never needs it.
	lines []int32
}

// Decode decodes raw as compile(raw, filename, "exec") does before
// tokenizing. On failure the error carries CPython's class, message and
// location (ValueError for NUL bytes; SyntaxError with lineno 0 and no text
// for encoding problems).
//
// When raw needs no change (the common case: UTF-8 or ASCII with "\n"
// newlines, ending in "\n", without BOM or other codec) Src shares raw's
// memory instead of copying it, so raw must not be modified afterwards
// while the File, or anything built from its text, is in use.
func Decode(raw []byte, filename string) (*File, *diag.Error) {
	f := new(File)
	if err := DecodeInto(f, raw, filename); err != nil {
		return nil, err
	}
	return f, nil
}

// DecodeInto is Decode into f, a File no longer in use, so that decoding
// one file after another allocates no File each.
func DecodeInto(f *File, raw []byte, filename string) *diag.Error {
	return DecodeReuse(f, raw, filename, nil)
}

// Text is memory for decoded text (newlines translated, a codec applied)
// that serves one file after another. The zero value is ready to use.
// Texts take their buffers from, and Release gives them back to, one free
// list (spare): the memory is what the files in use at once need, not
// every Text's high-water.
type Text struct {
	held [][]byte // the buffers taken since Release
}

var spare bufpool.Free

// buf returns an empty buffer with room for n bytes, held until Release:
// the smallest free one large enough, else new memory. A nil t gives new
// memory.
func (t *Text) buf(n int) []byte {
	if t == nil {
		return make([]byte, 0, n)
	}
	b := spare.Take(n)
	if b == nil {
		// Some room to spare, so that a slightly larger file can take
		// it later.
		b = make([]byte, 0, n+n/4)
	}
	t.held = append(t.held, b)
	return b[:0]
}

// Release makes t's buffers free again: every text decoded into them must
// be dead.
func (t *Text) Release() {
	spare.Put(t.held)
	t.held = t.held[:0]
}

// DecodeReuse is DecodeInto, but text it must copy is built in t's memory
// (when t is not nil), which f.Src then shares: t must not be used for
// another file while f's text, or anything built from it, is in use.
func DecodeReuse(f *File, raw []byte, filename string, t *Text) *diag.Error {
	src, enc, err := decode(raw, filename, t)
	if err != nil {
		return err
	}
	*f = File{Name: filename, Src: src, Encoding: enc}
	return nil
}

func decode(raw []byte, filename string, t *Text) (src, enc string, err *diag.Error) {
	// One search finds the first NUL or carriage return; only a file with
	// a carriage return is searched again, for a NUL after it.
	k := indexNulCR(raw)
	if k >= 0 && (raw[k] == 0 || bytes.IndexByte(raw[k+1:], 0) >= 0) {
		return "", "", &diag.Error{Class: "ValueError", Msg: "source code string cannot contain null bytes", Filename: filename}
	}
	text := translateNewlines(raw, k, t)
	if len(text) >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF {
		text = text[3:]
		enc = "utf-8"
	}
	// The cookie may only be on line 1, or on line 2 when line 1 is blank
	// or a comment.
	nl1 := bytes.IndexByte(text, '\n') // always >= 0: translateNewlines ends text with '\n'
	spec, found, stop := codingSpec(text[:nl1])
	if !found && !stop {
		if nl2 := bytes.IndexByte(text[nl1+1:], '\n'); nl2 >= 0 {
			spec, found, _ = codingSpec(text[nl1+1 : nl1+1+nl2+1])
		}
	}
	if found {
		if enc != "" {
			if spec != enc {
				return "", "", &diag.Error{Class: "SyntaxError", Msg: "encoding problem: " + spec + " with BOM", Filename: filename}
			}
		} else {
			enc = spec
			if spec != "utf-8" {
				dec, msg := decodeWith(text, spec, t)
				if msg != "" {
					// The codec was looked up: Imports wants its name.
					return "", enc, &diag.Error{Class: "SyntaxError", Msg: msg, Filename: filename}
				}
				text = dec
			}
		}
	}
	return bytesString(text), enc, nil
}

// translateNewlines maps "\r\n" and "\r" to "\n" and makes sure the text
// ends with "\n", as CPython does for exec input.
// k is the index of the first '\r' in raw, or -1 when it has none.
// The copy, when one is needed, is made in t's memory.
func translateNewlines(raw []byte, k int, t *Text) []byte {
	if k < 0 {
		if len(raw) > 0 && raw[len(raw)-1] == '\n' {
			return raw
		}
		return append(append(t.buf(len(raw)+1), raw...), '\n')
	}
	// The text between carriage returns is copied a run at a time.
	out := t.buf(len(raw) + 1)
	for rest := raw; ; k = bytes.IndexByte(rest, '\r') {
		if k < 0 {
			out = append(out, rest...)
			break
		}
		out = append(append(out, rest[:k]...), '\n')
		rest = rest[k+1:]
		if len(rest) > 0 && rest[0] == '\n' {
			rest = rest[1:]
		}
	}
	// CPython's translate_newlines checks the last character it read, and
	// after a final "\r\n" that is the terminating NUL: it adds a "\n" even
	// though the text already ends with one.
	if len(out) == 0 || out[len(out)-1] != '\n' || bytes.HasSuffix(raw, []byte("\r\n")) {
		out = append(out, '\n')
	}
	return out
}

// indexNulCRGeneric is indexNulCR by two searches.
func indexNulCRGeneric(b []byte) int {
	k := bytes.IndexByte(b, '\r')
	if k < 0 {
		return bytes.IndexByte(b, 0)
	}
	if z := bytes.IndexByte(b[:k], 0); z >= 0 {
		return z
	}
	return k
}

// codingSpec looks for a PEP 263 cookie in one line (CPython's
// get_coding_spec and check_coding_spec). found reports a cookie, spec is
// its normalised name; stop reports that the line holds code, so line 2 is
// not examined.
func codingSpec(line []byte) (spec string, found, stop bool) {
	size := len(line)
	i := 0
	for ; i < size-6; i++ {
		c := line[i]
		if c == '#' {
			break
		}
		if c != ' ' && c != '\t' && c != '\f' {
			// Code before any comment: no cookie on this line, and (the
			// check below) no looking at line 2.
			return "", false, true
		}
	}
	for ; i < size-6; i++ {
		if string(line[i:i+6]) != "coding" {
			continue
		}
		t := i + 6
		if t >= size || (line[t] != ':' && line[t] != '=') {
			continue
		}
		t++
		for t < size && (line[t] == ' ' || line[t] == '\t') {
			t++
		}
		begin := t
		for t < size && (isAlnum(line[t]) || line[t] == '-' || line[t] == '_' || line[t] == '.') {
			t++
		}
		if begin < t {
			return normalName(string(line[begin:t])), true, true
		}
	}
	for _, c := range line {
		if c == '#' || c == '\n' || c == '\r' {
			break
		}
		if c != ' ' && c != '\t' && c != '\f' {
			return "", false, true
		}
	}
	return "", false, false
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// normalName is CPython's get_normal_name: it folds the spellings of UTF-8
// and Latin-1 onto "utf-8" and "iso-8859-1", looking at the first 12
// characters only; other names are returned unchanged.
func normalName(s string) string {
	var buf [12]byte
	n := 0
	for n < 12 && n < len(s) {
		c := s[n]
		if c == '_' {
			c = '-'
		} else if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	b := string(buf[:n])
	hasPrefix := func(p string) bool { return len(b) >= len(p) && b[:len(p)] == p }
	switch {
	case b == "utf-8" || hasPrefix("utf-8-"):
		return "utf-8"
	case b == "latin-1" || b == "iso-8859-1" || b == "iso-latin-1" ||
		hasPrefix("latin-1-") || hasPrefix("iso-8859-1-") || hasPrefix("iso-latin-1-"):
		return "iso-8859-1"
	}
	return s
}

// FromText wraps text that needs no decoding, such as the expression of an
// f-string replacement field, as a File. Unlike Decode it adds no final
// newline (CPython parses those expressions as eval input).
func FromText(name, text string) *File {
	return &File{Name: name, Src: text}
}

// bytesString returns b as a string without copying; see Decode.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// index returns the line starts, building them on first use.
func (f *File) index() []int32 {
	if f.lines == nil {
		f.indexLines()
	}
	return f.lines
}

func (f *File) indexLines() {
	src := f.Src
	n := strings.Count(src, "\n")
	f.lines = make([]int32, 0, n+1)
	f.lines = append(f.lines, 0)
	for i := 0; i < len(src); {
		j := strings.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		if i < len(src) {
			f.lines = append(f.lines, int32(i))
		}
	}
}

// NumLines returns the number of lines of Src.
func (f *File) NumLines() int { return len(f.index()) }

// LineStart returns the byte offset in Src where line n (1-based) starts,
// or len(Src) when n is past the end.
func (f *File) LineStart(n int) int {
	if n < 1 {
		return 0
	}
	lines := f.index()
	if n > len(lines) {
		return len(f.Src)
	}
	return int(lines[n-1])
}

// Line returns the text of line n (1-based) with its "\n", or "" when n is
// out of range.
func (f *File) Line(n int) string {
	if n < 1 || n > len(f.index()) {
		return ""
	}
	return f.Src[f.LineStart(n):f.LineStart(n+1)]
}

// LineOf returns the 1-based line containing byte offset off.
func (f *File) LineOf(off int) int {
	lines := f.index()
	lo, hi := 0, len(lines)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if int(lines[m]) <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo + 1
}

// CharCol converts a byte column on line n to the number of characters
// before it, the unit of SyntaxError.offset (minus one). Invalid UTF-8
// counts as CPython's "replace" decoding counts it.
func (f *File) CharCol(line, byteCol int) int {
	s := f.Line(line)
	if byteCol > len(s) {
		byteCol = len(s)
	}
	if byteCol < 0 {
		byteCol = 0
	}
	return CountChars(s[:byteCol])
}

// CountChars returns the length of bytes.decode("utf-8", "replace") of s:
// each valid character counts one, and so does each maximal ill-formed
// subsequence (Python's replacement rule).
func CountChars(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			n++
			continue
		}
		i += invalidOrRuneLen(s[i:])
		n++
	}
	return n
}

// invalidOrRuneLen returns the length of the valid UTF-8 character at the
// start of s, or of the maximal ill-formed subsequence there (at least 1).
// Python's UTF-8 decoder accepts surrogates nowhere, so ED A0..BF is
// ill-formed after the first byte, as in the Unicode standard.
func invalidOrRuneLen(s string) int {
	c := s[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c >= 0xE1 && c <= 0xEC, c == 0xEE, c == 0xEF:
		need = 2
	case c == 0xED:
		need, hi = 2, 0x9F
	case c == 0xF0:
		need, lo = 3, 0x90
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	case c == 0xF4:
		need, hi = 3, 0x8F
	default:
		return 1
	}
	i := 1
	for k := 0; k < need; k++ {
		if i >= len(s) || s[i] < lo || s[i] > hi {
			return i
		}
		lo, hi = 0x80, 0xBF
		i++
	}
	return i
}

// ReplaceInvalid returns s with each maximal ill-formed UTF-8 subsequence
// replaced by U+FFFD, as bytes.decode("utf-8", "replace") does.
func ReplaceInvalid(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 || isSurrogateSeq(s[i:]) {
			break
		}
		i += w
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	b = append(b, s[:i]...)
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, c)
			i++
			continue
		}
		n := invalidOrRuneLen(s[i:])
		if r, w := utf8.DecodeRuneInString(s[i:]); w == n && r != utf8.RuneError {
			b = append(b, s[i:i+n]...)
		} else if w == n && n == 3 && s[i] == 0xEF {
			b = append(b, s[i:i+n]...) // a literal U+FFFD
		} else {
			b = append(b, "\uFFFD"...)
		}
		i += n
	}
	return string(b)
}

// isSurrogateSeq reports an encoded surrogate (ED A0..BF xx), which Go's
// decoder already rejects; kept for clarity of the fast path.
func isSurrogateSeq(s string) bool {
	return len(s) >= 2 && s[0] == 0xED && s[1] >= 0xA0
}
