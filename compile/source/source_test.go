package source

import (
	"testing"
	"unicode/utf8"
)

func TestLines(t *testing.T) {
	f, err := Decode([]byte("a = 1\r\nb = 'é'\rc"), "x.py")
	if err != nil {
		t.Fatal(err)
	}
	if f.Src != "a = 1\nb = 'é'\nc\n" {
		t.Fatalf("Src %q", f.Src)
	}
	if f.NumLines() != 3 || f.Line(2) != "b = 'é'\n" || f.Line(4) != "" || f.LineOf(7) != 2 {
		t.Errorf("lines: %d %q %d", f.NumLines(), f.Line(2), f.LineOf(7))
	}
	if got := f.CharCol(2, 7); got != 6 {
		t.Errorf("CharCol = %d, want 6", got)
	}
}

func TestReplaceInvalid(t *testing.T) {
	for in, want := range map[string]string{
		"ab":            "ab",
		"a\xffb":        "a\uFFFDb",
		"a\xe2\x82b":    "a\uFFFDb", // one maximal subpart
		"\xed\xa0\x80":  "\uFFFD\uFFFD\uFFFD",
		"\uFFFD\xc3":    "\uFFFD\uFFFD",
		"\xf0\x9f\x98!": "\uFFFD!",
	} {
		if got := ReplaceInvalid(in); got != want {
			t.Errorf("ReplaceInvalid(%q) = %q, want %q", in, got, want)
		}
		if n := CountChars(in); n != len([]rune(want)) {
			t.Errorf("CountChars(%q) = %d, want %d", in, n, len([]rune(want)))
		}
	}
}

func TestCodecLookup(t *testing.T) {
	for name, want := range map[string]string{
		"latin1": "latin_1", "Latin-1": "latin_1", "ISO8859-15": "iso8859_15", "cp-1252": "", // python3.8 agrees: unknown

		"windows-1252": "cp1252", "koi8_r": "koi8_r", "euc-jp": "euc_jp", "utf8": "utf_8", "u8": "utf_8",
		"rot13": "rot_13", "nope": "",
	} {
		if got, _ := lookupCodec(name); got != want {
			t.Errorf("lookupCodec(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestIndexNulCR checks the one-pass search against two IndexByte passes,
// at every length up to a few blocks and every position of one or two
// marks, over bytes whose low four bits are those of NUL or '\r'.
func TestIndexNulCR(t *testing.T) {
	fill := []byte("x\x10\x80\x8d\x1d\x7d\xff\x0f\xf0 \n\t")
	for n := 0; n <= 300; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = fill[i%len(fill)]
		}
		if got := indexNulCR(b); got != -1 {
			t.Fatalf("n=%d: none: got %d", n, got)
		}
		for i := 0; i < n; i++ {
			for _, m := range []byte{0, '\r'} {
				b[i] = m
				if got := indexNulCR(b); got != i {
					t.Fatalf("n=%d: %q at %d: got %d", n, m, i, got)
				}
				if j := i + 1 + (n-i)/2; j < n {
					b[j] = 0
					if got := indexNulCR(b); got != i {
						t.Fatalf("n=%d: %q at %d, NUL at %d: got %d", n, m, i, j, got)
					}
					b[j] = fill[j%len(fill)]
				}
				b[i] = fill[i%len(fill)]
			}
		}
	}
}

func TestDecodeNulAfterCR(t *testing.T) {
	if _, err := Decode([]byte("a = 1\r\n# \x00\n"), "x.py"); err == nil || err.Class != "ValueError" {
		t.Fatalf("err = %v", err)
	}
}

func TestLatin1(t *testing.T) {
	for _, in := range []string{"", "abc", "caf\xe9", "0123456789abcdef\xff", "\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9\xe9x", "abcdefgh\xc0ijklmnopq\xa0rstuvwxyz0123"} {
		var want []byte
		for _, c := range []byte(in) {
			want = utf8.AppendRune(want, rune(c))
		}
		if got := latin1([]byte(in), nil); string(got) != string(want) {
			t.Errorf("latin1(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRegistryName checks which cookies make CPython ask its codec
// registry, and the key the registry keeps.
func TestRegistryName(t *testing.T) {
	for src, want := range map[string]string{
		"# coding: bogus\n":                 "bogus",
		"#!/bin/sh\n# coding: cp1252\nx\n":  "cp1252",
		"# coding: Windows_1252\r\nx = 1\r": "Windows_1252",
		"x = 1\n# coding: cp1252\n":         "",
		"# coding: utf-8\n":                 "",
		"# coding: UTF_8-unix\n":            "",
		"# coding: latin-1\n":               "",
		"# coding: Latin1\n":                "",
		"# coding: US-ASCII\n":              "",
		"\xef\xbb\xbf# coding: bogus\n":     "",
		"# coding: bogus\nx = '\x00'\n":     "",
		"x = 1\n":                           "",
		"# c\r# coding: cp1252\rx = 1\r":    "cp1252",
		"\r\n# coding: bogus\r\nx\r\n":      "bogus",
		"#\n#\n# coding: bogus\n":           "",
	} {
		if got := RegistryName([]byte(src)); got != want {
			t.Errorf("RegistryName(%q) = %q, want %q", src, got, want)
		}
	}
	if got := RegistryKey("Windows 1252_X.y"); got != "windows-1252_x.y" {
		t.Errorf("RegistryKey = %q", got)
	}
}
