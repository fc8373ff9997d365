package source

import (
	_ "embed"
	"strconv"
	"sync"
	"unicode/utf8"
)

// The CJK codecs decode as CPython 3.8's _codecs_cn, _codecs_hk, _codecs_jp,
// _codecs_kr, _codecs_tw and _codecs_iso2022 modules do, with their errors:
// what each byte sequence decodes to was measured by gen_cjk.py running
// CPython 3.8 and is stored in cjk_tables.bin; it is indexed on the first
// use of a CJK codec, and each codec's tables are built on its first use.
//
//go:embed cjk_tables.bin
var cjkData []byte

// A trie entry: the top two bits are its kind, the rest its value.
const (
	cjkOut   = 0 << 30 // a code point (value), or a pair (value|pairBit: index in pairs)
	cjkChild = 1 << 30 // a node index: the sequence needs another byte
	cjkLong  = 2 << 30 // gb18030's four-byte or euc_kr's eight-byte sequences
	cjkErr   = 3 << 30 // an illegal sequence of value bytes
	cjkKind  = 3 << 30
	cjkPair  = 1 << 29
)

// trieCodec is a stateless multibyte codec: nodes[0] is the first byte of
// a character; a node reached when the input ends means "incomplete".
type trieCodec struct {
	errName string
	nodes   [][256]uint32
	pairs   [][2]rune
}

// isoTable is a designated charset: entries indexed by byte-0x20 (width
// 1) or by (first byte-0x20)*256 + second (width 2); G2 charsets by byte;
// hz's GB2312 by first byte*256 + second. -1 is an error,
// a value ≥ 1<<21 is a pair index + 1<<21.
type isoTable struct {
	width int
	ent   []int32
	pairs [][2]rune
}

type isoCodec struct {
	errName               string
	noShift, useG2, ext08 bool
	marks                 map[byte]*lazy[*isoTable] // designation mark (|0x80 for double-byte) -> charset
	g2                    map[byte]*lazy[*isoTable] // G2 charsets by final byte ('B' ASCII)
}

// cjkSet indexes the inflated data; each codec's and charset's tables
// are built from their section when first used.
type cjkSet struct {
	trie map[string]*lazy[*trieCodec]
	gb4  lazy[[][3]uint32]    // linear index, count, first code point
	jamo lazy[*[3][256]int16] // euc_kr make-up sequences: choseong, jungseong, jongseong index by byte, -1 none
	iso  map[string]*isoCodec
	hz   *lazy[*isoTable]
}

// lazy is a value built from a section of the data on first use.
type lazy[T any] struct {
	once  sync.Once
	data  []byte
	build func(*cjkReader) T
	v     T
}

func (l *lazy[T]) get() T {
	l.once.Do(func() { l.v = l.build(&cjkReader{l.data}) })
	return l.v
}

var cjk = sync.OnceValue(loadCJK)

type cjkReader struct{ b []byte }

func (r *cjkReader) uv() int {
	n, shift := 0, 0
	for {
		c := r.b[0]
		r.b = r.b[1:]
		n |= int(c&0x7F) << shift
		if c < 0x80 {
			return n
		}
		shift += 7
	}
}

