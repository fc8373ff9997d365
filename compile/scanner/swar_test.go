package scanner

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/gopyc/gopyc/compile/source"
	"github.com/gopyc/gopyc/compile/token"
)

// TestStrStop checks the word-at-a-time search of string bodies against
// a plain search, around the bytes that could confuse it.
func TestStrStop(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	tricky := []byte{'a', '\n', '"', '\'', '\\', 0x80, 0xff, 0x8a, 0x0b, 0x09, 0x01, 0, 'x'}
	for n := 0; n < 100000; n++ {
		b := make([]byte, rng.Intn(40))
		for i := range b {
			if rng.Intn(8) == 0 {
				b[i] = tricky[rng.Intn(len(tricky))]
			} else {
				b[i] = byte(rng.Intn(256))
			}
		}
		s := string(b)
		for _, q := range []byte{'"', '\''} {
			want := strings.IndexAny(s, string(q)+"\\\n")
			if want < 0 {
				want = len(s)
			}
			if got := strStop(s, q); got != want {
				t.Fatalf("strStop(%q, %c) = %d, want %d", s, q, got, want)
			}
			wantASCII := true
			for i := 0; i < want; i++ {
				if s[i] >= 0x80 {
					wantASCII = false
				}
			}
			if _, ascii := strStopASCII(s, q); ascii != wantASCII {
				t.Fatalf("strStopASCII(%q, %c) reports ASCII %v, want %v", s, q, ascii, wantASCII)
			}
		}
	}
}

// TestPlainString checks that a STRING token is reported plain only
// without a backslash or a non-ASCII byte anywhere, at a line start too.
func TestPlainString(t *testing.T) {
	for src, want := range map[string]bool{
		"'abc'\n":             true,
		"r'a b'\n":            true,
		"''\n":                true,
		"'''a\nb'''\n":        true,
		"'a\\n'\n":            false,
		"'\xc3\xa9'\n":        false,
		"'''a\n\x80b'''\n":    false,
		"'''a\n\xc3\xa9'''\n": false,
		"'''\\\n'''\n":        false,
		"'a\\'b' + 'c'\n":     false,
		"'a\\\nb'\n":          false,
		"u'\\\\'\n":           false,
	} {
		s := New(source.FromText("<test>", src))
		if kind, _, _ := s.Scan(); kind != token.STRING {
			t.Fatalf("%q: first token %v, want STRING", src, kind)
		}
		if got := s.PlainString(); got != want {
			t.Errorf("%q: PlainString() = %v, want %v", src, got, want)
		}
	}
}

// TestShortStringPos checks the positions of the strings str1 takes
// itself, through Quick and through get (after a comment or a tab).
func TestShortStringPos(t *testing.T) {
	src := "x = [\n 'a', # c\n 'b',\n\t\"\",\n  r'c'  ]\n"
	want := []token.Pos{{Line: 2, Col: 1}, {Line: 3, Col: 1}, {Line: 4, Col: 1}, {Line: 5, Col: 2}}
	for _, quick := range []bool{false, true} {
		var got []token.Pos
		eachToken(t, src, quick, func(s *Scanner) {
			if s.Kind == token.STRING {
				got = append(got, token.Pos{Line: s.Start().Line, Col: s.Start().Col})
				if s.End().Line != s.Start().Line {
					t.Errorf("string at %v ends on line %d", s.Start(), s.End().Line)
				}
			}
		})
		if len(got) != len(want) {
			t.Fatalf("quick %v: strings at %v, want %v", quick, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("quick %v: strings at %v, want %v", quick, got, want)
				break
			}
		}
	}
}