// section returns the next length-prefixed section.
func (r *cjkReader) section() []byte {
	n := r.uv()
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *cjkReader) str() string {
	n := r.uv()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// runs reads run-length kinds and calls f for each entry in order.
func (r *cjkReader) runs(f func(kind int)) {
	for n := r.uv(); n > 0; n-- {
		count, kind := r.uv(), r.uv()
		for ; count > 0; count-- {
			f(kind)
		}
	}
}

// outs reads the decoded texts: code point deltas, with a second code
// point for pairs.
func (r *cjkReader) outs() [][2]rune {
	n := r.uv()
	out := make([][2]rune, n)
	prev := 0
	for i := range out {
		h := r.uv()
		z := h >> 1
		d := z >> 1
		if z&1 != 0 {
			d = -d - 1
		}
		prev += d
		out[i][0], out[i][1] = rune(prev), -1
		if h&1 != 0 {
			out[i][1] = rune(r.uv())
		}
	}
	return out
}

func (r *cjkReader) table() *isoTable {
	t := &isoTable{width: r.uv()}
	var kinds []int
	r.runs(func(k int) { kinds = append(kinds, k) })
	outs := r.outs()
	t.ent = make([]int32, len(kinds))
	o := 0
	for i, k := range kinds {
		if k != 0 {
			t.ent[i] = -1
			continue
		}
		if outs[o][1] >= 0 {
			t.ent[i] = 1<<21 + int32(len(t.pairs))
			t.pairs = append(t.pairs, outs[o])
		} else {
			t.ent[i] = outs[o][0]
		}
		o++
	}
	return t
}

func loadCJK() *cjkSet {
	r := &cjkReader{cjkData}
	s := &cjkSet{trie: map[string]*lazy[*trieCodec]{}, iso: map[string]*isoCodec{}}
	for n := r.uv(); n > 0; n-- {
		mod, errName := r.str(), r.str()
		s.trie[mod] = &lazy[*trieCodec]{data: r.section(), build: func(r *cjkReader) *trieCodec { return r.trie(errName) }}
	}
	s.gb4 = lazy[[][3]uint32]{data: r.section(), build: func(r *cjkReader) [][3]uint32 {
		runs := make([][3]uint32, r.uv())
		for i := range runs {
			runs[i] = [3]uint32{uint32(r.uv()), uint32(r.uv()), uint32(r.uv())}
		}
		return runs
	}}
	s.jamo = lazy[*[3][256]int16]{data: r.section(), build: func(r *cjkReader) *[3][256]int16 {
		j := new([3][256]int16)
		for k := range j {
			for b := range j[k] {
				j[k][b] = int16(r.uv() - 1)
			}
		}
		return j
	}}
	tables := make([]*lazy[*isoTable], r.uv())
	for i := range tables {
		tables[i] = &lazy[*isoTable]{data: r.section(), build: (*cjkReader).table}
	}
	for n := r.uv(); n > 0; n-- {
		mod := r.str()
		c := &isoCodec{errName: r.str(), marks: map[byte]*lazy[*isoTable]{}, g2: map[byte]*lazy[*isoTable]{}}
		flags := r.uv()
		c.noShift, c.useG2, c.ext08 = flags&1 != 0, flags&2 != 0, flags&4 != 0
		for m := r.uv(); m > 0; m-- {
			mark := byte(r.uv())
			c.marks[mark] = tables[r.uv()]
		}
		for m := r.uv(); m > 0; m-- {
			mark := byte(r.uv())
			c.g2[mark] = tables[r.uv()]
		}
		s.iso[mod] = c
	}
	s.hz = tables[r.uv()]
	return s
}

// trie builds a stateless codec from its section.
func (r *cjkReader) trie(errName string) *trieCodec {
	c := &trieCodec{errName: errName}
	c.nodes = make([][256]uint32, r.uv())
	for i := range c.nodes {
		b := 0
		r.runs(func(k int) { c.nodes[i][b] = uint32(k); b++ })
	}
	outs := r.outs()
	o, child := 0, 1
	for i := range c.nodes {
		for b, k := range c.nodes[i] {
			var e uint32
			switch k {
			case 0:
				if outs[o][1] >= 0 {
					e = cjkOut | cjkPair | uint32(len(c.pairs))
					c.pairs = append(c.pairs, outs[o])
				} else {
					e = cjkOut | uint32(outs[o][0])
				}
				o++
			case 1:
				e = cjkChild | uint32(child)
				child++
			case 2:
				e = cjkLong
			default:
				e = cjkErr | (k - 3)
			}
			c.nodes[i][b] = e
		}
	}
	return c
}

// cjkError is str(UnicodeDecodeError) for bytes start..end-1 of text.
func cjkError(name string, text []byte, start, end int, incomplete bool) string {
	reason := "illegal multibyte sequence"
	if incomplete {
		reason = "incomplete multibyte sequence"
	}
	if end == start+1 {
		return "'" + name + "' codec can't decode byte 0x" + hex2(text[start]) + " in position " + strconv.Itoa(start) + ": " + reason
	}
	return "'" + name + "' codec can't decode bytes in position " + strconv.Itoa(start) + "-" + strconv.Itoa(end-1) + ": " + reason
}

// isCJK reports whether mod is one of the CJK codec modules.
func isCJK(mod string) bool {
	switch mod {
	case "big5", "big5hkscs", "cp932", "cp949", "cp950", "euc_jis_2004", "euc_jisx0213",
		"euc_jp", "euc_kr", "gb18030", "gb2312", "gbk", "johab", "shift_jis",
		"shift_jis_2004", "shift_jisx0213", "hz", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2",
		"iso2022_jp_2004", "iso2022_jp_3", "iso2022_jp_ext", "iso2022_kr":
		return true
	}
	return false
}

// decodeCJK decodes text with the CJK codec module mod, as its decode()
// does with errors="strict"; msg is the UnicodeDecodeError's text.
func decodeCJK(text []byte, mod string) (out []byte, msg string) {
	s := cjk()
	if c := s.trie[mod]; c != nil {
		return c.get().decode(text, s)
	}
	if mod == "hz" {
		return decodeHZ(text, s.hz.get())
	}
	return s.iso[mod].decode(text)
}

func (c *trieCodec) decode(text []byte, s *cjkSet) ([]byte, string) {
	out := make([]byte, 0, len(text)+len(text)/2)
	root := &c.nodes[0]
	for i := 0; i < len(text); {
		b := text[i]
		if b < 0x80 && root[b] == uint32(b) {
			out = append(out, b)
			i++
			continue
		}
		e, j := root[b], i+1
		for e&cjkKind == cjkChild {
			if j == len(text) {
				return nil, cjkError(c.errName, text, i, len(text), true)
			}
			e = c.nodes[e&^cjkKind][text[j]]
			j++
		}
		switch e & cjkKind {
		case cjkOut:
			if e&cjkPair != 0 {
				p := c.pairs[e&^(cjkKind|cjkPair)]
				out = utf8.AppendRune(out, p[0])
				out = utf8.AppendRune(out, p[1])
			} else {
				out = utf8.AppendRune(out, rune(e))
			}
			i = j
		case cjkErr:
			return nil, cjkError(c.errName, text, i, i+int(e&^cjkKind), false)
		case cjkLong:
			// The whole sequence must be there before it is looked at;
			// a bad one is a one-byte error.
			n := 4
			if c.errName == "euc_kr" {
				n = 8
			}
			if len(text)-i < n {
				return nil, cjkError(c.errName, text, i, len(text), true)
			}
			var r rune
			if n == 4 {
				r = gb18030Four(text[i:i+4], s.gb4.get())
			} else {
				r = s.makeUp(text[i : i+8])
			}
			if r < 0 {
				return nil, cjkError(c.errName, text, i, i+1, false)
			}
			out = utf8.AppendRune(out, r)
			i += n
		}
	}
	return out, ""
}

// gb18030Four decodes a four-byte gb18030 sequence, -1 if it is illegal.
func gb18030Four(q []byte, runs [][3]uint32) rune {
	if q[0] < 0x81 || q[0] > 0xFE || q[2] < 0x81 || q[2] > 0xFE || q[3] < 0x30 || q[3] > 0x39 {
		return -1
	}
	idx := ((uint32(q[0]-0x81)*10+uint32(q[1]-0x30))*126+uint32(q[2]-0x81))*10 + uint32(q[3]-0x30)
	lo, hi := 0, len(runs)
	for lo < hi {
		m := (lo + hi) / 2
		if runs[m][0] <= idx {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return -1
	}
	r := runs[lo-1]
	if idx-r[0] >= r[1] {
		return -1
	}
	return rune(r[2] + idx - r[0])
}

// makeUp decodes an euc_kr make-up sequence A4D4 A4xx A4yy A4zz (KS X
// 1001:1998 Annex 3), -1 if it is illegal.
func (s *cjkSet) makeUp(q []byte) rune {
	if q[2] != 0xA4 || q[4] != 0xA4 || q[6] != 0xA4 {
		return -1
	}
	j := s.jamo.get()
	l, v, t := j[0][q[3]], j[1][q[5]], j[2][q[7]]
	if l < 0 || v < 0 || t < 0 {
		return -1
	}
	return 0xAC00 + rune(l)*588 + rune(v)*28 + rune(t)
}

func (t *isoTable) appendEntry(out []byte, v int32) []byte {
	if v >= 1<<21 {
		p := t.pairs[v-1<<21]
		out = utf8.AppendRune(out, p[0])
		return utf8.AppendRune(out, p[1])
	}
	return utf8.AppendRune(out, rune(v))
}

func isEscEnd(c byte) bool { return c >= 'A' && c <= 'Z' || c == '@' }

// decode follows the ISO-2022 decoder of CPython's cjkcodecs: ESC
// sequences designate G0/G1 (G2 with SS2 for iso2022_jp_2), SO/SI shift
// to G1 where the codec has shifts, a newline shifts back, and an ESC
// that starts no ISO-2022 sequence passes bytes through until a final byte.
func (c *isoCodec) decode(text []byte) ([]byte, string) {
	out := make([]byte, 0, len(text)+len(text)/2)
	const ascii = 'B'
	g := [3]byte{ascii, ascii, ascii}
	shifted, through := false, false
	fail := func(i, n int) ([]byte, string) { return nil, cjkError(c.errName, text, i, i+n, false) }
	few := func(i int) ([]byte, string) { return nil, cjkError(c.errName, text, i, len(text), true) }
	for i := 0; i < len(text); {
		b := text[i]
		if through {
			out = utf8.AppendRune(out, rune(b))
			i++
			if isEscEnd(b) {
				through = false
			}
			continue
		}
		switch {
		case b == 0x1B:
			if len(text)-i < 2 {
				return few(i)
			}
			switch b2 := text[i+1]; {
			case b2 == '(' || b2 == ')' || b2 == '$' || b2 == '.' || b2 == '&':
				n, slot, set, err := c.escape(text[i:])
				if err == -1 {
					return few(i)
				}
				if err > 0 {
					return fail(i, err)
				}
				g[slot] = set
				i += n
			case c.useG2 && b2 == 'N':
				if len(text)-i < 3 {
					return few(i)
				}
				l := c.g2[g[2]]
				if l == nil {
					// CPython: RuntimeError("internal codec error")
					return nil, "decoding with '" + c.errName + "' codec failed (RuntimeError: internal codec error)"
				}
				t := l.get()
				v := t.ent[text[i+2]]
				if v < 0 {
					return fail(i, 3)
				}
				out = t.appendEntry(out, v)
				i += 3
			default:
				out = append(out, 0x1B)
				through = true
				i++
			}
		case (b == 0x0E || b == 0x0F) && !c.noShift:
			shifted = b == 0x0E
			i++
		case b == '\n':
			shifted = false
			out = append(out, b)
			i++
		case b < 0x20:
			out = append(out, b)
			i++
		case b >= 0x80:
			return fail(i, 1)
		default:
			set := g[0]
			if shifted {
				set = g[1]
			}
			if set == ascii {
				out = append(out, b)
				i++
				continue
			}
			t := c.marks[set].get()
			if len(text)-i < t.width {
				return few(i)
			}
			k := int(b) - 0x20
			if t.width == 2 {
				k = k<<8 | int(text[i+1])
			}
			v := t.ent[k]
			if v < 0 {
				return fail(i, t.width)
			}
			out = t.appendEntry(out, v)
			i += t.width
		}
	}
	return out, ""
}

// escape reads the designation at the start of q (q[0] is ESC, q[1] one
// of ( ) $ . &): its length, the G slot and charset it sets, or err, the
// length of the illegal sequence (-1 when the input ends inside it).
func (c *isoCodec) escape(q []byte) (n, slot int, set byte, err int) {
	esclen := 0
	for i := 1; i < 16; i++ {
		if i >= len(q) {
			return 0, 0, 0, -1
		}
		if isEscEnd(q[i]) {
			esclen = i + 1
			break
		}
		if c.ext08 && i+1 < len(q) && q[i] == '&' && q[i+1] == '@' {
			i += 2
		}
	}
	switch esclen {
	case 0:
		return 0, 0, 0, 1
	case 3:
		if q[1] == '$' {
			set, slot = q[2]|0x80, 0
		} else {
			set = q[2]
			switch {
			case q[1] == '(':
				slot = 0
			case q[1] == ')':
				slot = 1
			case c.useG2 && q[1] == '.':
				slot = 2
			default:
				return 0, 0, 0, 3
			}
		}
	case 4:
		if q[1] != '$' {
			return 0, 0, 0, 4
		}
		set = q[3] | 0x80
		switch q[2] {
		case '(':
			slot = 0
		case ')':
			slot = 1
		default:
			return 0, 0, 0, 4
		}
	case 6:
		if !(c.ext08 && q[3] == 0x1B && q[4] == '$' && q[5] == 'B') {
			return 0, 0, 0, 6
		}
		set, slot = 'B'|0x80, 0
	default:
		return 0, 0, 0, esclen
	}
	if set != 'B' && c.marks[set] == nil {
		return 0, 0, 0, esclen
	}
	return esclen, slot, set, 0
}

// decodeHZ follows CPython's HZ decoder: "~{" enters GB2312 mode, "~}"
// leaves it, "~~" is "~" and "~\n" nothing in ASCII mode.
func decodeHZ(text []byte, t *isoTable) ([]byte, string) {
	const name = "hz"
	out := make([]byte, 0, len(text)+len(text)/2)
	gb := false
	for i := 0; i < len(text); {
		b := text[i]
		if b == '~' {
			if len(text)-i < 2 {
				return nil, cjkError(name, text, i, len(text), true)
			}
			switch b2 := text[i+1]; {
			case b2 == '~' && !gb:
				out = append(out, '~')
			case b2 == '{' && !gb:
				gb = true
			case b2 == '\n' && !gb:
			case b2 == '}' && gb:
				gb = false
			default:
				return nil, cjkError(name, text, i, i+1, false)
			}
			i += 2
			continue
		}
		if b >= 0x80 {
			return nil, cjkError(name, text, i, i+1, false)
		}
		if !gb {
			out = append(out, b)
			i++
			continue
		}
		if len(text)-i < 2 {
			return nil, cjkError(name, text, i, len(text), true)
		}
		v := t.ent[int(b)<<8|int(text[i+1])]
		if v < 0 {
			return nil, cjkError(name, text, i, i+1, false)
		}
		out = t.appendEntry(out, v)
		i += 2
	}
	return out, ""
}