// TestCommentNewline checks that the NEWLINE after a comment starts at
// the comment, through Quick as through get, and that a comment inside
// brackets ends no line.
func TestCommentNewline(t *testing.T) {
	src := "x = 1  # c\nf(a, # d\n  b)  #\n"
	want := []token.Pos{{Line: 1, Col: 7, Offset: 7}, {Line: 1, Col: 10, Offset: 10},
		{Line: 3, Col: 6, Offset: 26}, {Line: 3, Col: 7, Offset: 27}}
	for _, quick := range []bool{false, true} {
		var got []token.Pos
		eachToken(t, src, quick, func(s *Scanner) {
			if s.Kind == token.NEWLINE && s.Start().Col >= 0 {
				got = append(got, s.Start(), s.End())
			}
		})
		if len(got) != len(want) {
			t.Fatalf("quick %v: NEWLINE tokens at %v, want %v", quick, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("quick %v: NEWLINE tokens at %v, want %v", quick, got, want)
			}
		}
	}
}

// eachToken scans src to its end through Quick (quick) or Next, calling f
// with the scanner at each token.
func eachToken(t *testing.T, src string, quick bool, f func(*Scanner)) {
	t.Helper()
	s := New(source.FromText("<test>", src))
	for first := true; first || s.Kind != token.ENDMARKER; first = false {
		if quick {
			if !s.Quick() {
				t.Fatal(s.Err())
			}
		} else {
			s.Next()
		}
		f(s)
	}
}

// TestTripleString checks the end of triple-quoted literals (tripleEnd):
// escaped quotes, runs of quotes, escaped and plain newlines.
func TestTripleString(t *testing.T) {
	for src, want := range map[string]struct {
		text string
		end  token.Pos
	}{
		"'''a\\'''b''' + 1\n":       {"'''a\\'''b'''", token.Pos{Line: 1, Col: 12, Offset: 12}},
		"'''\\''''\n":               {"'''\\''''", token.Pos{Line: 1, Col: 8, Offset: 8}},
		"'''a''b''' \n":             {"'''a''b'''", token.Pos{Line: 1, Col: 10, Offset: 10}},
		"'''a\n\\\nb''' + 1\n":      {"'''a\n\\\nb'''", token.Pos{Line: 3, Col: 4, Offset: 11}},
		"x = \"\"\"\n\n\"\"\"; y\n": {"\"\"\"\n\n\"\"\"", token.Pos{Line: 3, Col: 3, Offset: 12}},
		"b'''\\N\n'''\n":            {"b'''\\N\n'''", token.Pos{Line: 2, Col: 3, Offset: 10}},
	} {
		for _, quick := range []bool{false, true} {
			n := 0
			eachToken(t, src, quick, func(s *Scanner) {
				if s.Kind != token.STRING {
					return
				}
				n++
				if got := s.TextAt(int(s.Off), int(s.EndOff)); got != want.text || s.End() != want.end {
					t.Errorf("%q quick %v: %q ending at %v, want %q at %v", src, quick, got, s.End(), want.text, want.end)
				}
				if s.NamedEscapes() {
					t.Errorf("%q: \\N of a bytes literal taken for a named escape", src)
				}
			})
			if n != 1 {
				t.Errorf("%q quick %v: %d strings", src, quick, n)
			}
		}
	}
}

// TestTripleStop checks tripleStop against tripleStopGeneric at every
// start and length, with stops, newlines and non-ASCII bytes placed
// across block boundaries.
func TestTripleStop(t *testing.T) {
	pieces := []string{"ab", "\n", "'", "\"", "\\", "é", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\n\n", "  "}
	seed := uint32(1)
	for iter := 0; iter < 3000; iter++ {
		var b []byte
		for len(b) < int(seed%300) {
			seed = seed*1103515245 + 12345
			p := pieces[(seed>>16)%uint32(len(pieces))]
			if (seed>>8)%3 != 0 && (p == "'" || p == "\"" || p == "\\") {
				p = pieces[6]
			}
			b = append(b, p...)
		}
		seed = seed*1103515245 + 12345
		src := string(b)
		for i := 0; i <= len(src); i += 1 + int(seed%7) {
			for _, q := range []byte{'\'', '"'} {
				s1, n1, h1 := tripleStop(src, i, q)
				s2, n2, h2 := tripleStopGeneric(src, i, q)
				if s1 != s2 || n1 != n2 || h1 != h2 {
					t.Fatalf("%q from %d, %c: got %d %d %v, want %d %d %v", src, i, q, s1, n1, h1, s2, n2, h2)
				}
			}
		}
	}
}
